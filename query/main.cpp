// digest-query: searches the papers indexed by digest-index. This file only turns options
// into a request to the query library (search/query_session.hpp) and prints the answer
// through the format registry (formats/format_registry.hpp).
// Exit codes as grep: 0 matches, 1 no match (nothing on stdout), 2 error.
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/bounded_read.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
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

// As grep: digest-query reports every error, whatever its kind, as 2.
constexpr int kFound = kExitOk;
constexpr int kNotFound = kExitNoMatch;
constexpr int kTrouble = kExitUsage;

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
};

// The saved queries of the environment, read once (a mistake in the file stops every command
// that could use one).
SavedQueries& saved_queries() {
    static SavedQueries saved(SavedQueries::default_config_file(),
                              SavedQueries::default_state_file());
    return saved;
}

// A query about to be saved: query:NAME reads it instead of the file's, so that saving a
// query that would refer to itself through others is refused.
std::optional<SavedQuery> pending_save;

// A session on the database whose query:NAME reads the saved queries.
std::unique_ptr<QuerySession> open_session(const Databases& db) {
    auto session = std::make_unique<QuerySession>(db);
    session->set_saved_queries([](const std::string& name) -> std::optional<std::string> {
        if (pending_save && pending_save->name == name) return pending_save->query;
        const SavedQuery* q = saved_queries().find(name);
        return q ? std::optional<std::string>(q->query) : std::nullopt;
    });
    return session;
}

// The text of --like-text: a file, or standard input for "-", at most kMaxLikeTextBytes.
// Throws Error.
std::string read_like_text(const std::string& path) {
    std::string s;
    const std::string name = path == "-" ? "<stdin>" : shell_quoted(path);
    const ReadStatus status = path == "-" ? read_bounded(0, kMaxLikeTextBytes, s)
                                          : read_file_bounded(path, kMaxLikeTextBytes, s);
    switch (status) {
        case ReadStatus::Ok:
            break;
        case ReadStatus::TooLarge:
            throw Error(name + ": larger than " + size_text(kMaxLikeTextBytes) +
                            ", the most --like-text reads",
                        "give an abstract or a draft: its words are what counts", kExitUsage);
        case ReadStatus::NotRegular:
            throw Error(name + ": " + file_kind(path) + ", not a file: --like-text reads a text",
                        {}, kExitUsage);
        case ReadStatus::Stopped:
            throw interrupted("nothing was searched");
        case ReadStatus::Failed:
            throw Error(
                name + ": cannot read the file given to --like-text: " + std::strerror(errno), {},
                kExitUsage);
    }
    if (auto bad = find_invalid_utf8(s); bad != std::string::npos)
        throw Error(name + ": invalid UTF-8 at byte " + std::to_string(bad + 1) +
                    " of the text given to --like-text");
    if (trim(s).empty()) throw Error(name + ": the text given to --like-text is empty");
    return s;
}

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
constexpr char kWordMark = '\x1f';

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

std::vector<std::string> unmarked(std::vector<std::string> words) {
    for (auto& w : words)
        if (!w.empty() && w.front() == kWordMark) w.erase(w.begin());
    return words;
}

void print_notes(const SearchResult& result) {
    for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
}

OutputOptions terminal_options(const std::string& color) {
    OutputOptions out;
    const bool tty = ::isatty(1);
    out.color = want_color(color, tty, std::getenv("NO_COLOR"));
    out.terminal = tty;
    struct winsize ws {};
    if (tty && ::ioctl(1, TIOCGWINSZ, &ws) == 0) out.width = ws.ws_col;
    return out;
}

// --facet NAME[:N], each checked, and whether the format can show them.
bool facet_requests(const Options& o, const OutputFormat& format, std::vector<FacetRequest>& out) {
    for (const auto& spec : o.facets) {
        int rc = guarded([&] {
            out.push_back(parse_facet_request(spec));
            return kFound;
        });
        if (rc != kFound) return false;
    }
    if (!out.empty() && !format.prints(Printed::Facets)) {
        std::cerr << "error: facets cannot be printed as " << o.format << "; they can be "
                  << output_format_names(Printed::Facets) << "\n";
        return false;
    }
    return true;
}

int run_authors(const Options& o, const Databases& db) {
    // The authors listing is text unless a format is asked for.
    const OutputFormat* format = find_output_format(o.format_given ? o.format : "brief");
    if (!format->prints(Printed::Authors)) {
        std::cerr << "error: authors cannot be printed as " << o.format << "; they can be "
                  << output_format_names(Printed::Authors) << "\n";
        return kTrouble;
    }
    return guarded(
        [&] {
            auto session_ptr = open_session(db);
            QuerySession& session = *session_ptr;
            AuthorLookupResult r =
                session.authors(join(o.author_words), o.limit, o.coauthors, o.authors_in);
            if (r.authors.empty()) return kNotFound;
            format->authors(std::cout, r, terminal_options(o.color));
            return kFound;
        },
        names(db), kTrouble);
}

