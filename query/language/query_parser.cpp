#include "language/query_parser.hpp"

#include "core/error.hpp"

namespace digest {

namespace {

class Parser {
  public:
    Parser(const std::vector<Token>& tokens, std::string_view query, unsigned max_nesting)
        : t_(tokens), query_(query), max_nesting_(max_nesting) {}

    QueryNode run() {
        if (t_.empty()) return QueryNode{QueryNode::And, {}, nullptr};
        QueryNode root = sequence(nullptr);
        if (pos_ < t_.size()) {
            // Only a `)` stops a sequence early.
            error("`)` without a matching `(`", t_[pos_]);
        }
        return root;
    }

  private:
    [[noreturn]] void error(std::string message, const Token& at, std::string hint = {}) {
        throw Error::in_query(std::move(message), std::string(query_), at.column, std::move(hint));
    }
    const Token* peek() const { return pos_ < t_.size() ? &t_[pos_] : nullptr; }
    bool at(TokenKind k) const { return pos_ < t_.size() && t_[pos_].kind == k; }
    bool binary(TokenKind k) const {
        return k == TokenKind::And || k == TokenKind::Or || k == TokenKind::Xor ||
               k == TokenKind::Near || k == TokenKind::Adj;
    }
    // One level deeper, at the token that opens it (a bracket, a field group, NOT, - or +).
    struct Level {
        Parser& p;
        Level(Parser& parser, const Token& at) : p(parser) {
            if (++p.depth_ > p.max_nesting_)
                p.error("the query nests more than " + std::to_string(p.max_nesting_) +
                            " levels deep (brackets, field groups, NOT, - and +)",
                        at,
                        "write it flatter; the limit is nesting:" + std::to_string(p.max_nesting_) +
                            " (--query-limit)");
        }
        ~Level() { --p.depth_; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;
    };

    // Where an operand is missing: the operator's own column.
    [[noreturn]] void missing_operand(const Token& op) {
        error("operator " + describe(op) + " without an operand", op);
    }

    QueryNode sequence(const Field* scope) {
        QueryNode node{QueryNode::And, {}, nullptr};
        node.scope = scope;
        const Token* previous_and = nullptr;
        while (pos_ < t_.size() && !at(TokenKind::Close)) {
            const Token& tok = t_[pos_];
            if (tok.kind == TokenKind::And) {
                if (node.children.empty() || previous_and) missing_operand(tok);
                previous_and = &tok;
                ++pos_;
                continue;
            }
            if (binary(tok.kind)) missing_operand(tok);  // OR, NEAR with nothing before
            previous_and = nullptr;
            if (tok.kind == TokenKind::Not) {
                ++pos_;
                if (pos_ >= t_.size() || at(TokenKind::Close) || binary(peek()->kind))
                    missing_operand(tok);
                QueryNode negated{QueryNode::Not, {}, nullptr};
                Level level(*this, tok);
                negated.children.push_back(alternatives(scope));
                node.children.push_back(std::move(negated));
                continue;
            }
            node.children.push_back(alternatives(scope));
        }
        if (previous_and) missing_operand(*previous_and);
        return node;
    }

    QueryNode alternatives(const Field* scope) {
        QueryNode first = unary(scope);
        if (!at(TokenKind::Or) && !at(TokenKind::Xor)) return first;
        const TokenKind op = peek()->kind;
        QueryNode node{op == TokenKind::Or ? QueryNode::Or : QueryNode::Xor, {}, nullptr};
        node.children.push_back(std::move(first));
        while (at(op)) {
            const Token& tok = t_[pos_++];
            if (pos_ >= t_.size() || at(TokenKind::Close) || binary(peek()->kind))
                missing_operand(tok);
            node.children.push_back(unary(scope));
        }
        if (at(TokenKind::Or) || at(TokenKind::Xor))
            error("OR and XOR mixed without brackets", *peek(), "write (a OR b) XOR c");
        return node;
    }

    QueryNode unary(const Field* scope) {
        const Token& tok = t_[pos_];
        if (tok.kind == TokenKind::Minus || tok.kind == TokenKind::Not ||
            tok.kind == TokenKind::Plus) {
            ++pos_;
            if (pos_ >= t_.size() || at(TokenKind::Close) || binary(peek()->kind))
                missing_operand(tok);
            Level level(*this, tok);
            QueryNode operand = unary(scope);
            if (tok.kind == TokenKind::Plus) {
                operand.required = true;
                return operand;
            }
            QueryNode negated{QueryNode::Not, {}, nullptr};
            negated.children.push_back(std::move(operand));
            return negated;
        }
        return primary(scope);
    }

