#include "formats/output_formats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "names/author_name.hpp"
#include "text/display_width.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

using ojson = nlohmann::ordered_json;

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Text for a one-line slot (a heading, a `> **摘要:**` line): line breaks and tabs become
// single spaces, since a raw newline there would end the field or start a new one.
std::string one_line(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (char c : trim(text)) {
        if (c == '\n' || c == '\r' || c == '\t') {
            pending_space = true;
            continue;
        }
        if (pending_space && !out.empty() && out.back() != ' ' && c != ' ') out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

// The appearance a paper is listed under: the newest dated one (the last of equals), else
// the last one listed.
const Appearance* newest_appearance(const Paper& p) {
    const Appearance* best = nullptr;
    for (const auto& a : p.appearances)
        if (!best || a.date >= best->date) best = &a;
    return best;
}

// `new` or `replaced` (or `cross`) for the `[new 001]` tag: any plain word the digest parser
// accepts, `new` when unknown.
std::string entry_section(const Paper& p) {
    const Appearance* a = newest_appearance(p);
    if (!a || a->section.empty() || a->section.size() > 20 ||
        !std::all_of(a->section.begin(), a->section.end(), is_ascii_alpha))
        return "new";
    return a->section;
}

// Adjacent spans of the same kind merged, empty ones dropped: `**a****b**` helps nobody.
std::vector<SnippetSpan> merged_spans(const std::vector<SnippetSpan>& snippet) {
    std::vector<SnippetSpan> out;
    for (const auto& span : snippet) {
        if (span.text.empty()) continue;
        if (!out.empty() && out.back().match == span.match)
            out.back().text += span.text;
        else
            out.push_back(span);
    }
    return out;
}

// ---------------------------------------------------------------- digest Markdown

// The parser reads a `- **简介:` field up to the first line ending in `**`, trims every line
// and ends the field early at a structural line (`#...`, `- **`, `> **`, `---`). A summary is
// written so that it reads back the same; the rare one that cannot be (a line inside it ends
// in `**`, or is `---`) is joined onto one line rather than spill into the next field.
void write_digest_summary(std::ostream& out, std::string_view summary) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= summary.size()) {
        auto nl = summary.find('\n', start);
        if (nl == std::string_view::npos) nl = summary.size();
        lines.push_back(trim(summary.substr(start, nl - start)));
        start = nl + 1;
    }
    while (!lines.empty() && lines.front().empty()) lines.erase(lines.begin());
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    if (lines.empty()) return;

    bool multi_line_ok = lines.size() > 1 && !lines.front().starts_with("**");
    for (std::size_t i = 0; i < lines.size() && multi_line_ok; ++i)
        if ((i + 1 < lines.size() && std::string_view(lines[i]).ends_with("**")) ||
            lines[i] == "---")
            multi_line_ok = false;

    if (multi_line_ok) {
        out << "- **简介: " << lines.front() << "\n";
        for (std::size_t i = 1; i < lines.size(); ++i) {
            std::string_view line = lines[i];
            // Indented, a line that looks structural is read as a continuation (and trimmed).
            bool structural =
                line.starts_with("#") || line.starts_with("- **") || line.starts_with("> **");
            out << (structural ? "  " : "") << line << (i + 1 == lines.size() ? "**" : "") << "\n";
        }
    } else {
        std::string text;
        for (auto line : lines) {
            if (line.empty()) continue;
            if (!text.empty()) text += ' ';
            text += line;
        }
        if (text.starts_with("**"))
            out << "- **简介:** " << text << "\n";  // label-only bold keeps a leading **
        else
            out << "- **简介: " << text << "**\n";
    }
    out << "\n";
}

// The paper's own link when it names this paper on arXiv, else its abs page.
std::string digest_link(const Paper& p) {
    if (!p.links.empty()) {
        std::string url = link_url(p.links.front());
        bool usable = url.find("arxiv.org/") != std::string::npos &&
                      url.find(p.id) != std::string::npos &&
                      url.find_first_of(" \t()[]") == std::string::npos;
        if (usable) return url;
    }
    std::string url = abs_url(p);
    if (p.version > 0) url += "v" + std::to_string(p.version);
    return url;
}

