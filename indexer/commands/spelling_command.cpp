// digest-index spelling: a spelling table of its own for databases searched without one.
// Xapian's remote backend has no spelling, so a search of remote shards alone offers no word
// corrections; a small local database that holds only their words, given to the search as one
// more database, gives them back (a combined database reads spelling from its local parts).
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "commands/command_support.hpp"
#include "commands/index_session.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"

namespace fs = std::filesystem;

namespace digest {

namespace {

constexpr const char* kNothingChanged = "nothing was written; the spelling table is as it was";

// The same directory, however it is written (relative, with `..`, through a link).
bool same_place(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

int run_spelling(const CommonOptions& common, const std::vector<std::string>& sources) {
    const auto t0 = std::chrono::steady_clock::now();
    const fs::path& out = common.db;
    std::map<std::string, Xapian::termcount> words;
    StoredFolds folds;
    std::string listed;
    const Databases given(sources.begin(), sources.end());
    for (const auto& source : sources) {
        if (served_remotely(source))
            throw Error(source + " is served remotely: Xapian's server keeps no spelling table",
                        "run digest-index spelling where that database's files are, and copy "
                        "the table it writes to the machine that searches",
                        kExitUsage);
        if (same_place(source, out))
            throw Error("--db " + out.string() + " is also a database to read: the spelling " +
                            "table is written to a directory of its own",
                        "e.g. digest-index spelling --db " +
                            (out.parent_path() / "spelling").string() + " " + source,
                        kExitUsage);
        listed += fs::absolute(source).lexically_normal().string() + "\n";
        // Each shard on its own: a combined database reads metadata from its first part only.
        for (const auto& part : expand_shards({fs::path(source)})) {
            Xapian::Database db = open_for_reading(part);
            // Each database keeps the folds of the text it holds; together, every fold.
            merge_folds(folds, stored_folds(db), names(given), part);
            try {
                for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
                    words[*it] += it.get_termfreq();
            } catch (const Xapian::Error&) {
                throw from_xapian(part.string());
            }
            if (stop_requested()) throw interrupted(kNothingChanged);
        }
    }

    // The table replaces a table, never a database of papers.
    if (fs::exists(out) && has_stub(out)) {
        if (is_sharded(out))
            throw Error(out.string() + " is a sharded database of papers, not a spelling table",
                        "give --db a directory of its own for the table", kExitUsage);
        const Xapian::Database was = open_for_reading(out);
        if (was.get_doccount() > 0)
            throw Error(
                out.string() + " holds " + std::to_string(was.get_doccount()) +
                    " papers: a spelling table is written to a directory of its own",
                "give --db a new directory, e.g. " + (out.parent_path() / "spelling").string(),
                kExitUsage);
    }
    DatabaseStore store(out, common.wait_seconds);
    const fs::path generation = store.next_generation_path();
    try {
        Xapian::WritableDatabase table(generation.string(), Xapian::DB_CREATE);
        table.set_metadata(std::string(kMetaSchema), std::to_string(kSchemaVersion));
        table.set_metadata(std::string(kMetaSpellingOf), listed);
        FoldPairs pairs(folds.begin(), folds.end());
        store_folds(table, pairs);
        for (const auto& [word, frequency] : words) table.add_spelling(word, frequency);
        if (stop_requested()) throw interrupted(kNothingChanged);
        table.commit();
        table.close();
        store.switch_to(generation);
    } catch (const Xapian::Error&) {
        std::error_code ec;
        fs::remove_all(generation, ec);
        throw from_xapian(out.string());
    } catch (...) {
        std::error_code ec;
        fs::remove_all(generation, ec);
        throw;
    }
    if (!common.quiet)
        std::cout << "spelling table: " << words.size() << " words of " << sources.size()
                  << (sources.size() == 1 ? " database" : " databases") << " in " << out.string()
                  << ", " << seconds_text(seconds_since(t0)) << "\n";
    return kExitOk;
}

}  // namespace digest
