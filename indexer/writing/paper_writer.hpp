// Writes papers into the database: per-input transactions for small additions, and a parallel
// build of a whole new generation (shards built on every core, then merged) for large ones.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"
#include "store/database.hpp"
#include "writing/progress.hpp"

namespace digest {

// One input's worth of entries, written atomically.
struct DigestBatch {
    std::string name;            // for messages
    std::string digest_key;      // date/topic; its earlier appearances are replaced. Empty: undated
    std::vector<Paper> entries;  // digest entries (merge_paper)
    std::vector<Paper> arxiv_papers;              // arXiv API/RSS records (merge_arxiv)
    std::map<std::string, std::string> metadata;  // set in the same transaction
};

struct WriteStats {
    std::size_t entries = 0;         // entries and arXiv records written
    std::size_t papers = 0;          // distinct papers they belong to
    std::size_t new_papers = 0;      // papers the database did not hold before
    std::size_t removed_papers = 0;  // papers left with no appearance by a re-read digest
    std::size_t batches = 0;         // inputs committed
    bool rebuilt = false;            // a new generation was built
};

class PaperWriter {
  public:
    PaperWriter(DatabaseStore& store, unsigned jobs, Progress& progress,
                const std::atomic<bool>& stop);

    // Chooses between the two ways below: a new generation when the database is empty or the
    // batches are large against it, else one transaction per batch.
    WriteStats write(const std::vector<DigestBatch>& batches);

    // One transaction per batch, in order. On interruption, stops after the current batch.
    WriteStats write_incremental(const std::vector<DigestBatch>& batches);

    // Builds a new generation from the current papers plus the batches, with `jobs` threads,
    // and switches to it. Interruption leaves the database as it was.
    WriteStats rebuild(const std::vector<DigestBatch>& batches);

    // Papers per shard of a parallel build. Xapian's in-memory changes grow slower to update
    // as they grow: on the corpus, shards of 1,200 papers indexed in 29 s, of 3,000 in 33 s,
    // of 5,000 in 56 s; more shards cost a little more to merge (README, "Performance").
    static constexpr std::size_t kShardSize = 1200;

  private:
    DatabaseStore& store_;
    unsigned jobs_;
    Progress& progress_;
    const std::atomic<bool>& stop_;
};

// Builds a new generation of `store` holding `papers` and `metadata` (plus the schema version
// and the folds made meanwhile), and switches to it. On failure or interruption nothing
// changes and the partial generation is removed.
void install_generation(DatabaseStore& store, std::vector<Paper>& papers,
                        std::map<std::string, std::string> metadata, unsigned jobs,
                        Progress& progress, const std::atomic<bool>& stop);

// Builds a glass database at `out` holding `papers` (sorted by id), using `jobs` threads.
// Shards are written next to `out` and merged into it. Throws interrupted() when `stop` is set.
// `weights` and `spelling` (false: no spelling table) are for measurements (scripts/eval-ranking,
// scripts/eval-spelling).
void build_database(std::vector<Paper>& papers, const std::string& out, unsigned jobs,
                    Progress& progress, const std::atomic<bool>& stop,
                    const FieldWeights& weights = table_weights(), bool spelling = true);

}  // namespace digest