void write_quote_field(std::ostream& out, std::string_view label, std::string_view value) {
    std::string text = one_line(value);
    out << "> **" << label << ":**" << (text.empty() ? "" : " ") << text << "\n>\n";
}

void write_digest(std::ostream& out, const SearchResult& result) {
    std::string query = one_line(result.query);
    out << "# 检索 " << (query.empty() ? "" : query + " ") << "(" << result.total << " 篇";
    if (!result.hits.empty())
        out << ", " << result.offset + 1 << "–" << result.offset + result.hits.size();
    out << ")\n\n";
    for (const auto& hit : result.hits) write_digest_entry(out, hit);
}

// ---------------------------------------------------------------- brief

enum class Style { Plain, Id, Title, Meta, Match };

std::string_view style_code(Style style) {
    switch (style) {
        case Style::Id:
            return "\x1b[33m";
        case Style::Title:
            return "\x1b[1m";
        case Style::Meta:
            return "\x1b[2m";
        case Style::Match:
            return "\x1b[1;31m";
        default:
            return "";
    }
}

// One character on the terminal.
struct Cell {
    std::string text;
    int width = 1;
    Style style = Style::Plain;
};

// Control characters (an ESC in a title could drive the terminal) become spaces; invalid
// UTF-8 becomes U+FFFD.
void append_cells(std::vector<Cell>& cells, std::string_view text, Style style) {
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t c = next_codepoint(text, i);
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) c = ' ';
        Cell cell;
        append_utf8(cell.text, c);
        cell.width = column_width(c);
        cell.style = style;
        cells.push_back(std::move(cell));
    }
}

int columns(std::vector<Cell>::const_iterator begin, std::vector<Cell>::const_iterator end) {
    int total = 0;
    for (auto it = begin; it != end; ++it) total += it->width;
    return total;
}

std::string render(std::vector<Cell>::const_iterator begin, std::vector<Cell>::const_iterator end,
                   bool color) {
    std::string out;
    Style current = Style::Plain;
    for (auto it = begin; it != end; ++it) {
        if (color && it->style != current) {
            if (current != Style::Plain) out += "\x1b[0m";
            out += style_code(it->style);
            current = it->style;
        }
        out += it->text;
    }
    if (color && current != Style::Plain) out += "\x1b[0m";
    return out;
}

// Cuts a line to `width` columns, marking the cut with an ellipsis.
void truncate_cells(std::vector<Cell>& cells, int width) {
    if (width <= 0 || columns(cells.begin(), cells.end()) <= width) return;
    int used = 0;
    std::size_t keep = 0;
    while (keep < cells.size() && used + cells[keep].width <= width - 1)
        used += cells[keep++].width;
    cells.resize(keep);
    while (!cells.empty() && cells.back().text == " ") cells.pop_back();
    cells.push_back(Cell{"…", 1, Style::Plain});
}

// Splits into lines of at most `width` columns, at spaces where possible (CJK text has
// none and breaks anywhere).
std::vector<std::pair<std::size_t, std::size_t>> wrap_cells(const std::vector<Cell>& cells,
                                                            int width) {
    std::vector<std::pair<std::size_t, std::size_t>> lines;
    std::size_t pos = 0;
    while (pos < cells.size()) {
        while (pos < cells.size() && cells[pos].text == " ") ++pos;
        if (pos == cells.size()) break;
        std::size_t end = pos;
        int used = 0;
        while (end < cells.size() && (used + cells[end].width <= width || end == pos))
            used += cells[end++].width;
        if (end < cells.size()) {
            std::size_t space = end;
            while (space > pos && cells[space].text != " ") --space;
            if (space > pos) end = space;
        }
        std::size_t last = end;
        while (last > pos && cells[last - 1].text == " ") --last;
        lines.emplace_back(pos, last);
        pos = end;
    }
    return lines;
}

std::string brief_authors(const std::vector<std::string>& authors) {
    constexpr std::size_t kShown = 3;
    std::string out;
    for (std::size_t i = 0; i < authors.size() && i < kShown; ++i)
        out += (i ? ", " : "") + one_line(authors[i]);
    if (authors.size() > kShown) out += " et al.";
    return out;
}

