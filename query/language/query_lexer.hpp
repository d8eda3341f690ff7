// The query language, read once: a query string becomes a list of tokens (words, phrases,
// fields with their values, operators, brackets), each with the column it starts at. The
// syntax check, the parser, the word pairs, the relaxed form and --explain all work on these
// tokens; nothing reads the query string again.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_table.hpp"

namespace digest {

enum class TokenKind {
    Word,    // a bare word: speaker, zero-shot, 语音识别, verif*
    Phrase,  // "a phrase"
    Field,   // name:value, name:"a phrase", name:( ... ) (then Open follows)
    And,
    Or,
    Not,
    Xor,
    Near,   // NEAR, NEAR/n: words within n of each other
    Adj,    // ADJ, ADJ/n: the same, in order
    Open,   // (
    Close,  // )
    Minus,  // -word
    Plus,   // +word
};

struct Token {
    TokenKind kind;
    std::string text;              // as typed: the word, the phrase's words, the field's value
    std::string folded;            // folded (case, accents, NFKC) for Word, Phrase and Field
    const Field* field = nullptr;  // Field: its row
    std::string field_name;        // Field: the name as typed (au, title)
    bool quoted = false;           // Field: the value was in quotes
    bool group = false;            // Field: the value is the bracketed group that follows
    bool wildcard = false;         // Word: ended in `*` (not part of text and folded)
    unsigned distance = 0;         // Near, Adj: the n of NEAR/n (0: the default)
    std::size_t column = 0;        // code points from the start of the query
    std::size_t width = 0;         // code points the token spans
};

// Reads a query into tokens. Throws digest::Error (Error::in_query) for what cannot be read:
// an unclosed quote, a field without a value, a mistyped field name (autor:povey).
std::vector<Token> tokenize(std::string_view query);

// The token as it reads in a query (for --explain and messages).
std::string describe(const Token& token);

// True for a string arXiv would take for an id: 2510.18744, 2510.18744v2, arXiv:2510.18744,
// https://arxiv.org/abs/2510.18744, quant-ph/0201082. Sets `id` (no version) when true.
bool pasted_arxiv_id(std::string_view text, std::string& id);

}  // namespace digest
