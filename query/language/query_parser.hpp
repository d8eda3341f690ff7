// The grammar of the query language, over the tokens of query_lexer.hpp:
//
//   query    := sequence
//   sequence := item+                    items are ANDed (AND between them may be written)
//   item     := [NOT] alternatives       NOT: AND NOT (alone at the start: every paper but)
//   alternatives := unary ((OR | XOR) unary)*
//   unary    := (- | NOT) unary | + unary | primary
//   primary  := ( sequence ) | word [(NEAR | ADJ) word]* | "phrase" | field:value | field:(
//   sequence )
//
// OR binds its neighbours before AND, as on web search engines: `a b OR c` is `a (b OR c)`,
// and `"target speaker extraction" lightweight OR efficient` asks for the phrase and either
// word.
#pragma once

#include <string>
#include <vector>

#include "language/query_lexer.hpp"

namespace digest {

struct QueryNode {
    enum Kind {
        And,   // children all hold (negated children: none of them)
        Or,    // any child holds
        Xor,   // an odd number of children hold
        Not,   // the child does not hold (within an And: AND NOT)
        Near,  // words within `distance` of each other (ordered: ADJ)
        Leaf,  // a word, a phrase or a field
    };
    Kind kind = Leaf;
    std::vector<QueryNode> children;
    const Token* token = nullptr;  // Leaf
    const Field* scope = nullptr;  // bare words of a field's group search that field (ti:(a b))
    bool required = false;         // +word
    unsigned distance = 0;         // Near
    bool ordered = false;          // Near: ADJ
};

// Parses the tokens of `query` (they must outlive the tree). Throws digest::Error
// (Error::in_query) for an operator without an operand, an unclosed or unmatched bracket, and
// for groups nested more than `max_nesting` deep (brackets, field groups and NOT, - or +
// before an operand each add a level): the parser and the compiler recurse once per level,
// and Xapian's matcher once per nested operator.
QueryNode parse_tokens(const std::vector<Token>& tokens, std::string_view query,
                       unsigned max_nesting = 32);

// The tree as brackets and operators, for --explain: `speech AND (enhancement OR separation)`.
std::string describe(const QueryNode& node);

}  // namespace digest