void write_brief(std::ostream& out, const SearchResult& result, const OutputOptions& options) {
    int rank_digits = 1;
    for (const auto& hit : result.hits)
        rank_digits = std::max(rank_digits, static_cast<int>(std::to_string(hit.rank).size()));
    const std::string indent(rank_digits + 2, ' ');
    // Below this many columns wrapping does more harm than good.
    constexpr int kMinWrap = 20;
    // Ranked results show their BM25 score, comparable within one query (Xapian's percentage
    // counts the query's terms a paper lacks, every field of every word, and gives the best
    // match 40%); results sorted by date have no score to show.
    const bool scored = result.sort == "relevance";

    for (const auto& hit : result.hits) {
        const Paper& p = hit.paper;
        std::string rank = std::to_string(hit.rank);
        std::string date = p.newest_date();
        if (date.empty()) date = "undated";
        date.resize(std::max<std::size_t>(date.size(), 10), ' ');

        std::vector<Cell> head;
        append_cells(head, std::string(rank_digits - rank.size(), ' ') + rank + ". ", Style::Plain);
        append_cells(head, p.id, Style::Id);
        append_cells(head, "  ", Style::Plain);
        append_cells(head, date, Style::Meta);
        append_cells(head, "  ", Style::Plain);
        if (scored) {
            char score[32];
            std::snprintf(score, sizeof score, "%5.1f", hit.score);
            append_cells(head, score, Style::Meta);
            append_cells(head, "  ", Style::Plain);
        }
        append_cells(head, one_line(p.title), Style::Title);
        if (std::string authors = brief_authors(p.authors); !authors.empty()) {
            append_cells(head, " — ", Style::Plain);
            append_cells(head, authors, Style::Meta);
        }
        truncate_cells(head, options.width);
        out << render(head.begin(), head.end(), options.color) << "\n";

        std::vector<Cell> snippet;
        for (const auto& span : merged_spans(hit.snippet))
            append_cells(snippet, span.text, span.match ? Style::Match : Style::Plain);
        int avail = options.width - static_cast<int>(indent.size());
        if (options.width <= 0 || avail < kMinWrap) avail = columns(snippet.begin(), snippet.end());
        for (auto [begin, end] : wrap_cells(snippet, std::max(avail, 1)))
            out << indent
                << render(snippet.begin() + static_cast<std::ptrdiff_t>(begin),
                          snippet.begin() + static_cast<std::ptrdiff_t>(end), options.color)
                << "\n";
    }
}

// ---------------------------------------------------------------- JSON

ojson version_or_null(int version) {
    return version > 0 ? ojson(version) : ojson(nullptr);
}

ojson hit_json(const Hit& hit) {
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
    return j;
}

// Invalid UTF-8 in a stored text must not abort the whole output.
std::string dump(const ojson& j, int indent) {
    return j.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

void write_json(std::ostream& out, const SearchResult& result) {
    ojson results = ojson::array();
    for (const auto& hit : result.hits) results.push_back(hit_json(hit));
    ojson j;
    j["format_version"] = kJsonFormatVersion;
    j["query"] = result.query;
    j["sort"] = result.sort;
    j["total"] = result.total;
    j["total_is_exact"] = result.total_is_exact;
    j["partial"] = result.relaxed;
    j["offset"] = result.offset;
    j["limit"] = result.limit;
    j["results"] = std::move(results);
    out << dump(j, 2) << "\n";
}

void write_jsonl(std::ostream& out, const SearchResult& result) {
    for (const auto& hit : result.hits) out << dump(hit_json(hit), -1) << "\n";
}

// ---------------------------------------------------------------- CSV

// The columns, in order. Scripts read them by position too: new columns go at the end.
constexpr std::array<std::string_view, 15> kCsvColumns{
    "rank",  "id",  "version", "date",         "title",       "authors",  "primary", "categories",
    "score", "url", "summary", "first_listed", "last_listed", "abstract", "comments"};

void write_csv(std::ostream& out, const SearchResult& result) {
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
            write_csv_field(out, fields[i]);
        }
        out << "\r\n";
    }
}

// ---------------------------------------------------------------- BibTeX

