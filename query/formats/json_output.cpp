// --format json and jsonl: the results as one JSON document (schema/results.schema.json) or
// one object a line; --count --format json; the authors listing.
#include <cmath>

#include "formats/writers.hpp"
#include "text/escape.hpp"

namespace digest {

namespace {

using ojson = nlohmann::ordered_json;

ojson version_or_null(int version) {
    return version > 0 ? ojson(version) : ojson(nullptr);
}

}  // namespace

nlohmann::ordered_json hit_json(const Hit& hit) {
    const Paper& p = hit.paper;
    ojson appearances = ojson::array();
    for (const auto& a : p.appearances)
        appearances.push_back(ojson{{"date", a.date},
                                    {"topic", a.topic},
                                    {"section", a.section},
                                    {"number", a.number},
                                    {"version", version_or_null(a.version)}});
    ojson links = ojson::array();
    for (const auto& l : p.links) links.push_back(link_url(l));
    std::string snippet = snippet_markdown(hit.snippet);

    ojson j;
    j["rank"] = hit.rank;
    j["id"] = p.id;
    j["version"] = version_or_null(p.version);
    j["title"] = p.title;
    j["authors"] = p.authors;
    j["categories"] = p.categories;
    j["classes"] = p.classes;
    j["primary"] = p.primary;
    j["abstract"] = p.abstract;
    j["summary"] = p.summary;
    j["comments"] = p.comments;
    j["links"] = std::move(links);
    j["journal_ref"] = p.journal_ref;
    j["doi"] = p.doi;
    j["published"] = p.published;
    j["updated"] = p.updated;
    j["first_listed"] = p.first_date();
    j["last_listed"] = p.newest_date();
    j["appearances"] = std::move(appearances);
    j["score"] = std::isfinite(hit.score) ? hit.score : 0.0;  // JSON has no NaN
    j["percent"] = hit.percent;
    j["snippet"] = snippet.empty() ? ojson(nullptr) : ojson(snippet);
    j["snippet_from"] = ojson(nullptr);
    if (!hit.snippet_source.empty()) {
        j["snippet_from"] = ojson{{"date", source_date(hit.snippet_source)},
                                  {"topic", source_topic(hit.snippet_source)},
                                  {"field", hit.snippet_field}};
    }
    // The earlier listings' texts that differ from the paper's own, newest first.
    ojson history = ojson::array();
    for (const ListingText* t : p.earlier_texts()) {
        ojson one{{"date", t->date()}, {"topic", t->topic()}};
        if (!t->title.empty() && t->title != p.title) one["title"] = t->title;
        if (!t->abstract.empty() && t->abstract != p.abstract) one["abstract"] = t->abstract;
        if (!t->summary.empty() && t->summary != p.summary) one["summary"] = t->summary;
        if (!t->comments.empty() && t->comments != p.comments) one["comments"] = t->comments;
        history.push_back(std::move(one));
    }
    j["history"] = std::move(history);
    return j;
}

// "facets": {"category": [{"value", "count", "filter"}, ...], ...}, in the order asked.
nlohmann::ordered_json facets_json(const std::vector<FacetResult>& facets) {
    ojson j = ojson::object();
    for (const auto& f : facets) {
        ojson values = ojson::array();
        for (const auto& v : f.values)
            values.push_back(ojson{{"value", v.value}, {"count", v.count}, {"filter", v.filter}});
        j[f.name] = std::move(values);
    }
    return j;
}

void write_json_results(std::ostream& out, const SearchResult& result, const OutputOptions&) {
    ojson results = ojson::array();
    for (const auto& hit : result.hits) results.push_back(hit_json(hit));
    ojson j;
    j["format_version"] = kJsonFormatVersion;
    j["query"] = result.query;
    j["sort"] = result.sort;
    j["total"] = result.total;
    j["total_is_exact"] = result.total_is_exact;
    j["partial"] = result.relaxed || result.time_limited || !result.missing.empty();
    if (!result.missing.empty()) j["missing_shards"] = result.missing;
    j["suggestion"] = result.suggestion;
    j["offset"] = result.offset;
    j["limit"] = result.limit;
    j["results"] = std::move(results);
    if (!result.facets.empty()) j["facets"] = facets_json(result.facets);
    out << json_text(j, 2) << "\n";
}

void write_jsonl_results(std::ostream& out, const SearchResult& result, const OutputOptions&) {
    for (const auto& hit : result.hits) out << json_text(hit_json(hit), -1) << "\n";
}

void write_json_count(std::ostream& out, const SearchResult& result) {
    ojson j;
    j["format_version"] = kJsonFormatVersion;
    j["query"] = result.query;
    j["total"] = result.total;
    j["total_is_exact"] = result.total_is_exact;
    j["partial"] = result.relaxed || result.time_limited || !result.missing.empty();
    if (!result.missing.empty()) j["missing_shards"] = result.missing;
    j["suggestion"] = result.suggestion;
    if (!result.facets.empty()) j["facets"] = facets_json(result.facets);
    out << json_text(j, 2) << "\n";
}

std::string snippet_markdown(const std::vector<SnippetSpan>& snippet) {
    std::string out;
    for (const auto& span : merged_spans(snippet)) {
        if (!span.match) {
            out += span.text;
            continue;
        }
        // Markdown bold must hug its text: spaces go outside the markers.
        std::string_view text = span.text;
        std::size_t lead = text.find_first_not_of(" \t\n");
        if (lead == std::string_view::npos) {
            out += text;
            continue;
        }
        std::size_t tail = text.find_last_not_of(" \t\n") + 1;
        out += text.substr(0, lead);
        out += "**";
        out += text.substr(lead, tail - lead);
        out += "**";
        out += text.substr(tail);
    }
    return out;
}

// The authors listing keeps its keys sorted, as it always printed them.
nlohmann::json author_json(const AuthorSummary& a) {
    nlohmann::json co = nlohmann::json::array();
    for (const auto& c : a.coauthors) co.push_back({{"name", c.name}, {"papers", c.papers}});
    return {{"name", a.name},
            {"key", a.key},
            {"variants", a.variants},
            {"papers", a.papers},
            {"first_date", a.first_date},
            {"last_date", a.last_date},
            {"topics", a.topics},
            {"coauthors", co}};
}

void write_authors_json(std::ostream& out, const AuthorLookupResult& r, const OutputOptions&) {
    nlohmann::json j;
    j["format_version"] = kJsonFormatVersion;
    j["query"] = r.query;
    j["total"] = r.total;
    if (!r.suggestion.empty()) j["suggestion"] = r.suggestion;
    j["authors"] = nlohmann::json::array();
    for (const auto& a : r.authors) j["authors"].push_back(author_json(a));
    out << json_text(j, 2) << "\n";
}

void write_authors_jsonl(std::ostream& out, const AuthorLookupResult& r, const OutputOptions&) {
    for (const auto& a : r.authors) out << json_text(author_json(a), -1) << "\n";
}

}  // namespace digest
