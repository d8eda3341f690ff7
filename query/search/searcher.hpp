// Runs queries against the database: ranking (BM25 with the field table's weights), sorting,
// paging, exact counts and snippets.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "language/query_builder.hpp"
#include "search/search_result.hpp"

namespace digest {

enum class SortOrder { Relevance, Date, DateReverse };  // relevance | date (oldest first) | -date

struct SearchOptions {
    SortOrder sort = SortOrder::Relevance;
    unsigned limit = 10;  // 0: every match
    unsigned offset = 0;
    bool snippets = true;
    // When no paper holds every word of three or more, show the papers holding some of them
    // (README, "Searching"). Off for counts and for the formats scripts read.
    bool relax = false;
};

// What to search for: a query in the query language, a text to find papers like (--like-text),
// or both (the papers like the text among those the query finds).
struct SearchRequest {
    std::string query;
    std::string like_text;
};

// BM25 parameters, measured by scripts/eval-ranking on the shared corpus (README, "Ranking").
struct RankingParameters {
    double k1 = 3.0;  // a slow saturation lets the title's wdf (×16) tell
    double b = 0.5;
    double min_normlen = 0.5;
    double pairs = QueryBuilder::kPairBoost;  // neighbouring words as a phrase (query_builder.hpp)
};

class Searcher {
  public:
    explicit Searcher(Xapian::Database db);

    // Throws digest::Error (Error::in_query) for a mistake in the query.
    SearchResult search(const SearchRequest& request, const SearchOptions& options);
    SearchResult search(std::string_view query, const SearchOptions& options) {
        return search(SearchRequest{std::string(query), {}}, options);
    }
    // The exact number of matching papers. With `relax`, of the papers holding some of the
    // words when none holds all of them, as search() relaxes; `relaxed` (if given) says so.
    Xapian::doccount count(const SearchRequest& request, bool relax = false,
                           bool* relaxed = nullptr);
    Xapian::doccount count(std::string_view query) {
        return count(SearchRequest{std::string(query), {}});
    }
    // How the query was understood: the folded text and Xapian's description of the query.
    std::string explain(const SearchRequest& request);
    std::string explain(std::string_view query) {
        return explain(SearchRequest{std::string(query), {}});
    }

    void set_ranking(const RankingParameters& r) {
        ranking_ = r;
        builder_.set_pair_boost(r.pairs);
    }
    const Xapian::Database& database() const { return db_; }

  private:
    Xapian::Query build(const SearchRequest& request, bool any_word = false);
    bool relaxable(const SearchRequest& request);
    Xapian::Enquire enquire_for(const Xapian::Query& q) const;

    Xapian::Database db_;
    QueryBuilder builder_;
    RankingParameters ranking_;
};

std::string sort_name(SortOrder s);

}  // namespace digest
