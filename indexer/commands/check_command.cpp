// digest-index check: is the database directory whole? The stub and the generation it names,
// Xapian's own consistency check of that generation (what xapian-check does), the schema
// version, and every input recorded as committed: its record readable, and its digest holding
// as many papers as were written with it.
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "commands/command_support.hpp"
#include "commands/index_session.hpp"
#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"
#include "text/escape.hpp"

namespace fs = std::filesystem;

namespace digest {

namespace {

struct Finding {
    std::string where;  // a file of the database directory, or an input file or URL
    std::string message;
};

struct CheckReport {
    std::vector<Finding> problems;
    std::vector<Finding> notes;  // leftovers a crash may leave; the next writer removes them
    std::string generation;
    std::size_t xapian_errors = 0;
    std::size_t files = 0, urls = 0, digests = 0, digests_counted = 0, papers = 0;
};

// An input as a person reads it: the path or URL of a file: or url: record key.
std::string input_text(const std::string& owner) {
    for (std::string_view prefix : {kMetaFilePrefix, kMetaUrlPrefix})
        if (owner.starts_with(prefix)) return owner.substr(prefix.size());
    return owner;
}

// Lines of Xapian's check output that report something other than a table checked okay.
std::vector<std::string> xapian_complaints(const std::string& out) {
    static const std::regex fine(
        R"(^$|^[a-z]+:$|^blocksize=.*|^B-tree checked okay$|^.* table structure checked OK$|)"
        R"(^No errors found$|^Checking .*$)");
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!std::regex_match(line, fine)) lines.push_back(line);
    return lines;
}

void check_directory(const fs::path& dir, CheckReport& r) {
    const fs::path stub = dir / "XAPIANDB";
    std::ifstream in(stub);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::smatch m;
    static const std::regex form(R"(^auto (gen-[0-9]{6})\n$)");
    if (!std::regex_match(text, m, form)) {
        r.problems.push_back({stub.string(), "expected one line \"auto gen-NNNNNN\", found \"" +
                                                 terminal_safe(text, false) + "\""});
        return;
    }
    r.generation = m[1];
    const fs::path gen = dir / r.generation;
    std::error_code ec;
    if (!fs::is_directory(gen, ec)) {
        r.problems.push_back({stub.string(), "names " + r.generation +
                                                 ", which is not a directory of " + dir.string()});
        r.generation.clear();
        return;
    }
    if (!fs::exists(gen / "iamglass", ec))
        r.problems.push_back({gen.string(), "not a glass database (no iamglass)"});
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name == "XAPIANDB" || name == "lock" || name == r.generation) continue;
        if (name.starts_with("gen-") || name == "XAPIANDB.tmp")
            r.notes.push_back({e.path().string(),
                               "left by an interrupted write; not in use, the next writer "
                               "removes it"});
        else
            r.notes.push_back({e.path().string(), "not part of a digest-search database"});
    }
}

void check_xapian(const fs::path& gen, CheckReport& r) {
    std::ostringstream out;
    try {
        r.xapian_errors = Xapian::Database::check(gen.string(), 0, &out);
    } catch (const Xapian::Error& e) {
        r.problems.push_back({gen.string(), "Xapian's check failed: " + e.get_description()});
        r.xapian_errors = std::max<std::size_t>(r.xapian_errors, 1);
        return;
    }
    if (r.xapian_errors == 0) return;
    auto lines = xapian_complaints(out.str());
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < lines.size() && i < kShown; ++i)
        r.problems.push_back({gen.string(), "Xapian's check: " + lines[i]});
    if (lines.size() != std::min(lines.size(), kShown) || lines.empty())
        r.problems.push_back({gen.string(), "Xapian's check found " +
                                                counted(r.xapian_errors, "error") +
                                                " (xapian-check " + gen.string() + " lists them)"});
}

