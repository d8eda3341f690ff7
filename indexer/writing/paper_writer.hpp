// Writes papers into the database: per-input transactions for small additions, and a parallel
// build of a whole new generation (shards built on every core, then merged) for large ones.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
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

    // The sum of the shards' figures (their papers are disjoint, so papers add up too).
    WriteStats& operator+=(const WriteStats& o);
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

// The part of `batch` that shard k of n holds: the entries and arXiv records of the papers
// shard_of() gives it, every metadata key (file records, the digest's source), and the digest's
// count of papers (what `check` verifies) counted again for the part. A batch whose papers all
// belong elsewhere is still a batch of the shard: its digest read again removes the listings
// the shard held, and its record says the input is in.
DigestBatch shard_part(const DigestBatch& batch, unsigned k, unsigned n);

// Writes every part of `store` in turn (a plain database is its one part): part k gets the
// batches `batches_of(k)` gives and a PaperWriter of its own, which chooses between a new
// generation and one transaction per input for that part; the last batch of each shard's
// part also records which shard it is (kMetaShard, "k/n"). A signal stops the run after the
// current input of the current shard (or between two shards); the interruption says which
// shards are complete and what is in the one it stopped.
WriteStats write_parts(ShardedStore& store,
                       const std::function<std::vector<DigestBatch>(unsigned)>& batches_of,
                       unsigned jobs, Progress& progress, const std::atomic<bool>& stop);

// As above, with the same batches split among the shards by shard_part() (arxiv, rss).
WriteStats write_parts(ShardedStore& store, const std::vector<DigestBatch>& batches, unsigned jobs,
                       Progress& progress, const std::atomic<bool>& stop);

// What a signal stopped in a sharded run: `done` shards complete out of `n`, and `state` of the
// shard it stopped in (PaperWriter's message), or nothing when it stopped between two shards.
std::string sharded_interruption(unsigned done, unsigned n, const std::string& state);

// Builds a new generation of `store` holding `papers` and `metadata` (plus the schema version
// and the folds made meanwhile), and switches to it. On failure or interruption nothing
// changes and the partial generation is removed.
void install_generation(DatabaseStore& store, const std::vector<Paper>& papers,
                        std::map<std::string, std::string> metadata, unsigned jobs,
                        Progress& progress, const std::atomic<bool>& stop);

// Builds a glass database at `out` holding `papers`, in id order, using `jobs` threads.
// Shards are written next to `out` and merged into it. Throws interrupted() when `stop` is set.
// `weights` and `spelling` (false: no spelling table) are for measurements (scripts/eval-ranking,
// scripts/eval-spelling).
void build_database(const std::vector<Paper>& papers, const std::string& out, unsigned jobs,
                    Progress& progress, const std::atomic<bool>& stop,
                    const FieldWeights& weights = table_weights(), bool spelling = true);

}  // namespace digest
