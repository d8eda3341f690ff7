// Prints a SearchResult in every `digest-query --format` (digest, brief, json, csv, ...).
#pragma once

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "search/search_result.hpp"

namespace digest {

enum class OutputFormat { Digest, Brief, Json, Jsonl, Csv, Bibtex, Ids };

// The names accepted by --format, in the order of OutputFormat.
inline constexpr std::array<std::string_view, 7> kOutputFormatNames{
    "digest", "brief", "json", "jsonl", "csv", "bibtex", "ids"};

std::optional<OutputFormat> parse_output_format(std::string_view name);
std::string_view output_format_name(OutputFormat format);

struct OutputOptions {
    bool color = false;  // ANSI colour (brief only; every other format is data)
    int width = 0;       // terminal width in columns, 0 = unknown (then nothing is cut)
};

// Bumped whenever a key of the JSON output changes meaning or disappears.
inline constexpr int kJsonFormatVersion = 1;

void write_results(std::ostream& out, const SearchResult& result, OutputFormat format,
                   const OutputOptions& options);

// `--count --format json`: {"format_version", "query", "total", "partial"}.
void write_count_json(std::ostream& out, std::string_view query, std::size_t total, bool partial);

// --color=auto|always|never. `always` and `never` win over everything; `auto` (or an empty
// or unknown value) colours only a terminal, and only when NO_COLOR is unset or empty.
bool want_color(std::string_view color_option, bool stdout_is_tty, const char* no_color_env);

// ---- Pieces of the formats, public so that they can be tested on their own ----

// The digest Markdown of one hit, as an entry of a digest (`#### [new 001] ...` to `---`).
void write_digest_entry(std::ostream& out, const Hit& hit);

// The snippet as Markdown: matched spans wrapped in **...**; empty when there is no snippet.
std::string snippet_markdown(const std::vector<SnippetSpan>& snippet);

// The link a paper is cited by: https://arxiv.org/abs/<id> (no version: the latest).
std::string abs_url(const Paper& paper);

// One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF.
void write_csv_field(std::ostream& out, std::string_view field);

// Text made safe for a BibTeX field and LaTeX: specials outside math are escaped, $...$ math
// and existing escapes (\%, \$, \&, ...) are kept, braces are balanced, numeric HTML entities
// are decoded. Non-ASCII UTF-8 is kept.
std::string escape_bibtex_text(std::string_view text);

// Citation keys (surname + year + first significant title word, ASCII, lowercase) for the
// papers in order; keys that collide all get a, b, c, ... suffixes.
std::vector<std::string> bibtex_keys(const std::vector<const Paper*>& papers);

// The year a paper is cited with: the arXiv publication date, else the year encoded in the
// id, else its first appearance; empty when none is known.
std::string bibtex_year(const Paper& paper);

void write_bibtex_entry(std::ostream& out, const Paper& paper, std::string_view key);

}  // namespace digest
