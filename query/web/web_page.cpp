#include "web/web_page.hpp"

#include <sstream>

#include "text/escape.hpp"
#include "text/wording.hpp"

namespace digest {

std::string url_encode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            out += static_cast<char>(c);
        else
            out += std::string("%") + hex[c >> 4] + hex[c & 15];
    }
    return out;
}

namespace {

std::string head(const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<title>" +
           markup_text(title) +
           "</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
           "<header><a class=\"home\" href=\"/\">digest-search</a></header>\n";
}

std::string search_link(const std::string& q, const std::string& sort = "relevance",
                        unsigned page = 1) {
    std::string url = "/?q=" + url_encode(q);
    if (sort != "relevance") url += "&sort=" + url_encode(sort);
    if (page > 1) url += "&page=" + std::to_string(page);
    return url;
}

std::string search_form(const PageState& s) {
    std::ostringstream o;
    o << "<form class=\"search\" action=\"/\" method=\"get\" role=\"search\">\n"
      << "<input type=\"search\" name=\"q\" value=\"" << markup_text(s.q)
      << "\" placeholder=\"speech enhancement au:&quot;Timo Gerkmann&quot; cat:eess.AS\" "
         "aria-label=\"query\" autofocus>\n"
      << "<select name=\"sort\" aria-label=\"order\">";
    for (const char* sort : {"relevance", "-date", "date", "-first", "first"})
        o << "<option value=\"" << sort << "\"" << (s.sort == sort ? " selected" : "") << ">"
          << (std::string(sort) == "relevance" ? "best first"
              : std::string(sort) == "-date"   ? "newest listing"
              : std::string(sort) == "date"    ? "oldest listing"
              : std::string(sort) == "-first"  ? "newest first listing"
                                               : "oldest first listing")
          << "</option>";
    o << "</select>\n<button type=\"submit\">Search</button>\n</form>\n";
    return o.str();
}

std::string snippet_html(const std::vector<SnippetSpan>& snippet) {
    std::string out;
    for (const auto& s : snippet)
        out += s.match ? "<mark>" + markup_text(s.text) + "</mark>" : markup_text(s.text);
    return out;
}

}  // namespace

std::string search_page(const PageState& state, const SearchResult* result,
                        const std::string& trend_svg, const PageError* error) {
    std::ostringstream o;
    o << head(state.q.empty() ? "digest-search" : state.q + " — digest-search");
    o << search_form(state);
    if (error) {
        o << "<div class=\"error\" role=\"alert\"><p>" << markup_text(error->message) << "</p>";
        if (error->column >= 0) {
            // The caret under the column, as the command line shows it.
            o << "<pre>" << markup_text(error->query) << "\n"
              << std::string(static_cast<std::size_t>(error->column), ' ') << "^</pre>";
        }
        if (!error->hint.empty()) o << "<p class=\"hint\">" << markup_text(error->hint) << "</p>";
        o << "</div>\n";
    }
    if (result) {
        const unsigned first = result->hits.empty() ? 0 : result->offset + 1;
        o << "<p class=\"total\" id=\"total\" data-total=\"" << result->total << "\">"
          << markup_text(counted(result->total, "paper"));
        if (!result->hits.empty())
            o << ", " << first << "–" << result->offset + result->hits.size();
        o << "</p>\n";
        for (const auto& note : result->notes)
            o << "<p class=\"note\">" << markup_text(note) << "</p>\n";
        if (!result->suggestion.empty())
            o << "<p class=\"suggestion\" id=\"suggestion\">Did you mean: <a href=\""
              << markup_text(search_link(result->suggestion)) << "\">"
              << markup_text(result->suggestion_shown) << "</a>?</p>\n";
        o << "<div class=\"layout\"><main>\n<ol class=\"results\" start=\"" << first << "\">\n";
        for (const auto& hit : result->hits) {
            const Paper& p = hit.paper;
            o << "<li class=\"paper\" data-id=\"" << markup_text(p.id) << "\">\n<h2><a href=\""
              << markup_text(abs_url(p)) << "\">" << markup_text(p.title) << "</a></h2>\n"
              << "<p class=\"authors\">";
            for (std::size_t i = 0; i < p.authors.size(); ++i)
                o << (i ? ", " : "") << "<a href=\"/author?name=" << url_encode(p.authors[i])
                  << "\">" << markup_text(p.authors[i]) << "</a>";
            o << "</p>\n<p class=\"meta\">arXiv:" << markup_text(p.id) << " · first listed "
              << markup_text(p.first_date());
            if (p.newest_date() != p.first_date())
                o << " · last listed " << markup_text(p.newest_date());
            o << " ·";
            for (const auto& c : p.categories)
                o << " <a class=\"cat\" href=\"" << markup_text(search_link(state.q + " cat:" + c))
                  << "\">" << markup_text(c) << "</a>";
            o << "</p>\n";
            if (!hit.snippet.empty()) {
                o << "<p class=\"snippet\">";
                if (!hit.snippet_source.empty()) {
                    o << "<span class=\"earlier\">earlier " << markup_text(hit.snippet_field)
                      << ", "
                      << markup_text(source_date(hit.snippet_source).empty()
                                         ? source_topic(hit.snippet_source)
                                         : source_date(hit.snippet_source))
                      << ":</span> ";
                }
                o << snippet_html(hit.snippet) << "</p>\n";
            }
            if (!p.summary.empty())
                o << "<p class=\"summary\" lang=\"zh\">" << markup_text(p.summary) << "</p>\n";
            o << "<p class=\"links\"><a href=\"" << markup_text(abs_url(p))
              << "\">arXiv</a> · <a class=\"similar\" href=\""
              << markup_text(search_link("like:" + p.id)) << "\">similar papers</a></p>\n</li>\n";
        }
        o << "</ol>\n";
        // Paging.
        const unsigned pages = (result->total + state.per_page - 1) / state.per_page;
        if (pages > 1) {
            o << "<nav class=\"pages\">";
            if (state.page > 1)
                o << "<a rel=\"prev\" href=\""
                  << markup_text(search_link(state.q, state.sort, state.page - 1))
                  << "\">previous</a> ";
            o << "page " << state.page << " of " << pages;
            if (state.page < pages)
                o << " <a rel=\"next\" href=\""
                  << markup_text(search_link(state.q, state.sort, state.page + 1)) << "\">next</a>";
            o << "</nav>\n";
        }
        o << "</main>\n<aside>\n";
        if (!trend_svg.empty()) o << "<figure class=\"trend\">" << trend_svg << "</figure>\n";
        for (const auto& f : result->facets) {
            o << "<section class=\"facet\" data-facet=\"" << markup_text(f.name) << "\"><h3>"
              << markup_text(f.name) << "</h3><ul>";
            for (const auto& v : f.values)
                o << "<li><a href=\"" << markup_text(search_link(state.q + " " + v.filter)) << "\">"
                  << markup_text(v.value) << "</a> <span class=\"count\">" << v.count
                  << "</span></li>";
            o << "</ul></section>\n";
        }
        o << "</aside></div>\n";
    } else if (!error) {
        o << "<p class=\"intro\">Search the indexed digests: words, \"phrases\", au:, cat:, "
             "date:, first:, topic:, like:ID, OR, -word.</p>\n";
    }
    o << "</body>\n</html>\n";
    return o.str();
}

