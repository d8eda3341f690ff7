#include "cli/commands.hpp"

#include <sys/ioctl.h>
#include <unistd.h>
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

namespace digest::cli {

namespace {

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

// A session on the database whose query:NAME reads the saved queries, held to the limits of
// the environment and the command line.
std::unique_ptr<QuerySession> open_session(const Databases& db, const Options& o) {
    auto session = std::make_unique<QuerySession>(db, o.allow_partial);
    session->set_limits(o.limits);
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

void print_notes(const SearchResult& result) {
    for (const auto& note : result.notes) std::cerr << "note: " << note << "\n";
}

// Nothing matched: one line saying so, with the spelling that finds papers when there is one;
// papers found holding only some words: the spelling as a note. -q says neither.
void print_no_match(const Options& o, const SearchRequest& request, const SearchResult& result) {
    if (o.quiet) return;
    const std::string did_you_mean =
        result.suggestion.empty() ? "" : "did you mean: " + terminal_safe(result.suggestion_shown);
    if (result.total > 0) {
        if (!did_you_mean.empty()) std::cerr << "note: " << did_you_mean << "\n";
        return;
    }
    if (trim(request.query).empty())
        std::cerr << "no paper is like the text given to --like-text";
    else
        std::cerr << "no paper matches \"" << terminal_safe(request.query) << "\""
                  << (request.like_text.empty() ? "" : " among those like the --like-text");
    std::cerr << (did_you_mean.empty() ? "" : "; ") << did_you_mean << "\n";
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

}  // namespace

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
            auto session_ptr = open_session(db, o);
            QuerySession& session = *session_ptr;
            const std::string name = join(o.author_words);
            AuthorLookupResult r = session.authors(name, o.limit, o.coauthors, o.authors_in);
            if (r.authors.empty()) {
                if (format->document) format->authors(std::cout, r, terminal_options(o.color));
                if (!o.quiet) {
                    if (!name.empty())
                        std::cerr << "no author matches \"" << terminal_safe(name) << "\"";
                    else
                        std::cerr << "no paper matches \"" << terminal_safe(o.authors_in) << "\"";
                    if (!r.suggestion.empty())
                        std::cerr << "; did you mean: " << terminal_safe(r.suggestion);
                    std::cerr << "\n";
                }
                return kNotFound;
            }
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
            auto session_ptr = open_session(db, o);
            QuerySession& session = *session_ptr;
            const TrendResult trend = session.trend(request);
            if (trend.time_limited)
                std::cerr << "note: a query reached the time limit of "
                          << time_limit_text(o.limits.time)
                          << " (time:" << limit_number(o.limits.time)
                          << ", --query-limit) before it had counted every match: its counts "
                             "are short\n";
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
            auto session = open_session(db, o);
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
            auto session = open_session(db, o);
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
            auto session = open_session(db, o);
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
    if (trim(request.query).empty() && request.like_text.empty()) {
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
    request.ids_only = format->name == "ids";
    request.exact_total = format->prints_total;
    // Relaxing a query changes the question: the formats people read may do it (with a note),
    // counts and the formats scripts read only when asked.
    request.relax = !o.all_words && (o.partial || (format->for_people && !o.count));
    if (!facet_requests(o, *format, request.facets)) return kTrouble;
    const OutputOptions output = terminal_options(o.color);

    return guarded(
        [&] {
            auto session_ptr = open_session(db, o);
            QuerySession& session = *session_ptr;
            if (o.explain) std::cerr << session.explain(request);
            if (o.count) {
                SearchResult result = session.count(request);
                print_notes(result);
                print_no_match(o, request, result);
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
            print_no_match(o, request, result);
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

std::vector<std::string> unmarked(std::vector<std::string> words) {
    for (auto& w : words)
        if (!w.empty() && w.front() == kWordMark) w.erase(w.begin());
    return words;
}

int run_run_check(const Options& o) {
    return guarded(
        [&] {
            if (!saved_queries().find(o.saved_name))
                throw Error("no saved query named " + o.saved_name,
                            "digest-query saved lists the saved queries", kExitUsage);
            return kFound;
        },
        {}, kTrouble);
}

}  // namespace digest::cli
