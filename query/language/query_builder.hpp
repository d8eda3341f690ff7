// The query language compiled: a query is read once (tokens, then a tree: query_lexer.hpp,
// query_parser.hpp) and the tree becomes a Xapian::Query. Bare words search the field table's
// bare fields, `field:value` what the field's row says (field_queries.hpp for the fields that
// need more than a prefix); neighbouring words, hyphenated words and Chinese runs add an
// optional part that ranks papers holding them in a row first.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "language/query_lexer.hpp"
#include "language/query_limits.hpp"
#include "language/query_parser.hpp"

namespace digest {

// A query read once: its text, its tokens and its tree (which points into the tokens).
struct ParsedQuery {
    std::string text;
    std::vector<Token> tokens;
    QueryNode root;

    ParsedQuery() = default;
    ParsedQuery(ParsedQuery&&) = default;
    ParsedQuery& operator=(ParsedQuery&&) = default;
    ParsedQuery(const ParsedQuery&) = delete;
    ParsedQuery& operator=(const ParsedQuery&) = delete;

    bool empty() const { return tokens.empty(); }
    // Whether the query holds an operator (AND, OR, NOT, -word, +word, NEAR ...): it then says
    // itself what "every word" means, and is never relaxed.
    bool has_operators() const;
    // The bare words at the top of the query, when it has no operators.
    std::vector<const Token*> top_words() const;
};

// Reads a query: throws digest::Error (Error::in_query) for a mistake in it, and
// digest::Error (exit 2) for a query beyond the limits of its length, tokens or nesting.
ParsedQuery read_query(std::string_view query, const QueryLimits& limits = {});

class QueryBuilder {
  public:
    // `db` supplies the date terms for date ranges and the vocabulary for wildcards.
    explicit QueryBuilder(const Xapian::Database& db);

    // The Xapian query: bare words must all match, or with `any_word` the papers holding most
    // of them rank first. Throws digest::Error (Error::in_query) for a value a field cannot
    // take, at the field's column.
    // With `cjk_apart`, a Chinese run matches papers holding its characters anywhere, not
    // only in a row (the partial match when no paper holds it as written).
    Xapian::Query build(const ParsedQuery& query, bool any_word = false, bool cjk_apart = false);
    // Whether the query build() made last has weights to rank by: not when it holds only
    // filters (au:, cat:, date:), whose papers all weigh 0, nor when it matches nothing.
    bool ranks() const { return ranks_; }
    // Whether a bare word (or a field's words) of the query holds a run of two CJK characters
    // or more: the query then has a partial form (build(..., cjk_apart)).
    static bool has_cjk_run(const ParsedQuery& query);
    // read_query() and build() in one.
    Xapian::Query parse(std::string_view query, bool any_word = false);

    // The query of one bare word (the terms it stands for in every bare field).
    Xapian::Query word(const Token& token);

    // The query string after folding (case, accents, NFKC), operators kept.
    static std::string normalise(const ParsedQuery& query);

    // Weight of the optional phrase of two neighbouring bare words ("speech enhancement")
    // against the words' own weights; 0 turns it off. Measured by scripts/eval-ranking.
    static constexpr double kPairBoost = 2.0;
    void set_pair_boost(double weight) { pair_boost_ = weight; }

    // The text of a saved query by its name, or nothing: `query:NAME` stands for it.
    using SavedQueries = std::function<std::optional<std::string>(const std::string& name)>;
    void set_saved_queries(SavedQueries saved) { saved_ = std::move(saved); }

    // The limits of wildcards (how many, and the words each stands for: `x*` in a large
    // database stands for thousands), of words in a row and of the terms a query stands for
    // (query_limits.hpp; README, "Limits").
    void set_limits(const QueryLimits& limits) { limits_ = limits; }
    const QueryLimits& limits() const { return limits_; }

  private:
    class Compiler;
    Xapian::Database db_;
    QueryLimits limits_;
    double pair_boost_ = kPairBoost;
    SavedQueries saved_;
    bool ranks_ = false;
};

}  // namespace digest
