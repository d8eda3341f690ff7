#include "formats/review_output.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "digest/digest_writer.hpp"
#include "formats/trend_svg.hpp"
#include "formats/writers.hpp"
#include "text/escape.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

std::string md_text(std::string_view text) {
    // Text inside a Markdown line: one line, Markdown's own characters escaped.
    std::string out;
    for (char c : one_line(text)) {
        if (std::string_view("\\`*_[]<>#|").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string range_text(const ReviewPlan& plan) {
    if (plan.from.empty() && plan.to.empty()) return "every paper of the database";
    return "papers first listed " + (plan.from.empty() ? "until " + plan.to
                                     : plan.to.empty() ? "from " + plan.from
                                                       : plan.from + " .. " + plan.to);
}

std::string new_text(const ReviewResult& r, const ReviewQuery& q) {
    return r.first_review ? "first review" : with_commas(q.fresh) + " new since the last review";
}

std::string facet_line(const FacetResult& f) {
    std::string out;
    for (const auto& v : f.values)
        out += (out.empty() ? "" : ", ") + v.value + " (" + std::to_string(v.count) + ")";
    return out.empty() ? "none" : out;
}

const FacetResult* facet(const ReviewQuery& q, std::string_view name) {
    for (const auto& f : q.facets)
        if (f.name == name) return &f;
    return nullptr;
}

std::string also_text(const ReviewPaper& p) {
    std::string out;
    for (const auto& q : p.queries)
        if (q != p.query) out += (out.empty() ? "" : ", ") + q;
    return out;
}

std::string trend_table_md(const TrendResult& t) {
    std::ostringstream o;
    o << "| " << trend_period_name(t.by);
    for (const auto& s : t.series) o << " | " << md_text(s.query);
    o << " |\n|---";
    for (std::size_t i = 0; i < t.series.size(); ++i) o << "|---:";
    o << "|\n";
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
        o << "| " << t.periods[p];
        for (const auto& s : t.series) o << " | " << s.counts[p];
        o << " |\n";
    }
    return o.str();
}

std::string report_md(const ReviewResult& r) {
    std::ostringstream o;
    o << "<!-- " << md_text(r.plan.title) << ": written by digest-query review -->\n\n";
    o << "Review: **" << md_text(r.plan.title) << "**, " << range_text(r.plan) << " ("
      << r.trend.first_day << " .. " << r.trend.last_day << ").\n\n";
    o << "| query | search | papers | new |\n|---|---|---:|---|\n";
    for (const auto& q : r.queries)
        o << "| " << md_text(q.name) << " | `" << one_line(q.searched) << "` | " << q.total << " | "
          << new_text(r, q) << " |\n";
    o << "\n![Papers per " << trend_period_name(r.trend.by) << "](trend.svg)\n\n";
    o << trend_table_md(r.trend) << "\n";
    for (const auto& q : r.queries) {
        o << "## " << md_text(q.name) << "\n\n";
        o << "`" << one_line(q.searched) << "`: " << counted(q.total, "paper") << ", "
          << new_text(r, q) << ".\n\n";
        if (const auto* f = facet(q, "category"))
            o << "- Top categories: " << facet_line(*f) << "\n";
        if (const auto* f = facet(q, "author")) o << "- Top authors: " << facet_line(*f) << "\n";
        for (std::size_t k : q.elsewhere)
            o << "- Also among its best: " << r.papers[k].hit.paper.id << " ("
              << md_text(r.papers[k].hit.paper.title) << "), listed under "
              << md_text(r.papers[k].query) << "\n";
        o << "\n";
        // The papers in the digest format itself, so that digest-index can read them back.
        write_digest_header(o, q.name, q.total, 1, q.listed.size());
        for (std::size_t k : q.listed) {
            const ReviewPaper& p = r.papers[k];
            write_digest_entry(o, p.hit.paper, p.hit.rank);
            std::string notes;
            if (p.is_new) notes = "new since the last review";
            if (const std::string also = also_text(p); !also.empty())
                notes += (notes.empty() ? "" : "; ") + ("also matches: " + also);
            if (!notes.empty()) o << "\n*" << md_text(notes) << "*\n\n";
        }
        o << "\n";
    }
    return o.str();
}

std::string report_html(const ReviewResult& r, const std::string& svg) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << markup_text(r.plan.title) << "</title>\n<style>\n"
      << "body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
         "color:#222;line-height:1.45}\n"
      << "h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #ccc}\n"
      << "table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;"
         "padding:.25rem .6rem}td.n{text-align:right}\n"
      << ".paper{margin:1rem 0;padding:.6rem .8rem;border-left:4px solid #0072B2;"
         "background:#f7f9fb}\n"
      << ".paper h3{font-size:1.05rem;margin:0 0 .3rem}.meta{color:#555;font-size:.9rem}\n"
      << ".new{color:#fff;background:#D55E00;border-radius:3px;padding:0 .3rem;"
         "font-size:.8rem}\n"
      << "code{background:#eee;padding:0 .2rem}svg{max-width:100%;height:auto}\n"
      << "</style>\n</head>\n<body>\n";
    o << "<h1>" << markup_text(r.plan.title) << "</h1>\n<p>" << markup_text(range_text(r.plan))
      << " (" << r.trend.first_day << " .. " << r.trend.last_day << ").</p>\n";
    o << "<table><tr><th>query</th><th>search</th><th>papers</th><th>new</th></tr>\n";
    for (const auto& q : r.queries)
        o << "<tr><td><a href=\"#q-" << markup_text(q.name) << "\">" << markup_text(q.name)
          << "</a></td><td><code>" << markup_text(q.searched) << "</code></td><td class=\"n\">"
          << q.total << "</td><td>" << markup_text(new_text(r, q)) << "</td></tr>\n";
    o << "</table>\n<figure id=\"trend\">\n" << svg << "</figure>\n";
    for (const auto& q : r.queries) {
        o << "<h2 id=\"q-" << markup_text(q.name) << "\">" << markup_text(q.name)
          << "</h2>\n<p><code>" << markup_text(q.searched)
          << "</code>: " << markup_text(counted(q.total, "paper")) << ", "
          << markup_text(new_text(r, q)) << ".</p>\n<ul>\n";
        if (const auto* f = facet(q, "category"))
            o << "<li>Top categories: " << markup_text(facet_line(*f)) << "</li>\n";
        if (const auto* f = facet(q, "author"))
            o << "<li>Top authors: " << markup_text(facet_line(*f)) << "</li>\n";
        for (std::size_t k : q.elsewhere)
            o << "<li>Also among its best: <a href=\"#p-" << markup_text(r.papers[k].hit.paper.id)
              << "\">" << markup_text(r.papers[k].hit.paper.title) << "</a>, listed under "
              << markup_text(r.papers[k].query) << "</li>\n";
        o << "</ul>\n";
        for (std::size_t k : q.listed) {
            const ReviewPaper& p = r.papers[k];
            const Paper& paper = p.hit.paper;
            o << "<div class=\"paper\" id=\"p-" << markup_text(paper.id) << "\">\n<h3>"
              << p.hit.rank << ". <a href=\"" << markup_text(abs_url(paper)) << "\">"
              << markup_text(paper.title) << "</a>"
              << (p.is_new ? " <span class=\"new\">new</span>" : "") << "</h3>\n";
            std::string authors;
            for (const auto& a : paper.authors) authors += (authors.empty() ? "" : ", ") + a;
            std::string cats;
            for (const auto& c : paper.categories) cats += (cats.empty() ? "" : ", ") + c;
            o << "<div class=\"meta\">" << markup_text(authors)
              << "<br>arXiv:" << markup_text(paper.id) << " · " << markup_text(cats)
              << " · first listed " << markup_text(paper.first_date());
            if (const std::string also = also_text(p); !also.empty())
                o << " · also matches: " << markup_text(also);
            o << "</div>\n";
            if (!paper.summary.empty()) o << "<p>" << markup_text(paper.summary) << "</p>\n";
            if (!paper.abstract.empty()) o << "<p>" << markup_text(paper.abstract) << "</p>\n";
            o << "</div>\n";
        }
    }
    o << "</body>\n</html>\n";
    return o.str();
}

std::string papers_csv(const ReviewResult& r) {
    std::ostringstream o;
    o << "id,title,authors,first_listed,primary,categories,query,rank,queries,new,bibkey\r\n";
    auto cell = [&](std::string_view text) { write_csv_field(o, text); };
    for (const auto& p : r.papers) {
        const Paper& paper = p.hit.paper;
        std::string authors, cats, queries;
        for (const auto& a : paper.authors) authors += (authors.empty() ? "" : "; ") + a;
        for (const auto& c : paper.categories) cats += (cats.empty() ? "" : " ") + c;
        for (const auto& q : p.queries) queries += (queries.empty() ? "" : " ") + q;
        cell(paper.id);
        o << ",";
        cell(paper.title);
        o << ",";
        cell(authors);
        o << "," << paper.first_date() << ",";
        cell(paper.primary);
        o << ",";
        cell(cats);
        o << ",";
        cell(p.query);
        o << "," << p.hit.rank << ",";
        cell(queries);
        o << "," << (p.is_new ? "true" : "false") << "," << p.bibkey << "\r\n";
    }
    return o.str();
}

std::string refs_bib(const ReviewResult& r) {
    // By id, so that a paper keeps its key from one review to the next.
    std::vector<const ReviewPaper*> order;
    for (const auto& p : r.papers) order.push_back(&p);
    std::sort(order.begin(), order.end(), [](const ReviewPaper* a, const ReviewPaper* b) {
        return a->hit.paper.id < b->hit.paper.id;
    });
    std::ostringstream o;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (i) o << "\n";
        write_bibtex_entry(o, order[i]->hit.paper, order[i]->bibkey);
    }
    return o.str();
}