int run_trend(const Options& o, const Databases& db) {
    const OutputFormat* format = find_output_format(o.format_given ? o.format : "brief");
    if (!format->prints(Printed::Trend)) {
        std::cerr << "error: trends cannot be printed as " << o.format << "; they can be "
                  << output_format_names(Printed::Trend) << "\n";
        return kTrouble;
    }
    TrendRequest request;
    request.by = *trend_period_named(o.trend_by);
    request.by_listing = o.by_listing;
    request.queries = unmarked(o.trend_queries);
    for (const auto& q : request.queries)
        if (trim(q).empty()) {
            std::cerr << "error: trend: an empty query\nhint: each argument is one query: "
                         "digest-query trend 'diffusion \"speech enhancement\"' 'flow matching'\n";
            return kTrouble;
        }
    return guarded(
        [&] {
            auto session_ptr = open_session(db);
            QuerySession& session = *session_ptr;
            const TrendResult trend = session.trend(request);
            if (!o.plot.empty()) {
                std::string title = o.title;
                if (title.empty())
                    title = std::string(o.by_listing ? "Listings" : "Papers") + " per " +
                            std::string(trend_period_name(request.by));
                write_file_atomically(o.plot, trend_svg(trend, title));
            }
            format->trend(std::cout, trend, terminal_options(o.color));
            std::cout.flush();
            if (!std::cout) return kTrouble;
            for (const auto& s : trend.series)
                if (s.total) return kFound;
            return kNotFound;
        },
        names(db), kTrouble);
}

int run_save(const Options& o, const Databases& db) {
    return guarded(
        [&] {
            const std::string query = join(unmarked(o.save_words));
            auto session = open_session(db);
            SearchRequest request;
            request.query = "query:" + o.saved_name;
            pending_save = SavedQuery{o.saved_name, query};
            // The query is checked (its fields and values, what it refers to) before it is
            // saved.
            const SearchResult total = session->count(request);
            const bool replaced = saved_queries().save(o.saved_name, query);
            std::cout << (replaced ? "replaced " : "saved ") << o.saved_name << ": "
                      << digest::counted(total.total, "paper") << " match now\n";
            return kFound;
        },
        names(db), kTrouble);
}

int run_saved(const Options& o, const Databases& db) {
    const std::string format = o.format_given ? o.format : "brief";
    if (format != "brief" && format != "json" && format != "csv") {
        std::cerr << "error: saved queries cannot be printed as " << format
                  << "; they can be brief, json, csv\n";
        return kTrouble;
    }
    return guarded(
        [&] {
            SavedQueries& saved = saved_queries();
            if (saved.queries().empty()) {
                std::cerr << "no saved queries in " << saved.config_file().string()
                          << "\nhint: digest-query save NAME QUERY\n";
                return kNotFound;
            }
            auto session = open_session(db);
            struct Row {
                const SavedQuery* q;
                Xapian::doccount matches, fresh;
            };
            std::vector<Row> rows;
            for (const auto& q : saved.queries()) {
                SearchRequest request;
                request.query = q.query;
                const Xapian::doccount matches = session->count(request).total;
                const auto& seen = saved.seen(q.name);
                request.exclude_ids.assign(seen.begin(), seen.end());
                rows.push_back(
                    {&q, matches, seen.empty() ? matches : session->count(request).total});
            }
            if (format == "json") {
                nlohmann::ordered_json j = nlohmann::ordered_json::array();
                for (const auto& r : rows)
                    j.push_back({{"name", r.q->name},
                                 {"query", r.q->query},
                                 {"matches", r.matches},
                                 {"new", r.fresh}});
                std::cout << json_text(j, 2) << "\n";
            } else if (format == "csv") {
                std::cout << "name,query,matches,new\r\n";
                for (const auto& r : rows) {
                    write_csv_field(std::cout, r.q->name);
                    std::cout << ",";
                    write_csv_field(std::cout, r.q->query);
                    std::cout << "," << r.matches << "," << r.fresh << "\r\n";
                }
            } else {
                std::size_t width = 4;
                for (const auto& r : rows) width = std::max(width, r.q->name.size());
                std::cout << "name" << std::string(width - 4, ' ') << "  matches      new  query\n";
                for (const auto& r : rows) {
                    char nums[64];
                    std::snprintf(nums, sizeof nums, "  %7u  %7u  ", r.matches, r.fresh);
                    std::cout << r.q->name << std::string(width - r.q->name.size(), ' ') << nums
                              << terminal_safe(r.q->query) << "\n";
                }
            }
            return kFound;
        },
        names(db), kTrouble);
}

