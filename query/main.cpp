// digest-query: searches the papers indexed by digest-index.
// Exit codes as grep: 0 matches, 1 no match (nothing on stdout), 2 error.
#include <sys/ioctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "formats/format_registry.hpp"
#include "search/author_lookup.hpp"
#include "search/searcher.hpp"
#include "store/database.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace {

using namespace digest;

// As grep: digest-query reports every error, whatever its kind, as 2.
constexpr int kFound = kExitOk;
constexpr int kNotFound = kExitNoMatch;
constexpr int kTrouble = kExitUsage;

// The text of --like-text: a file, or standard input for "-". Throws Error.
std::string read_like_text(const std::string& path) {
    std::ostringstream text;
    if (path == "-") {
        text << std::cin.rdbuf();
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(path + ": cannot read the file given to --like-text");
        text << in.rdbuf();
    }
    std::string s = text.str();
    const std::string name = path == "-" ? "<stdin>" : path;
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"digest-query: search indexed arXiv digests"};
    app.set_version_flag("--version",
                         "digest-query 0.1.0 (schema " + std::to_string(kSchemaVersion) + ")");
    app.footer(fields_help());

    std::vector<std::string> words;
    std::string db_path, format_name = "digest", sort_name_opt = "relevance", color = "auto";
    std::string like_text_path;
    unsigned limit = 10, offset = 0;
    bool count_only = false, explain = false, all = false, partial = false, all_words = false;
    app.add_option("query", words, "the query (several words are joined with spaces)");
    app.add_option("--db", db_path,
                   "database directory (default: $DIGEST_DB, else $XDG_DATA_HOME/digest-search/db, "
                   "else ~/.local/share/digest-search/db)");
    std::string formats_help;
    std::vector<std::string> format_names;
    for (const auto& f : output_formats()) {
        format_names.emplace_back(f.name);
        formats_help += "\n  " + std::string(f.name) + ": " + std::string(f.help);
    }
    app.add_option("-f,--format", format_name, "how to print the results:" + formats_help)
        ->check(CLI::IsMember(format_names));
    app.add_option("-n,--limit", limit, "papers to print (default 10; 0: every match)");
    app.add_flag("--all", all, "print every match (as -n 0)");
    app.add_option("--offset", offset, "papers to skip first (for paging)");
    app.add_option("-s,--sort", sort_name_opt,
                   "relevance (default), date (oldest first) or -date (newest first)")
        ->check(CLI::IsMember({"relevance", "date", "-date"}));
    app.add_flag("-c,--count", count_only,
                 "print only the number of matching papers (JSON with --format json)");
    app.add_flag("--partial", partial,
                 "when no paper holds every word (three or more), take the papers holding some "
                 "of them, in every format and in --count");
    app.add_flag("--all-words", all_words,
                 "never fall back to papers holding some of the words (not even in digest and "
                 "brief, which do by default)");
    app.add_option("--like-text", like_text_path,
                   "papers like this text (a file, - for standard input): an abstract, a draft; "
                   "with a query, among the papers it finds");
    app.add_flag("--explain", explain, "print how the query was understood, then the results");
    app.add_option("--color", color,
                   "auto (default: on a terminal, unless NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));

    std::vector<std::string> author_words;
    auto* authors_cmd = app.add_subcommand(
        "authors", "list the authors a name matches: papers, dates, topics, co-authors");
    authors_cmd->add_option("name", author_words, "a name: povey, 'Hung-yi Lee', 'D. Povey'")
        ->required();
    authors_cmd->fallthrough();  // --format, --limit and --db also after the name

    try {
        app.parse(argc, argv);
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

    std::filesystem::path db_dir =
        db_path.empty() ? default_database_path() : std::filesystem::path(db_path);
    const OutputFormat* format = find_output_format(format_name);
    if (*authors_cmd) {
        // The authors listing is text unless a format is asked for.
        if (app.count("--format") == 0) format = find_output_format("brief");
        if (!format->prints(Printed::Authors)) {
            std::cerr << "error: authors cannot be printed as " << format_name << "; they can be "
                      << output_format_names(Printed::Authors) << "\n";
            return kTrouble;
        }
        return guarded(
            [&] {
                Xapian::Database database = open_for_reading(db_dir);
                use_all_folds_of(database);  // the lookup reads on two threads
                AuthorLookupResult r = lookup_authors(database, join(author_words), limit, db_dir);
                if (r.authors.empty()) return kNotFound;
                format->authors(std::cout, r, {});
                return kFound;
            },
            db_dir.string(), kTrouble);
    }

    const std::string query = join(words);
    SearchRequest request{query, {}};
    if (!like_text_path.empty()) {
        int rc = guarded([&] {
            request.like_text = read_like_text(like_text_path);
            return kFound;
        });
        if (rc != kFound) return kTrouble;
    }
    if (query.empty() && request.like_text.empty()) {
        std::cerr << "error: no query\nhint: e.g. digest-query speaker verification; "
                     "digest-query --help lists the fields\n";
        return kTrouble;
    }
    const std::filesystem::path& db = db_dir;
    SortOrder sort = sort_name_opt == "date"    ? SortOrder::Date
                     : sort_name_opt == "-date" ? SortOrder::DateReverse
                                                : SortOrder::Relevance;
    if (partial && all_words) {
        std::cerr << "error: --partial and --all-words contradict each other\n";
        return kTrouble;
    }
    if (count_only && !format->prints(Printed::Count)) {
        std::cerr << "error: --count prints a number, or a JSON document with --format json; not "
                  << format_name << "\n";
        return kTrouble;
    }
    if (all) limit = 0;
    // Relaxing a query changes the question: the formats people read may do it (with a note),
    // counts and the formats scripts read only when asked.
    const bool human = format->for_people;
    const bool relax = !all_words && (partial || (human && !count_only));

    return guarded(
        [&]() -> int {
            // A writer may switch generations while we read: open again once.
            for (int attempt = 0;; ++attempt) {
                try {
                    Searcher searcher(open_for_reading(db));
                    use_folds_of(searcher.database());
                    if (explain) std::cerr << searcher.explain(request);
                    const char* relaxed_note =
                        "note: no paper holds every word of the query; these papers hold some of "
                        "them\n";
                    if (count_only) {
                        bool relaxed = false;
                        Xapian::doccount n = searcher.count(request, relax, &relaxed);
                        if (relaxed && n) std::cerr << relaxed_note;
                        SearchResult counted;
                        counted.query = query;
                        counted.total = n;
                        counted.relaxed = relaxed;
                        format->count(std::cout, counted);
                        return n ? kFound : kNotFound;
                    }
                    SearchOptions options;
                    options.sort = sort;
                    options.limit = limit;
                    options.offset = offset;
                    options.relax = relax;
                    options.snippets = format->needs_snippets;
                    SearchResult result = searcher.search(request, options);
                    if (result.hits.empty() && result.total > 0) {
                        std::cerr << "note: the query matches " << result.total
                                  << " papers; --offset " << offset << " is past the end\n";
                        return kNotFound;
                    }
                    if (result.relaxed) std::cerr << relaxed_note;
                    OutputOptions out;
                    bool tty = ::isatty(1);
                    out.color = want_color(color, tty, std::getenv("NO_COLOR"));
                    struct winsize ws {};
                    if (tty && ::ioctl(1, TIOCGWINSZ, &ws) == 0) out.width = ws.ws_col;
                    // No match: the formats that are documents (JSON, CSV) still print their empty
                    // document, so that a script always has something to parse.
                    write_results(std::cout, result, *format, out);
                    std::cout.flush();
                    if (!std::cout) return kTrouble;
                    return result.hits.empty() ? kNotFound : kFound;
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt > 0) throw;
                } catch (const Xapian::DatabaseOpeningError&) {
                    if (attempt > 0) throw;
                }
            }
        },
        db.string(), kTrouble);
}
