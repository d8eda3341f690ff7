#include "formats/bibtex_escape.hpp"

#include <map>
#include <vector>

#include "text/text_normalizer.hpp"

namespace digest {

namespace {

bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}

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

// TeX has no control characters: C0, DEL and C1 controls are blanks, as line breaks and tabs
// are, and BibTeX collapses a run of blanks into one space anyway. Invalid UTF-8 becomes U+FFFD.
std::string bibtex_clean_spaces(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        char32_t c = next_codepoint(text, i);
        bool space = c <= 0x20 || (c >= 0x7F && c < 0xA0);
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else if (c == 0xFFFD) {
            append_utf8(out, c);  // an invalid byte, or U+FFFD itself
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

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

}  // namespace digest
