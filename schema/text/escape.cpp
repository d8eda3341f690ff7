#include "text/escape.hpp"

#include <cstdio>

#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// Decodes the code point at text[i] and advances i; `invalid` tells a byte that is not part of
// valid UTF-8 from a literal U+FFFD.
char32_t next_char(std::string_view text, std::size_t& i, bool& invalid) {
    const std::size_t start = i;
    char32_t c = next_codepoint(text, i);
    invalid = c == 0xFFFD && !(i - start == 3 && static_cast<unsigned char>(text[start]) == 0xEF);
    return c;
}

}  // namespace

std::string csv_field(std::string_view field) {
    // A cell that begins with = + - @, a tab or a CR is a formula to a spreadsheet: it gets a
    // single quote before it, and quotes around it, as OWASP advises against CSV injection. A
    // cell that begins with a single quote gets one more, so that a reader who drops the first
    // character of every cell that begins with a single quote has the text back exactly.
    const bool formula = !field.empty() && std::string_view("=+-@\t\r'").find(field.front()) !=
                                               std::string_view::npos;
    if (!formula && field.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(field);
    std::string out = formula ? "\"'" : "\"";
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

void write_csv_field(std::ostream& out, std::string_view field) {
    out << csv_field(field);
}

bool is_terminal_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0x061C || c == 0x200E || c == 0x200F ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::string shown_control(char32_t c) {
    char buf[16];
    if (c < 0x20 || c == 0x7F)
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    else
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
    return buf;
}

std::string terminal_safe(std::string_view text, bool keep_line_breaks) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        bool invalid = false;
        char32_t c = next_char(text, i, invalid);
        if (invalid) {
            out += "\xef\xbf\xbd";
        } else if (c == '\t' || (keep_line_breaks && (c == '\n' || (c == '\r' && i < text.size() &&
                                                                    text[i] == '\n')))) {
            out += static_cast<char>(c);
        } else if (is_terminal_control(c)) {
            out += shown_control(c);
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    return out;
}

namespace {

// nlohmann escapes the C0 controls only; DEL, the C1 controls, the bidirectional controls and
// U+2028/U+2029 (line breaks to JavaScript) are written as \u escapes too, so that the text
// is safe on a terminal and still reads back exactly. Outside strings a dump is ASCII (line
// breaks of the indentation included), so every such character found is inside a string.
std::string with_controls_escaped(std::string text) {
    std::size_t i = 0;
    while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x7F) ++i;
    if (i == text.size()) return text;
    std::string out = text.substr(0, i);
    while (i < text.size()) {
        const std::size_t start = i;
        bool invalid = false;
        char32_t c = next_char(text, i, invalid);
        if (!invalid && c >= 0x7F && (is_terminal_control(c) || c == 0x2028 || c == 0x2029)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out.append(text, start, i - start);
        }
    }
    return out;
}

}  // namespace

std::string json_text(const nlohmann::ordered_json& document, int indent) {
    return with_controls_escaped(
        document.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

std::string json_text(const nlohmann::json& document, int indent) {
    return with_controls_escaped(
        document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string shell_quoted(std::string_view name) {
    if (name.empty()) return "''";
    bool plain = true, control = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7f) control = true;
        const bool safe =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c >= 0x80 ||
            std::string_view("._-+/:,@%=").find(static_cast<char>(c)) != std::string_view::npos;
        if (!safe) plain = false;
    }
    const bool valid = find_invalid_utf8(name) == std::string::npos;
    // C1 controls and bidirectional overrides are shown escaped too (as terminal_safe does).
    const std::string safe_text = valid ? terminal_safe(name, false) : std::string();
    if (valid && safe_text != name) control = true;
    if (plain && !control && valid) return std::string(name);
    if (!control && valid) {
        std::string out = "'";
        for (char c : name) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    }
    std::string out = "$'";
    static const char* hex = "0123456789abcdef";
    std::size_t i = 0;
    while (i < name.size()) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\r')
            out += "\\r";
        else if (c == 0x1b)
            out += "\\e";
        else if (c == '\'' || c == '\\')
            out += std::string("\\") + static_cast<char>(c);
        else if (c < 0x20 || c == 0x7f)
            out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
        else if (c < 0x80)
            out += static_cast<char>(c);
        else {
            // A whole valid code point that is not a control is kept; anything else is bytes.
            std::size_t len = (c & 0xe0) == 0xc0   ? 2
                              : (c & 0xf0) == 0xe0 ? 3
                              : (c & 0xf8) == 0xf0 ? 4
                                                   : 1;
            const std::string_view cp = name.substr(i, len);
            if (len > 1 && cp.size() == len && find_invalid_utf8(cp) == std::string::npos &&
                terminal_safe(cp, false) == cp) {
                out += cp;
                i += len;
                continue;
            }
            out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
        }
        ++i;
    }
    return out + "'";
}

std::string markup_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : terminal_safe(text, true)) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace digest
