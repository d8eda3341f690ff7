#include "digest/digest_parser.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>

#include "digest/digest_format.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> split_list(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        auto item = trim(s.substr(start, end - start));
        if (!item.empty()) out.emplace_back(item);
        start = end + 1;
    }
    return out;
}

// Splits "NAME: rest" or "NAME：rest" (ASCII or full-width colon). Returns false if the
// label has no colon within a short distance.
bool split_label(std::string_view s, std::string_view& name, std::string_view& rest) {
    std::size_t limit = std::min<std::size_t>(s.size(), 40);
    for (std::size_t i = 0; i < limit; ++i) {
        if (s[i] == ':') {
            name = s.substr(0, i);
            rest = s.substr(i + 1);
            return true;
        }
        if (s.substr(i, kFullWidthColon.size()) == kFullWidthColon) {
            name = s.substr(0, i);
            rest = s.substr(i + kFullWidthColon.size());
            return true;
        }
    }
    return false;
}

// A field of an entry: one of the format's fields (digest_format.hpp), in their order, or
// none or an unknown label.
enum class Slot { Categories, Summary, Link, Authors, Comments, Abstract, None, Unknown };
static_assert(static_cast<int>(Slot::Abstract) == static_cast<int>(DigestField::Abstract));

Slot slot_of(std::string_view label) {
    const DigestFieldRow* row = digest_field_labelled(trim(label));
    return row ? static_cast<Slot>(row->field) : Slot::Unknown;
}

struct EntryState {
    bool open = false;
    bool bad = false;  // skip with the warnings already given
    bool terminated = false;
    int line = 0;       // line of the heading
    std::string label;  // "[new 001]" for messages
    std::string section;
    int number = 0;
    std::string title;
    std::string categories_text;
    std::string summary;
    std::string link;
    std::string authors_text;
    std::string comments;
    std::string abstract;
    bool has_abstract = false;
    bool has_summary = false;
};

class Parser {
  public:
    Parser(std::string_view content, const DigestSource& source)
        : content_(content), source_(source) {}

    ParsedDigest run();

  private:
    void warn(int line, std::string msg) {
        out_.diagnostics.push_back({source_.name, line, Severity::Warning, std::move(msg)});
    }
    void error(int line, std::string msg) {
        out_.diagnostics.push_back({source_.name, line, Severity::Error, std::move(msg)});
    }
    void entry_warn(int line, const std::string& msg) {
        warn(line, "entry " + entry_.label + ": " + msg);
    }

    void handle_line(std::string_view line, int lineno);
    void handle_bullet(std::string_view body, int lineno);
    void handle_quote(std::string_view body, int lineno);
    void start_entry(std::string_view line, int lineno);
    void finish_entry(bool at_eof);
    void close_pending(int lineno, bool forced);
    void append_to(Slot slot, std::string_view text, const char* joiner);
    std::string* field_text(Slot slot);

    std::string_view content_;
    const DigestSource& source_;
    ParsedDigest out_;
    EntryState entry_;
    std::string current_section_;  // from `## ` headings
    Slot pending_ = Slot::None;    // a `- **` field whose closing ** is still to come
    int pending_line_ = 0;
    Slot last_quote_ = Slot::None;  // `> **` field that following `> ` lines continue
    int new_seen_ = 0;
    int replaced_seen_ = 0;
    int header_count_line_new_ = 0;
    int header_count_line_replaced_ = 0;
    bool seen_header_ = false;
};

std::string* Parser::field_text(Slot slot) {
    switch (slot) {
        case Slot::Categories:
            return &entry_.categories_text;
        case Slot::Summary:
            return &entry_.summary;
        case Slot::Link:
            return &entry_.link;
        case Slot::Authors:
            return &entry_.authors_text;
        case Slot::Comments:
            return &entry_.comments;
        case Slot::Abstract:
            return &entry_.abstract;
        default:
            return nullptr;
    }
}

void Parser::append_to(Slot slot, std::string_view text, const char* joiner) {
    std::string* dst = field_text(slot);
    if (!dst) return;
    if (!dst->empty() && !text.empty()) *dst += joiner;
    *dst += text;
}