void check_records(const fs::path& gen, CheckReport& r) {
    Xapian::Database db(gen.string());
    r.papers = db.get_doccount();
    const std::string schema = db.get_metadata(std::string(kMetaSchema));
    if (schema != std::to_string(kSchemaVersion))
        r.problems.push_back(
            {gen.string(), schema.empty() ? "no schema version: not a digest-search database"
                                          : "schema version " + schema + ", this build uses " +
                                                std::to_string(kSchemaVersion) +
                                                " (digest-index reindex rebuilds it)"});

    const std::string fp(kMetaFilePrefix);
    for (auto it = db.metadata_keys_begin(fp); it != db.metadata_keys_end(fp); ++it) {
        ++r.files;
        // size, modification time (ns), content hash: what `add` compares to skip a file.
        std::istringstream rec(db.get_metadata(*it));
        unsigned long long size = 0;
        long long mtime = 0;
        std::string hash, rest;
        if (!(rec >> size >> mtime >> hash) || (rec >> rest))
            r.problems.push_back({input_text(*it), "its record (size, time, hash) is damaged"});
    }
    const std::string up(kMetaUrlPrefix);
    for (auto it = db.metadata_keys_begin(up); it != db.metadata_keys_end(up); ++it) ++r.urls;

    const std::string sp(kMetaDigestSourcePrefix);
    const std::string gp = prefix_of(FieldId::Digest);
    for (auto it = db.metadata_keys_begin(sp); it != db.metadata_keys_end(sp); ++it) {
        ++r.digests;
        const std::string key = (*it).substr(sp.size());
        const std::string owner = db.get_metadata(*it);
        const std::string who = input_text(owner);
        if ((owner.starts_with(fp) || owner.starts_with(up)) && db.get_metadata(owner).empty())
            r.problems.push_back(
                {who, "holds digest " + key + ", but the input has no record of being read"});
        const std::string recorded = db.get_metadata(std::string(kMetaDigestPapersPrefix) + key);
        if (recorded.empty()) continue;  // written before the count was recorded
        ++r.digests_counted;
        const Xapian::doccount held = db.get_termfreq(gp + key);
        if (recorded != std::to_string(held))
            r.problems.push_back({who, "digest " + key + " was written with " + recorded +
                                           " papers, the database holds " + std::to_string(held) +
                                           " of them"});
    }
}

// One database directory: its stub and generation, Xapian's check, its records.
void check_database(const fs::path& dir, CheckReport& r) {
    check_directory(dir, r);
    if (r.generation.empty()) return;
    const fs::path gen = dir / r.generation;
    check_xapian(gen, r);
    try {
        check_records(gen, r);
    } catch (const Xapian::Error& e) {
        r.problems.push_back({gen.string(), "cannot be read: " + e.get_description()});
    }
}

// A sharded directory: its stub lists shard-0 .. shard-(N-1), each a database checked as one.
// A problem of a shard that names an input is prefixed by the shard's path. The counts are the
// shards' sums, but the inputs and digests, which every shard records, are counted once.
void check_sharded(const fs::path& dir, CheckReport& r, std::vector<std::string>& generations) {
    const fs::path stub = dir / "XAPIANDB";
    std::ifstream in(stub);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    unsigned n = 0;
    while (n < kMaxShards && text.starts_with(sharded_stub(n + 1))) ++n;
    if (n == 0 || text != sharded_stub(n)) {
        r.problems.push_back(
            {stub.string(), "expected the lines \"auto shard-0\" to \"auto shard-" +
                                std::to_string(std::max(n, 1u) - 1) +
                                "\", one a shard in order, found \"" + terminal_safe(text, false) +
                                "\""});
        if (n == 0) return;
    }
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name == "XAPIANDB" || name == "lock") continue;
        bool listed = false;
        for (unsigned k = 0; k < n && !listed; ++k) listed = name == shard_name(k);
        if (listed) continue;
        r.notes.push_back({e.path().string(), name == "XAPIANDB.tmp"
                                                  ? "left by an interrupted write; not in use"
                                                  : "not part of a digest-search database"});
    }
    for (unsigned k = 0; k < n; ++k) {
        const fs::path shard = dir / shard_name(k);
        if (!fs::is_directory(shard, ec)) {
            r.problems.push_back(
                {stub.string(),
                 "lists " + shard_name(k) + ", which is not a directory of " + dir.string()});
            generations.emplace_back();
            continue;
        }
        CheckReport one;
        check_database(shard, one);
        const std::string prefix = shard.string();
        for (auto* list : {&one.problems, &one.notes})
            for (auto& f : *list)
                if (!f.where.starts_with(prefix)) {
                    f.message = shell_quoted(f.where) + ": " + f.message;
                    f.where = prefix;
                }
        r.problems.insert(r.problems.end(), one.problems.begin(), one.problems.end());
        r.notes.insert(r.notes.end(), one.notes.begin(), one.notes.end());
        generations.push_back(one.generation);
        r.xapian_errors += one.xapian_errors;
        r.papers += one.papers;
        r.files = std::max(r.files, one.files);
        r.urls = std::max(r.urls, one.urls);
        r.digests = std::max(r.digests, one.digests);
        r.digests_counted = std::max(r.digests_counted, one.digests_counted);
    }
}

}  // namespace