    QueryNode primary(const Field* scope) {
        const Token& tok = t_[pos_++];
        switch (tok.kind) {
            case TokenKind::Open: {
                if (at(TokenKind::Close)) error("empty brackets", tok);
                Level level(*this, tok);
                QueryNode inner = sequence(scope);
                if (!at(TokenKind::Close)) error("unclosed `(`", tok);
                ++pos_;
                return inner;
            }
            case TokenKind::Field:
                if (tok.group) {
                    if (!at(TokenKind::Open)) error("unclosed `(`", tok);
                    const Token& open = t_[pos_++];
                    if (at(TokenKind::Close)) error("empty brackets", open);
                    Level level(*this, tok);
                    QueryNode inner = sequence(tok.field);
                    if (!at(TokenKind::Close)) error("unclosed `(`", open);
                    ++pos_;
                    return inner;
                }
                return leaf(tok, scope);
            case TokenKind::Word:
                if (at(TokenKind::Near) || at(TokenKind::Adj)) return near(tok, scope);
                return leaf(tok, scope);
            case TokenKind::Phrase:
                return leaf(tok, scope);
            case TokenKind::Close:
                error("`)` without a matching `(`", tok);
            default:
                missing_operand(tok);
        }
    }

    QueryNode leaf(const Token& tok, const Field* scope) {
        QueryNode node{QueryNode::Leaf, {}, &tok};
        node.scope = scope;
        return node;
    }

    // word NEAR word [NEAR word ...]: the words within the distance of each other.
    QueryNode near(const Token& first, const Field* scope) {
        QueryNode node{QueryNode::Near, {}, nullptr};
        node.scope = scope;
        node.children.push_back(leaf(first, scope));
        const Token& op = *peek();
        node.ordered = op.kind == TokenKind::Adj;
        node.distance = op.distance ? op.distance : 10;
        while (at(op.kind)) {
            const Token& this_op = t_[pos_++];
            if (this_op.distance != op.distance) error("NEAR and ADJ distances differ", this_op);
            if (!at(TokenKind::Word) || t_[pos_].wildcard)
                error(describe(this_op) + " joins words", this_op,
                      "e.g. speaker NEAR/3 diarization");
            node.children.push_back(leaf(t_[pos_++], scope));
        }
        return node;
    }

    const std::vector<Token>& t_;
    std::string_view query_;
    unsigned max_nesting_;
    unsigned depth_ = 0;
    std::size_t pos_ = 0;
};

}  // namespace

QueryNode parse_tokens(const std::vector<Token>& tokens, std::string_view query,
                       unsigned max_nesting) {
    return Parser(tokens, query, max_nesting).run();
}

std::string describe(const QueryNode& node) {
    auto inner = [](const QueryNode& child) {
        std::string d = describe(child);
        bool bracket = (child.kind == QueryNode::And && child.children.size() > 1) ||
                       child.kind == QueryNode::Or || child.kind == QueryNode::Xor;
        return bracket ? "(" + d + ")" : d;
    };
    std::string out;
    switch (node.kind) {
        case QueryNode::Leaf:
            out = describe(*node.token);
            if (node.scope && node.token->kind != TokenKind::Field)
                out = std::string(node.scope->name) + ":" + out;
            break;
        case QueryNode::Not:
            out = "NOT " + inner(node.children.front());
            break;
        case QueryNode::Near:
            for (std::size_t i = 0; i < node.children.size(); ++i)
                out +=
                    (i ? (node.ordered ? " ADJ/" : " NEAR/") + std::to_string(node.distance) + " "
                       : "") +
                    describe(node.children[i]);
            break;
        case QueryNode::And:
        case QueryNode::Or:
        case QueryNode::Xor: {
            if (node.children.size() == 1) {
                out = describe(node.children.front());
                break;
            }
            const char* op = node.kind == QueryNode::And  ? " AND "
                             : node.kind == QueryNode::Or ? " OR "
                                                          : " XOR ";
            for (std::size_t i = 0; i < node.children.size(); ++i)
                out += (i ? op : "") + inner(node.children[i]);
            break;
        }
    }
    return (node.required ? "+" : "") + out;
}

}  // namespace digest
