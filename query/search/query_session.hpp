// The query library's one entry point: every front end (the command line, the web page, the
// review command) opens a QuerySession and asks it. The session owns the databases (one or
// several, searched as one), their schema check and stored folds, re-opening when a writer
// switched generations underneath, the relaxed-query policy and its note, "did you mean"
// (search/spelling.hpp), ranking, paging, exact counts and snippets.
#pragma once

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "language/query_builder.hpp"
#include "search/author_lookup.hpp"
#include "search/search_result.hpp"
#include "search/spelling.hpp"
#include "search/trend.hpp"
#include "store/database.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

// relevance | date, -date (the newest listing, oldest or newest first) | first, -first (the
// first listing)
enum class SortOrder { Relevance, Date, DateReverse, First, FirstReverse };

// What to search for and how to present it.
struct SearchRequest {
    std::string query;      // the query language
    std::string like_text;  // papers like this text (--like-text); with a query, among its papers
    SortOrder sort = SortOrder::Relevance;
    unsigned limit = 10;  // 0: every match
    unsigned offset = 0;
    bool snippets = true;
    // The hits need only their ids (--format ids): the papers' stored records are not read,
    // which spares a remote shard a round trip per paper.
    bool ids_only = false;
    // Every match is counted, so that the total is exact (check_at_least covers the
    // collection). Off for a page printed without its total (--format ids, csv, ...): Xapian
    // then stops once no paper it has not looked at can reach the page, and the total is its
    // estimate (total_is_exact false). Facets count every match either way.
    bool exact_total = true;
    // When no paper holds every word of three or more, take the papers holding some of them
    // (README, "When no paper holds every word"). Off for counts and the formats scripts read.
    bool relax = false;
    std::vector<FacetRequest> facets;      // counted over the whole match set
    std::vector<std::string> exclude_ids;  // papers (arXiv ids) left out: those already shown
};

// BM25 parameters, measured by scripts/eval-ranking on the shared corpus (README, "Ranking").
struct RankingParameters {
    double k1 = 3.0;  // a slow saturation lets the title's wdf (×16) tell
    double b = 0.5;
    double min_normlen = 0.5;
    double pairs = QueryBuilder::kPairBoost;  // neighbouring words as a phrase (query_builder.hpp)
};

class QuerySession {
  public:
    // Opens each database read-only (a directory made by digest-index); several are searched
    // as one. Throws digest::Error when one is missing, foreign or of another schema.
    // With allow_partial, a remote shard that cannot be reached (when opened, or when a search
    // fails on it) is left out rather than an error, and every result says so (missing()).
    explicit QuerySession(std::vector<std::filesystem::path> databases, bool allow_partial = false);
    // A session on a database already open (tests and tools).
    explicit QuerySession(Xapian::Database db);
    ~QuerySession();
    QuerySession(const QuerySession&) = delete;
    QuerySession& operator=(const QuerySession&) = delete;

    // Throws digest::Error (Error::in_query) for a mistake in the query.
    SearchResult search(const SearchRequest& request);
    // The number of matching papers only: `total` and `relaxed` of the result.
    SearchResult count(const SearchRequest& request);
    // How the query was understood: the folded text and Xapian's description of the query.
    std::string explain(const SearchRequest& request);
    // `digest-query authors NAME`; with `in_query`, only the papers that query finds count, and
    // without a name the query's authors are listed (the author facet).
    AuthorLookupResult authors(const std::string& name, std::size_t limit, std::size_t coauthors,
                               const std::string& in_query = {});
    // For each query, its matching papers per period (trend.hpp), over the database's dates
    // or, when every query keeps to date: or first: ranges, over their union.
    TrendResult trend(const TrendRequest& request);
    // The papers a query finds, as sorted document ids.
    std::vector<Xapian::docid> matching_documents(const std::string& query);

    // Sees the writers' last commits: a database whose stub now names another generation (or
    // that changed at all) is opened again. For long-lived sessions (the web page's).
    void refresh();
    void set_ranking(const RankingParameters& r);
    // The limits every query of this session is held to (language/query_limits.hpp): its text
    // when read and compiled, its match by the time limit (each search, count or trend starts
    // the clock; the matches it runs share the time).
    void set_limits(const QueryLimits& limits);
    const QueryLimits& limits() const { return limits_; }
    // Where `query:NAME` finds its query (search/saved_queries.hpp).
    void set_saved_queries(QueryBuilder::SavedQueries saved);
    const Xapian::Database& database() const { return db_; }
    // What the databases hold now, as a text that changes with every commit and generation:
    // the stubs' stamps and each database's revision. Empty when it cannot be known (a remote
    // shard, or one left out), so that nothing is kept from one answer to the next.
    std::string state() const;
    // The remote shards left out (allow_partial), each with the reason.
    const std::vector<std::string>& missing() const { return missing_; }