std::string review_json(const ReviewResult& r) {
    using ojson = nlohmann::ordered_json;
    ojson j;
    j["format_version"] = 1;
    j["title"] = r.plan.title;
    j["from"] = r.plan.from;
    j["to"] = r.plan.to;
    j["first_review"] = r.first_review;
    j["trend"] = ojson::parse([&] {
        std::ostringstream t;
        write_trend_json(t, r.trend, {});
        return t.str();
    }());
    j["queries"] = ojson::array();
    for (const auto& q : r.queries) {
        ojson one;
        one["name"] = q.name;
        one["query"] = q.query;
        one["searched"] = q.searched;
        one["total"] = q.total;
        one["new"] = r.first_review ? ojson(nullptr) : ojson(q.fresh);
        one["facets"] = facets_json(q.facets);
        ojson listed = ojson::array();
        for (std::size_t k : q.listed) listed.push_back(r.papers[k].hit.paper.id);
        one["listed"] = std::move(listed);
        ojson elsewhere = ojson::array();
        for (std::size_t k : q.elsewhere) elsewhere.push_back(r.papers[k].hit.paper.id);
        one["best_listed_elsewhere"] = std::move(elsewhere);
        one["matched_ids"] = q.matched_ids;
        j["queries"].push_back(std::move(one));
    }
    j["papers"] = ojson::array();
    for (const auto& p : r.papers) {
        ojson one = hit_json(p.hit);
        one["query"] = p.query;
        one["queries"] = p.queries;
        one["new"] = p.is_new;
        one["bibkey"] = p.bibkey;
        j["papers"].push_back(std::move(one));
    }
    return json_text(j, 1) + "\n";
}

}  // namespace