void Parser::close_pending(int lineno, bool forced) {
    if (pending_ == Slot::None) return;
    if (std::string* dst = field_text(pending_))
        while (!dst->empty() && (dst->back() == '\n' || dst->back() == ' ')) dst->pop_back();
    if (forced && entry_.open)
        entry_warn(pending_line_,
                   "field is not closed with ** (ends at line " + std::to_string(lineno) + ")");
    pending_ = Slot::None;
}

void Parser::start_entry(std::string_view line, int lineno) {
    entry_ = EntryState{};
    entry_.open = true;
    entry_.line = lineno;
    ++out_.headings;
    std::string_view rest = trim(line.substr(4));  // after "####"
    // Expected: [new 001] Title ; the title itself may start with brackets ([b]=[d]-[t]+[p]: ...).
    bool ok = false;
    if (rest.starts_with("[")) {
        auto close = rest.find(']');
        if (close != std::string_view::npos) {
            std::string_view tag = rest.substr(1, close - 1);
            auto space = tag.find(' ');
            if (space != std::string_view::npos) {
                std::string_view word = trim(tag.substr(0, space));
                std::string_view num = trim(tag.substr(space + 1));
                if (!word.empty() && all_digits(num) && num.size() < 9 &&
                    std::all_of(word.begin(), word.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                    })) {
                    entry_.section = fold(word);
                    entry_.number = std::stoi(std::string(num));
                    entry_.title = std::string(trim(rest.substr(close + 1)));
                    entry_.label = "[" + std::string(word) + " " + std::string(num) + "]";
                    ok = true;
                }
            }
        }
    }
    if (!ok) {
        entry_.section = current_section_;
        entry_.title = std::string(rest);
        entry_.label = "at line " + std::to_string(lineno);
        warn(lineno, "entry heading is not of the form `#### [new 001] Title`");
    }
    if (entry_.section == kNewSection) ++new_seen_;
    if (entry_.section == kReplacedSection) ++replaced_seen_;
}

void Parser::finish_entry(bool at_eof) {
    if (!entry_.open) return;
    close_pending(entry_.line, false);
    last_quote_ = Slot::None;
    EntryState e = std::move(entry_);
    entry_ = EntryState{};
    if (e.bad) return;  // already reported
    if (at_eof && !e.terminated && !e.has_abstract) {
        warn(e.line,
             "entry " + e.label + " is cut off at the end of the file (truncated?); entry skipped");
        return;
    }
    if (e.title.empty()) {
        warn(e.line, "entry " + e.label + " has no title; entry skipped");
        return;
    }
    auto [id, version] = arxiv_id_from_link(e.link);
    if (id.empty()) {
        warn(e.line, "entry " + e.label +
                         (e.link.empty() ? " has no link and no arXiv id"
                                         : " has no arXiv id in its link `" + e.link + "`") +
                         "; entry skipped");
        return;
    }
    if (e.authors_text.empty()) warn(e.line, "entry " + e.label + " has no authors");
    if (!e.has_abstract) warn(e.line, "entry " + e.label + " has no abstract");

    Paper p;
    p.id = std::move(id);
    p.version = version;
    p.title = std::move(e.title);
    p.authors = split_list(e.authors_text, ';');
    p.abstract = std::move(e.abstract);
    p.summary = std::move(e.summary);
    p.comments = std::move(e.comments);
    // 分类 may mix arXiv categories with MSC/ACM classes and free text (variant 8). MSC codes
    // come as a comma-separated list (`68T07, 92C50; I.2.7`): each is a class of its own, or
    // `class:68T07` could never match.
    for (const auto& item : split_list(e.categories_text, ';')) {
        for (auto& code : split_list(item, ',')) {
            if (looks_like_category(code))
                p.categories.push_back(std::move(code));
            else
                p.classes.push_back(std::move(code));
        }
    }
    if (!p.categories.empty()) p.primary = p.categories.front();
    // The link is listed as Markdown, `[URL](URL)`: keep the URL, which is what a reader (and
    // the arXiv feeds merged later) calls the link.
    if (!e.link.empty()) p.links.emplace_back(link_url(e.link));
    Appearance a;
    a.date = out_.date;
    a.topic = out_.topic;
    a.section = e.section.empty() ? current_section_ : e.section;
    a.number = e.number;
    a.version = version;
    p.text_source = source_key(a);
    p.appearances.push_back(std::move(a));
    out_.entries.push_back(std::move(p));
}

