// digest-query: searches the papers indexed by digest-index. This file only reads the command
// line and hands the options to one command (cli/commands.hpp).
// Exit codes as grep: 0 matches, 1 no match (nothing on stdout), 2 error.
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/bounded_read.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/large_pages.hpp"
#include "fields/field_table.hpp"
#include "formats/format_registry.hpp"
#include "formats/review_output.hpp"
#include "formats/trend_svg.hpp"
#include "search/query_session.hpp"
#include "search/saved_queries.hpp"
#include "store/database.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"
#include "web/web_server.hpp"

namespace {

using namespace digest;
using namespace digest::cli;

std::string fields_help() {
    std::string out = "Fields (prefix:value):\n";
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        std::string names = std::string(f.name) + ":";
        for (auto a : f.alias)
            if (!a.empty()) names += " " + std::string(a) + ":";
        char line[256];
        std::snprintf(line, sizeof line, "  %-22s %s  (%s)\n", names.c_str(),
                      std::string(f.help).c_str(), std::string(f.example).c_str());
        out += line;
    }
    out +=
        "Bare words search title, abstract, Chinese summary, authors and comments.\n"
        "like:ID finds papers like that one; --like-text FILE papers like a text.\n"
        "Operators: AND OR NOT ( ) \"phrase\" -word word*\n"
        "Exit status: 0 papers found, 1 none found, 2 error.\n";
    return out;
}

// A word typed with a minus, `digest-query speech -diffusion`, is the query's NOT, as in a
// search box, unless it is one of our options (-n 5, -n5, -f json). The arguments are
// returned with such words marked so that the option parser takes them for words; `--` ends
// the options as usual.

std::vector<std::string> mark_negated_words(const CLI::App& app, int argc, char** argv) {
    std::set<std::string> shorts, valued;
    std::vector<const CLI::App*> apps{&app};
    for (const auto* sub : app.get_subcommands({})) apps.push_back(sub);
    for (const auto* a : apps)
        for (const auto* opt : a->get_options()) {
            for (const auto& n : opt->get_snames()) {
                shorts.insert("-" + n);
                if (opt->get_expected_min() > 0) valued.insert("-" + n);
            }
            for (const auto& n : opt->get_lnames())
                if (opt->get_expected_min() > 0) valued.insert("--" + n);
        }
    std::vector<std::string> args(argv, argv + argc);
    bool options_end = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string& a = args[i];
        if (a == "--") options_end = true;
        if (options_end || a.size() < 2 || a[0] != '-' || a[1] == '-') continue;
        if (valued.count(args[i - 1])) continue;  // the value of -n, -f ...
        const std::string head = a.substr(0, 2);
        const bool option =
            shorts.count(a) ||
            (valued.count(head) && a.find_first_not_of("0123456789", 2) == std::string::npos);
        if (!option) a.insert(a.begin(), kWordMark);
    }
    return args;
}

}  // namespace

