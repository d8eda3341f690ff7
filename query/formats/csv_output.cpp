// --format csv: a table (RFC 4180, CRLF line ends), header first; for results and for the
// authors listing.
#include <array>
#include <cmath>
#include <cstdio>

#include "formats/writers.hpp"
#include "text/escape.hpp"
#include "text/wording.hpp"

namespace digest {

// The columns, in order. Scripts read them by position too: new columns go at the end.
constexpr std::array<std::string_view, 15> kCsvColumns{
    "rank",  "id",  "version", "date",         "title",       "authors",  "primary", "categories",
    "score", "url", "summary", "first_listed", "last_listed", "abstract", "comments"};

namespace {

// On a terminal a cell's control characters are shown neutralised (`\x1b`), not written.
void write_cell(std::ostream& out, std::string_view cell, const OutputOptions& options) {
    write_csv_field(out, options.terminal ? terminal_safe(cell) : std::string(cell));
}

}  // namespace

void write_csv_results(std::ostream& out, const SearchResult& result,
                       const OutputOptions& options) {
    for (std::size_t i = 0; i < kCsvColumns.size(); ++i) {
        if (i) out << ',';
        write_csv_field(out, kCsvColumns[i]);
    }
    out << "\r\n";
    for (const auto& hit : result.hits) {
        const Paper& p = hit.paper;
        char score[64];
        std::snprintf(score, sizeof score, "%.4f", std::isfinite(hit.score) ? hit.score : 0.0);
        const std::array<std::string, kCsvColumns.size()> fields{
            std::to_string(hit.rank),
            p.id,
            p.version > 0 ? std::to_string(p.version) : "",
            p.newest_date(),
            p.title,
            join(p.authors, "; "),
            p.primary,
            join(p.categories, "; "),
            score,
            abs_url(p),
            p.summary,
            p.first_date(),
            p.newest_date(),
            p.abstract,
            p.comments};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out << ',';
            write_cell(out, fields[i], options);
        }
        out << "\r\n";
    }
}

void write_authors_csv(std::ostream& out, const AuthorLookupResult& r,
                       const OutputOptions& options) {
    static constexpr std::array<std::string_view, 8> kColumns{
        "name", "papers", "first_date", "last_date", "topics", "variants", "coauthors", "key"};
    for (std::size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << kColumns[i];
    out << "\r\n";
    for (const auto& a : r.authors) {
        std::vector<std::string> topics, coauthors;
        for (const auto& [t, n] : a.topics) topics.push_back(t + " " + std::to_string(n));
        for (const auto& c : a.coauthors)
            coauthors.push_back(c.name + " (" + std::to_string(c.papers) + ")");
        const std::array<std::string, kColumns.size()> fields{a.name,
                                                              std::to_string(a.papers),
                                                              a.first_date,
                                                              a.last_date,
                                                              join(topics, "; "),
                                                              join(a.variants, "; "),
                                                              join(coauthors, "; "),
                                                              a.key};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out << ',';
            write_cell(out, fields[i], options);
        }
        out << "\r\n";
    }
}

}  // namespace digest
