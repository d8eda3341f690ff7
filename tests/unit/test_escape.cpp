// The escapers, each on its own: hostile strings (quotes, separators, line breaks, control
// characters and escape sequences, bidirectional controls, invalid UTF-8, braces, LaTeX) in,
// text a parser reads back exactly out, and nothing that drives a terminal.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "formats/bibtex_escape.hpp"
#include "formats/writers.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"

using namespace digest;

namespace {

// Random strings made of the characters escapers must handle.
std::vector<std::string> hostile_strings(std::size_t n, unsigned seed) {
    static const std::vector<std::string> pieces{"\"",       ",",
                                                 "\r",       "\n",
                                                 "\r\n",     "\t",
                                                 "\\",       "{",
                                                 "}",        "$",
                                                 "%",        "&",
                                                 "#",        "_",
                                                 "~",        "^",
                                                 "\x1b[31m", "\x1b]52;c;aGk=\x07",
                                                 "\x7f",     "\xc2\x85",
                                                 "\u202e",   "=",
                                                 "+",        "-",
                                                 "@",        "'",
                                                 "a",        "Z",
                                                 "0",        " ",
                                                 "语音",     "Işık",
                                                 "\\\\",     "\"\"",
                                                 ",,",       "$$",
                                                 "\\$",      "&#177;",
                                                 "\x1b",     "\x1b]8;;http://evil.example/\x1b\\",
                                                 "\xc2\x9b", "\u2066",
                                                 "\xff",     "\xc3",
                                                 "\x00",     "&amp;",
                                                 "&#x24;",   "\\%",
                                                 "\\{",      "\\}",
                                                 " and ",    "AND",
                                                 "\\alpha",  "\u2028"};
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        std::string s;
        std::size_t len = rng() % 12;
        for (std::size_t k = 0; k < len; ++k) {
            const std::string& piece = pieces[rng() % pieces.size()];
            s += piece.empty() ? std::string(1, '\0') : piece;
        }
        out.push_back(std::move(s));
    }
    return out;
}

// The string with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t start = i;
        char32_t c = next_codepoint(s, i);
        if (c == 0xFFFD)
            out += "\xef\xbf\xbd";
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

// No byte, code point or sequence that a terminal acts on (but line feeds and tabs).
bool terminal_inert(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        char32_t c = next_codepoint(s, i);
        if (c == '\n' || c == '\t') continue;
        if (c == '\r' && i < s.size() && s[i] == '\n') continue;
        if (is_terminal_control(c)) return false;
    }
    return true;
}

// An RFC 4180 reader of one field, independent of the writer; it drops the single quote that
// guards a cell against formula injection (README, "csv").
std::string read_csv_field(const std::string& text) {
    std::string out;
    if (text.empty() || text.front() != '"') {
        out = text;
    } else {
        for (std::size_t i = 1; i + 1 < text.size(); ++i) {
            if (text[i] == '"') ++i;  // "" is one quote
            out += text[i];
        }
    }
    if (!out.empty() && out.front() == '\'') out.erase(0, 1);
    return out;
}

// --- BibTeX: the documented reading (README, "bibtex") ------------------------------------