std::string author_page(const std::string& name, const AuthorLookupResult& result) {
    std::ostringstream o;
    o << head(name + " — digest-search");
    PageState s;
    s.q = "au:\"" + name + "\"";
    o << search_form(s);
    o << "<h1>" << markup_text(name) << "</h1>\n";
    if (result.authors.empty()) o << "<p>No author of that name.</p>\n";
    for (const auto& a : result.authors) {
        o << "<section class=\"author\"><h2><a href=\""
          << markup_text(search_link("au:\"=" + a.name + "\"", "-date")) << "\">"
          << markup_text(a.name) << "</a></h2>\n<p>" << markup_text(counted(a.papers, "paper"))
          << ", " << markup_text(a.first_date) << " .. " << markup_text(a.last_date) << "</p>\n";
        if (a.variants.size() > 1) {
            std::string v;
            for (const auto& s2 : a.variants) v += (v.empty() ? "" : "; ") + s2;
            o << "<p>written: " << markup_text(v) << "</p>\n";
        }
        std::string topics;
        for (const auto& [t, n] : a.topics)
            topics += (topics.empty() ? "" : ", ") + t + " " + std::to_string(n);
        o << "<p>topics: " << markup_text(topics) << "</p>\n<p>co-authors: ";
        for (std::size_t i = 0; i < a.coauthors.size(); ++i)
            o << (i ? ", " : "") << "<a href=\"/author?name=" << url_encode(a.coauthors[i].name)
              << "\">" << markup_text(a.coauthors[i].name) << "</a> (" << a.coauthors[i].papers
              << ")";
        o << "</p></section>\n";
    }
    o << "</body>\n</html>\n";
    return o.str();
}

std::string style_sheet() {
    return R"(body{font-family:sans-serif;margin:0 auto;max-width:72rem;padding:0 1rem;color:#222;line-height:1.45}
header{padding:.6rem 0}.home{font-weight:bold;text-decoration:none;color:#0072B2}
form.search{display:flex;gap:.4rem;flex-wrap:wrap;margin:.4rem 0 1rem}
form.search input{flex:1 1 20rem;font-size:1.05rem;padding:.4rem}
.layout{display:flex;gap:2rem;align-items:flex-start}main{flex:1 1 40rem;min-width:0}
aside{flex:0 0 20rem;min-width:0}aside svg{width:100%;height:auto}
ol.results{padding-left:1.5rem}li.paper{margin-bottom:1.2rem}
li.paper h2{font-size:1.05rem;margin:0 0 .2rem}.authors,.meta{margin:.1rem 0;color:#444;font-size:.9rem}
.meta a.cat{color:#555}.snippet{margin:.3rem 0}.earlier{color:#666;font-size:.9em}mark{background:#ffe58a}
.summary{color:#333;margin:.3rem 0}.links{font-size:.9rem}
.error{border-left:4px solid #D55E00;background:#fff4ee;padding:.4rem .8rem}
.error pre{margin:.3rem 0;overflow-x:auto}.facet ul{list-style:none;padding:0;margin:0 0 1rem}
.facet li{display:flex;justify-content:space-between;gap:.5rem}.count{color:#666}
nav.pages{margin:1rem 0}
@media (max-width:48rem){.layout{flex-direction:column}aside{flex-basis:auto;width:100%}}
)";
}

}  // namespace digest
