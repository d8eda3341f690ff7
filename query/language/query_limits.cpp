#include "language/query_limits.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

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

}  // namespace digest