void Parser::handle_bullet(std::string_view body, int lineno) {
    // body: what follows "- **"
    if (!entry_.open) {
        // Header counts: - **最新发布 13 篇** / - **更新 9 篇**
        std::string_view t = trim(body);
        if (t.ends_with("**")) t = trim(t.substr(0, t.size() - 2));
        for (auto [label, target, where] :
             {std::tuple{kNewSectionTitle, &out_.header.announced_new, &header_count_line_new_},
              std::tuple{kReplacedSectionTitle, &out_.header.announced_replaced,
                         &header_count_line_replaced_}}) {
            if (t.starts_with(label)) {
                std::string_view n = trim(t.substr(label.size()));
                auto sp = n.find(' ');
                std::string_view digits = sp == std::string_view::npos ? n : n.substr(0, sp);
                if (all_digits(digits) && digits.size() < 9) {
                    *target = std::stoi(std::string(digits));
                    *where = lineno;
                    return;
                }
            }
        }
        warn(lineno, "unexpected line before the first entry, ignored");
        return;
    }
    std::string_view name, rest;
    if (!split_label(body, name, rest)) {
        entry_warn(lineno, "unrecognised line, ignored");
        return;
    }
    Slot slot = slot_of(name);
    if (slot == Slot::Unknown) {
        entry_warn(lineno, "unknown field `" + std::string(trim(name)) + "`, ignored");
        return;
    }
    std::string_view value = rest;
    bool closed = false;
    if (trim(value).starts_with("**")) {
        // Label-only bold: - **分类:** cs.SD
        value = trim(trim(value).substr(2));
        closed = true;
    } else {
        value = trim(value);
        if (value.ends_with("**")) {
            value = trim(value.substr(0, value.size() - 2));
            closed = true;
        }
    }
    if (slot == Slot::Summary) entry_.has_summary = true;
    std::string* dst = field_text(slot);
    if (dst && !dst->empty())
        entry_warn(lineno,
                   "field `" + std::string(trim(name)) + "` repeated; the last one is kept");
    if (dst) dst->clear();
    append_to(slot, value, "");
    if (!closed) {
        pending_ = slot;
        pending_line_ = lineno;
    }
}

void Parser::handle_quote(std::string_view body, int lineno) {
    // body: what follows "> **"
    std::string_view name, rest;
    if (!split_label(body, name, rest)) {
        entry_warn(lineno, "unrecognised line, ignored");
        return;
    }
    Slot slot = slot_of(name);
    if (slot == Slot::Unknown) {
        entry_warn(lineno, "unknown field `" + std::string(trim(name)) + "`, ignored");
        last_quote_ = Slot::None;
        return;
    }
    std::string_view value = trim(rest);
    if (value.starts_with("**")) {
        value = trim(value.substr(2));  // > **作者:** A; B
    } else if (value.ends_with("**")) {
        value = trim(value.substr(0, value.size() - 2));  // > **作者: A; B**
    }
    std::string* dst = field_text(slot);
    if (dst && !dst->empty())
        entry_warn(lineno,
                   "field `" + std::string(trim(name)) + "` repeated; the last one is kept");
    if (dst) dst->clear();
    append_to(slot, value, "");
    if (slot == Slot::Abstract) entry_.has_abstract = true;
    last_quote_ = slot;
}

