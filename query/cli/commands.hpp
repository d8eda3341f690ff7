// digest-query's commands: each turns the options into a request to the query library
// (search/query_session.hpp) and prints the answer through the format registry
// (formats/format_registry.hpp). main.cpp only parses the command line and picks one.
// Exit codes as grep: 0 matches, 1 no match (nothing on stdout but the empty document of a
// script format, and one line on stderr saying so, with a spelling suggestion when there is
// one; -q silences it), 2 error.
#pragma once

#include <string>
#include <vector>

#include "language/query_limits.hpp"
#include "store/database.hpp"
#include "web/web_server.hpp"

namespace digest::cli {

constexpr int kFound = 0;
constexpr int kNotFound = 1;
constexpr int kTrouble = 2;

struct Options {
    std::vector<std::string> words;
    std::vector<std::string> db;
    std::string format = "digest";
    bool format_given = false;
    std::string sort = "relevance";
    std::string color = "auto";
    std::string like_text;
    unsigned limit = 10, offset = 0;
    bool all = false, count = false, explain = false, partial = false, all_words = false;
    std::vector<std::string> author_words;
    std::vector<std::string> facets;
    std::string authors_in;
    std::size_t coauthors = 5;
    std::vector<std::string> trend_queries;
    std::string trend_by = "month";
    bool by_listing = false;
    std::string plot, title;
    std::string plan_file, out_dir;  // review
    ServeOptions serve;
    std::string listen;
    std::string saved_name;  // save, run, forget
    std::vector<std::string> save_words;
    bool new_only = false, peek = false;
    bool quiet = false;          // -q: no line on stderr when nothing matches, no "did you mean"
    bool allow_partial = false;  // leave out remote shards that do not answer, and say so
    QueryLimits limits;          // $DIGEST_QUERY_LIMITS, then --query-limit
};

// A word typed with a minus (`speech -diffusion`) is marked by the command line's reader so
// that the option parser takes it for a word; unmarked() gives the words back.
constexpr char kWordMark = '\x1f';
std::vector<std::string> unmarked(std::vector<std::string> words);

int run_search(const Options& o, const Databases& db);
int run_authors(const Options& o, const Databases& db);
int run_trend(const Options& o, const Databases& db);
int run_save(const Options& o, const Databases& db);
int run_saved(const Options& o, const Databases& db);
int run_forget(const Options& o);
int run_run_check(const Options& o);
int run_review_command(const Options& o, const Databases& db);

}  // namespace digest::cli
