#include "core/error.hpp"

#include <cerrno>
#include <cstring>

#include "core/interrupt.hpp"
#include "text/display_width.hpp"

namespace digest {

Error Error::in_query(std::string message, std::string query, std::size_t column,
                      std::string hint) {
    Error e(std::move(message), std::move(hint), kExitUsage);
    e.query_ = std::move(query);
    e.column_ = column;
    return e;
}

std::string create_database_hint(const std::string& database) {
    return "create it with: digest-index add --db " + database + " <digest files or folders>";
}

Error interrupted(std::string state) {
    return Error(std::move(state), {}, interrupted_exit_code());
}

Error from_xapian(const std::string& database) {
    const std::string db = database.empty() ? "the database" : "database " + database;
    // The system's reason, when Xapian kept one (errno): a full disk says so.
    auto cause = [](const Xapian::Error& e) -> std::string {
        const char* why = e.get_error_string();
        return why && *why ? std::string(" (") + why + ")" : std::string();
    };
    // Xapian's exceptions have no virtual functions: their type is told by catching them.
    try {
        throw;
    } catch (const Xapian::DatabaseLockError& e) {
        return Error(db + " is locked by another writer",
                     "wait for it to finish, or pass --wait SECONDS");
    } catch (const Xapian::DatabaseCorruptError& e) {
        return Error(db + " is damaged: " + e.get_msg(), "remove it and add the digests again");
    } catch (const Xapian::DatabaseVersionError& e) {
        return Error(db + " has an unsupported format: " + e.get_msg(),
                     "it was made by another Xapian version; remove it and add the digests again");
    } catch (const Xapian::DatabaseOpeningError& e) {  // DatabaseNotFoundError too
        return Error("cannot open " + db + ": " + e.get_msg(), create_database_hint(database));
    } catch (const Xapian::DatabaseModifiedError& e) {
        return Error(db + " changed while being read", "run the command again");
    } catch (const Xapian::NetworkError& e) {
        return Error(db + ": network: " + e.get_msg(),
                     "is the shard's server running and reachable?");
    } catch (const Xapian::DatabaseError& e) {
        const char* why = e.get_error_string();
        if (why && std::string(why) == std::strerror(ENOSPC))
            return Error(db + ": no space left on device (" + e.get_msg() + ")",
                         "free some space and run the command again; the database is as it was "
                         "at its last commit");
        // A table that cannot be read (cut short, an I/O error): the system's reason if any.
        return Error(db + " is damaged or unreadable: " + e.get_msg() + cause(e),
                     "digest-index check" + (database.empty() ? "" : " --db " + database) +
                         " says what is wrong; a damaged database is rebuilt by removing it and "
                         "adding the digests again");
    } catch (const Xapian::Error& e) {
        return Error(db + ": " + e.get_type() + ": " + e.get_msg() + cause(e));
    }
}

int report(const Error& e, std::ostream& out) {
    out << (e.interruption() ? "interrupted: " : "error: ");
    if (e.in_query()) {
        out << "query syntax: " << e.what() << " (column " << e.column() + 1 << ")\n"
            << "  " << e.query() << "\n"
            << "  " << std::string(display_width(e.query(), e.column()), ' ') << "^\n";
    } else {
        out << e.what() << "\n";
    }
    if (!e.hint().empty()) out << "hint: " << e.hint() << "\n";
    return e.exit_code();
}

}  // namespace digest