// &#177; &#xB1; &amp; ... as UTF-8 (digests carry the odd HTML entity); anything else stays.
std::string decode_html_entities(std::string_view text) {
    static const std::map<std::string_view, char32_t> kNamed{
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", 0xA0}};
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '&') {
            auto semi = text.find(';', i);
            if (semi != std::string_view::npos && semi - i <= 10) {
                std::string_view name = text.substr(i + 1, semi - i - 1);
                char32_t c = 0;
                if (name.size() > 1 && name[0] == '#') {
                    bool hex = name[1] == 'x' || name[1] == 'X';
                    std::string_view digits = name.substr(hex ? 2 : 1);
                    bool ok = !digits.empty();
                    for (char d : digits) {
                        int v = is_ascii_digit(d)             ? d - '0'
                                : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                                : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                              : -1;
                        if (v < 0 || c > 0x10FFFF) {
                            ok = false;
                            break;
                        }
                        c = c * (hex ? 16 : 10) + static_cast<char32_t>(v);
                    }
                    if (!ok || c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ||
                        (c >= 0x7F && c < 0xA0))
                        c = 0;
                } else if (auto it = kNamed.find(name); it != kNamed.end()) {
                    c = it->second;
                }
                if (c) {
                    append_utf8(out, c);
                    i = semi + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

// One piece of escaped field text. Braces are kept as separate pieces until it is known
// which of them pair up.
enum class PieceKind { Text, Open, Close, EscapedOpen, EscapedClose };
struct Piece {
    std::string text;
    PieceKind kind = PieceKind::Text;
    int scope = 0;  // 0 = text; n > 0 = the n-th math segment (braces pair only within one)
};

// Position of the next unescaped `delim` at or after `from`, or npos.
std::size_t find_unescaped(std::string_view s, std::string_view delim, std::size_t from) {
    for (std::size_t k = from; k < s.size(); ++k) {
        if (s[k] == '\\') {
            ++k;
            continue;
        }
        if (s.substr(k, delim.size()) == delim) return k;
    }
    return std::string_view::npos;
}

std::string bibtex_clean_spaces(std::string_view text) {
    std::string out;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        bool space = u < 0x20 || u == 0x7F || c == ' ';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Verbatim fields (url, doi) are not LaTeX, but BibTeX still counts their braces.
std::string bibtex_verbatim(std::string_view text) {
    std::string out;
    for (char c : trim(text)) {
        if (c == '{')
            out += "%7B";
        else if (c == '}')
            out += "%7D";
        else if (c == '\\')
            out += "%5C";
        else if (static_cast<unsigned char>(c) <= 0x20)
            out += "%20";
        else
            out += c;
    }
    return out;
}

const std::set<std::string_view>& title_stop_words() {
    static const std::set<std::string_view> kWords{
        "a",      "an",     "the",     "on",      "of",    "for",    "in",      "to",
        "and",    "or",     "with",    "without", "via",   "from",   "by",      "at",
        "as",     "is",     "are",     "be",      "do",    "does",   "can",     "what",
        "when",   "why",    "how",     "which",   "who",   "toward", "towards", "into",
        "onto",   "beyond", "through", "using",   "not",   "no",     "its",     "it",
        "this",   "that",   "these",   "we",      "our",   "your",   "you",     "vs",
        "versus", "all",    "about",   "between", "under", "over",   "more",    "less",
        "than",   "one",    "two",     "any",     "new",   "let",    "us",      "should"};
    return kWords;
}

// The first word of a title worth a key: math, LaTeX commands, stop words, single letters
// and bare numbers are skipped.
std::string title_key_word(std::string_view title) {
    std::string plain;
    for (std::size_t i = 0; i < title.size(); ++i) {
        char c = title[i];
        if (c == '$') {
            auto close = find_unescaped(title, "$", i + 1);
            if (close != std::string_view::npos) {
                i = close;
                plain += ' ';
                continue;
            }
        }
        if (c == '\\') {
            ++i;
            while (i < title.size() && is_ascii_alpha(title[i])) ++i;
            --i;
            plain += ' ';
            continue;
        }
        plain += c;
    }
    std::string folded = fold(plain);
    std::string word;
    auto take = [&]() -> bool {
        bool digits_only = std::all_of(word.begin(), word.end(), is_ascii_digit);
        bool good = word.size() >= 2 && !digits_only && !title_stop_words().count(word);
        if (!good) word.clear();
        return good;
    };
    for (char c : folded) {
        if (is_ascii_alpha(c) || is_ascii_digit(c)) {
            word += c;
        } else if (!word.empty() && take()) {
            return word;
        }
    }
    if (!word.empty() && take()) return word;
    return {};
}

std::string key_surname(const Paper& p) {
    if (p.authors.empty()) return "anon";
    AuthorName name = parse_author_name(p.authors.front());
    std::string folded = fold(name.surname_core.empty() ? name.surname : name.surname_core);
    std::string out;
    for (char c : folded)
        if (is_ascii_alpha(c) || is_ascii_digit(c)) out += c;
    return out.empty() ? "anon" : out;
}

std::string key_suffix(std::size_t n) {
    std::string s;
    do {
        s.insert(s.begin(), static_cast<char>('a' + n % 26));
        n /= 26;
    } while (n-- > 0);
    return s;
}

std::string bibtex_author(std::string_view name) {
    std::string escaped = escape_bibtex_text(name);
    std::string lower = fold(name);
    // A literal " and " or a comma would make BibTeX split or reorder the name.
    bool protect = lower.find(" and ") != std::string::npos || name.find(',') != name.npos;
    return protect ? "{" + escaped + "}" : escaped;
}

void write_bibtex(std::ostream& out, const SearchResult& result) {
    std::vector<const Paper*> papers;
    for (const auto& hit : result.hits) papers.push_back(&hit.paper);
    std::vector<std::string> keys = bibtex_keys(papers);
    for (std::size_t i = 0; i < papers.size(); ++i) {
        if (i) out << "\n";
        write_bibtex_entry(out, *papers[i], keys[i]);
    }
}

}  // namespace

// ---------------------------------------------------------------- public

std::optional<OutputFormat> parse_output_format(std::string_view name) {
    for (std::size_t i = 0; i < kOutputFormatNames.size(); ++i)
        if (name == kOutputFormatNames[i]) return static_cast<OutputFormat>(i);
    return std::nullopt;
}

std::string_view output_format_name(OutputFormat format) {
    return kOutputFormatNames.at(static_cast<std::size_t>(format));
}

void write_count_json(std::ostream& out, std::string_view query, std::size_t total, bool partial) {
    ojson j;
    j["format_version"] = kJsonFormatVersion;
    j["query"] = query;
    j["total"] = total;
    j["partial"] = partial;
    out << dump(j, 2) << "\n";
}

bool want_color(std::string_view color_option, bool stdout_is_tty, const char* no_color_env) {
    if (color_option == "always") return true;
    if (color_option == "never") return false;
    bool no_color = no_color_env != nullptr && *no_color_env != '\0';
    return stdout_is_tty && !no_color;
}

void write_results(std::ostream& out, const SearchResult& result, OutputFormat format,
                   const OutputOptions& options) {
    // Nothing matched: a document format still prints its empty document (JSON with total 0,
    // the CSV header); the others print nothing.
    if (result.hits.empty() && format != OutputFormat::Json && format != OutputFormat::Csv) return;
    switch (format) {
        case OutputFormat::Digest:
            write_digest(out, result);
            break;
        case OutputFormat::Brief:
            write_brief(out, result, options);
            break;
        case OutputFormat::Json:
            write_json(out, result);
            break;
        case OutputFormat::Jsonl:
            write_jsonl(out, result);
            break;
        case OutputFormat::Csv:
            write_csv(out, result);
            break;
        case OutputFormat::Bibtex:
            write_bibtex(out, result);
            break;
        case OutputFormat::Ids:
            for (const auto& hit : result.hits) out << hit.paper.id << "\n";
            break;
    }
}

void write_digest_entry(std::ostream& out, const Hit& hit) {
    const Paper& p = hit.paper;
    char number[16];
    std::snprintf(number, sizeof number, "%03d", std::max(hit.rank, 0));
    out << "#### [" << entry_section(p) << " " << number << "] " << one_line(p.title) << "\n";

    std::vector<std::string> codes;
    for (const auto& c : p.categories) codes.push_back(one_line(c));
    for (const auto& c : p.classes) codes.push_back(one_line(c));
    if (!codes.empty()) out << "- **分类: " << join(codes, "; ") << "**\n\n";
    write_digest_summary(out, p.summary);
    std::string link = digest_link(p);
    out << "- **链接: [" << link << "](" << link << ")**\n\n";

    std::vector<std::string> authors;
    for (const auto& a : p.authors) authors.push_back(one_line(a));
    write_quote_field(out, "作者", join(authors, "; "));
    if (!one_line(p.comments).empty()) write_quote_field(out, "备注", p.comments);
    write_quote_field(out, "摘要", p.abstract);
    out << "---\n";
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

std::string abs_url(const Paper& paper) {
    return "https://arxiv.org/abs/" + paper.id;
}

void write_csv_field(std::ostream& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out << field;
        return;
    }
    out << '"';
    for (char c : field) {
        if (c == '"') out << '"';
        out << c;
    }
    out << '"';
}

std::string escape_bibtex_text(std::string_view raw) {
    const std::string s = decode_html_entities(bibtex_clean_spaces(raw));
    std::vector<Piece> pieces;
    auto text = [&](std::string t, int scope) {
        if (!pieces.empty() && pieces.back().kind == PieceKind::Text &&
            pieces.back().scope == scope)
            pieces.back().text += t;
        else
            pieces.push_back({std::move(t), PieceKind::Text, scope});
    };
    auto brace = [&](std::string t, PieceKind kind, int scope) {
        pieces.push_back({std::move(t), kind, scope});
    };

    int math_segments = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '$') {
            std::string_view delim = s.compare(i, 2, "$$") == 0 ? "$$" : "$";
            std::size_t close = find_unescaped(s, delim, i + delim.size());
            if (close != std::string_view::npos && close > i + delim.size()) {
                // Math is kept as written: only what would break TeX or BibTeX is touched.
                int scope = ++math_segments;
                text(std::string(delim), scope);
                for (std::size_t k = i + delim.size(); k < close; ++k) {
                    char m = s[k];
                    if (m == '\\' && k + 1 < close) {
                        char next = s[++k];
                        if (next == '{')
                            brace("\\{", PieceKind::EscapedOpen, scope);
                        else if (next == '}')
                            brace("\\}", PieceKind::EscapedClose, scope);
                        else
                            text(std::string{'\\', next}, scope);
                    } else if (m == '{') {
                        brace("{", PieceKind::Open, scope);
                    } else if (m == '}') {
                        brace("}", PieceKind::Close, scope);
                    } else if (m == '%' || m == '#' || m == '&') {
                        text(std::string{'\\', m}, scope);
                    } else {
                        text(std::string(1, m), scope);
                    }
                }
                text(std::string(delim), scope);
                i = close + delim.size();
                continue;
            }
            text("\\$", 0);
            ++i;
            continue;
        }
        if (c == '\\') {
            char next = i + 1 < s.size() ? s[i + 1] : '\0';
            if (next != '\0' && std::string_view("%$&#_").find(next) != std::string_view::npos) {
                text(std::string{'\\', next}, 0);  // already escaped in the source
                i += 2;
            } else if (next == '{') {
                brace("\\{", PieceKind::EscapedOpen, 0);
                i += 2;
            } else if (next == '}') {
                brace("\\}", PieceKind::EscapedClose, 0);
                i += 2;
            } else {
                text("\\textbackslash{}", 0);
                ++i;
            }
            continue;
        }
        switch (c) {
            case '{':
                brace("{", PieceKind::Open, 0);
                break;
            case '}':
                brace("}", PieceKind::Close, 0);
                break;
            case '&':
            case '%':
            case '#':
            case '_':
                text(std::string{'\\', c}, 0);
                break;
            case '~':
                text("\\textasciitilde{}", 0);
                break;
            case '^':
                text("\\textasciicircum{}", 0);
                break;
            default:
                text(std::string(1, c), 0);
        }
        ++i;
    }

    // Pair braces of one kind within one scope; an unpaired one (which BibTeX would count
    // and TeX would choke on) is written as a command that draws it.
    std::vector<bool> paired(pieces.size(), false);
    std::map<std::pair<int, PieceKind>, std::vector<std::size_t>> open;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        const Piece& p = pieces[k];
        if (p.kind == PieceKind::Open || p.kind == PieceKind::EscapedOpen) {
            open[{p.scope, p.kind}].push_back(k);
        } else if (p.kind == PieceKind::Close || p.kind == PieceKind::EscapedClose) {
            PieceKind opener =
                p.kind == PieceKind::Close ? PieceKind::Open : PieceKind::EscapedOpen;
            auto& stack = open[{p.scope, opener}];
            if (!stack.empty()) {
                paired[stack.back()] = paired[k] = true;
                stack.pop_back();
            }
        }
    }
    std::string out;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        const Piece& p = pieces[k];
        if (p.kind == PieceKind::Text || paired[k]) {
            out += p.text;
            continue;
        }
        bool left = p.kind == PieceKind::Open || p.kind == PieceKind::EscapedOpen;
        if (p.scope == 0)
            out += left ? "\\textbraceleft{}" : "\\textbraceright{}";
        else
            out += left ? "\\lbrace{}" : "\\rbrace{}";
    }
    return out;
}

