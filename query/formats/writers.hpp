// The writers of each output format (one file per format or family), for the registry in
// format_registry.cpp, and the pieces of them that are tested on their own.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/format_registry.hpp"

namespace digest {

// digest_output.cpp: the digest format itself.
void write_digest_results(std::ostream& out, const SearchResult& result, const OutputOptions&);

// brief.cpp: a line a paper and its snippet, for a terminal; authors as text.
void write_brief_results(std::ostream& out, const SearchResult& result,
                         const OutputOptions& options);
void write_authors_text(std::ostream& out, const AuthorLookupResult& result,
                        const OutputOptions& options);
void write_count_number(std::ostream& out, const SearchResult& result);
// Facets as aligned rows, with a bar each on a terminal (options.width > 0).
void write_facet_rows(std::ostream& out, const std::vector<FacetResult>& facets,
                      const OutputOptions& options);

// json_output.cpp
void write_json_results(std::ostream& out, const SearchResult& result, const OutputOptions&);
void write_jsonl_results(std::ostream& out, const SearchResult& result, const OutputOptions&);
void write_json_count(std::ostream& out, const SearchResult& result);
void write_authors_json(std::ostream& out, const AuthorLookupResult& result, const OutputOptions&);
void write_authors_jsonl(std::ostream& out, const AuthorLookupResult& result, const OutputOptions&);
// A result and facets as the JSON output writes them (review.json reuses them).
nlohmann::ordered_json hit_json(const Hit& hit);
nlohmann::ordered_json facets_json(const std::vector<FacetResult>& facets);
// The snippet as Markdown: matched spans wrapped in **...**; empty when there is no snippet.
std::string snippet_markdown(const std::vector<SnippetSpan>& snippet);

// csv_output.cpp
void write_csv_results(std::ostream& out, const SearchResult& result, const OutputOptions&);
void write_authors_csv(std::ostream& out, const AuthorLookupResult& result, const OutputOptions&);

// bibtex.cpp
void write_bibtex_results(std::ostream& out, const SearchResult& result, const OutputOptions&);
// Citation keys (surname + year + first significant title word, ASCII, lowercase) for the
// papers in order; keys that collide all get a, b, c, ... suffixes.
std::vector<std::string> bibtex_keys(const std::vector<const Paper*>& papers);
// The year a paper is cited with: the arXiv publication date, else the year encoded in the
// id, else its first appearance; empty when none is known.
std::string bibtex_year(const Paper& paper);
void write_bibtex_entry(std::ostream& out, const Paper& paper, std::string_view key);

// ids: one bare id a line (format_registry.cpp).
void write_ids_results(std::ostream& out, const SearchResult& result, const OutputOptions&);

// trend_output.cpp: trends as a table (bars on a terminal), JSON and CSV.
void write_trend_table(std::ostream& out, const TrendResult& trend, const OutputOptions& options);
void write_trend_json(std::ostream& out, const TrendResult& trend, const OutputOptions&);
void write_trend_csv(std::ostream& out, const TrendResult& trend, const OutputOptions& options);

// Adjacent snippet spans of the same kind merged, empty ones dropped.
std::vector<SnippetSpan> merged_spans(const std::vector<SnippetSpan>& snippet);

}  // namespace digest
