#include "search/review.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "language/field_queries.hpp"
#include "search/saved_queries.hpp"

namespace digest {

namespace {

Error plan_error(const std::filesystem::path& file, const std::string& what) {
    return Error(file.string() + ": " + what,
                 "a plan is JSON: {\"title\", \"from\", \"to\", \"by\", \"papers\", \"queries\": "
                 "[{\"name\", \"query\"}]} (README, \"Literature reviews\"; examples/review.json)",
                 kExitUsage);
}

}  // namespace

ReviewPlan read_review_plan(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot read the plan", {}, kExitUsage);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw plan_error(file, std::string("not JSON: ") + e.what());
    }
    if (!j.is_object()) throw plan_error(file, "not a JSON object");
    static const std::set<std::string> known{"title", "from", "to", "by", "papers", "queries"};
    for (const auto& [key, value] : j.items())
        if (!known.count(key)) throw plan_error(file, "unknown key \"" + key + "\"");
    ReviewPlan plan;
    auto text = [&](const char* key, std::string& out) {
        if (!j.contains(key)) return;
        if (!j[key].is_string()) throw plan_error(file, std::string("\"") + key + "\" is not text");
        out = j[key].get<std::string>();
    };
    text("title", plan.title);
    if (plan.title.empty()) throw plan_error(file, "no \"title\"");
    text("from", plan.from);
    text("to", plan.to);
    std::string first, last;
    for (const auto* d : {&plan.from, &plan.to})
        if (!d->empty() && !date_period(*d, first, last))
            throw plan_error(file, "\"" + *d + "\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    std::string by = "month";
    text("by", by);
    if (!trend_period_named(by)) throw plan_error(file, "\"by\" is week, month or year");
    plan.by = *trend_period_named(by);
    if (j.contains("papers")) {
        if (!j["papers"].is_number_unsigned() || j["papers"].get<unsigned>() > 1000)
            throw plan_error(file, "\"papers\" is a number from 0 to 1000");
        plan.papers = j["papers"].get<unsigned>();
    }
    if (!j.contains("queries") || !j["queries"].is_array() || j["queries"].empty())
        throw plan_error(file, "\"queries\" is a list of {\"name\", \"query\"}, at least one");
    std::set<std::string> names;
    for (std::size_t i = 0; i < j["queries"].size(); ++i) {
        const auto& q = j["queries"][i];
        const std::string where = "queries[" + std::to_string(i) + "]";
        if (!q.is_object() || !q.contains("name") || !q.contains("query") ||
            !q["name"].is_string() || !q["query"].is_string() || q.size() != 2)
            throw plan_error(file, where + " is not {\"name\": TEXT, \"query\": TEXT}");
        ReviewPlan::Query one{q["name"].get<std::string>(), q["query"].get<std::string>()};
        if (!valid_saved_name(one.name))
            throw plan_error(file, where + ".name \"" + one.name +
                                       "\" is not a name (letters, digits, - and _)");
        if (!names.insert(one.name).second)
            throw plan_error(file, where + ".name \"" + one.name + "\" is given twice");
        try {
            read_query(one.query);
        } catch (const Error& e) {
            throw plan_error(file, where + ".query: " + e.what());
        }
        plan.queries.push_back(std::move(one));
    }
    return plan;
}

PreviousReview read_previous_review(const std::filesystem::path& review_json) {
    PreviousReview previous;
    std::ifstream in(review_json, std::ios::binary);
    if (!in) return previous;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        for (const auto& q : j.at("queries"))
            previous[q.at("name").get<std::string>()] =
                q.at("matched_ids").get<std::set<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(review_json.string() + ": the last review cannot be read: " + e.what(),
                    "remove it (the next review then counts nothing as new)", kExitUsage);
    }
    return previous;
}

ReviewResult run_review(QuerySession& session, const ReviewPlan& plan,
                        const PreviousReview* previous) {
    ReviewResult r;
    r.plan = plan;
    r.first_review = previous == nullptr || previous->empty();
    std::string range;
    if (!plan.from.empty() || !plan.to.empty()) range = " first:" + plan.from + ".." + plan.to;

    // Each query's best papers, ranked; every match, for counts and "matches also".
    std::vector<SearchResult> best;
    std::vector<std::set<std::string>> matched;
    TrendRequest trend;
    trend.by = plan.by;
    for (const auto& q : plan.queries) {
        ReviewQuery rq;
        rq.name = q.name;
        rq.query = q.query;
        rq.searched = range.empty() ? q.query : "(" + q.query + ")" + range;
        SearchRequest request;
        request.query = rq.searched;
        request.limit = 0;  // every match: ids for the next review
        request.snippets = false;
        request.facets = {{&field(FieldId::Category), 5}, {&field(FieldId::AuthorName), 5}};
        SearchResult all = session.search(request);
        rq.total = all.total;
        rq.facets = std::move(all.facets);
        std::set<std::string> ids;
        for (const auto& h : all.hits) ids.insert(h.paper.id);
        rq.matched_ids.assign(ids.begin(), ids.end());
        if (!r.first_review) {
            auto old = previous->find(q.name);
            for (const auto& id : ids)
                if (old == previous->end() || !old->second.count(id)) ++rq.fresh;
        }
        all.hits.resize(std::min<std::size_t>(all.hits.size(), plan.papers));
        best.push_back(std::move(all));
        matched.push_back(std::move(ids));
        trend.queries.push_back(rq.searched);
        r.queries.push_back(std::move(rq));
    }
    r.trend = session.trend(trend);
    for (std::size_t i = 0; i < r.trend.series.size(); ++i)
        r.trend.series[i].query = plan.queries[i].name;

    // A paper is listed under the query ranking it best (the earlier query on a tie).
    std::map<std::string, std::pair<int, std::size_t>> home;  // id -> (rank, query)
    for (std::size_t qi = 0; qi < best.size(); ++qi)
        for (const auto& h : best[qi].hits) {
            auto [it, fresh] = home.try_emplace(h.paper.id, h.rank, qi);
            if (!fresh && h.rank < it->second.first) it->second = {h.rank, qi};
        }
    for (std::size_t qi = 0; qi < best.size(); ++qi)
        for (const auto& h : best[qi].hits) {
            if (home[h.paper.id].second != qi) continue;
            ReviewPaper p;
            p.query = plan.queries[qi].name;
            for (std::size_t other = 0; other < plan.queries.size(); ++other)
                if (matched[other].count(h.paper.id)) p.queries.push_back(plan.queries[other].name);
            if (!r.first_review) {
                p.is_new = true;
                for (const auto& [name, ids] : *previous)
                    if (ids.count(h.paper.id)) p.is_new = false;
            }
            p.hit = h;
            r.queries[qi].listed.push_back(r.papers.size());
            r.papers.push_back(std::move(p));
        }
    for (std::size_t qi = 0; qi < best.size(); ++qi)
        for (const auto& h : best[qi].hits)
            if (home[h.paper.id].second != qi)
                for (std::size_t k = 0; k < r.papers.size(); ++k)
                    if (r.papers[k].hit.paper.id == h.paper.id)
                        r.queries[qi].elsewhere.push_back(k);
    return r;
}

}  // namespace digest
