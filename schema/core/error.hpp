// The one error type of the project (a message, a hint for the user, an exit code, and for a
// mistake in a query the column it is at) and the one place that prints errors: both binaries
// run their commands through guarded(), which turns every exception into `error:` / `hint:`
// lines on standard error and a documented exit code.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <iostream>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>

namespace digest {

// Exit codes shared by both binaries (README, "Exit codes").
enum ExitCode : int {
    kExitOk = 0,
    kExitNoMatch = 1,       // digest-query: nothing matched (as grep; every error is 2)
    kExitInputErrors = 1,   // digest-index: some inputs were skipped with errors
    kExitUsage = 2,         // bad arguments or query syntax
    kExitDatabase = 3,      // database missing, locked, of another schema, or damaged
    kExitStrict = 4,        // --strict: an input had warnings; nothing was written
    kExitNetwork = 5,       // digest-index: a download or an arXiv request failed
    kExitCheckFailed = 6,   // digest-index check: the database has problems (one line each)
    kExitInterrupted = 130  // SIGINT (128 + the signal: SIGTERM gives 143)
};

class Error : public std::runtime_error {
  public:
    Error(std::string message, std::string hint = {}, int exit_code = kExitDatabase)
        : std::runtime_error(std::move(message)), hint_(std::move(hint)), exit_code_(exit_code) {}

    // A mistake in a query: printed with the query and a caret under `column` (code points).
    static Error in_query(std::string message, std::string query, std::size_t column,
                          std::string hint = {});

    const std::string& hint() const { return hint_; }
    int exit_code() const { return exit_code_; }
    bool in_query() const { return query_.has_value(); }
    const std::string& query() const { return *query_; }
    std::size_t column() const { return column_; }
    // A stop asked for by a signal rather than a failure: printed as `interrupted: ...`.
    bool interruption() const { return exit_code_ > 128; }

  private:
    std::string hint_;
    int exit_code_;
    std::optional<std::string> query_;
    std::size_t column_ = 0;
};

// The hint for a database that does not exist: the command that creates it.
std::string create_database_hint(const std::string& database);

// SIGINT or SIGTERM stopped the work; `state` says what the database holds now. The exit
// code is 128 + the signal received (130 for SIGINT, 143 for SIGTERM): interrupted_exit_code().
Error interrupted(std::string state);

// The Xapian exception being handled (call it in a catch block) as the project's error, told
// by its C++ type, with a hint; `database` names the database it concerns (may be empty).
Error from_xapian(const std::string& database);

// Prints `error: ...` (or `interrupted: ...`), the query and caret of a query error, and
// `hint: ...`; returns the error's exit code.
int report(const Error& e, std::ostream& out = std::cerr);

// Runs `body` (which returns an exit code). digest::Error, Xapian's errors (translated for
// `database`), running out of memory and any other exception are reported as report() does.
// With `every_error`, every error but an interruption exits with that code (digest-query
// exits 2 on any error, as grep).
template <typename Body>
int guarded(Body&& body, const std::string& database = {},
            std::optional<int> every_error = std::nullopt) {
    auto code = [&](int c) { return every_error && c <= 128 ? *every_error : c; };
    try {
        return body();
    } catch (const Error& e) {
        return code(report(e));
    } catch (const Xapian::Error&) {
        return code(report(from_xapian(database)));
    } catch (const std::bad_alloc&) {
        return code(report(Error("out of memory",
                                 "the input or the query is too large for this "
                                 "machine; the database is as it was at its "
                                 "last commit",
                                 kExitDatabase)));
    } catch (const std::exception& e) {
        return code(report(Error(e.what(), {}, kExitDatabase)));
    }
}

}  // namespace digest
