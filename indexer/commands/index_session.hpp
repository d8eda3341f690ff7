// The commands of digest-index: add, stats, reindex, compact, check. Each returns an exit code and
// prints diagnostics on stderr; main.cpp only parses options.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "sources/http_fetcher.hpp"

namespace digest {

struct CommonOptions {
    std::filesystem::path db;  // resolved (--db, $DIGEST_DB, XDG, ~/.local/share)
    double wait_seconds = 0;   // --wait
    bool quiet = false;        // --quiet: no progress bar, no summary line
    unsigned jobs = 1;         // --jobs
};

struct AddOptions {
    std::vector<std::string> inputs;  // files, folders, "-" (stdin), URLs
    std::string from_list;            // --from-list: a file (or "-") of inputs, one per line
    std::string date;                 // --date, for inputs whose path has none
    std::string topic;                // --topic, for inputs whose file name names none
    bool strict = false;              // any warning is fatal; nothing is written
    bool force = false;               // re-read files recorded as unchanged
    unsigned shards = 0;              // --shards N: a sharded database of N (0: as it is)
    FetchOptions fetch;               // for URL inputs
};

int run_add(const CommonOptions& common, const AddOptions& options);
// Writes at --db a spelling table: a database of no papers holding the words (and their
// frequencies, summed) of the spelling tables of `sources`, local databases or sharded
// directories, for a search of databases that have none (remote shards). Replaces a table
// written before; refuses a directory that holds papers.
int run_spelling(const CommonOptions& common, const std::vector<std::string>& sources);
// `format`: text, json or csv.
int run_stats(const CommonOptions& common, const std::string& format);
int run_reindex(const CommonOptions& common);
int run_compact(const CommonOptions& common);
// Verifies the database directory (stub, generation, Xapian's own check, the inputs recorded
// as committed); exit code 0, else kExitCheckFailed with one line per problem.
int run_check(const CommonOptions& common, bool json);

}  // namespace digest
