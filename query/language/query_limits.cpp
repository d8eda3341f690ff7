#include "language/query_limits.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/error.hpp"

namespace digest {

namespace {

// Each limit by its name: where it is kept, its range and what it holds a query to.
struct LimitRow {
    const char* name;
    double low, high;
    const char* help;
};

constexpr LimitRow kLimitRows[] = {
    {"bytes", 1, 1 << 20, "bytes of a query, all its words together"},
    {"tokens", 1, 100000, "words, phrases, fields, operators and brackets of a query"},
    {"nesting", 0, 1000, "levels of brackets, field groups, NOT, - and + inside each other"},
    {"phrase", 1, 100000,
     "words that must stand in a row: a phrase, a Chinese run, a NEAR or ADJ chain"},
    {"terms", 1, 1000000,
     "index terms a query stands for: a word is one in each field it searches, a Chinese run "
     "its characters and their pairs (wildcards aside)"},
    {"wildcards", 0, 1000, "wildcards (word*) in a query"},
    {"prefix", 1, 100, "characters a wildcard needs before its * (spe* for speech)"},
    {"expansion", 1, 1000000, "words a wildcard stands for, the most frequent"},
    {"time", 0, 3600,
     "seconds a search counts matches; it ends at 1.5 times this with the best papers "
     "found, printed as partial (0: no limit)"},
};

double current(const QueryLimits& l, std::string_view name) {
    if (name == "bytes") return static_cast<double>(l.bytes);
    if (name == "tokens") return static_cast<double>(l.tokens);
    if (name == "nesting") return l.nesting;
    if (name == "phrase") return l.phrase;
    if (name == "terms") return static_cast<double>(l.terms);
    if (name == "wildcards") return l.wildcards;
    if (name == "prefix") return l.prefix;
    if (name == "expansion") return l.expansion;
    return l.time;
}

}  // namespace

std::string limit_number(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

std::string time_limit_text(double seconds) {
    return limit_number(seconds) + " s";
}

void QueryLimits::set(std::string_view spec, const std::string& where) {
    const std::string names =
        "bytes, tokens, nesting, phrase, terms, wildcards, prefix, expansion, time";
    const auto colon = spec.find(':');
    const std::string name(spec.substr(0, colon));
    const LimitRow* row = nullptr;
    for (const auto& r : kLimitRows)
        if (name == r.name) row = &r;
    if (!row)
        throw Error(where + " " + std::string(spec) + ": no limit named `" + name + "`",
                    "the limits are " + names + ", e.g. time:0.5,nesting:20", kExitUsage);
    const std::string value =
        colon == std::string_view::npos ? "" : std::string(spec.substr(colon + 1));
    char* end = nullptr;
    const double v = value.empty() ? NAN : std::strtod(value.c_str(), &end);
    const bool whole = std::string(row->name) != "time";
    if (std::isnan(v) || !end || *end != '\0' || v < row->low || v > row->high ||
        (whole && v != std::floor(v)))
        throw Error(where + " " + std::string(spec) + ": " + name + " takes " +
                        (whole ? "a whole number" : "a number of seconds") + " from " +
                        limit_number(row->low) + " to " + limit_number(row->high),
                    std::string(row->name) + ": " + row->help, kExitUsage);
    if (name == "bytes") bytes = static_cast<std::size_t>(v);
    if (name == "tokens") tokens = static_cast<std::size_t>(v);
    if (name == "nesting") nesting = static_cast<unsigned>(v);
    if (name == "phrase") phrase = static_cast<unsigned>(v);
    if (name == "terms") terms = static_cast<std::size_t>(v);
    if (name == "wildcards") wildcards = static_cast<unsigned>(v);
    if (name == "prefix") prefix = static_cast<unsigned>(v);
    if (name == "expansion") expansion = static_cast<Xapian::termcount>(v);
    if (name == "time") time = v;
}

void QueryLimits::set_all(std::string_view specs, const std::string& where) {
    while (!specs.empty()) {
        const auto comma = specs.find(',');
        const std::string_view one = specs.substr(0, comma);
        if (!one.empty()) set(one, where);
        if (comma == std::string_view::npos) break;
        specs.remove_prefix(comma + 1);
    }
}

QueryLimits QueryLimits::from_environment() {
    QueryLimits limits;
    if (const char* env = std::getenv("DIGEST_QUERY_LIMITS"); env && *env)
        limits.set_all(env, "$DIGEST_QUERY_LIMITS:");
    return limits;
}

std::string QueryLimits::help() {
    const QueryLimits defaults;
    std::string out;
    for (const auto& r : kLimitRows) {
        char line[160];
        std::snprintf(line, sizeof line, "  %-10s %-6s %s\n", r.name,
                      limit_number(current(defaults, r.name)).c_str(), r.help);
        out += line;
    }
    return out;
}

namespace {

// The postings a match reads each second, at the least: a tenth of what the slowest matches
// on the 10x corpus read on a small virtual machine (a phrase, or seven common words ORed:
// 10 million a second; plain words 40 million).
constexpr double kPostingsPerSecond = 1e6;

// The postings a match of `q` reads, at most, besides those of its terms (summed once each by
// the caller): the whole collection for each leaf that walks every document (MatchAll, a
// value range). A wildcard has no bound before it is expanded: infinity. The posting sources
// here (the deadline, a shared category's fixed weight) are only ever read beside terms, by
// skip_to, a step each.
double postings_besides_terms(const Xapian::Database& db, const Xapian::Query& q) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::LEAF_MATCH_NOTHING:
        case Xapian::Query::LEAF_POSTING_SOURCE:
            return 0;
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
            return db.get_doccount();
        case Xapian::Query::OP_WILDCARD:
            return std::numeric_limits<double>::infinity();
        default:
            break;
    }
    double sum = 0;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        sum += postings_besides_terms(db, q.get_subquery(i));
    return sum;
}

}  // namespace

double postings_bound(const Xapian::Database& db, const Xapian::Query& q) {
    double postings = postings_besides_terms(db, q);
    for (auto t = q.get_unique_terms_begin(); t != q.get_unique_terms_end(); ++t)
        postings += db.get_termfreq(*t);
    return postings;
}

bool may_reach_time_limit(const Xapian::Database& db, const Xapian::Query& q, double seconds) {
    return postings_bound(db, q) >= seconds * kPostingsPerSecond;
}

}  // namespace digest
