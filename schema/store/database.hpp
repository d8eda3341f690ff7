// Where the database lives and how it is opened, locked, versioned and switched.
//
// Layout of a database directory DIR:
//   DIR/XAPIANDB   a Xapian stub file naming the current generation ("auto gen-000001")
//   DIR/gen-NNNNNN the current generation, a glass database
//   DIR/lock       the writers' lock (flock), held for a whole indexing run
// Xapian opens DIR itself through the stub, so `xapian-delve DIR` works. A full build or a
// compaction writes a new generation and then replaces the stub with one rename(): a crash
// leaves either the old database or the new one, never neither.
//
// A sharded database directory DIR (`digest-index add --shards N`):
//   DIR/XAPIANDB   a Xapian stub listing the shards, "auto shard-0" ... "auto shard-(N-1)"
//   DIR/shard-K    an ordinary database directory as above (its own stub, lock, metadata)
//   DIR/lock       the writers' lock of the whole, held for a whole run
// Xapian follows a stub naming a directory that holds a stub of its own, so DIR opens as the
// N shards searched as one (`xapian-delve DIR` works too).
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/text_normalizer.hpp"

namespace digest {

// $DIGEST_DB, else $XDG_DATA_HOME/digest-search/db, else ~/.local/share/digest-search/db.
std::filesystem::path default_database_path();

// Opens DIR for reading; checks that it exists and has this schema version.
// Several databases searched as one (query side): directories, and tcp://HOST:PORT for a
// shard served by Xapian's own server (xapian-tcpsrv).
using Databases = std::vector<std::filesystem::path>;
// $DIGEST_DB (directories separated by ':'), else the one default_database_path().
Databases default_databases();
// "a, b, c": the databases as messages name them.
std::string names(const Databases& dbs);
// Whether a database is a remote shard (tcp://HOST:PORT).
bool is_remote(const std::filesystem::path& db);
// Whether a database directory's stub names a remote database (a `remote` line: Xapian's
// server over ssh or a program, `remote :ssh HOST xapian-progsrv DIR`, or `remote HOST:PORT`).
bool is_remote_stub(const std::filesystem::path& dir);
// Either of the two: a database whose documents are read by a Xapian server elsewhere.
bool served_remotely(const std::filesystem::path& db);

// A stub file given where a database directory is (`--db shards.stub`): a regular file in
// Xapian's stub format. Its stub is itself; a directory's is DIR/XAPIANDB.
bool is_stub_file(const std::filesystem::path& db);
std::filesystem::path stub_of(const std::filesystem::path& db);

// The databases a stub file lists, as --db names them: `auto PATH` (relative to the file's
// folder) and `remote HOST:PORT` (tcp://HOST:PORT). Empty when `file` is not a stub file, or
// when a line is of another kind (`remote :PROGRAM ARGS`, a backend named): Xapian then opens
// the file whole, one database (a remote one for a program). `lines`, if given, receives the
// line number of each entry.
Databases stub_file_entries(const std::filesystem::path& file,
                            std::vector<unsigned>* lines = nullptr);

Xapian::Database open_for_reading(const std::filesystem::path& dir);

// Xapian tells a compactor each table it starts and ends: the place to stop a compaction or
// the merge of a new generation. Once `stop` is set, the next table throws the interruption
// "nothing from this run was written" (the new generation is not switched to).
class StopCompactor : public Xapian::Compactor {
  public:
    explicit StopCompactor(const std::atomic<bool>& stop);
    void set_status(const std::string& table, const std::string& status) override;

