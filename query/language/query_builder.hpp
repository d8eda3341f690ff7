// The query language: a query string -> Xapian::Query, with the QueryParser set up from the
// field table (prefixes, aliases, which fields bare words search) and processors for the
// fields that need more than a prefix: authors, ids, categories and dates.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace digest {

class QueryBuilder {
  public:
    // `db` supplies the date terms for date ranges and the vocabulary for wildcards.
    explicit QueryBuilder(const Xapian::Database& db);

    // Parses a query: bare words must all match, or with `any_word` the papers holding most
    // of them rank first. Throws digest::Error (Error::in_query) for a mistake in the query.
    Xapian::Query parse(std::string_view query, bool any_word = false);

    // The bare words of a query (not in quotes, not a field's value), or none when the user
    // wrote an operator (AND, OR, NOT, -word, +word), which says what "every word" means.
    static std::vector<std::string> bare_words(std::string_view query);

    // The query string after folding (case, accents, NFKC), operators kept.
    static std::string normalise(std::string_view query);

    // Weight of the optional phrase of two neighbouring bare words ("speech enhancement")
    // against the words' own weights; 0 turns it off. Measured by scripts/eval-ranking.
    static constexpr double kPairBoost = 2.0;
    void set_pair_boost(double weight) { pair_boost_ = weight; }

  private:
    Xapian::Database db_;
    Xapian::QueryParser parser_;
    Xapian::Stem stemmer_;
    Xapian::SimpleStopper stopper_;
    double pair_boost_ = kPairBoost;
};

// The date period a `date:` value names, as inclusive YYYYMMDD bounds: "2025" ->
// [20250101, 20251231], "2025-12" -> [20251201, 20251231], "2025-12-30" -> the day.
// Returns false when the value is not a date.
bool date_period(std::string_view value, std::string& first, std::string& last);

// A canonical arXiv id from user input: version dropped, case of old-style subject classes
// restored (math.gt/0309136 -> math.GT/0309136). Empty if it is not an id.
std::string canonical_id(std::string_view text);

}  // namespace digest
