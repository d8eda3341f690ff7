// What one query may ask of the machine (README, "Limits"). A query beyond a limit of its
// text (length, tokens, nesting, phrase length, wildcards) is refused before anything is
// searched, with a message naming the limit (exit 2); a match that runs past the time limit
// stops counting and its results are printed as partial (the total an estimate). Every front
// end (the command line, `serve`, `review`) gives the session the same limits: the defaults,
// then $DIGEST_QUERY_LIMITS, then --query-limit, each a list such as `time:0.5,nesting:20`.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/bounded_read.hpp"

namespace digest {

struct QueryLimits {
    std::size_t bytes = kMaxQueryBytes;  // bytes: the query, all its words together
    std::size_t tokens = 1000;           // tokens: words, phrases, fields, operators, brackets
    unsigned nesting = 32;               // nesting: levels of brackets, field groups, NOT, -, +
    unsigned phrase = 32;                // phrase: words that must stand in a row (a phrase, a
                                         // Chinese run's characters, a NEAR or ADJ chain)
    std::size_t terms = 2000;            // terms: index terms the query stands for (a word is one
                                         // in each field it searches)
    unsigned wildcards = 16;             // wildcards: word* in one query
    unsigned prefix = 3;                 // prefix: characters a wildcard needs before its `*`
    Xapian::termcount expansion = 500;   // expansion: the words a wildcard stands for (the most
                                         // frequent)
    double time = 1.0;                   // time: seconds a search counts matches; the match ends
                                         // at 1.5 times this with what it found; 0: no limit

    // Sets one limit from NAME:VALUE (`time:0.5`, `nesting:20`). Throws digest::Error (exit 2)
    // for an unknown name or a value that is not a number in the limit's range; `where` names
    // the source in the message (--query-limit, $DIGEST_QUERY_LIMITS).
    void set(std::string_view spec, const std::string& where = "--query-limit");
    // Sets each limit of a comma-separated list: `time:0.5,nesting:20`.
    void set_all(std::string_view specs, const std::string& where = "--query-limit");
    // The defaults with $DIGEST_QUERY_LIMITS applied (when set). Throws like set().
    static QueryLimits from_environment();
    // The limits' names, values and meanings, one per line, for --help.
    static std::string help();
};

// "1", "0.5": a limit's value as it is written; "1 s", "0.5 s": a time limit in a message.
std::string limit_number(double value);
std::string time_limit_text(double seconds);

// How many postings a match of `q` may read at most: the frequencies of its terms, and the
// whole collection for each part that walks every document (MatchAll, a value range);
// infinity with a wildcard, unexpanded. Whether a match of `q` could run for `seconds`: only
// one that could needs Xapian's time limit, which costs a thread (QuerySession).
double postings_bound(const Xapian::Database& db, const Xapian::Query& q);
bool may_reach_time_limit(const Xapian::Database& db, const Xapian::Query& q, double seconds);

}  // namespace digest