  private:
    const std::atomic<bool>& stop_;
};

// Whether DIR holds the stub XAPIANDB. Throws digest::Error when DIR cannot be looked into
// (permission denied, ...), and when the stub is missing although DIR still holds a
// generation: without the stub nothing says which generation is the database, so it is never
// taken for a new, empty one.
bool has_stub(const std::filesystem::path& dir);

// The folds the indexer stored in `db` (one database, not a combination: a combined database
// reads metadata from its first part only), so that a query does not load ICU's
// transliterator for text the indexer already folded (UseStoredFolds). Throws digest::Error
// when the stored value is damaged.
StoredFolds stored_folds(const Xapian::Database& db);

// Adds the folds of the database `from` to `all`, those of the databases `together` (as
// messages name them) read so far. A run folded one way in one and another way in the next
// (built with different ICU versions) would match in one and not in the other: refused,
// with the command that rebuilds `from`, not guessed.
void merge_folds(StoredFolds& all, const StoredFolds& from, const std::string& together,
                 const std::filesystem::path& from_path);

// Adds the folds `fresh` to those `db` stores (kMetaFolds), within the caller's transaction;
// folds kept a key each (kMetaFoldPrefix) move into it. Nothing is written when there is
// neither a fold to add nor a key to move.
using FoldPairs = std::vector<std::pair<std::string, std::string>>;
void store_folds(Xapian::WritableDatabase& db, const FoldPairs& fresh);

// The same on metadata about to be written to a new database: `metadata[kMetaFolds]` gets
// `fresh` added, and the keys of kMetaFoldPrefix in `metadata` move into it.
void store_folds(std::map<std::string, std::string>& metadata, const FoldPairs& fresh);

// Whether `db` is a spelling table (kMetaSpellingOf): no papers, only words for corrections.
// A search reads its words and does not search it.
bool is_spelling_table(const Xapian::Database& db);

// Throws digest::Error unless the database has this build's schema version.
void check_schema(const Xapian::Database& db, const std::filesystem::path& dir);

// The exclusive right to write DIR, for the lifetime of the object.
class WriteLock {
  public:
    // Waits up to wait_seconds (0: not at all) for another writer to finish.
    WriteLock(const std::filesystem::path& dir, double wait_seconds);
    ~WriteLock();
    WriteLock(const WriteLock&) = delete;
    WriteLock& operator=(const WriteLock&) = delete;

  private:
    int fd_ = -1;
};

class DatabaseStore {
  public:
    // Takes the write lock; creates DIR (empty, current schema) if it does not exist.
    // check_version=false opens a database of another schema version (for reindex).
    DatabaseStore(std::filesystem::path dir, double wait_seconds, bool check_version = true);
    ~DatabaseStore();

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path generation_path() const;  // current generation

    // The current generation, open for writing (opened on first use).
    Xapian::WritableDatabase& writable();
    // Closes the writable handle (before a generation switch or compaction).
    void close_writable();

    // A fresh, empty directory path for the next generation (not yet created).
    std::filesystem::path next_generation_path() const;
    // Makes `generation` (a complete glass database inside DIR) the current one and
    // removes the previous generation.
    void switch_to(const std::filesystem::path& generation);

    // Compacts the current generation into a new one and switches to it. When `stop` is set
    // before the switch (a signal), the new generation is removed and interrupted() thrown.
    void compact(const std::atomic<bool>& stop);

  private:
    void remove_stale_generations();