std::string bibtex_year(const Paper& paper) {
    auto year_of_date = [](std::string_view date) -> std::string {
        if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, is_ascii_digit))
            return std::string(date.substr(0, 4));
        return {};
    };
    if (auto y = year_of_date(paper.published); !y.empty()) return y;
    // The id encodes the month of the first version (2512.22166, quant-ph/0201082), which is
    // what arXiv cites; an appearance may be a replacement years later.
    std::string_view id = paper.id;
    auto slash = id.find('/');
    std::string_view yymm = slash == std::string_view::npos ? id : id.substr(slash + 1);
    if (yymm.size() >= 4 && std::all_of(yymm.begin(), yymm.begin() + 4, is_ascii_digit)) {
        int yy = (yymm[0] - '0') * 10 + (yymm[1] - '0');
        int mm = (yymm[2] - '0') * 10 + (yymm[3] - '0');
        bool new_style = slash == std::string_view::npos;
        if (mm >= 1 && mm <= 12 && (new_style ? yy >= 7 : true))
            return std::to_string(new_style || yy < 91 ? 2000 + yy : 1900 + yy);
    }
    return year_of_date(paper.first_date());
}

std::vector<std::string> bibtex_keys(const std::vector<const Paper*>& papers) {
    std::vector<std::string> base;
    std::map<std::string, int> count;
    for (const Paper* p : papers) {
        base.push_back(key_surname(*p) + bibtex_year(*p) + title_key_word(p->title));
        ++count[base.back()];
    }
    std::set<std::string> used;
    for (const auto& [key, n] : count)
        if (n == 1) used.insert(key);
    std::map<std::string, std::size_t> next_suffix;
    std::vector<std::string> keys;
    for (const auto& key : base) {
        if (count[key] == 1) {
            keys.push_back(key);
            continue;
        }
        std::string candidate;
        do candidate = key + key_suffix(next_suffix[key]++);
        while (used.count(candidate) || count.count(candidate));
        used.insert(candidate);
        keys.push_back(candidate);
    }
    return keys;
}