// What a BibTeX parser that decodes LaTeX reads from a field's value: the text commands and
// escapes the escaper writes become their characters, braces are groups, `$...$` math is
// kept as written (it is LaTeX source), and runs of blanks are one space.
std::string latex_read(std::string_view v) {
    static const std::map<std::string, std::string> kCommands{{"textbackslash", "\\"},
                                                              {"textasciitilde", "~"},
                                                              {"textasciicircum", "^"},
                                                              {"textbraceleft", "{"},
                                                              {"textbraceright", "}"}};
    std::string out;
    std::size_t i = 0;
    while (i < v.size()) {
        char c = v[i];
        if (c == '$') {
            std::string_view delim = v.compare(i, 2, "$$") == 0 ? "$$" : "$";
            std::size_t k = i + delim.size();
            while (k < v.size() && v.compare(k, delim.size(), delim) != 0)
                k += v[k] == '\\' ? 2 : 1;
            k = std::min(k + delim.size(), v.size());
            out.append(v.substr(i, k - i));
            i = k;
            continue;
        }
        if (c == '\\' && i + 1 < v.size()) {
            std::size_t j = i + 1;
            while (j < v.size() && std::isalpha(static_cast<unsigned char>(v[j]))) ++j;
            if (j > i + 1) {
                auto it = kCommands.find(std::string(v.substr(i + 1, j - i - 1)));
                if (it != kCommands.end() && v.compare(j, 2, "{}") == 0) {
                    out += it->second;
                    i = j + 2;
                } else {
                    out.append(v.substr(i, j - i));  // a command it does not know: as written
                    i = j;
                }
                continue;
            }
            if (std::string_view("%$&#_{}").find(v[i + 1]) != std::string_view::npos)
                out += v[i + 1];
            else
                out.append(v.substr(i, 2));  // \\ and the like: as written
            i += 2;
            continue;
        }
        if (c != '{' && c != '}') out += c;  // braces are groups
        ++i;
    }
    std::string collapsed;
    for (char ch : out) {
        if (ch == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
        collapsed += ch;
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

// The text a field given `raw` reads back as, by the README's rules: blanks and control
// characters are one space (trimmed), invalid UTF-8 is U+FFFD, HTML entities are their
// character, and LaTeX already in the text is read as LaTeX: \% \$ \& \# \_ \{ \} are the
// character, a pair of braces is a group, `$...$` math keeps its commands.
std::string bibtex_reading(std::string_view raw) {
    std::string s;
    for (std::size_t i = 0; i < raw.size();) {
        std::size_t start = i;
        char32_t c = next_codepoint(raw, i);
        if (c <= 0x20 || (c >= 0x7F && c < 0xA0)) {
            if (!s.empty() && s.back() != ' ') s += ' ';
        } else if (c == 0xFFFD) {
            s += "\xef\xbf\xbd";
        } else {
            s.append(raw.substr(start, i - start));
        }
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    // HTML entities, one pass.
    std::string t;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '&') {
            auto semi = s.find(';', i);
            if (semi != std::string::npos && semi - i <= 10) {
                std::string name = s.substr(i + 1, semi - i - 1);
                static const std::map<std::string, char32_t> kNamed{{"amp", '&'},   {"lt", '<'},
                                                                    {"gt", '>'},    {"quot", '"'},
                                                                    {"apos", '\''}, {"nbsp", 0xA0}};
                char32_t c = 0;
                if (name.size() > 1 && name[0] == '#') {
                    bool hex = name[1] == 'x' || name[1] == 'X';
                    std::string digits = name.substr(hex ? 2 : 1);
                    bool ok = !digits.empty() &&
                              digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                           : "0123456789") == std::string::npos &&
                              digits.size() <= 7;
                    if (ok) c = static_cast<char32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
                    if (c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ||
                        (c >= 0x7F && c < 0xA0))
                        c = 0;
                } else if (auto it = kNamed.find(name); it != kNamed.end()) {
                    c = it->second;
                }
                if (c) {
                    append_utf8(t, c);
                    i = semi + 1;
                    continue;
                }
            }
        }
        t += s[i++];
    }
    // Segments: text, and `$...$` / `$$...$$` math (a `$` after a backslash closes nothing).
    auto find_close = [&](std::string_view delim, std::size_t from) {
        for (std::size_t k = from; k < t.size(); ++k) {
            if (t[k] == '\\') {
                ++k;
                continue;
            }
            if (t.compare(k, delim.size(), delim) == 0) return k;
        }
        return std::string::npos;
    };
    // In text a backslash escapes only % $ & # _ { } (else it is a character of its own).
    auto escape_at = [](std::string_view seg, std::size_t k) {
        return seg[k] == '\\' && k + 1 < seg.size() &&
               std::string_view("%$&#_{}").find(seg[k + 1]) != std::string_view::npos;
    };
    std::string out;
    // Text reads as its characters: escapes are the character, a pair of braces is a group.
    auto read_text = [&](std::string_view seg) {
        std::vector<char> group(seg.size(), 0);
        std::vector<std::size_t> open;
        for (std::size_t k = 0; k < seg.size(); ++k) {
            if (escape_at(seg, k)) {
                ++k;
                continue;
            }
            if (seg[k] == '{') open.push_back(k);
            if (seg[k] == '}' && !open.empty()) {
                group[open.back()] = group[k] = 1;
                open.pop_back();
            }
        }
        for (std::size_t k = 0; k < seg.size(); ++k) {
            if (seg[k] == '\\' && k + 1 < seg.size() &&
                std::string_view("%$&#_{}").find(seg[k + 1]) != std::string_view::npos) {
                out += seg[++k];
                continue;
            }
            if (!group[k]) out += seg[k];
        }
    };
    // Math is LaTeX source, kept as written but for a bare % # & (escaped) and a brace
    // without its pair (\lbrace{}, \rbrace{}; raw and escaped braces pair separately).
    auto read_math = [&](std::string_view seg) {
        std::vector<char> paired(seg.size(), 0);
        std::vector<std::size_t> open_raw, open_escaped;
        for (std::size_t k = 0; k < seg.size(); ++k) {
            bool escaped = seg[k] == '\\' && k + 1 < seg.size();
            char c = escaped ? seg[k + 1] : seg[k];
            auto& open = escaped ? open_escaped : open_raw;
            if (c == '{') open.push_back(k);
            if (c == '}' && !open.empty()) {
                paired[open.back()] = paired[k] = 1;
                open.pop_back();
            }
            if (escaped) ++k;
        }
        for (std::size_t k = 0; k < seg.size(); ++k) {
            bool escaped = seg[k] == '\\' && k + 1 < seg.size();
            char c = escaped ? seg[k + 1] : seg[k];
            if ((c == '{' || c == '}') && !paired[k]) {
                out += c == '{' ? "\\lbrace{}" : "\\rbrace{}";
            } else if (escaped) {
                out.append(seg.substr(k, 2));
            } else if (c == '%' || c == '#' || c == '&') {
                out += '\\';
                out += c;
            } else {
                out += c;
            }
            if (escaped) ++k;
        }
    };
    std::size_t i = 0, text_start = 0;
    while (i < t.size()) {
        if (escape_at(t, i)) {
            i += 2;
            continue;
        }
        if (t[i] == '$') {
            std::string_view delim = t.compare(i, 2, "$$") == 0 ? "$$" : "$";
            std::size_t close = find_close(delim, i + delim.size());
            if (close != std::string::npos && close > i + delim.size()) {
                read_text(std::string_view(t).substr(text_start, i - text_start));
                out += delim;
                read_math(std::string_view(t).substr(i + delim.size(), close - i - delim.size()));
                out += delim;
                i = text_start = close + delim.size();
                continue;
            }
        }
        ++i;
    }
    read_text(std::string_view(t).substr(std::min(text_start, t.size())));
    std::string collapsed;
    for (char ch : out) {
        if (ch == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
        collapsed += ch;
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

// The fields of one BibTeX entry as a parser reads them: name -> raw value between the
// outer braces (braces counted, escaped or not, as BibTeX counts them).
std::map<std::string, std::string> bibtex_fields(const std::string& entry) {
    std::map<std::string, std::string> fields;
    std::size_t i = entry.find(',');
    while (i != std::string::npos) {
        std::size_t eq = entry.find(" = {", i);
        if (eq == std::string::npos) break;
        std::string name = entry.substr(entry.find_first_not_of(",\n ", i),
                                        eq - entry.find_first_not_of(",\n ", i));
        std::size_t k = eq + 4;
        int depth = 1;
        std::size_t start = k;
        for (; k < entry.size() && depth > 0; ++k) {
            if (entry[k] == '{') ++depth;
            if (entry[k] == '}') --depth;
        }
        fields[name] = entry.substr(start, k - 1 - start);
        i = entry.find(',', k);
    }
    return fields;
}

// BibTeX's split of an author list: " and " (any case) outside braces.
std::vector<std::string> bibtex_names(const std::string& value) {
    std::vector<std::string> names;
    std::string current;
    int depth = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (c == '{') ++depth;
        if (c == '}') --depth;
        if (depth == 0 && c == ' ' && i + 5 <= value.size() &&
            fold(value.substr(i, 5)) == " and ") {
            names.push_back(current);
            current.clear();
            i += 4;
            continue;
        }
        current += c;
    }
    names.push_back(current);
    return names;
}

}  // namespace

TEST_CASE("escape: CSV fields read back exactly", "[escape]") {
    for (const auto& s : hostile_strings(1000, 1)) {
        INFO(s);
        std::string field = csv_field(s);
        CHECK(read_csv_field(field) == s);
        // Unquoted only when nothing in it could end or split the field.
        if (field.empty() || field.front() != '"')
            CHECK(s.find_first_of(",\"\r\n") == std::string::npos);
        // No cell begins with what a spreadsheet takes for a formula (OWASP: = + - @ tab CR).
        std::string cell = field.empty() || field.front() != '"' ? field : field.substr(1);
        CHECK((cell.empty() ||
               std::string_view("=+-@\t\r").find(cell.front()) == std::string_view::npos));
    }
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(csv_field("-1+2") == "\"'-1+2\"");
    CHECK(csv_field("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(csv_field("\tx") == "\"'\tx\"");
    CHECK(csv_field("'quoted") == "\"''quoted\"");
    CHECK(csv_field("a-b") == "a-b");
}

TEST_CASE("escape: JSON text reads back exactly and drives no terminal", "[escape]") {
    for (const auto& s : hostile_strings(1000, 2)) {
        INFO(s);
        nlohmann::ordered_json doc;
        doc["s"] = s;
        std::string text = json_text(doc, -1);
        CHECK(text.find('\n') == std::string::npos);  // one line, whatever the string holds
        CHECK(nlohmann::json::parse(text)["s"] == valid_utf8(s));
        CHECK(terminal_inert(text));
        nlohmann::json plain;
        plain["s"] = s;
        CHECK(nlohmann::json::parse(json_text(plain, 2))["s"] == valid_utf8(s));
        CHECK(terminal_inert(json_text(plain, 2)));
    }
    // Invalid UTF-8 becomes U+FFFD instead of aborting the output.
    nlohmann::ordered_json bad;
    bad["s"] = std::string(
        "a\xff"
        "b");
    CHECK(nlohmann::json::parse(json_text(bad, -1))["s"] ==
          "a\xef\xbf\xbd"
          "b");
    nlohmann::ordered_json controls;
    controls["s"] = "\x1b[2J\xc2\x9b\u202e\x7f\u2028";
    CHECK(json_text(controls, -1) == R"({"s":"\u001b[2J\u009b\u202e\u007f\u2028"})");
}

TEST_CASE("escape: BibTeX text keeps its braces balanced", "[escape][bibtex]") {
    for (const auto& s : hostile_strings(1000, 3)) {
        INFO(s);
        std::string t = escape_bibtex_text(s);
        int depth = 0;
        bool ok = true;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\\') {
                ++i;  // an escaped character does not count
                continue;
            }
            if (t[i] == '{') ++depth;
            if (t[i] == '}' && --depth < 0) ok = false;
        }
        CHECK(ok);
        CHECK(depth == 0);
        CHECK(t.find_first_of("\r\n") == std::string::npos);  // one line in the .bib file
        for (std::size_t i = 0; i < t.size(); ++i)            // no unescaped % (a TeX comment)
            if (t[i] == '%') CHECK((i > 0 && t[i - 1] == '\\'));
    }
}

TEST_CASE("escape: BibTeX text reads back as documented", "[escape][bibtex]") {
    for (const auto& s : hostile_strings(1000, 4)) {
        INFO(s);
        CHECK(latex_read(escape_bibtex_text(s)) == bibtex_reading(s));
    }
    // The rules, one by one.
    CHECK(bibtex_reading("a \x1b[31m  b\n") == "a [31m b");
    CHECK(latex_read(escape_bibtex_text("50% of {x} & \\% $\\mathcal{O}(n) 5%$ \\ ~^_#")) ==
          "50% of x & % $\\mathcal{O}(n) 5\\%$ \\ ~^_#");
    CHECK(latex_read(escape_bibtex_text("}{ &#177; &amp;")) == "}{ \xc2\xb1 &");
}

TEST_CASE("escape: a BibTeX entry of hostile papers reads back as documented", "[escape][bibtex]") {
    const auto strings = hostile_strings(3000, 5);
    for (std::size_t i = 0; i + 2 < strings.size(); i += 3) {
        Paper p;
        p.id = "2512.22166";
        p.title = strings[i];
        p.authors = {strings[i + 1], "Jane " + strings[i + 2], strings[i + 2] + " and x"};
        p.journal_ref = "J. " + strings[i + 1];
        std::ostringstream out;
        write_bibtex_entry(out, p, "key");
        INFO(out.str());
        auto fields = bibtex_fields(out.str());
        CHECK(latex_read(fields["title"]) == bibtex_reading(p.title));
        CHECK(latex_read(fields["journal"]) == bibtex_reading(p.journal_ref));
        std::vector<std::string> expected, got;
        for (const auto& a : p.authors)
            if (!escape_bibtex_text(a).empty()) expected.push_back(bibtex_reading(a));
        if (fields.count("author"))
            for (const auto& name : bibtex_names(fields["author"])) got.push_back(latex_read(name));
        CHECK(got == expected);
        // No control character is left in the file but bidirectional ones (text of
        // right-to-left scripts), which only a terminal shows neutralised.
        std::string text = out.str();
        std::size_t k = 0;
        while (k < text.size()) {
            char32_t c = next_codepoint(text, k);
            if (c != '\n') CHECK((c >= 0x20 && (c < 0x7F || c >= 0xA0)));
        }
    }
}

TEST_CASE("escape: text for a terminal drives nothing", "[escape][terminal]") {
    for (const auto& s : hostile_strings(1000, 6)) {
        INFO(s);
        std::string t = terminal_safe(s);
        CHECK(terminal_inert(t));
        CHECK(find_invalid_utf8(t) == std::string::npos);
        CHECK(terminal_inert(terminal_safe(s, false)));
        CHECK(terminal_safe(s, false).find_first_of("\r\n") == std::string::npos);
    }
    CHECK(terminal_safe("a\x1b[31mred\x1b[0m") == "a\\x1b[31mred\\x1b[0m");
    CHECK(terminal_safe("osc \x1b]52;c;aGk=\x07") == "osc \\x1b]52;c;aGk=\\x07");
    CHECK(terminal_safe("c1 \xc2\x9b"
                        "2J bidi \u202e! bad \xff") ==
          "c1 \\u009b2J bidi \\u202e! bad \xef\xbf\xbd");
    CHECK(terminal_safe("lines\r\nkept\n\ttab\rcr") == "lines\r\nkept\n\ttab\\x0dcr");
    CHECK(terminal_safe("a\nb", false) == "a\\x0ab");
    CHECK(terminal_safe("语音 Işık") == "语音 Işık");
}
