// --format brief: one line a paper (rank, id, date, score, title, authors) and its snippet,
// for reading in a terminal: matched words highlighted, lines cut to the terminal's width,
// every control character neutralised. The authors listing as text.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "digest/digest_writer.hpp"
#include "formats/writers.hpp"
#include "text/display_width.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

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

// Line breaks and tabs are spaces here; any other control character (an ESC in a title
// could drive the terminal, a bidi override reorder the line) is shown as its escape, `\x1b`
// or `\u202e`, whether colour is on or not; invalid UTF-8 becomes U+FFFD.
void append_cells(std::vector<Cell>& cells, std::string_view text, Style style) {
    std::size_t i = 0;
    while (i < text.size()) {
        char32_t c = next_codepoint(text, i);
        if (c == '\t' || c == '\n' || c == '\r') {
            c = ' ';
        } else if (is_terminal_control(c)) {
            for (char e : shown_control(c)) cells.push_back(Cell{std::string(1, e), 1, style});
            continue;
        }
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

// Text as a terminal shows it safely (what append_cells makes of it).
std::string terminal_text(std::string_view text) {
    std::vector<Cell> cells;
    append_cells(cells, text, Style::Plain);
    return render(cells.begin(), cells.end(), false);
}

std::string brief_authors(const std::vector<std::string>& authors) {
    constexpr std::size_t kShown = 3;
    std::string out;
    for (std::size_t i = 0; i < authors.size() && i < kShown; ++i)
        out += (i ? ", " : "") + one_line(authors[i]);
    if (authors.size() > kShown) out += " et al.";
    return out;
}

}  // namespace

void write_brief_results(std::ostream& out, const SearchResult& result,
                         const OutputOptions& options) {
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
        if (!hit.snippet_source.empty()) {
            // The words are in an earlier listing's text, not in the one shown.
            const std::string listed = source_date(hit.snippet_source);
            const std::string topic = source_topic(hit.snippet_source);
            append_cells(snippet,
                         "[earlier " + hit.snippet_field + ", " +
                             (listed.empty() ? topic : listed + " " + topic) + "] ",
                         Style::Meta);
        }
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

void write_authors_text(std::ostream& out, const AuthorLookupResult& r, const OutputOptions&) {
    for (const auto& a : r.authors) {
        out << terminal_safe(a.name, false) << " — "
            << counted(static_cast<std::size_t>(a.papers), "paper");
        if (!a.first_date.empty()) out << ", " << a.first_date << " .. " << a.last_date;
        out << "\n";
        if (!a.topics.empty()) {
            out << "    topics:     ";
            bool first = true;
            for (const auto& [t, n] : a.topics) {
                out << (first ? "" : ", ") << terminal_safe(t, false) << " " << n;
                first = false;
            }
            out << "\n";
        }
        if (a.variants.size() > 1) {
            out << "    written:    ";
            for (std::size_t i = 0; i < a.variants.size(); ++i)
                out << (i ? "; " : "") << terminal_safe(a.variants[i], false);
            out << "\n";
        }
        if (!a.coauthors.empty()) {
            out << "    co-authors: ";
            for (std::size_t i = 0; i < a.coauthors.size(); ++i)
                out << (i ? ", " : "") << terminal_safe(a.coauthors[i].name, false) << " ("
                    << a.coauthors[i].papers << ")";
            out << "\n";
        }
    }
    if (r.total > r.authors.size())
        out << "(" << r.total - r.authors.size() << " more; --limit shows more)\n";
}

void write_facet_rows(std::ostream& out, const std::vector<FacetResult>& facets,
                      const OutputOptions& options) {
    for (const auto& f : facets) {
        out << "\n" << f.name;
        if (f.values.size() < f.distinct)
            out << " (" << f.values.size() << " of " << f.distinct << ")";
        out << "\n";
        std::size_t name_width = 0;
        Xapian::doccount most = 1;
        for (const auto& v : f.values) {
            name_width = std::max(name_width, display_width(terminal_text(v.value)));
            most = std::max(most, v.count);
        }
        const int count_width = static_cast<int>(std::to_string(most).size());
        for (const auto& v : f.values) {
            std::string name = terminal_text(v.value);
            out << "  " << name << std::string(name_width - display_width(name) + 2, ' ');
            std::string n = std::to_string(v.count);
            out << std::string(static_cast<std::size_t>(count_width) - n.size(), ' ') << n;
            if (options.width > 0) {
                // A bar as long as the count, against the most frequent value's.
                const int room =
                    std::max(10, options.width - static_cast<int>(name_width) - count_width - 6);
                const auto cells = static_cast<std::size_t>(
                    std::lround(static_cast<double>(room) * v.count / static_cast<double>(most)));
                std::string bar;
                for (std::size_t i = 0; i < std::max<std::size_t>(cells, 1); ++i) bar += "█";
                out << "  " << (options.color ? "\x1b[2m" + bar + "\x1b[0m" : bar);
            }
            out << "\n";
        }
    }
}

void write_count_number(std::ostream& out, const SearchResult& result) {
    out << result.total << "\n";
}

}  // namespace digest
