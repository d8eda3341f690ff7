// digest-index: adds digests to the database (files, URLs, the arXiv API and RSS), and keeps
// it (stats, reindex, compact, check, spelling).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "commands/index_session.hpp"
#include "commands/remote_commands.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/large_pages.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"

namespace {

// Limits of the downloads, shared by add, arxiv and rss.
void add_fetch_options(CLI::App* cmd, digest::FetchOptions& f) {
    cmd->add_option("--connect-timeout", f.connect_timeout,
                    "seconds to wait for a server to accept the connection")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--timeout", f.timeout, "seconds allowed for one whole download")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--max-bytes", f.max_bytes, "largest response accepted, in bytes")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--retries", f.max_retries,
                    "attempts after a 429 or 5xx answer (waiting as Retry-After asks)")
        ->capture_default_str()
        ->check(CLI::Range(0, 20));
    cmd->add_option("--max-retry-wait", f.max_retry_wait,
                    "longest wait before a retry, in seconds; a server asking for more is not "
                    "retried")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace digest;
    prefer_large_pages();
    CLI::App app{"digest-index: index daily arXiv digests into a Xapian database"};
    app.set_version_flag("--version",
                         "digest-index 0.1.0 (schema " + std::to_string(kSchemaVersion) + ")");
    app.require_subcommand(1);

    std::string db;
    CommonOptions common;
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    common.jobs = cores;
    app.add_option("--db", db,
                   "database directory (default: $DIGEST_DB, else "
                   "$XDG_DATA_HOME/digest-search/db, else ~/.local/share/digest-search/db)");
    app.add_flag("-q,--quiet", common.quiet, "no progress bar and no summary line");
    app.add_option("--wait", common.wait_seconds,
                   "wait up to SECONDS for another writer to release the database")
        ->check(CLI::NonNegativeNumber);
    app.add_option("-j,--jobs", common.jobs, "threads to use (default: the number of cores)")
        ->check(CLI::Range(1u, 256u));

    AddOptions add;
    auto* add_cmd = app.add_subcommand(
        "add", "add digests: files, folders (walked for *.md), http(s) URLs, - for stdin");
    add_cmd->add_option("inputs", add.inputs,
                        "digest files, folders, http(s) URLs, or - for standard input");
    add_cmd->add_option("--from-list", add.from_list,
                        "read more inputs (files, folders, URLs) from FILE, one per line; - for "
                        "standard input");
    add_cmd->add_option("--date", add.date,
                        "digest date (YYYY-MM-DD) for inputs whose path has none (stdin, ...)");
    add_cmd->add_option("--topic", add.topic,
                        "digest topic for inputs whose file name is not a topic word");
    add_cmd->add_flag("--strict", add.strict, "treat any warning as fatal: write nothing");
    add_cmd->add_flag("--force", add.force,
                      "read again files recorded as unchanged; download URLs unconditionally");
    add_cmd
        ->add_option("--shards", add.shards,
                     "write a sharded database of N shards (1-256), each paper in one by its id; "
                     "N is fixed when the database is created")
        ->check(CLI::Range(1u, kMaxShards));
    add_fetch_options(add_cmd, add.fetch);

    ArxivOptions arxiv;
    auto* arxiv_cmd = app.add_subcommand(
        "arxiv", "add arXiv metadata from the arXiv query API (by query or by id)");
    arxiv_cmd->add_option("--query", arxiv.query,
                          "search in arXiv's query syntax, e.g. 'cat:cs.SD AND ti:speech'");
    arxiv_cmd
        ->add_option("--id", arxiv.ids, "arXiv ids (2512.22166, 2505.20899v2, quant-ph/0201082)")
        ->expected(1, -1);
    arxiv_cmd->add_option("--max", arxiv.max, "results of --query to fetch (100 per request)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
    arxiv_cmd->add_option("--sort", arxiv.sort, "order of --query results, newest first")
        ->capture_default_str()
        ->check(CLI::IsMember({"submitted", "updated", "relevance"}));
    arxiv_cmd->add_option("--api-url", arxiv.api_url, "address of the arXiv query API")
        ->capture_default_str();
    arxiv_cmd->add_option("--delay", arxiv.delay, "seconds between two requests (arXiv asks for 3)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    add_fetch_options(arxiv_cmd, arxiv.fetch);

    RssOptions rss;
    auto* rss_cmd = app.add_subcommand(
        "rss", "add today's arXiv announcements of some categories (rss.arxiv.org)");
    rss_cmd->add_option("categories", rss.categories, "arXiv categories or archives: cs.SD eess.AS")
        ->required();
    rss_cmd->add_option("--rss-url", rss.rss_url, "address of the arXiv RSS feeds")
        ->capture_default_str();
    rss_cmd->add_flag("--force", rss.force, "download even if unchanged since the last run");
    add_fetch_options(rss_cmd, rss.fetch);

    bool stats_json = false;
    std::string stats_format = "text";
    auto* stats_cmd = app.add_subcommand("stats", "papers, appearances, topics, dates, size");
    stats_cmd->add_option("-f,--format", stats_format, "text, json or csv (one figure a row)")
        ->check(CLI::IsMember({"text", "json", "csv"}))
        ->capture_default_str();
    stats_cmd->add_flag("--json", stats_json, "as --format json");

    auto* reindex_cmd = app.add_subcommand(
        "reindex", "rebuild every document from the papers the database stores (after an upgrade)");
    auto* compact_cmd =
        app.add_subcommand("compact", "compact the database in place (safe against crashes)");
    bool check_json = false;
    auto* check_cmd = app.add_subcommand(
        "check", "verify the database: generation, stub, Xapian's consistency, committed files");
    check_cmd->add_flag("--json", check_json, "the findings as JSON");

    std::vector<std::string> spelling_sources;
    auto* spelling_cmd = app.add_subcommand(
        "spelling",
        "write at --db a spelling table (no papers) of these databases' words, for searching "
        "remote shards, which have none");
    spelling_cmd
        ->add_option("databases", spelling_sources,
                     "local databases or sharded directories whose words it holds")
        ->required();

    // Global options are taken after the command too (`digest-index add --db DIR FILES`), as
    // people type them and as the hints print them.
    for (auto* cmd : {add_cmd, arxiv_cmd, rss_cmd, stats_cmd, reindex_cmd, compact_cmd, check_cmd,
                      spelling_cmd})
        cmd->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "error: " << e.what() << "\n"
                  << "hint: digest-index --help lists the commands and options\n";
        return kExitUsage;
    }

    common.db = db.empty() ? default_database_path() : std::filesystem::path(db);
    install_stop_handlers();
    const int code = guarded(
        [&] {
            if (*add_cmd) return run_add(common, add);
            if (*arxiv_cmd) return run_arxiv(common, arxiv);
            if (*rss_cmd) return run_rss(common, rss);
            if (*stats_cmd) return run_stats(common, stats_json ? "json" : stats_format);
            if (*reindex_cmd) return run_reindex(common);
            if (*compact_cmd) return run_compact(common);
            if (*check_cmd) return run_check(common, check_json);
            if (*spelling_cmd) return run_spelling(common, spelling_sources);
            return static_cast<int>(kExitUsage);
        },
        common.db.string());
    // A signal that came after the last point where a writer could stop: its work is done and
    // committed, but the run was interrupted all the same (a script sees 130 or 143).
    const bool writes =
        *add_cmd || *arxiv_cmd || *rss_cmd || *reindex_cmd || *compact_cmd || *spelling_cmd;
    if (writes && stop_signal() != 0 && code <= 128) {
        std::cerr << "interrupted: the signal came after the last commit: everything this run "
                     "had to write is in the database\n";
        return interrupted_exit_code();
    }
    return code;
}