void write_bibtex_entry(std::ostream& out, const Paper& p, std::string_view key) {
    bool article = !trim(p.journal_ref).empty();
    out << (article ? "@article{" : "@misc{") << key << ",\n";
    auto field = [&](std::string_view name, const std::string& value) {
        if (!value.empty()) out << "  " << name << " = {" << value << "},\n";
    };
    std::string title = escape_bibtex_text(p.title);
    // Double braces keep the title's capitalisation (acronyms, model names) as written.
    field("title", title.empty() ? "" : "{" + title + "}");
    std::vector<std::string> authors;
    for (const auto& a : p.authors)
        if (std::string name = bibtex_author(a); !name.empty()) authors.push_back(name);
    field("author", join(authors, " and "));
    if (article) field("journal", escape_bibtex_text(p.journal_ref));
    field("year", bibtex_year(p));
    field("eprint", bibtex_verbatim(p.id));
    field("archivePrefix", "arXiv");
    std::string primary =
        p.primary.empty() && !p.categories.empty() ? p.categories.front() : p.primary;
    field("primaryClass", escape_bibtex_text(primary));
    field("doi", bibtex_verbatim(p.doi));
    out << "  url = {" << bibtex_verbatim(abs_url(p)) << "}\n}\n";
}

}  // namespace digest