  private:
    // Runs `op`; when a writer changed the database underneath (a commit, or a new generation
    // that removed the files being read), opens it again and runs `op` once more.
    template <class Op>
    auto retrying(Op op);
    void open();
    Xapian::Query build(const SearchRequest& request, const ParsedQuery& query,
                        bool any_word = false, bool cjk_apart = false);
    bool relaxable(const SearchRequest& request, const ParsedQuery& query);
    Xapian::Enquire enquire_for(const Xapian::Query& q) const;
    // The query ended at the time limit (and half as much again): the match stops there with
    // the papers it has found.
    Xapian::Query timed(const Xapian::Query& q) const;
    bool match_ended() const;
    // A match ended at the time limit before it found any paper: an error (exit 2), not "no
    // paper matches".
    [[noreturn]] void nothing_in_time() const;
    // The time limit: started by each search, count and trend; what is left of it, as
    // Enquire::set_time_limit takes it (0: no limit), and whether it has run out.
    void start_clock();
    double time_left() const;
    bool out_of_time() const;
    // What Enquire::set_time_limit gets for a match of `q`: the time left, or 0 (no limit)
    // when the match cannot come near it (may_reach_time_limit), each posting read taking
    // `slower` times as long as a plain match's (with a match spy).
    double time_limit_for(const Xapian::Query& q, double slower = 1) const;
    // Marks a result whose match stopped counting at the time limit.
    void note_time_limit(const Xapian::MSet& mset, SearchResult& result) const;
    // Sets the result's suggestion: the query with misspelt words corrected, when that finds
    // papers (every word of it).
    void suggest(const SearchRequest& request, const ParsedQuery& query, SearchResult& result);
    // The match of `enquire` over the whole collection (exact totals), with the facets of
    // `request` counted when it asks for some.
    Xapian::MSet full_match(Xapian::Enquire& enquire, Xapian::doccount offset,
                            Xapian::doccount limit, const SearchRequest& request,
                            std::vector<FacetResult>* facets);

    std::vector<std::filesystem::path> paths_;  // empty: a database given open
    Xapian::Database db_;
    StoredFolds folds_;
    std::unique_ptr<QueryBuilder> builder_;
    std::unique_ptr<Speller> speller_;
    RankingParameters ranking_;
    QueryLimits limits_;
    std::chrono::steady_clock::time_point deadline_;  // counting stops (Xapian's time limit)
    std::chrono::steady_clock::time_point end_;       // the match ends (timed())
    std::shared_ptr<std::atomic<bool>> match_ended_;  // set when a match was ended at the limit
    QueryBuilder::SavedQueries saved_;
    std::string remote_;                   // a remote shard among the databases (the last), or ""
    std::string stamp_;                    // the stubs' inodes and times when opened (refresh())
    std::vector<Xapian::Database> parts_;  // each database on its own (their revisions)
    // Whether the databases are shards that hold no paper twice (disjoint_parts()): a match
    // then need not collapse copies, which costs every match across several databases, and
    // makes each remote shard send every paper it matches, not only the page.
    bool disjoint_ = false;
    // Whether more than one database is searched, counting those a remote server or a stub
    // stands for (databases_in()): counts and facets then count each id once.
    bool several_ = false;
    bool allow_partial_ = false;
    std::vector<std::string> missing_;  // remote shards left out, with the reason
    // The remote shards that do not answer now, each with the reason (after a network error).
    std::vector<std::string> unreachable() const;
    // Marks a result of a session that left shards out.
    void note_missing(SearchResult& result) const;
    // The number of papers a match found, and whether it counted them all (not ended by the
    // time limit, copies of one paper in several databases counted once).
    Xapian::doccount matches(const Xapian::MSet& mset) const;
    bool counted_all(const Xapian::MSet& mset) const;
    // Of the copies of a paper indexed in several databases, the one of its newest listing.
    Xapian::Document newest_copy(Xapian::docid shown) const;
    // disjoint_ and several_, from the databases searched.
    void take_parts(const std::vector<SearchedPart>& parts);
    void refuse_remote(const std::string& what) const;
};

std::string sort_name(SortOrder s);

}  // namespace digest
