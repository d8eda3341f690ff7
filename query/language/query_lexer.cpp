#include "language/query_lexer.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "fields/paper.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

bool is_blank(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;  // ideographic space
}

// Ends a word: a blank, a bracket or a quote.
bool ends_word(char32_t c) {
    return is_blank(c) || c == '(' || c == ')' || c == '"';
}

bool ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The field name or alias a mistyped name is one or two edits away from ("autor" -> "author"),
// or "".
std::string nearest_field_name(std::string_view name) {
    if (name.size() < 3) return {};
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        for (auto n : std::array<std::string_view, 3>{f.name, f.alias[0], f.alias[1]})
            if (n.size() >= 2 && edit_distance(name, n) <= (n.size() <= 4 ? 1u : 2u))
                return std::string(n);
    }
    return {};
}

std::string field_names() {
    std::string out;
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        out += out.empty() ? "" : ", ";
        out += std::string(f.name) + ":";
    }
    return out;
}

// An operator word as typed (upper case only: `or` is a word), with NEAR/n and ADJ/n.
bool operator_word(std::string_view w, TokenKind& kind, unsigned& distance) {
    auto slash = w.find('/');
    std::string_view head = w.substr(0, slash);
    distance = 0;
    if (slash != std::string_view::npos) {
        std::string_view n = w.substr(slash + 1);
        if (n.empty() || n.size() > 3 ||
            !std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        if (head != "NEAR" && head != "ADJ") return false;
        distance = static_cast<unsigned>(std::stoi(std::string(n)));
    }
    if (head == "AND")
        kind = TokenKind::And;
    else if (head == "OR")
        kind = TokenKind::Or;
    else if (head == "NOT")
        kind = TokenKind::Not;
    else if (head == "XOR")
        kind = TokenKind::Xor;
    else if (head == "NEAR")
        kind = TokenKind::Near;
    else if (head == "ADJ")
        kind = TokenKind::Adj;
    else
        return false;
    return true;
}

class Lexer {
  public:
    explicit Lexer(std::string_view q) : q_(q) {}

    std::vector<Token> run() {
        while (skip_blanks()) {
            const std::size_t start = i_, start_col = col_;
            char32_t c = peek();
            if (c == '(' || c == ')') {
                advance();
                push(c == '(' ? TokenKind::Open : TokenKind::Close, start, start_col);
            } else if (c == '"') {
                std::string text = quoted(start_col);
                Token t = make(TokenKind::Phrase, start, start_col);
                t.text = text;
                t.folded = fold(text);
                if (!trim(text).empty()) out_.push_back(std::move(t));
            } else if ((c == '-' || c == '+') && i_ + 1 < q_.size() && !ends_word(peek(1)) &&
                       peek(1) != '-' && peek(1) != '+') {
                advance();
                push(c == '-' ? TokenKind::Minus : TokenKind::Plus, start, start_col);
            } else {
                word(start, start_col);
            }
        }
        return std::move(out_);
    }

  private:
    char32_t peek(std::size_t ahead = 0) const {
        std::size_t i = i_;
        char32_t c = 0;
        for (std::size_t k = 0; k <= ahead && i < q_.size(); ++k) c = next_codepoint(q_, i);
        return c;
    }
    char32_t advance() {
        ++col_;
        return next_codepoint(q_, i_);
    }
    bool skip_blanks() {
        while (i_ < q_.size() && is_blank(peek())) advance();
        return i_ < q_.size();
    }
    Token make(TokenKind kind, std::size_t start, std::size_t start_col) const {
        Token t{};
        t.kind = kind;
        t.column = start_col;
        t.width = col_ - start_col;
        (void)start;
        return t;
    }
    void push(TokenKind kind, std::size_t start, std::size_t start_col) {
        out_.push_back(make(kind, start, start_col));
    }
    [[noreturn]] void error(std::string message, std::size_t column, std::string hint = {}) {
        throw Error::in_query(std::move(message), std::string(q_), column, std::move(hint));
    }

    // The text of a phrase; i_ is at its opening quote.
    std::string quoted(std::size_t quote_col) {
        advance();
        const std::size_t begin = i_;
        while (i_ < q_.size() && peek() != '"') advance();
        if (i_ >= q_.size()) error("unclosed quote", quote_col);
        std::string text(q_.substr(begin, i_ - begin));
        advance();  // the closing quote
        return text;
    }

    // A word, a field with its value, or an operator.
    void word(std::size_t start, std::size_t start_col) {
        std::size_t colon = std::string_view::npos;
        std::size_t colon_col = 0;
        while (i_ < q_.size() && !ends_word(peek())) {
            if (peek() == ':' && colon == std::string_view::npos) {
                colon = i_;
                colon_col = col_;
            }
            advance();
        }
        std::string_view raw = q_.substr(start, i_ - start);
        TokenKind op;
        unsigned distance;
        if (operator_word(raw, op, distance)) {
            Token t = make(op, start, start_col);
            t.distance = distance;
            out_.push_back(std::move(t));
            return;
        }
        std::string id;
        if (pasted_arxiv_id(raw, id)) {  // 2510.18744, arXiv:2510.18744, an arxiv.org link
            Token t = make(TokenKind::Field, start, start_col);
            t.field = &field(FieldId::Id);
            t.field_name = "id";
            t.text = std::string(raw);
            t.folded = id;
            out_.push_back(std::move(t));
            return;
        }
        if (colon != std::string_view::npos && colon > start &&
            std::all_of(q_.begin() + static_cast<std::ptrdiff_t>(start),
                        q_.begin() + static_cast<std::ptrdiff_t>(colon),
                        [](char c) { return ascii_letter(c) || c == '-' || c == '_'; }) &&
            ascii_letter(q_[start])) {
            std::string_view name = q_.substr(start, colon - start);
            if (field_value(name, start, start_col, colon, colon_col)) return;
        }
        Token t = make(TokenKind::Word, start, start_col);
        std::string_view text = raw;
        while (!text.empty() && text.back() == '*') {
            text.remove_suffix(1);
            t.wildcard = true;
        }
        if (text.empty()) return;  // a lone `*`
        t.text = std::string(text);
        t.folded = fold(text);
        out_.push_back(std::move(t));
    }

    // `name:` at [start, colon): a field and its value, or false when it is a word after all
    // (Re:Invent, a pasted title "AudioGAN: A Compact ...", a URL).
    bool field_value(std::string_view name, std::size_t start, std::size_t start_col,
                     std::size_t colon, std::size_t colon_col) {
        const std::string lower = fold(name);
        const Field* f = find_field(lower);
        // What follows the colon: the word read so far ends at i_.
        const bool at_end = colon + 1 >= q_.size();
        const char after = at_end ? ' ' : q_[colon + 1];
        const bool value_follows = !at_end && after != ' ' && after != ')' && after != '\t';
        const bool quote_follows = after == '"' && colon + 1 == i_;
        const bool group_follows = after == '(' && colon + 1 == i_;
        if (!f) {
            if (after == '/') return false;  // a URL
            if (value_follows && !nearest_field_name(lower).empty())
                error(
                    "unknown field `" + std::string(name) + ":`", start_col,
                    "did you mean " + nearest_field_name(lower) + ":? fields are " + field_names());
            return false;
        }
        if (!value_follows)
            error("field `" + std::string(name) + ":` has no value", start_col,
                  "e.g. " + std::string(f->example));
        Token t = make(TokenKind::Field, start, start_col);
        t.field = f;
        t.field_name = std::string(name);
        if (quote_follows) {
            t.quoted = true;
            t.text = quoted(colon_col + 1);
        } else if (group_follows) {
            t.group = true;  // the Open token comes next
        } else {
            t.text = std::string(q_.substr(colon + 1, i_ - colon - 1));
        }
        t.folded = fold(t.text);
        t.width = col_ - start_col;
        out_.push_back(std::move(t));
        return true;
    }

    std::string_view q_;
    std::size_t i_ = 0, col_ = 0;
    std::vector<Token> out_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view query) {
    return Lexer(query).run();
}

std::string describe(const Token& t) {
    switch (t.kind) {
        case TokenKind::Word:
            return t.folded + (t.wildcard ? "*" : "");
        case TokenKind::Phrase:
            return "\"" + t.folded + "\"";
        case TokenKind::Field:
            if (t.group) return std::string(t.field->name) + ":";
            return std::string(t.field->name) + ":" +
                   (t.quoted ? "\"" + t.folded + "\"" : t.folded);
        case TokenKind::And:
            return "AND";
        case TokenKind::Or:
            return "OR";
        case TokenKind::Not:
            return "NOT";
        case TokenKind::Xor:
            return "XOR";
        case TokenKind::Near:
            return t.distance ? "NEAR/" + std::to_string(t.distance) : "NEAR";
        case TokenKind::Adj:
            return t.distance ? "ADJ/" + std::to_string(t.distance) : "ADJ";
        case TokenKind::Open:
            return "(";
        case TokenKind::Close:
            return ")";
        case TokenKind::Minus:
            return "-";
        case TokenKind::Plus:
            return "+";
    }
    return {};
}

bool pasted_arxiv_id(std::string_view text, std::string& id) {
    std::string_view s = text;
    auto strip = [&](std::string_view prefix) {
        if (s.size() > prefix.size() && fold(s.substr(0, prefix.size())) == prefix) {
            s.remove_prefix(prefix.size());
            return true;
        }
        return false;
    };
    strip("https://");
    strip("http://");
    strip("www.");
    bool link =
        strip("arxiv.org/abs/") || strip("arxiv.org/pdf/") || strip("export.arxiv.org/abs/");
    if (!link) strip("arxiv:");
    while (!s.empty() && (s.back() == '/' || s.back() == '.' || s.back() == ','))
        s.remove_suffix(1);
    if (link && s.ends_with(".pdf")) s.remove_suffix(4);
    std::string canonical = canonical_id(s);
    if (canonical.empty()) return false;
    // A bare 2024.1234 is a number, not an id: an id's first four digits are a year and month.
    if (!link && canonical.find('/') == std::string::npos) {
        int month = (canonical[2] - '0') * 10 + (canonical[3] - '0');
        if (month < 1 || month > 12) return false;
    }
    id = canonical;
    return true;
}

}  // namespace digest
