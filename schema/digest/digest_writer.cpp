#include "digest/digest_writer.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "digest/digest_format.hpp"
#include "digest/digest_parser.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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
        return std::string(kNewSection);
    return a->section;
}

// The parser reads a `- **简介:` field up to the first line ending in `**`, trims every line
// and ends the field early at a structural line (`#...`, `- **`, `> **`, `---`). A summary is
// written so that it reads back the same; the rare one that cannot be (a line inside it ends
// in `**`, or is `---`) is joined onto one line rather than spill into the next field.
void write_digest_summary(std::ostream& out, std::string_view summary) {
    const std::string_view label = digest_field(DigestField::Summary).label;
    // A CR is a line break too (to Markdown, if not to the reader): a CR LF or a lone CR ends
    // a line here, so that no text after one can pass for a heading in any viewer.
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= summary.size()) {
        auto nl = summary.find_first_of("\r\n", start);
        if (nl == std::string_view::npos) nl = summary.size();
        lines.push_back(trim(summary.substr(start, nl - start)));
        start = nl + (summary.compare(nl, 2, "\r\n") == 0 ? 2 : 1);
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
        out << "- **" << label << ": " << lines.front() << "\n";
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
            out << "- **" << label << ":** " << text << "\n";  // label-only bold keeps a leading **
        else
            out << "- **" << label << ": " << text << "**\n";
    }
    out << "\n";
}

// The paper's own link when it names this paper on arXiv (as the reader will take it) and
// holds nothing that would end the Markdown link or the line, else its abs page.
std::string digest_link(const Paper& p) {
    if (!p.links.empty()) {
        std::string url = link_url(p.links.front());
        bool usable = url.find("arxiv.org/") != std::string::npos &&
                      arxiv_id_from_link(url).first == p.id &&
                      std::none_of(url.begin(), url.end(), [](char c) {
                          return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F ||
                                 std::string_view("()[]*<>").find(c) != std::string_view::npos;
                      });
        if (usable) return url;
    }
    std::string url = abs_url(p);
    if (p.version > 0) url += "v" + std::to_string(p.version);
    return url;
}

void write_quote_field(std::ostream& out, DigestField field, std::string_view value) {
    const std::string_view label = digest_field(field).label;
    std::string text = one_line(value);
    out << "> **" << label << ":**" << (text.empty() ? "" : " ") << text << "\n>\n";
}

}  // namespace

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

void write_digest_header(std::ostream& out, std::string_view query, std::size_t total,
                         std::size_t first, std::size_t shown) {
    std::string q = one_line(query);
    out << "# " << kSearchTitle << " " << (q.empty() ? "" : q + " ") << "(" << total << " "
        << kCountWord;
    if (shown > 0) out << ", " << first << "–" << first + shown - 1;
    out << ")\n\n";
}

void write_digest_entry(std::ostream& out, const Paper& p, int rank) {
    char number[16];
    std::snprintf(number, sizeof number, "%03d", std::max(rank, 0));
    out << "#### [" << entry_section(p) << " " << number << "] " << one_line(p.title) << "\n";

    std::vector<std::string> codes;
    for (const auto& c : p.categories) codes.push_back(one_line(c));
    for (const auto& c : p.classes) codes.push_back(one_line(c));
    if (!codes.empty())
        out << "- **" << digest_field(DigestField::Categories).label << ": " << join(codes, "; ")
            << "**\n\n";
    write_digest_summary(out, p.summary);
    std::string link = digest_link(p);
    out << "- **" << digest_field(DigestField::Link).label << ": [" << link << "](" << link
        << ")**\n\n";

    std::vector<std::string> authors;
    for (const auto& a : p.authors) authors.push_back(one_line(a));
    write_quote_field(out, DigestField::Authors, join(authors, "; "));
    if (!one_line(p.comments).empty()) write_quote_field(out, DigestField::Comments, p.comments);
    write_quote_field(out, DigestField::Abstract, p.abstract);
    out << "---\n";
}

}  // namespace digest