void Parser::handle_line(std::string_view raw, int lineno) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);

    // Structural lines end whatever field is pending.
    bool structural =
        line.starts_with("#") || t == "---" || line.starts_with("- **") || line.starts_with("> **");

    if (pending_ != Slot::None) {
        if (!structural) {
            // Continuation: 分类 wraps onto an indented line (variant 8); a 简介 may run over
            // several lines, blank ones included (variant 9).
            const char* joiner = pending_ == Slot::Categories ? " " : "\n";
            std::string_view piece = t;
            if (trim(piece).ends_with("**")) {
                std::string_view v = trim(piece);
                append_to(pending_, trim(v.substr(0, v.size() - 2)), joiner);
                pending_ = Slot::None;
            } else {
                std::string* dst = field_text(pending_);
                if (dst) {
                    *dst += joiner;
                    *dst += piece;
                }
            }
            return;
        }
        close_pending(lineno, true);
    }

    if (line.starts_with("#### ")) {
        finish_entry(false);
        start_entry(line, lineno);
        return;
    }
    if (line.starts_with("## ")) {
        finish_entry(false);
        std::string_view name = trim(line.substr(3));
        if (name == kNewSectionTitle)
            current_section_ = kNewSection;
        else if (name == kReplacedSectionTitle)
            current_section_ = kReplacedSection;
        else
            warn(lineno, "unknown section `" + std::string(name) + "`");
        return;
    }
    if (line.starts_with("# ")) {
        finish_entry(false);
        if (seen_header_) {
            warn(lineno, "second digest header, ignored");
            return;
        }
        seen_header_ = true;
        // # 音频 cs.SD;  eess.AS
        std::string title;
        for (auto& word : split_list(line.substr(2), ' ')) {
            std::string w = word;
            while (!w.empty() && (w.back() == ';' || w.back() == ',')) w.pop_back();
            if (looks_like_category(w))
                out_.header.categories.push_back(w);
            else if (!w.empty())
                title += (title.empty() ? "" : " ") + w;
        }
        out_.header.title = title;
        return;
    }
    if (t == "---") {
        if (entry_.open) {
            entry_.terminated = true;
            finish_entry(false);
        }
        return;
    }
    if (line.starts_with("- **")) {
        handle_bullet(line.substr(4), lineno);
        return;
    }
    if (!entry_.open) {
        if (!t.empty()) warn(lineno, "unexpected line outside an entry, ignored");
        return;
    }
    if (line.starts_with("> **")) {
        handle_quote(line.substr(4), lineno);
        return;
    }
    if (t == ">" || t.empty()) {
        if (t == ">") last_quote_ = Slot::None;
        return;
    }
    if (line.starts_with(">") && last_quote_ != Slot::None) {
        append_to(last_quote_, trim(line.substr(1)), " ");
        return;
    }
    entry_warn(lineno, "unrecognised line, ignored");
}

