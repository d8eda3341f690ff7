// digest-index: adds digests to the database, and keeps it (stats, reindex, compact).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "database.hpp"
#include "error.hpp"
#include "field_table.hpp"
#include "index_session.hpp"

int main(int argc, char** argv) {
    using namespace digest;
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
    auto* add_cmd =
        app.add_subcommand("add", "add digests: files, folders (walked for *.md), - for stdin");
    add_cmd->add_option("inputs", add.inputs, "digest files, folders, or - for standard input")
        ->required();
    add_cmd->add_option("--date", add.date,
                        "digest date (YYYY-MM-DD) for inputs whose path has none (stdin, ...)");
    add_cmd->add_option("--topic", add.topic,
                        "digest topic for inputs whose file name is not a topic word");
    add_cmd->add_flag("--strict", add.strict, "treat any warning as fatal: write nothing");
    add_cmd->add_flag("--force", add.force, "read again files recorded as unchanged");

    bool stats_json = false;
    auto* stats_cmd = app.add_subcommand("stats", "papers, appearances, topics, dates, size");
    stats_cmd->add_flag("--json", stats_json, "print the figures as JSON");

    auto* reindex_cmd = app.add_subcommand(
        "reindex", "rebuild every document from the papers the database stores (after an upgrade)");
    auto* compact_cmd =
        app.add_subcommand("compact", "compact the database in place (safe against crashes)");

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
    install_signal_handlers();
    try {
        if (*add_cmd) return run_add(common, add);
        if (*stats_cmd) return run_stats(common, stats_json);
        if (*reindex_cmd) return run_reindex(common);
        if (*compact_cmd) return run_compact(common);
    } catch (const Error& e) {
        std::cerr << "error: " << e.what() << "\n";
        if (!e.hint().empty()) std::cerr << "hint: " << e.hint() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return kExitDatabase;
    }
    return kExitUsage;
}
