// A literature review from a plan: for each of its queries the count, what is new since the
// last review of the plan, the trend, the top categories and authors, and its best papers; a
// paper that several queries find is listed once, under the query that ranks it best, and the
// others are named. Front ends print it (formats/review_output.hpp).
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "search/query_session.hpp"
#include "search/search_result.hpp"
#include "search/trend.hpp"

namespace digest {

struct ReviewPlan {
    std::string title;
    std::string from, to;  // YYYY[-MM[-DD]]: papers first listed in this range; "" = open
    TrendPeriod by = TrendPeriod::Month;
    unsigned papers = 10;  // listed per query
    struct Query {
        std::string name, query;
    };
    std::vector<Query> queries;
};

// Reads and checks a plan (JSON, README "Literature reviews"). Throws digest::Error naming
// the file and the key at fault.
ReviewPlan read_review_plan(const std::filesystem::path& file);

struct ReviewPaper {
    Hit hit;                           // the paper, ranked in its query
    std::string query;                 // the query it is listed under (the one ranking it best)
    std::vector<std::string> queries;  // every query of the plan it matches, in plan order
    bool is_new = false;               // not found by the last review of the plan
    std::string bibkey;
};

struct ReviewQuery {
    std::string name, query;
    std::string searched;                   // the query as run: with the plan's date range
    Xapian::doccount total = 0, fresh = 0;  // matches; those the last review did not find
    std::vector<FacetResult> facets;        // category and author
    std::vector<std::size_t> listed;        // ReviewResult::papers listed under this query
    std::vector<std::size_t> elsewhere;     // among its best, listed under another query
    std::vector<std::string> matched_ids;   // every match, sorted (kept for the next review)
};

// What the last review of a plan found: each query's matching ids (review.json).
using PreviousReview = std::map<std::string, std::set<std::string>>;
PreviousReview read_previous_review(const std::filesystem::path& review_json);

struct ReviewResult {
    ReviewPlan plan;
    bool first_review = true;
    TrendResult trend;
    std::vector<ReviewQuery> queries;
    std::vector<ReviewPaper> papers;  // listed ones, by query then rank
};

ReviewResult run_review(QuerySession& session, const ReviewPlan& plan,
                        const PreviousReview* previous);

}  // namespace digest
