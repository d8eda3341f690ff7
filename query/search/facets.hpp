// Facets: the most frequent values of a field over the whole match set of a query (not the
// page), with exact counts. The fields are the field table's rows that name a facet
// (category, primary, topic, section, author, year, month); their value slots are read once
// per matching paper by one match spy. A paper counts once per value; authors are counted
// per person (author_groups.hpp), as `digest-query authors` groups them.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fields/field_table.hpp"
#include "names/author_key_hash.hpp"
#include "search/once_per_id.hpp"
#include "search/slot_reader.hpp"

namespace digest {

struct FacetRequest {
    const Field* field = nullptr;  // a row with a facet name
    std::size_t limit = 10;        // the most frequent values shown
};

// `--facet category`, `--facet author:20`. Throws digest::Error (exit 2) naming the facets
// there are.
FacetRequest parse_facet_request(std::string_view spec);
// The facet names, comma-separated, for help and messages.
std::string facet_names();

struct FacetValue {
    std::string value;              // cs.SD, 2025-12, Daniel Povey
    Xapian::doccount count = 0;     // papers of the match set with that value
    std::string filter;             // the query that narrows to it: cat:cs.SD, au:"Daniel Povey"
    std::vector<std::string> keys;  // authors: the person's author keys
};

struct FacetResult {
    std::string name;                // category, author, ...
    std::vector<FacetValue> values;  // most frequent first; ties by value
    std::size_t distinct = 0;        // values seen in the match set
};

// A flat open-addressing table from 64-bit hashes to numbers (the facets' inner loop looks up
// some 300,000 author keys for a match of every paper: no node, no string).
class HashIndex {
  public:
    static constexpr std::uint32_t kNone = 0xffffffff;
    HashIndex() = default;
    ~HashIndex();
    HashIndex(const HashIndex&) = delete;
    HashIndex& operator=(const HashIndex&) = delete;
    HashIndex(HashIndex&& other) noexcept
        : cells_(std::exchange(other.cells_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          used_(std::exchange(other.used_, 0)) {}
    HashIndex& operator=(HashIndex&& other) noexcept {
        std::swap(cells_, other.cells_);
        std::swap(size_, other.size_);
        std::swap(used_, other.used_);
        return *this;
    }
    std::uint32_t find(std::uint64_t hash) const;
    // Starts bringing the cell of `hash` into the cache: a paper's keys are looked up after
    // their cells are all on their way, not one memory wait after another.
    void prefetch(std::uint64_t hash) const {
        if (cells_) __builtin_prefetch(&cells_[home_cell(hash) & (size_ - 1)]);
    }
    // Where a hash's probe starts: its bits above the lowest, which is always set.
    static std::size_t home_cell(std::uint64_t hash) { return static_cast<std::size_t>(hash >> 1); }
    // Room for `n` hashes without growing: a table grown step by step touches twice the
    // memory, and fresh memory is much of the cost of counting a large match.
    void reserve(std::size_t n);
    // Stores `hash` -> `number` unless the hash is there; returns the number stored for it.
    std::uint32_t insert(std::uint64_t hash, std::uint32_t number);
    // The same, and counts the hash once more: a count kept in its cell costs a lookup one
    // memory access, not two.
    std::uint32_t tally(std::uint64_t hash, std::uint32_t number);
    // Calls `each(number, times tallied)` for every hash stored.
    template <class Each>
    void for_each(Each each) const {
        for (std::size_t i = 0; i < size_; ++i)
            if (cells_[i].hash != 0) each(cells_[i].number, cells_[i].count);
    }

  private:
    struct Cell {
        std::uint64_t hash;  // 0: empty (hashes are made odd)
        std::uint32_t number;
        std::uint32_t count;  // tally(); in what would be padding
    };
    Cell& cell_of(std::uint64_t hash, std::uint32_t number);
    void grow(std::size_t size);
    // calloc'd: the zero pages of a large table are only touched when used.
    Cell* cells_ = nullptr;
    std::size_t size_ = 0, used_ = 0;
};

// Authors counted by their key's hash (names/author_key_hash.hpp), with no text: for each
// distinct key its hash, its group (part and first given name) and a paper that lists it, where
// its text is found again if its person is resolved.
class AuthorCounter {
  public:
    // Counts the key once more. For a key not seen before, `paper` is noted and true returned.
    bool add(const AuthorKeyHash& h, std::uint32_t paper);
    // A paper's keys: those of one part (two Wangs X., or one person under two spellings)
    // are kept, so that a person counts once per paper.
    void add_shared(const std::vector<AuthorKeyHash>& listed);
    void prefetch(std::uint64_t hash) const { index_.prefetch(hash); }
    void reserve(std::size_t keys);
    std::size_t size() const { return hashes_.size(); }
    std::uint64_t hash(std::size_t i) const { return hashes_[i]; }
    std::uint32_t group(std::size_t i) const { return groups_[i]; }
    std::uint32_t paper(std::size_t i) const { return papers_[i]; }
    // The number of the key of this hash, or HashIndex::kNone.
    std::uint32_t find(std::uint64_t hash) const { return index_.find(hash); }
    // Each key's count, by number.
    std::vector<Xapian::doccount> counts() const;
    const std::vector<std::vector<std::uint32_t>>& shared() const { return shared_; }

  private:
    HashIndex index_;  // tallied: the keys' counts
    std::vector<std::uint64_t> hashes_;
    std::vector<std::uint32_t> groups_, papers_;
    std::vector<std::vector<std::uint32_t>> shared_;  // the keys (numbers) of such papers
    std::vector<std::pair<std::uint32_t, std::uint64_t>> by_part_;  // add_shared's, reused
};

// Distinct strings and a count each, in a flat open-addressing table: the facets' inner loop
// (a match of every paper counts some 300,000 author keys) looks a value up without making a
// string or a node. Values are numbered in the order first seen.
class ValueCounter {
  public:
    // Counts `value` once more (`n` times); returns its number.
    std::size_t add(std::string_view value, Xapian::doccount n = 1);
    // Its number, or npos when it was never counted.
    std::size_t find(std::string_view value) const;
    std::size_t size() const { return counts_.size(); }
    std::string_view value(std::size_t i) const {
        return std::string_view(text_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
    }
    Xapian::doccount count(std::size_t i) const { return counts_[i]; }

  private:
    std::size_t cell_of(std::string_view value, std::uint64_t hash) const;
    void grow();
    std::vector<std::uint64_t> hashes_;  // per table cell: the hash, 0 when empty
    std::vector<std::uint32_t> cells_;   // per table cell: the value's number
    std::string text_;                   // the values, one after the other
    std::vector<std::size_t> offsets_{0};
    std::vector<std::uint64_t> value_hashes_;
    std::vector<Xapian::doccount> counts_;
};

// Counts the requested facets' slots of every document the match passes it (the match must
// count every match: get_mset with check_at_least covering the collection).
class FacetSpy : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(std::vector<FacetRequest> requests);
    void operator()(const Xapian::Document& doc, double weight) override;
    // Counts a paper indexed in several databases (shards that overlap) once.
    void count_each_id_once(Xapian::valueno id_slot) { once_.enable(id_slot); }
    // Reads the slots of `db`, the match's database, from value streams (slot_reader.hpp).
    // Called before the match: it also tells how a paper is found again after it.
    void stream_from(const Xapian::Database& db);
    // Makes room for the authors of about `papers` papers (the match's estimate).
    void expect(Xapian::doccount papers);

    // The facets, most frequent values first. `db` resolves authors into persons.
    std::vector<FacetResult> results(const Xapian::Database& db) const;

  private:
    struct Counts {
        FacetRequest request;
        SlotReader slot;
        ValueCounter counts;    // values as they are
        AuthorCounter authors;  // author keys, to be grouped into persons
        // Of a combined database, where the spy's document numbers are those of its part: the
        // ids of the papers the authors' `paper` numbers point into.
        std::vector<std::string> ids;
        std::vector<AuthorKeyHash> listed;  // one paper's keys, reused
    };
    // The text of key `k` of an author facet, read from the authors of a paper listing it.
    std::string key_text(const Xapian::Database& db, const Counts& facet, std::uint32_t k) const;
    std::vector<Counts> facets_;
    OncePerId once_;
    bool global_docids_ = false;  // a single database: the spy's document numbers are its own
};

}  // namespace digest