    std::filesystem::path dir_;
    std::unique_ptr<WriteLock> lock_;
    std::unique_ptr<Xapian::WritableDatabase> writable_;
};

// The shards of a database: how many at most, which shard holds a paper, where they live.
inline constexpr unsigned kMaxShards = 256;

// 64-bit FNV-1a of `text`: stable across builds, machines and byte orders (a shard once chosen
// must stay chosen), unlike std::hash.
std::uint64_t fnv1a_64(std::string_view text);

// The shard (0..n-1) that holds the paper `id` (the arXiv id as its unique term holds it,
// without version): every listing of a paper goes to one shard, whatever its date.
unsigned shard_of(std::string_view id, unsigned n);

// "shard-K", the name of shard K inside its database directory.
std::string shard_name(unsigned k);

// The kMetaShard value of shard K of N ("K/N"), and the (K, N) a value says, or nothing when
// it is empty or not of that form.
std::string shard_marker(unsigned k, unsigned n);
std::optional<std::pair<unsigned, unsigned>> read_shard_marker(std::string_view value);

// Whether databases whose kMetaShard values are `markers` hold no paper twice: each says it is
// a shard of one N, each a different one.
bool disjoint_shards(const std::vector<std::string>& markers);

// How many databases `db` stands for. A stub that lists several, or a remote server given
// several (`xapian-tcpsrv DIR` of a sharded DIR), is one Xapian::Database here, whose
// metadata is its first database's; its uuid names each of them, separated by ':'.
unsigned databases_in(const Xapian::Database& db);

// One database searched: its kMetaShard value and how many databases it stands for.
struct SearchedPart {
    std::string marker;
    unsigned databases = 1;
};

// Whether the parts hold no paper twice. One database alone does; parts of one database each
// are disjoint_shards(); a part that stands for several is only when it is the whole search
// and its first says "0/N" of N it stands for (a sharded directory served as one, whose stub
// lists each shard once). Anything else may hold a paper twice.
bool disjoint_parts(const std::vector<SearchedPart>& parts);

// The stub of a sharded database of n shards: "auto shard-0\n...auto shard-(n-1)\n".
std::string sharded_stub(unsigned n);

// The shards DIR's stub lists ("auto shard-K" lines), in its order; empty when DIR is not a
// sharded database (no stub, a generation, a remote stub, a tcp:// shard).
std::vector<std::filesystem::path> shard_paths(const std::filesystem::path& dir);

// Whether DIR's stub lists shards.
bool is_sharded(const std::filesystem::path& dir);

// The databases with each sharded directory replaced by its shards and each stub file by the
// databases it lists (stub_file_entries, followed into stub files it lists), in order: what
// must be opened one by one to read metadata (schema version, stored folds) and spelling.
Databases expand_shards(const Databases& dbs);

// The writers' view of a database directory, plain or sharded. Plain: one part, DIR itself,
// a DatabaseStore held for the whole run exactly as before. Sharded: DIR/lock is held for the
// run and part K is DIR/shard-K, opened as a DatabaseStore (its own lock, its leftovers
// removed, its schema checked) when it is asked for, one at a time.
class ShardedStore {
  public:
    // `shards`: 0 to take the database as it is (a new one is plain); N to ask for N shards:
    // a new (or empty) DIR is created with N shards, a sharded one must have N, and a plain
    // one is refused (it cannot be split in place). Those refusals are usage errors (exit 2).
    ShardedStore(std::filesystem::path dir, double wait_seconds, unsigned shards = 0,
                 bool check_version = true);
    ~ShardedStore();
    ShardedStore(const ShardedStore&) = delete;
    ShardedStore& operator=(const ShardedStore&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    bool sharded() const { return !parts_.empty(); }
    unsigned count() const { return sharded() ? static_cast<unsigned>(parts_.size()) : 1; }
    // DIR, or DIR/shard-K.
    std::filesystem::path part_path(unsigned k) const;
    // Part k open for writing; a sharded store first closes the part opened before.
    DatabaseStore& part(unsigned k);
    // Closes the part open, if any (a plain store keeps its one part).
    void close_part();

  private:
    void create_shards(unsigned n);

    std::filesystem::path dir_;
    double wait_seconds_;
    bool check_version_;
    std::vector<std::filesystem::path> parts_;  // empty: plain
    std::unique_ptr<WriteLock> lock_;           // sharded: DIR/lock
    std::unique_ptr<DatabaseStore> open_;       // plain: DIR; sharded: the part open
    unsigned open_index_ = 0;
};

// Throws digest::Error (exit 2) when papers must not be added to DIR: it is plain but is
// itself a shard of a sharded database (kMetaShard), so that papers added to it alone could
// belong to other shards and a search of the shards would find them twice; or it is a
// spelling table (refuse_spelling_table). The writers that add papers call it under their
// lock, and those that download call it before they do, so that nothing is fetched in vain.
void refuse_papers_into(const std::filesystem::path& dir);
// Throws digest::Error (exit 2) when DIR is a spelling table (digest-index spelling): papers
// written to it would make it a database of papers, searched beside the databases it serves;
// reindexed, it would be built again from its papers, none, and lose its words.
void refuse_spelling_table(const std::filesystem::path& dir);

// Size in bytes of the files of the current generation (of every shard's, when sharded).
std::uintmax_t database_size(const std::filesystem::path& dir);

// Writes `data` to `path` atomically (temporary file, fsync, rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& data);

}  // namespace digest