int main(int argc, char** argv) {
    prefer_large_pages();
    CLI::App app{"digest-query: search indexed arXiv digests"};
    app.set_version_flag("--version",
                         "digest-query 0.1.0 (schema " + std::to_string(kSchemaVersion) + ")");
    app.footer(fields_help());

    Options o;
    app.add_option("query", o.words, "the query (several words are joined with spaces)");
    app.add_option("--db", o.db,
                   "database directory (default: $DIGEST_DB, else $XDG_DATA_HOME/digest-search/db, "
                   "else ~/.local/share/digest-search/db); repeat it, or list directories in "
                   "$DIGEST_DB with ':', to search several as one; tcp://HOST:PORT is a shard "
                   "served by xapian-tcpsrv")
        ->allow_extra_args(false);
    app.add_flag("--allow-partial", o.allow_partial,
                 "leave out a remote shard that does not answer rather than fail; the results "
                 "then say which shards are missing (a note; missing_shards in JSON)");
    std::string formats_help;
    std::vector<std::string> format_names;
    for (const auto& f : output_formats()) {
        format_names.emplace_back(f.name);
        formats_help += "\n  " + std::string(f.name) + ": " + std::string(f.help);
    }
    app.add_option("-f,--format", o.format, "how to print the results:" + formats_help)
        ->check(CLI::IsMember(format_names));
    app.add_option("-n,--limit", o.limit, "papers to print (default 10; 0: every match)");
    app.add_flag("--all", o.all, "print every match (as -n 0)");
    app.add_option("--offset", o.offset, "papers to skip first (for paging)");
    app.add_option("-s,--sort", o.sort,
                   "relevance (default); date, -date: by the newest listing, oldest or newest "
                   "first; first, -first: by the first listing")
        ->check(CLI::IsMember({"relevance", "date", "-date", "first", "-first"}));
    app.add_flag("-c,--count", o.count,
                 "print only the number of matching papers (JSON with --format json)");
    app.add_flag("--partial", o.partial,
                 "when no paper holds every word (three or more), take the papers holding some "
                 "of them, in every format and in --count");
    app.add_flag("--all-words", o.all_words,
                 "never fall back to papers holding some of the words (not even in digest and "
                 "brief, which do by default)");
    app.add_option("--facet", o.facets,
                   "after the results, the N (default 10) most frequent values of a field over "
                   "every match, with exact counts: --facet category,author:20; facets: " +
                       facet_names())
        ->type_name("FIELD[:N]")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--like-text", o.like_text,
                   "papers like this text (a file, - for standard input): an abstract, a draft; "
                   "with a query, among the papers it finds");
    app.add_flag("--explain", o.explain, "print how the query was understood, then the results");
    app.add_flag("-q,--quiet", o.quiet,
                 "no line on standard error when nothing matches (nor its \"did you mean\")");
    std::vector<std::string> limit_specs;
    app.add_option("--query-limit", limit_specs,
                   "hold every query to other limits than the defaults (after those of "
                   "$DIGEST_QUERY_LIMITS, in the same form): --query-limit time:0.5,nesting:20; "
                   "the limits and their defaults:\n" +
                       QueryLimits::help())
        ->type_name("NAME:VALUE")
        ->delimiter(',')
        ->allow_extra_args(false);
    app.add_option("--color", o.color,
                   "auto (default: on a terminal, unless NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));

    auto* authors_cmd = app.add_subcommand(
        "authors", "list the authors a name matches: papers, dates, topics, co-authors");
    authors_cmd->add_option("name", o.author_words,
                            "a name: povey, 'Hung-yi Lee', 'D. Povey' (none with --in: the "
                            "query's authors)");
    authors_cmd->add_option("--in", o.authors_in,
                            "count only the papers this query finds: authors --in '\"speech "
                            "enhancement\"' --top 20 ranks the authors of a topic");
    authors_cmd->add_option("--top", o.limit, "authors to list (as -n)");
    authors_cmd->add_option("--coauthors", o.coauthors, "co-authors listed for each (default 5)");
    authors_cmd->fallthrough();  // --format, --limit and --db also after the name

    auto* trend_cmd = app.add_subcommand(
        "trend", "matching papers per month (week, year) for each query, zeros included");
    trend_cmd
        ->add_option("query", o.trend_queries,
                     "each argument one query: trend 'diffusion \"speech enhancement\"' "
                     "'flow matching \"speech enhancement\"'")
        ->required();
    trend_cmd->add_option("--by", o.trend_by, "the period: month (default), week (ISO) or year")
        ->check(CLI::IsMember({"week", "month", "year"}));
    trend_cmd->add_flag("--by-listing", o.by_listing,
                        "count listings (a paper listed new, then replaced, counts twice, each in "
                        "its own period) instead of papers, which count once, in the period "
                        "they were first listed");
    trend_cmd
        ->add_option("--plot", o.plot,
                     "also write the chart as an SVG file (800x400, self-contained)")
        ->type_name("FILE.svg");
    trend_cmd->add_option("--title", o.title, "the chart's title (default: Papers per month)");
    trend_cmd->fallthrough();

    auto* review_cmd = app.add_subcommand(
        "review", "write a literature review from a plan: review PLAN.json --out DIR");
    review_cmd->add_option("plan", o.plan_file, "the plan (JSON; examples/review.json)")
        ->required();
    review_cmd
        ->add_option("--out", o.out_dir,
                     "the folder for report.md, report.html, trend.svg, refs.bib, papers.csv "
                     "and review.json (a review there before tells what is new)")
        ->required();
    review_cmd->fallthrough();

    auto* serve_cmd = app.add_subcommand(
        "serve", "a search page and a JSON API on http://127.0.0.1:8080/ (Ctrl-C stops)");
    serve_cmd->add_option("--port", o.serve.port, "the port (default 8080; 0: any free port)");
    serve_cmd->add_option("--listen", o.listen,
                          "HOST:PORT to listen on (default 127.0.0.1:8080); another address "
                          "lets others search this database");
    serve_cmd->add_flag("--quiet", o.serve.quiet, "no line per request on standard error");
    serve_cmd->add_option("--threads", o.serve.threads, "requests served at once (default 4)");
    serve_cmd->fallthrough();

    auto* save_cmd = app.add_subcommand("save", "save a query by a name: save NAME QUERY");
    save_cmd->add_option("name", o.saved_name, "letters, digits, - and _")->required();
    save_cmd->add_option("query", o.save_words, "the query (the rest of the line)")->required();
    auto* saved_cmd = app.add_subcommand(
        "saved", "list the saved queries: name, matches now, not yet shown (--format json|csv)");
    saved_cmd->fallthrough();
    auto* run_cmd = app.add_subcommand("run", "run a saved query: run NAME [--new] [--peek]");
    run_cmd->add_option("name", o.saved_name, "a saved query")->required();
    run_cmd->add_flag("--new", o.new_only,
                      "only the papers this saved query has not shown before (all of them "
                      "unless -n); what it prints then counts as shown");
    run_cmd->add_flag("--peek", o.peek, "print without counting the papers as shown");
    run_cmd->fallthrough();
    auto* forget_cmd = app.add_subcommand("forget", "forget a saved query and what it showed");
    forget_cmd->add_option("name", o.saved_name, "a saved query")->required();

    std::vector<std::string> args = mark_negated_words(app, argc, argv);
    std::vector<char*> marked;
    for (auto& a : args) marked.push_back(a.data());
    try {
        app.parse(static_cast<int>(marked.size()), marked.data());
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << e.what() << "\nhint: digest-query --help\n";
        return kTrouble;
    }
    o.format_given = app.count("--format") > 0;
    // The limits: the defaults, then the environment's, then the command line's.
    if (int rc = guarded([&] {
            o.limits = QueryLimits::from_environment();
            for (const auto& spec : limit_specs) o.limits.set(spec);
            return kFound;
        });
        rc != kFound)
        return kTrouble;
    if (*authors_cmd && o.author_words.empty() && o.authors_in.empty()) {
        std::cerr << "error: authors: name an author, or give --in QUERY for a query's authors\n"
                     "hint: e.g. digest-query authors povey; digest-query authors --in "
                     "'\"speech enhancement\"' --top 20\n";
        return kTrouble;
    }
    o.words = unmarked(std::move(o.words));
    o.author_words = unmarked(std::move(o.author_words));
    const Databases db = o.db.empty() ? default_databases() : Databases(o.db.begin(), o.db.end());
    if (*trend_cmd) return run_trend(o, db);
    if (*serve_cmd) {
        o.serve.db = db;
        o.serve.limits = o.limits;
        if (!o.listen.empty()) {
            const auto colon = o.listen.rfind(':');
            const std::string port = colon == std::string::npos ? "" : o.listen.substr(colon + 1);
            if (colon == 0 || port.empty() || port.size() > 5 ||
                port.find_first_not_of("0123456789") != std::string::npos) {
                std::cerr << "error: --listen " << o.listen << ": expected HOST:PORT\n";
                return kTrouble;
            }
            o.serve.host = o.listen.substr(0, colon);
            o.serve.port = std::stoi(port);
        }
        if (o.serve.port < 0 || o.serve.port > 65535) {
            std::cerr << "error: --port " << o.serve.port << ": not a port\n";
            return kTrouble;
        }
        return serve(o.serve);
    }
    if (*save_cmd) return run_save(o, db);
    if (*review_cmd) return run_review_command(o, db);
    if (*saved_cmd) return run_saved(o, db);
    if (*forget_cmd) return run_forget(o);
    if (*run_cmd) {
        if (int rc = run_run_check(o); rc != kFound) return rc;
        o.words = {"query:" + o.saved_name};
        if (o.new_only && app.count("--limit") == 0 && app.count("-n") == 0) o.all = true;
    }
    return *authors_cmd ? run_authors(o, db) : run_search(o, db);
}