ParsedDigest Parser::run() {
    out_.date = source_.date;
    out_.topic = source_.topic;
    // A UTF-8 byte order mark (editors on Windows write one) would hide the `# ` of the header.
    if (content_.starts_with("\xEF\xBB\xBF")) content_.remove_prefix(3);

    if (trim(content_).empty() || content_.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        warn(0, "empty file: no entries");
        return std::move(out_);
    }
    // A binary file: NUL bytes in the first line, or NUL bytes together with invalid UTF-8 near
    // the start. A digest damaged in one place has one or the other (a few NULs in one entry
    // of a small file, which only spoil that entry); a binary format has both.
    std::string_view head = content_.substr(0, 8192);
    if (head.size() < content_.size()) {
        // Do not count a character cut by the 8 KiB boundary as invalid UTF-8.
        auto nl = head.rfind('\n');
        if (nl != std::string_view::npos) head = head.substr(0, nl + 1);
    }
    std::size_t first_nul = head.find('\0');
    if (first_nul != std::string_view::npos &&
        (first_nul < head.find('\n') || find_invalid_utf8(head) != std::string_view::npos)) {
        error(0, "binary data (NUL bytes), not a digest; skipped");
        out_.rejected = true;
        return std::move(out_);
    }

    bool all_valid = find_invalid_utf8(content_) == std::string_view::npos &&
                     content_.find('\0') == std::string_view::npos;

    // First pass over the header lines for the topic, if the source has none.
    std::size_t pos = 0;
    int lineno = 0;
    bool topic_from_header = out_.topic.empty();
    while (pos < content_.size()) {
        std::size_t nl = content_.find('\n', pos);
        std::size_t end = nl == std::string_view::npos ? content_.size() : nl;
        std::string_view line = content_.substr(pos, end - pos);
        pos = end + 1;
        ++lineno;
        if (line.size() > kMaxLineBytes) {
            std::string what = "line is " + std::to_string(line.size()) + " bytes long (limit " +
                               std::to_string(kMaxLineBytes >> 20) + " MiB)";
            if (entry_.open && !entry_.bad) {
                entry_warn(lineno, what + "; entry skipped");
                entry_.bad = true;
            } else if (!entry_.open) {
                warn(lineno, what + "; line skipped");
            }
            continue;
        }
        if (!all_valid) {
            std::size_t bad = find_invalid_utf8(line);
            std::size_t nul = line.find('\0');
            if (bad != std::string_view::npos || nul != std::string_view::npos) {
                std::string what =
                    nul != std::string_view::npos && (bad == std::string_view::npos || nul < bad)
                        ? "NUL byte at column " + std::to_string(nul + 1)
                        : "invalid UTF-8 at column " + std::to_string(bad + 1);
                if (line.starts_with("#### ")) {
                    finish_entry(false);
                    start_entry(line, lineno);
                }
                if (entry_.open && !entry_.bad) {
                    entry_warn(lineno, what + "; entry skipped");
                    entry_.bad = true;
                } else if (!entry_.open) {
                    warn(lineno, what + "; line skipped");
                }
                continue;
            }
        }
        if (entry_.bad && !line.starts_with("#") && trim(line) != "---") continue;
        handle_line(line, lineno);
        if (topic_from_header && !out_.header.title.empty() && out_.topic.empty())
            out_.topic = topic_from_title(out_.header.title);
    }
    bool ends_with_newline = !content_.empty() && content_.back() == '\n';
    if (entry_.open && !ends_with_newline && !entry_.terminated && !entry_.bad) {
        // Cut mid-line: whatever the last field holds is incomplete.
        warn(entry_.line, "entry " + entry_.label +
                              " is cut off at the end of the file (truncated?); entry skipped");
        entry_ = EntryState{};
    }
    if (pending_ != Slot::None) close_pending(lineno, true);
    finish_entry(true);

    if (out_.headings == 0) warn(0, "no digest entries found (is this a digest?)");
    if (out_.header.announced_new >= 0 && out_.header.announced_new != new_seen_)
        warn(header_count_line_new_,
             "header announces " + std::to_string(out_.header.announced_new) +
                 " new entries but the file has " + std::to_string(new_seen_));
    if (out_.header.announced_replaced >= 0 && out_.header.announced_replaced != replaced_seen_)
        warn(header_count_line_replaced_,
             "header announces " + std::to_string(out_.header.announced_replaced) +
                 " replaced entries but the file has " + std::to_string(replaced_seen_));
    if (out_.topic.empty() && !out_.entries.empty()) {
        warn(0, "no topic (name the file after it, or pass --topic); using `misc`");
        out_.topic = "misc";
        for (auto& p : out_.entries) {
            p.appearances.front().topic = "misc";
            p.text_source = source_key(p.appearances.front());
        }
    }
    if (out_.date.empty() && !out_.entries.empty())
        warn(0,
             "no date for this digest (name its folder YYYYMMDD or pass --date); its "
             "papers are indexed undated");
    return std::move(out_);
}

std::string format_ymd(int y, int m, int d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

// 20251230, 20251230_Tue, 2025-12-30 -> 2025-12-30
std::string date_of_component(std::string_view c) {
    if (c.size() >= 8 && all_digits(c.substr(0, 8)) &&
        (c.size() == 8 || (c.size() == 12 && c[8] == '_'))) {
        int y = std::stoi(std::string(c.substr(0, 4)));
        int m = std::stoi(std::string(c.substr(4, 2)));
        int d = std::stoi(std::string(c.substr(6, 2)));
        if (valid_ymd(y, m, d)) return format_ymd(y, m, d);
    }
    if (c.size() == 10 && c[4] == '-' && c[7] == '-' && all_digits(c.substr(0, 4)) &&
        all_digits(c.substr(5, 2)) && all_digits(c.substr(8, 2))) {
        int y = std::stoi(std::string(c.substr(0, 4)));
        int m = std::stoi(std::string(c.substr(5, 2)));
        int d = std::stoi(std::string(c.substr(8, 2)));
        if (valid_ymd(y, m, d)) return format_ymd(y, m, d);
    }
    return {};
}

}  // namespace

int ParsedDigest::warnings() const {
    return static_cast<int>(
        std::count_if(diagnostics.begin(), diagnostics.end(),
                      [](const Diagnostic& d) { return d.severity == Severity::Warning; }));
}

int ParsedDigest::errors() const {
    return static_cast<int>(diagnostics.size()) - warnings();
}

ParsedDigest parse_digest(std::string_view content, const DigestSource& source) {
    return Parser(content, source).run();
}

std::string normalise_date(std::string_view text) {
    return date_of_component(trim(text));
}