std::vector<std::string> write_review(const std::filesystem::path& dir, ReviewResult& review) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw Error(dir.string() + ": cannot create the folder: " + ec.message(), {}, kExitUsage);
    {
        std::vector<ReviewPaper*> order;
        for (auto& p : review.papers) order.push_back(&p);
        std::sort(order.begin(), order.end(), [](const ReviewPaper* a, const ReviewPaper* b) {
            return a->hit.paper.id < b->hit.paper.id;
        });
        std::vector<const Paper*> papers;
        for (auto* p : order) papers.push_back(&p->hit.paper);
        const std::vector<std::string> keys = bibtex_keys(papers);
        for (std::size_t i = 0; i < order.size(); ++i) order[i]->bibkey = keys[i];
    }
    const std::string svg =
        trend_svg(review.trend, review.plan.title + ": papers per " +
                                    std::string(trend_period_name(review.trend.by)));
    const std::vector<std::pair<std::string, std::string>> files{
        {"trend.svg", svg},
        {"report.md", report_md(review)},
        {"report.html", report_html(review, svg)},
        {"refs.bib", refs_bib(review)},
        {"papers.csv", papers_csv(review)},
        // Last: the next review reads it to tell what is new.
        {"review.json", review_json(review)},
    };
    std::vector<std::string> names;
    for (const auto& [name, text] : files) {
        write_file_atomically(dir / name, text);
        names.push_back(name);
    }
    return names;
}

}  // namespace digest