int run_forget(const Options& o) {
    return guarded(
        [&] {
            if (!saved_queries().forget(o.saved_name))
                throw Error("no saved query named " + o.saved_name,
                            "digest-query saved lists the saved queries", kExitUsage);
            std::cout << "forgot " << o.saved_name << "\n";
            return kFound;
        },
        {}, kTrouble);
}

int run_review_command(const Options& o, const Databases& db) {
    return guarded(
        [&] {
            const ReviewPlan plan = read_review_plan(o.plan_file);
            auto session = open_session(db);
            const PreviousReview previous =
                read_previous_review(std::filesystem::path(o.out_dir) / "review.json");
            ReviewResult review = run_review(*session, plan, &previous);
            const auto files = write_review(o.out_dir, review);
            for (const auto& q : review.queries)
                std::cout << q.name << ": " << counted(q.total, "paper")
                          << (review.first_review
                                  ? std::string()
                                  : ", " + with_commas(q.fresh) + " new since the last review")
                          << "\n";
            std::cout << "wrote";
            for (const auto& f : files) std::cout << " " << f;
            std::cout << " in " << o.out_dir << "\n";
            return kFound;
        },
        names(db), kTrouble);
}

int run_search(const Options& o, const Databases& db) {
    const OutputFormat* format = find_output_format(o.format);
    SearchRequest request;
    request.query = join(o.words);
    if (!o.like_text.empty()) {
        int rc = guarded([&] {
            request.like_text = read_like_text(o.like_text);
            return kFound;
        });
        if (rc != kFound) return kTrouble;
    }
    if (request.query.empty() && request.like_text.empty()) {
        std::cerr << "error: no query\nhint: e.g. digest-query speaker verification; "
                     "digest-query --help lists the fields\n";
        return kTrouble;
    }
    if (o.partial && o.all_words) {
        std::cerr << "error: --partial and --all-words contradict each other\n";
        return kTrouble;
    }
    if (o.count && !format->prints(Printed::Count)) {
        std::cerr << "error: --count prints a number, or a JSON document with --format json; not "
                  << o.format << "\n";
        return kTrouble;
    }
    request.sort = o.sort == "date"     ? SortOrder::Date
                   : o.sort == "-date"  ? SortOrder::DateReverse
                   : o.sort == "first"  ? SortOrder::First
                   : o.sort == "-first" ? SortOrder::FirstReverse
                                        : SortOrder::Relevance;
    request.limit = o.all ? 0 : o.limit;
    request.offset = o.offset;
    request.snippets = format->needs_snippets;
    // Relaxing a query changes the question: the formats people read may do it (with a note),
    // counts and the formats scripts read only when asked.
    request.relax = !o.all_words && (o.partial || (format->for_people && !o.count));
    if (!facet_requests(o, *format, request.facets)) return kTrouble;
    const OutputOptions output = terminal_options(o.color);

    return guarded(
        [&] {
            auto session_ptr = open_session(db);
            QuerySession& session = *session_ptr;
            if (o.explain) std::cerr << session.explain(request);
            if (o.count) {
                SearchResult result = session.count(request);
                print_notes(result);
                format->count(std::cout, result);
                if (format->facets) format->facets(std::cout, result.facets, output);
                return result.total ? kFound : kNotFound;
            }
            if (!o.saved_name.empty() && o.new_only) {
                const auto& seen = saved_queries().seen(o.saved_name);
                request.exclude_ids.assign(seen.begin(), seen.end());
            }
            SearchResult result = session.search(request);
            print_notes(result);
            if (result.hits.empty() && result.total > 0) return kNotFound;  // past the end
            if (!o.saved_name.empty() && !o.peek) {
                // What a saved query prints counts as shown (run NAME --new leaves it out).
                std::vector<std::string> shown;
                for (const auto& h : result.hits) shown.push_back(h.paper.id);
                saved_queries().mark_seen(o.saved_name, shown);
            }
            write_results(std::cout, result, *format, output);
            if (format->facets && !result.hits.empty())
                format->facets(std::cout, result.facets, output);
            std::cout.flush();
            if (!std::cout) return kTrouble;
            return result.hits.empty() ? kNotFound : kFound;
        },
        names(db), kTrouble);
}

}  // namespace

int main(int argc, char** argv) {
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
        int rc = guarded(
            [&] {
                if (!saved_queries().find(o.saved_name))
                    throw Error("no saved query named " + o.saved_name,
                                "digest-query saved lists the saved queries", kExitUsage);
                return kFound;
            },
            {}, kTrouble);
        if (rc != kFound) return rc;
        o.words = {"query:" + o.saved_name};
        if (o.new_only && app.count("--limit") == 0 && app.count("-n") == 0) o.all = true;
    }
    return *authors_cmd ? run_authors(o, db) : run_search(o, db);
}