namespace {

// A date inside a file stem, set off from the rest by `-`, `_`, `.` or a space:
// `2026-01-07-audio`, `audio_20260107`. Returns the date and where it stands in the stem.
struct EmbeddedDate {
    std::string date;
    std::size_t pos = 0, size = 0;
};

EmbeddedDate embedded_date(std::string_view stem) {
    auto separator = [](char c) { return c == '-' || c == '_' || c == '.' || c == ' '; };
    for (std::size_t i = 0; i < stem.size(); ++i) {
        if (i > 0 && !separator(stem[i - 1])) continue;
        for (std::size_t len : {std::size_t{10}, std::size_t{8}}) {
            if (i + len > stem.size() || (i + len < stem.size() && !separator(stem[i + len])))
                continue;
            std::string d = date_of_component(stem.substr(i, len));
            if (!d.empty()) return {d, i, len};
        }
    }
    return {};
}

std::string_view file_stem(std::string_view path) {
    path = path.substr(0, path.find_first_of("?#"));  // a URL's query string or fragment
    auto slash = path.rfind('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    auto dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(0, dot);
}

}  // namespace

std::string date_from_path(std::string_view path) {
    // Strip a query string or fragment of a URL.
    path = path.substr(0, path.find_first_of("?#"));
    std::string found;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view comp = path.substr(start, end - start);
        if (end == path.size()) {
            comp = file_stem(comp);
            if (auto d = date_of_component(comp); !d.empty())
                found = d;
            else if (auto e = embedded_date(comp); !e.date.empty())
                found = e.date;  // 2026-01-07-audio.md
        } else if (auto d = date_of_component(comp); !d.empty()) {
            found = d;
        }
        start = end + 1;
    }
    return found;
}

std::string topic_from_path(std::string_view path) {
    std::string_view stem = file_stem(path);
    std::string rest;
    if (auto e = embedded_date(stem); !e.date.empty()) {
        // 2026-01-07-audio -> audio; audio_20260107 -> audio
        rest = std::string(stem.substr(0, e.pos)) + std::string(stem.substr(e.pos + e.size));
        auto sep = [](char c) { return c == '-' || c == '_' || c == '.' || c == ' '; };
        while (!rest.empty() && sep(rest.front())) rest.erase(rest.begin());
        while (!rest.empty() && sep(rest.back())) rest.pop_back();
        if (auto dow = rest.find_first_of("-_"); dow != std::string::npos) {
            // 20251230_Tue_audio: a weekday is not part of the topic
            static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu",
                                                                   "fri", "sat", "sun"};
            std::string head = fold(rest.substr(0, dow));
            if (std::find(kDays.begin(), kDays.end(), head) != kDays.end()) rest.erase(0, dow + 1);
        }
        stem = rest;
    }
    if (stem.empty() || stem.size() > 40) return {};
    bool word = std::all_of(stem.begin(), stem.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    });
    return word ? fold(stem) : std::string();
}

std::string topic_from_title(std::string_view title) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kTopics{{
        {"音频", "audio"},
        {"自然语言处理", "text"},
        {"计算机视觉", "video"},
        {"机器人", "robotics"},
        {"计算机与社会", "society"},
    }};
    title = trim(title);
    for (auto [zh, topic] : kTopics)
        if (title == zh) return std::string(topic);
    // One word, as `topic:` takes it: "机器 学习" -> "机器-学习"
    std::string topic = fold(title);
    std::replace(topic.begin(), topic.end(), ' ', '-');
    return topic;
}

std::pair<std::string, int> arxiv_id_from_link(std::string_view url) {
    const std::string target = link_url(url);
    std::string_view u = target;
    auto host = u.find("arxiv.org/");
    std::string_view rest;
    if (host != std::string_view::npos) {
        rest = u.substr(host + 10);
        for (std::string_view kind : {"pdf/", "abs/", "html/", "format/"}) {
            if (rest.starts_with(kind)) {
                rest = rest.substr(kind.size());
                break;
            }
        }
    } else {
        rest = u;  // a bare id
    }
    rest = rest.substr(0, rest.find_first_of("?# "));
    if (rest.ends_with(".pdf")) rest.remove_suffix(4);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    auto [id, version] = split_version(rest);
    if (!looks_like_arxiv_id(id)) return {{}, 0};
    return {id, version};
}

}  // namespace digest