int run_check(const CommonOptions& common, bool json) {
    return guarded(
        [&]() -> int {
            const fs::path& dir = common.db;
            if (!has_stub(dir)) open_for_reading(dir);  // explains what it is
            if (is_stub_file(dir))
                throw Error(dir.string() + " is a stub file: check verifies a database directory",
                            "check each database it lists: digest-index check --db DIR",
                            kExitUsage);
            // Writers are kept out while the generation is read, so that what is checked is
            // one state of the database (readers are not blocked).
            WriteLock lock(dir, common.wait_seconds);
            CheckReport r;
            const bool sharded = is_sharded(dir);
            std::vector<std::string> generations;  // of each shard
            if (sharded)
                check_sharded(dir, r, generations);
            else
                check_database(dir, r);
            const bool ok = r.problems.empty();
            if (json) {
                auto list = [](const std::vector<Finding>& items) {
                    nlohmann::json a = nlohmann::json::array();
                    for (const auto& f : items)
                        a.push_back({{"where", f.where}, {"message", f.message}});
                    return a;
                };
                nlohmann::json j = {{"database", dir.string()},
                                    {"ok", ok},
                                    {"generation", r.generation},
                                    {"shards", sharded ? generations.size() : 1},
                                    {"schema", kSchemaVersion},
                                    {"xapian_errors", r.xapian_errors},
                                    {"papers", r.papers},
                                    {"files_recorded", r.files},
                                    {"urls_recorded", r.urls},
                                    {"digests", r.digests},
                                    {"digests_counted", r.digests_counted},
                                    {"problems", list(r.problems)},
                                    {"notes", list(r.notes)}};
                if (sharded) j["shard_generations"] = generations;
                std::cout << j.dump(2) << "\n";
            } else {
                for (const auto& p : r.problems)
                    std::cerr << "error: " << shell_quoted(p.where) << ": "
                              << terminal_safe(p.message, false) << "\n";
                for (const auto& n : r.notes)
                    std::cerr << "note: " << shell_quoted(n.where) << ": " << n.message << "\n";
                if (!common.quiet) {
                    if (ok)
                        std::cout << "ok: " << dir.string() << " ("
                                  << (sharded ? counted(generations.size(), "shard") : r.generation)
                                  << ", schema " << kSchemaVersion
                                  << "): Xapian's check found no errors; " << with_commas(r.papers)
                                  << " papers; " << counted(r.files, "file") << " recorded"
                                  << (r.urls ? ", " + counted(r.urls, "URL") : std::string())
                                  << "; " << counted(r.digests, "digest")
                                  << " held by their inputs, " << with_commas(r.digests_counted)
                                  << " of them whole by their count of papers\n";
                    else
                        std::cout << counted(r.problems.size(), "problem") << " in " << dir.string()
                                  << "\n";
                }
            }
            return ok ? kExitOk : kExitCheckFailed;
        },
        common.db.string());
}

}  // namespace digest
