#include "commands/index_session.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "commands/command_support.hpp"
#include "commands/remote_commands.hpp"
#include "core/bounded_read.hpp"
#include "core/content_hash.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "digest/digest_parser.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"
#include "text/escape.hpp"
#include "text/text_normalizer.hpp"
#include "writing/document_builder.hpp"
#include "writing/paper_writer.hpp"

namespace fs = std::filesystem;

namespace digest {

namespace {

bool is_url(std::string_view s) {
    auto colon = s.find("://");
    return colon != std::string_view::npos && colon > 0 && colon < 10 &&
           std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

struct FileRecord {
    std::uintmax_t size = 0;
    long long mtime_ns = 0;
    std::string hash;

    std::string encode() const {
        return std::to_string(size) + " " + std::to_string(mtime_ns) + " " + hash;
    }
    static bool decode(const std::string& s, FileRecord& out) {
        std::istringstream in(s);
        return static_cast<bool>(in >> out.size >> out.mtime_ns >> out.hash);
    }
};

// What one part of the database (the database itself, or one of its shards) recorded of an
// input. Each shard keeps its own records, so that a run stopped between two shards is
// finished by the next: an input is skipped in the shards that have it only.
struct PartRecord {
    UrlRecord url_before;  // URL inputs: the recorded response
    bool have_record = false;
    FileRecord record;     // files: as recorded by an earlier run
    bool skipped = false;  // unchanged since that part recorded it
};

// One input as the run sees it.
struct Input {
    std::string name;  // as given (path, "<stdin>", URL)
    fs::path path;     // local file; empty for stdin and URLs
    bool is_stdin = false;
    bool is_url = false;
    UrlRecord url_now;    // URL inputs: this run's response
    std::string content;  // URL inputs: the downloaded digest
    bool fetch_failed = false;
    std::string record_key;         // metadata key of its file record
    FileRecord stat;                // size and mtime now
    std::vector<PartRecord> parts;  // one per part of the database

    // Filled by the reading/parsing workers:
    std::string hash;
    bool skipped = false;  // unchanged in every part: not read
    bool read_failed = false;
    ParsedDigest parsed;
};

// Why an input could not be read (read_bounded's status; errno for a failure).
std::string read_failure(const fs::path& path, ReadStatus status) {
    switch (status) {
        case ReadStatus::TooLarge:
            return "larger than " + size_text(kMaxDigestBytes) +
                   ", the most a digest may hold: not read";
        case ReadStatus::NotRegular:
            return "not a regular file (" + file_kind(path) + ")";
        case ReadStatus::Stopped:
            return "interrupted while reading";
        case ReadStatus::Failed:
        case ReadStatus::Ok:
            break;
    }
    return std::string("cannot read: ") + std::strerror(errno);
}

// Which input holds a digest: its file record key (file:PATH, url:URL), or <stdin>.
std::string digest_owner(const Input& in) {
    return in.record_key.empty() ? "<stdin>" : in.record_key;
}

// An owner as a person reads it: the path or URL.
std::string owner_text(const std::string& owner) {
    for (std::string_view prefix : {kMetaFilePrefix, kMetaUrlPrefix})
        if (owner.starts_with(prefix)) return shell_quoted(owner.substr(prefix.size()));
    return owner;
}

// The input recorded as holding a digest, and the hash of the content it was read with.
struct Holder {
    std::string owner;
    std::string hash;
};

// The content hash an input's record holds (file:PATH or url:URL): empty when none.
std::string recorded_hash(const Xapian::Database& db, const std::string& owner) {
    const std::string record = db.get_metadata(owner);
    if (owner.starts_with(kMetaFilePrefix)) {
        FileRecord r;
        return FileRecord::decode(record, r) ? r.hash : std::string();
    }
    if (owner.starts_with(kMetaUrlPrefix)) return UrlRecord::decode(record).hash;
    return {};
}

// Whether the input an owner names is still there: a file that was moved away is not.
bool still_there(const std::string& owner) {
    if (!owner.starts_with(kMetaFilePrefix)) return true;  // a URL, standard input
    std::error_code ec;
    return fs::exists(fs::path(owner.substr(kMetaFilePrefix.size())), ec) || ec;
}

// Two inputs that claim one digest (audio.md and "audio (1).md" of one day, which name the
// same date and topic) never silently replace each other's listings: the one that holds it
// (read before, or first in this run) keeps it, and the other is refused with an error naming
// both. Reading the same input again still replaces its own listings; --force lets an input
// take over a digest that another file held. An input with the very bytes of the holder is
// that digest again, not a second one: a copy (a download saved twice, a folder copied) has
// nothing new and is passed over without an error; found where a holder that is gone was (a
// folder of digests moved), it is read and holds the digest from then on.
// `recorded`: the input recorded as holding each digest (digest key -> holder), by any part.
void refuse_second_claims(std::vector<Input>& inputs, const std::map<std::string, Holder>& recorded,
                          bool force) {
    struct Claim {
        Holder holder;
        bool read_now = false;  // an input of this run, not the recorded holder
    };
    std::map<std::string, Claim> claimed;  // digest key -> who holds it in this run
    for (auto& in : inputs) {
        if (in.skipped || in.read_failed || in.fetch_failed || in.parsed.rejected ||
            in.parsed.date.empty() || in.parsed.topic.empty())
            continue;
        const std::string key = in.parsed.date + "/" + in.parsed.topic;
        const Holder mine{digest_owner(in), in.hash};
        auto it = claimed.find(key);
        if (it == claimed.end()) {
            const auto held = recorded.find(key);
            if (force || held == recorded.end() || held->second.owner.empty() ||
                held->second.owner == mine.owner) {
                claimed.emplace(key, Claim{mine, true});
                continue;
            }
            it = claimed.emplace(key, Claim{held->second, false}).first;
        }
        Claim& claim = it->second;
        if (claim.holder.owner == mine.owner) continue;
        if (!claim.holder.hash.empty() && claim.holder.hash == in.hash) {
            if (!claim.read_now && !still_there(claim.holder.owner)) {
                claim = {mine, true};  // moved here: this input holds the digest now
            } else {
                in.parsed.rejected = true;  // a copy of the holder: the same papers, read once
                in.parsed.entries.clear();
            }
            continue;
        }
        const std::string holder =
            owner_text(claim.holder.owner) +
            (claim.read_now ? ", read before it in this run" : ", read by an earlier run");
        in.parsed.rejected = true;
        in.parsed.entries.clear();
        in.parsed.diagnostics.push_back(
            {in.name, 0, Severity::Error,
             "names the same digest (" + key + ") as " + holder +
                 "; not read, so that neither replaces the other's papers (merge the two files, "
                 "or pass --force to let this one replace that digest)"});
    }
}

// Collects the *.md files under `dir`, in any order. Symbolic links to folders are followed,
// each real folder once (no loops). What cannot be looked at (a link loop, a dangling link, a
// folder without permission) or is a *.md that is not a regular file (a FIFO, a device) gets a
// warning naming it and is skipped, never opened; the walk goes on. False when `dir` itself
// cannot be read (its warning is the last one added).
bool walk_folder(const fs::path& dir, std::set<fs::path>& seen, std::vector<fs::path>& files,
                 Diagnostics& problems) {
    std::error_code ec;
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        entries.push_back(it->path());
    if (ec) {
        problems.push_back(
            {dir.string(), 0, Severity::Warning, "cannot read the folder: " + ec.message()});
        return false;
    }
    std::sort(entries.begin(), entries.end());  // warnings in name order, as files are read
    for (const auto& p : entries) {
        std::error_code status_ec;
        const fs::file_status st = fs::status(p, status_ec);
        const bool md = p.extension() == ".md";
        if (status_ec) {
            std::error_code link_ec;
            const bool link = fs::is_symlink(fs::symlink_status(p, link_ec));
            const bool dangling = status_ec == std::errc::no_such_file_or_directory;
            if (md || (link && !dangling))
                problems.push_back({p.string(), 0, Severity::Warning,
                                    (link && dangling ? std::string("a symbolic link to nothing")
                                                      : status_ec.message()) +
                                        "; skipped"});
            continue;
        }
        if (fs::is_directory(st)) {
            if (seen.insert(fs::weakly_canonical(p, ec)).second)
                walk_folder(p, seen, files, problems);
        } else if (md) {
            if (fs::is_regular_file(st))
                files.push_back(p);
            else
                problems.push_back({p.string(), 0, Severity::Warning,
                                    "not a regular file (" + file_kind(p) + "); skipped"});
        }
    }
    return true;
}

std::string now_iso() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

int run_add(const CommonOptions& common, const AddOptions& options) {
    auto t0 = std::chrono::steady_clock::now();
    Diagnostics input_errors;

    std::string forced_date;
    if (!options.date.empty()) {
        forced_date = normalise_date(options.date);
        if (forced_date.empty()) {
            std::cerr << "error: --date " << options.date
                      << ": not a date (use YYYY-MM-DD, e.g. 2026-04-30)\n";
            return kExitUsage;
        }
    }
    if (!options.topic.empty()) {
        // A topic is one query-language word: `topic:a b` could never find it.
        bool word = std::all_of(options.topic.begin(), options.topic.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                   static_cast<unsigned char>(c) >= 0x80;
        });
        if (!word) {
            std::cerr << "error: --topic " << options.topic
                      << ": a topic is one word (letters, digits, - and _), e.g. audio\n";
            return kExitUsage;
        }
    }
    std::vector<std::string> args = options.inputs;
    if (!options.from_list.empty()) {
        // One input per line; blank lines and lines starting with # are ignored.
        if (options.from_list == "-" && std::find(args.begin(), args.end(), "-") != args.end()) {
            std::cerr << "error: --from-list - and the input - cannot both read standard input\n";
            return kExitUsage;
        }
        std::string text;
        const ReadStatus status = options.from_list == "-"
                                      ? read_bounded(0, kMaxListBytes, text)
                                      : read_file_bounded(options.from_list, kMaxListBytes, text);
        if (status == ReadStatus::Stopped)
            return report(interrupted("nothing was read or written"));
        if (status != ReadStatus::Ok) {
            std::cerr << "error: --from-list " << shell_quoted(options.from_list) << ": "
                      << (status == ReadStatus::TooLarge
                              ? "larger than " + size_text(kMaxListBytes) +
                                    ", the most a list of inputs may hold"
                          : status == ReadStatus::NotRegular
                              ? "not a regular file (" + file_kind(options.from_list) + ")"
                              : std::string("cannot read: ") + std::strerror(errno))
                      << "\n";
            return kExitUsage;
        }
        std::istringstream list(text);
        for (std::string line; std::getline(list, line);) {
            auto begin = line.find_first_not_of(" \t\r");
            if (begin == std::string::npos || line[begin] == '#') continue;
            auto end = line.find_last_not_of(" \t\r");
            args.push_back(line.substr(begin, end - begin + 1));
        }
    }
    if (args.empty()) {
        std::cerr << "error: nothing to add: name digest files, folders, URLs, or - for stdin\n";
        return kExitUsage;
    }

    // Expand the inputs: folders are walked for *.md, recursively, in name order.
    std::vector<Input> inputs;
    bool stdin_taken = false;
    for (const auto& arg : args) {
        if (arg == "-") {
            if (stdin_taken) continue;
            stdin_taken = true;
            Input in;
            in.name = "<stdin>";
            in.is_stdin = true;
            inputs.push_back(std::move(in));
            continue;
        }
        if (is_url(arg)) {
            if (!is_fetchable_url(arg)) {
                input_errors.push_back(
                    {arg, 0, Severity::Error,
                     "unsupported URL scheme: only http:// and https:// URLs are fetched"});
                continue;
            }
            Input in;
            in.name = arg;
            in.is_url = true;
            in.record_key = std::string(kMetaUrlPrefix) + arg;
            inputs.push_back(std::move(in));
            continue;
        }
        std::error_code ec;
        fs::file_status st = fs::status(arg, ec);
        if (ec || !fs::exists(st)) {
            input_errors.push_back({arg, 0, Severity::Error,
                                    ec && ec != std::errc::no_such_file_or_directory
                                        ? ec.message()
                                        : "no such file or directory"});
            continue;
        }
        if (!fs::is_directory(st) && !fs::is_regular_file(st)) {
            // A FIFO or a device named as an input could block or never end: only `-` reads
            // standard input.
            input_errors.push_back({arg, 0, Severity::Error,
                                    "not a regular file (" + file_kind(arg) +
                                        "); to read a stream, give - and redirect it"});
            continue;
        }
        std::vector<fs::path> files;
        if (fs::is_directory(st)) {
            std::set<fs::path> seen{fs::weakly_canonical(arg, ec)};
            const std::size_t problems = input_errors.size();
            const bool walked = walk_folder(arg, seen, files, input_errors);
            if (!walked) input_errors.back().severity = Severity::Error;
            std::sort(files.begin(), files.end());
            if (files.empty() && walked && input_errors.size() == problems)
                input_errors.push_back({arg, 0, Severity::Warning, "folder holds no *.md files"});
        } else {
            files.emplace_back(arg);
        }
        for (auto& f : files) {
            Input in;
            in.name = f.string();
            in.path = f;
            inputs.push_back(std::move(in));
        }
    }
    if (inputs.empty()) {
        // Nothing could be read: say so, and do not create or touch the database for it.
        print_diagnostics(input_errors);
        bool any_error =
            std::any_of(input_errors.begin(), input_errors.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::Error; });
        if (!any_error) std::cerr << "nothing to add\n";
        return any_error ? (options.strict ? kExitStrict : kExitInputErrors)
                         : (options.strict && !input_errors.empty() ? kExitStrict : kExitOk);
    }

    // Standard input is read here, before the database is opened and before any worker
    // starts, so that the first SIGINT ends a read waiting on a terminal or a pipe.
    for (auto& in : inputs) {
        if (!in.is_stdin) continue;
        const ReadStatus status = read_bounded(0, kMaxDigestBytes, in.content);
        if (status == ReadStatus::Stopped)
            return report(interrupted("nothing was read from standard input or written"));
        if (status != ReadStatus::Ok) {
            in.read_failed = true;
            in.parsed.diagnostics.push_back(
                {in.name, 0, Severity::Error, read_failure("-", status)});
        }
    }

    return guarded(
        [&]() -> int {
            int exit_code = kExitOk;
            ShardedStore store(common.db, common.wait_seconds, options.shards);
            refuse_papers_into(common.db);
            const unsigned parts = store.count();

            // File records: unchanged files (same size and modification time) are not read again.
            for (auto& in : inputs) {
                in.parts.resize(parts);
                if (in.is_stdin || in.is_url) continue;
                struct stat st {};
                if (::stat(in.path.c_str(), &st) != 0) continue;  // reported when read
                in.stat.size = static_cast<std::uintmax_t>(st.st_size);
                in.stat.mtime_ns =
                    static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
                std::error_code ec;
                fs::path abs = fs::weakly_canonical(fs::absolute(in.path), ec);
                in.record_key =
                    std::string(kMetaFilePrefix) + (ec ? in.path.string() : abs.string());
            }
            for (unsigned k = 0; k < parts; ++k) {
                Xapian::WritableDatabase& db = store.part(k).writable();
                for (auto& in : inputs) {
                    if (in.record_key.empty()) continue;
                    PartRecord& r = in.parts[k];
                    if (in.is_url) {
                        r.url_before = UrlRecord::decode(db.get_metadata(in.record_key));
                        continue;
                    }
                    r.have_record = FileRecord::decode(db.get_metadata(in.record_key), r.record);
                    if (r.have_record && !options.force && r.record.size == in.stat.size &&
                        r.record.mtime_ns == in.stat.mtime_ns)
                        r.skipped = true;
                }
            }
            auto skipped_everywhere = [](const Input& in) {
                return !in.parts.empty() &&
                       std::all_of(in.parts.begin(), in.parts.end(),
                                   [](const PartRecord& r) { return r.skipped; });
            };
            for (auto& in : inputs)
                if (!in.is_url) in.skipped = skipped_everywhere(in);

            Progress progress(!common.quiet && ::isatty(2));

            // Download the URL inputs, one after the other over one connection (polite to the
            // server; parsing below is parallel). A failed download is this input's error only.
            std::size_t url_count = static_cast<std::size_t>(std::count_if(
                inputs.begin(), inputs.end(), [](const Input& in) { return in.is_url; }));
            bool fetch_failed = false;
            if (url_count) {
                progress.phase("downloading", url_count);
                FetchOptions fetch = options.fetch;
                fetch.stop = &stop_flag();
                HttpFetcher fetcher(fetch);
                for (auto& in : inputs) {
                    if (!in.is_url || stop_flag()) continue;
                    // Downloaded once for every part: conditionally when the parts recorded the
                    // same response, else in full (a run stopped between two shards).
                    const bool agree =
                        std::all_of(in.parts.begin(), in.parts.end(), [&](const PartRecord& r) {
                            return r.url_before == in.parts[0].url_before;
                        });
                    RemoteDigest d =
                        fetch_digest(fetcher, in.name, agree ? in.parts[0].url_before : UrlRecord{},
                                     options.force);
                    if (d.interrupted) break;
                    in.url_now = d.record;
                    if (d.status == RemoteDigest::Status::Failed) {
                        in.read_failed = in.fetch_failed = fetch_failed = true;
                        in.parsed.diagnostics.push_back(std::move(d.error));
                    } else if (d.status == RemoteDigest::Status::Unchanged) {
                        for (auto& r : in.parts) r.skipped = true;
                        in.skipped = true;
                    } else {
                        // A part that recorded this very body already has it.
                        for (auto& r : in.parts)
                            r.skipped = !options.force && !r.url_before.hash.empty() &&
                                        r.url_before.hash == d.record.hash;
                        in.skipped = skipped_everywhere(in);
                        if (!in.skipped) in.content = std::move(d.content);
                    }
                    progress.advance();
                }
                progress.finish();
            }
            if (stop_flag()) {
                std::cerr << "interrupted while downloading; nothing was written\n";
                return interrupted_exit_code();
            }

            // Read and parse in parallel.
            progress.phase("parsing", inputs.size());
            std::atomic<std::size_t> next{0};
            auto worker = [&] {
                for (;;) {
                    std::size_t k = next++;
                    if (k >= inputs.size() || stop_flag()) break;
                    Input& in = inputs[k];
                    if (in.skipped || in.fetch_failed || in.read_failed) {
                        progress.advance();
                        continue;
                    }
                    std::string content;
                    if (in.is_url) {
                        content = std::move(in.content);
                    } else if (in.is_stdin) {
                        content = std::move(in.content);  // read before the workers start
                    } else {
                        const ReadStatus status =
                            read_file_bounded(in.path, kMaxDigestBytes, content);
                        if (status != ReadStatus::Ok) {
                            in.read_failed = true;
                            in.parsed.diagnostics.push_back(
                                {in.name, 0, Severity::Error, read_failure(in.path, status)});
                            progress.advance();
                            continue;
                        }
                    }
                    in.hash = content_hash(content);
                    if (!in.is_url && !options.force) {
                        for (auto& r : in.parts)  // touched but not changed
                            if (r.have_record && r.record.hash == in.hash) r.skipped = true;
                        if (skipped_everywhere(in)) {
                            in.skipped = true;
                            progress.advance();
                            continue;
                        }
                    }
                    DigestSource source;
                    source.name = in.name;
                    // A URL's path names the date and topic as a file path does.
                    std::string where = in.is_stdin ? std::string()
                                        : in.is_url ? in.name
                                                    : in.path.string();
                    source.date = date_from_path(where);
                    if (source.date.empty()) source.date = forced_date;
                    source.topic = topic_from_path(where);
                    if (source.topic.empty() && !options.topic.empty())
                        source.topic = fold(options.topic);
                    in.parsed = parse_digest(content, source);
                    progress.advance();
                }
            };
            {
                std::vector<std::thread> threads;
                for (unsigned t = 1; t < std::max(1u, common.jobs); ++t)
                    threads.emplace_back(worker);
                worker();
                for (auto& t : threads) t.join();
            }
            progress.finish();
            if (stop_flag()) {
                std::cerr << "interrupted while reading; nothing was written\n";
                return interrupted_exit_code();
            }

            // The inputs recorded as holding the digests read: by any part (a run stopped
            // between two shards recorded it in some).
            std::map<std::string, Holder> owners;
            for (const auto& in : inputs)
                if (!in.parsed.date.empty() && !in.parsed.topic.empty())
                    owners.emplace(in.parsed.date + "/" + in.parsed.topic, Holder{});
            for (unsigned k = 0; k < parts && !owners.empty(); ++k) {
                Xapian::WritableDatabase& db = store.part(k).writable();
                for (auto& [key, holder] : owners) {
                    if (!holder.owner.empty()) continue;
                    holder.owner = db.get_metadata(std::string(kMetaDigestSourcePrefix) + key);
                    if (!holder.owner.empty()) holder.hash = recorded_hash(db, holder.owner);
                }
            }
            refuse_second_claims(inputs, owners, options.force);
            print_diagnostics(input_errors);
            std::size_t warnings = 0, errors = 0, entries = 0, read = 0, skipped = 0;
            for (const auto& d : input_errors)
                (d.severity == Severity::Error ? errors : warnings)++;
            for (const auto& in : inputs) {
                print_diagnostics(in.parsed.diagnostics);
                warnings += static_cast<std::size_t>(in.parsed.warnings());
                errors += static_cast<std::size_t>(in.parsed.errors());
                entries += in.parsed.entries.size();
                if (in.skipped)
                    ++skipped;
                else if (!in.read_failed)
                    ++read;
            }
            if (options.strict && warnings + errors > 0) {
                std::cerr << "error: --strict: " << counted(warnings, "warning") << " and "
                          << counted(errors, "error") << "; nothing was written\n";
                return kExitStrict;
            }

            double secs_so_far = 0;
            nlohmann::json last_run = {{"time", now_iso()},  {"files", inputs.size()},
                                       {"read", read},       {"skipped", skipped},
                                       {"entries", entries}, {"warnings", warnings},
                                       {"errors", errors}};

            // The batches of part k: one per input, in date order so that per-input commits move
            // forward in time. A shard gets its papers' entries and the records of every input.
            auto batches_of = [&](unsigned k) {
                std::vector<DigestBatch> batches;
                for (auto& in : inputs) {
                    if (in.read_failed || in.parsed.rejected) continue;
                    const PartRecord& part = in.parts[k];
                    // The record that lets the next run skip this input: validators for a URL,
                    // size, time and hash for a file. An unchanged input with an unchanged record
                    // is nothing to write; one whose record changed (new validators, touched
                    // file) writes the record only.
                    std::string record, before;
                    if (in.is_url) {
                        record = in.url_now.encode();
                        before = part.url_before.encode();
                    } else {
                        record = FileRecord{in.stat.size, in.stat.mtime_ns,
                                            in.hash.empty() ? part.record.hash : in.hash}
                                     .encode();
                        before = part.have_record ? part.record.encode() : std::string();
                    }
                    if (part.skipped && record == before) continue;
                    DigestBatch b;
                    b.name = in.name;
                    if (!part.skipped) {
                        if (parts == 1)
                            b.entries = std::move(in.parsed.entries);
                        else
                            for (const auto& e : in.parsed.entries)
                                if (shard_of(e.id, parts) == k) b.entries.push_back(e);
                        if (!in.parsed.date.empty() && !in.parsed.topic.empty()) {
                            b.digest_key = in.parsed.date + "/" + in.parsed.topic;
                            b.metadata[std::string(kMetaDigestSourcePrefix) + b.digest_key] =
                                digest_owner(in);
                            // Written in the same transaction as the papers, so that `check` can
                            // tell a digest wholly written from one cut short.
                            std::set<std::string> ids;
                            for (const auto& e : b.entries) ids.insert(e.id);
                            b.metadata[std::string(kMetaDigestPapersPrefix) + b.digest_key] =
                                std::to_string(ids.size());
                        }
                    }
                    if (!in.record_key.empty()) b.metadata[in.record_key] = record;
                    batches.push_back(std::move(b));
                }
                std::stable_sort(batches.begin(), batches.end(),
                                 [](const DigestBatch& a, const DigestBatch& b) {
                                     return a.digest_key < b.digest_key;
                                 });
                // Every input failed: leave the part exactly as it was, run record included.
                if (batches.empty() && errors > 0) return batches;
                if (batches.empty()) batches.emplace_back();
                batches.back().metadata[std::string(kMetaLastRun)] = last_run.dump();
                return batches;
            };
            const WriteStats ws =
                write_parts(store, batches_of, common.jobs, progress, stop_flag());
            secs_so_far =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

            if (!common.quiet) {
                std::size_t urls = static_cast<std::size_t>(std::count_if(
                    inputs.begin(), inputs.end(), [](const Input& in) { return in.is_url; }));
                std::size_t files = inputs.size() - urls;
                if (files || !urls) std::cout << counted(files, "file");
                if (files && urls) std::cout << " and ";
                if (urls) std::cout << counted(urls, "URL");
                if (skipped) std::cout << " (" << with_commas(skipped) << " unchanged, skipped)";
                std::cout << ", " << with_commas(ws.entries) << " entries → "
                          << with_commas(ws.papers) << " papers ("
                          << with_commas(ws.entries - ws.new_papers)
                          << " entries merged into papers already seen), "
                          << counted(warnings, "warning");
                if (ws.removed_papers)
                    std::cout << ", " << counted(ws.removed_papers, "paper")
                              << " no digest lists any more removed";
                if (errors) std::cout << ", " << counted(errors, "error");
                std::cout << ", " << seconds_text(secs_so_far) << "\n";
            }
            if (errors) exit_code = kExitInputErrors;
            if (fetch_failed) exit_code = kExitNetwork;
            return exit_code;
        },
        common.db.string());
}

int run_stats(const CommonOptions& common, const std::string& format) {
    return guarded(
        [&]() -> int {
            Xapian::Database db = open_for_reading(common.db);
            // Metadata is read from each part: a combined database reads it from its first.
            std::vector<Xapian::Database> parts;
            for (const auto& part : expand_shards({common.db})) parts.emplace_back(part.string());
            nlohmann::json j;
            j["database"] = common.db.string();
            j["schema"] = kSchemaVersion;
            j["shards"] = parts.size();
            j["papers"] = db.get_doccount();
            std::size_t appearances = 0, digests = 0;
            std::map<std::string, std::pair<std::size_t, std::size_t>>
                topics;  // papers, appearances
            const std::string gp(field(FieldId::Digest).prefix);
            for (auto it = db.allterms_begin(gp); it != db.allterms_end(gp); ++it) {
                std::string key = (*it).substr(gp.size());
                appearances += it.get_termfreq();
                ++digests;
                auto slash = key.find('/');
                topics[key.substr(slash + 1)].second += it.get_termfreq();
            }
            const std::string tp(field(FieldId::Topic).prefix);
            for (auto it = db.allterms_begin(tp); it != db.allterms_end(tp); ++it)
                topics[(*it).substr(tp.size())].first = it.get_termfreq();
            const std::string sp(field(FieldId::Section).prefix);
            nlohmann::json sections = nlohmann::json::object();
            for (auto it = db.allterms_begin(sp); it != db.allterms_end(sp); ++it)
                sections[(*it).substr(sp.size())] = it.get_termfreq();
            // The digests' dates (papers known only from arXiv are dated by submission, which is
            // not a digest day).
            std::set<std::string> digest_days;
            for (auto it = db.allterms_begin(gp); it != db.allterms_end(gp); ++it) {
                std::string key = (*it).substr(gp.size());
                std::string day = key.substr(0, key.find('/'));
                if (!day.empty()) digest_days.insert(day);
            }
            std::string first = digest_days.empty() ? "" : *digest_days.begin();
            std::string last = digest_days.empty() ? "" : *digest_days.rbegin();
            std::size_t days = digest_days.size();
            // Every shard records every input: an input is counted once, by any shard.
            auto count_keys = [&](std::string_view prefix) {
                std::set<std::string> keys;
                const std::string p(prefix);
                for (const auto& part : parts)
                    for (auto it = part.metadata_keys_begin(p); it != part.metadata_keys_end(p);
                         ++it)
                        keys.insert(*it);
                return keys.size();
            };
            std::size_t files = count_keys(kMetaFilePrefix);
            j["urls_recorded"] = count_keys(kMetaUrlPrefix);
            j["appearances"] = appearances;
            j["digests"] = digests;
            j["topics"] = nlohmann::json::object();
            for (const auto& [t, c] : topics)
                j["topics"][t] = {{"papers", c.first}, {"appearances", c.second}};
            j["sections"] = sections;
            j["first_date"] = first;
            j["last_date"] = last;
            j["days"] = days;
            j["files_recorded"] = files;
            j["size_bytes"] = database_size(common.db);
            // The newest run any part recorded (a run stopped between two shards left it in some).
            std::string lr;
            for (const auto& part : parts) {
                std::string one = part.get_metadata(std::string(kMetaLastRun));
                auto time = [](const std::string& run) {
                    const auto r = nlohmann::json::parse(run, nullptr, false);
                    return r.is_object() ? r.value("time", std::string()) : std::string();
                };
                if (lr.empty() || (!one.empty() && time(one) > time(lr))) lr = std::move(one);
            }
            j["last_run"] =
                lr.empty() ? nlohmann::json(nullptr) : nlohmann::json::parse(lr, nullptr, false);

            if (format == "json") {
                std::cout << j.dump(2) << "\n";
                return kExitOk;
            }
            if (format == "csv") {
                // One figure a row; nested figures are named by their path (topic:audio:papers).
                std::cout << "figure,value\r\n";
                std::function<void(const std::string&, const nlohmann::json&)> rows =
                    [&](const std::string& name, const nlohmann::json& v) {
                        if (v.is_object()) {
                            for (const auto& [k, sub] : v.items())
                                rows(name.empty() ? k : name + ":" + k, sub);
                            return;
                        }
                        std::cout << csv_field(name) << ","
                                  << csv_field(v.is_string() ? v.get<std::string>()
                                               : v.is_null() ? ""
                                                             : v.dump())
                                  << "\r\n";
                    };
                rows("", j);
                return kExitOk;
            }
            char size[32];
            std::snprintf(size, sizeof size, "%.1f MiB",
                          double(j["size_bytes"].get<std::uintmax_t>()) / (1 << 20));
            std::cout << "database     " << common.db.string() << " (schema " << kSchemaVersion
                      << (parts.size() > 1 ? ", " + counted(parts.size(), "shard") : std::string())
                      << ", " << size << ")\n";
            std::cout << "papers       " << with_commas(db.get_doccount()) << "\n";
            std::cout << "appearances  " << with_commas(appearances) << " in "
                      << counted(digests, "digest") << "\n";
            if (!first.empty())
                std::cout << "dates        " << first << " .. " << last << " ("
                          << counted(days, "day") << ")\n";
            std::cout << "topics      ";
            for (const auto& [t, c] : topics)
                std::cout << " " << t << " " << counted(c.first, "paper") << "/"
                          << counted(c.second, "listing") << ";";
            std::cout << "\n";
            std::cout << "sections    ";
            for (auto& [s, n] : sections.items())
                std::cout << " " << s << " " << with_commas(n.get<std::size_t>()) << ";";
            std::cout << "\n";
            std::cout << "files        " << with_commas(files) << " recorded";
            if (j["urls_recorded"].get<std::size_t>())
                std::cout << ", " << with_commas(j["urls_recorded"].get<std::size_t>()) << " URLs";
            if (j["last_run"].is_object()) {
                const auto& r = j["last_run"];
                std::cout << "; last run " << r.value("time", "") << ": "
                          << counted(r.value("files", 0), "file") << ", "
                          << with_commas(r.value("read", 0)) << " read, "
                          << with_commas(r.value("skipped", 0)) << " unchanged and skipped, "
                          << counted(r.value("warnings", 0), "warning");
            }
            std::cout << "\n";
            return kExitOk;
        },
        common.db.string());
}

namespace {

// A signal that stopped a reindex or a compaction of a sharded database at shard `k`, the
// shards done one after the other upwards or, with `downwards`, from the last to the first;
// `e` says what shard `k` holds (nothing of this run).
Error stopped_in_shard(unsigned k, unsigned n, bool downwards, const Error& e) {
    const unsigned first = downwards ? k + 1 : 0, last = downwards ? n - 1 : k - 1;
    const unsigned done = downwards ? n - 1 - k : k;
    const std::string of = " of " + std::to_string(n);
    std::string out = done == 0 ? "no shard" + of + " was done"
                      : done == 1
                          ? shard_name(first) + of + " was done"
                          : shard_name(first) + " to " + shard_name(last) + of + " were done";
    return interrupted(
        out + "; " + shard_name(k) + " and the " + (downwards ? "shards below it" : "rest") +
        " are as they were: run the same command again to do them all (" + e.what() + ")");
}

}  // namespace

int run_reindex(const CommonOptions& common) {
    auto t0 = std::chrono::steady_clock::now();
    return guarded(
        [&]() -> int {
            // The stored papers are the source: read them whatever the schema version says.
            if (!has_stub(common.db)) open_for_reading(common.db);  // explains
            ShardedStore stores(common.db, common.wait_seconds, 0, /*check_version=*/false);
            refuse_spelling_table(common.db);
            Progress progress(!common.quiet && ::isatty(2));
            std::size_t n = 0;
            // From the last shard to the first: a server that serves a sharded directory as one
            // database (xapian-tcpsrv DIR) gives its first shard's metadata for the whole, and
            // shard-0 at this schema version then means every shard is.
            for (unsigned k = stores.count(); k-- > 0;) {
                try {
                    if (k + 1 < stores.count() && stop_flag())
                        throw interrupted("nothing from this run was written; it is as it was");
                    DatabaseStore& store = stores.part(k);
                    std::vector<Paper> papers;
                    std::map<std::string, std::string> metadata;
                    {
                        Xapian::Database old(store.generation_path().string());
                        for (auto it = old.metadata_keys_begin(); it != old.metadata_keys_end();
                             ++it)
                            metadata[*it] = old.get_metadata(*it);
                        for (auto it = old.postlist_begin(""); it != old.postlist_end(""); ++it)
                            papers.push_back(paper_from_data(old.get_document(*it).get_data()));
                    }
                    n += papers.size();
                    install_generation(store, papers, std::move(metadata), common.jobs, progress,
                                       stop_flag());
                } catch (const Error& e) {
                    if (!stores.sharded() || !e.interruption()) throw;
                    throw stopped_in_shard(k, stores.count(), /*downwards=*/true, e);
                }
                stores.close_part();
            }
            if (!common.quiet)
                std::cout << "reindexed " << with_commas(n) << " papers"
                          << (stores.sharded() ? " in " + counted(stores.count(), "shard")
                                               : std::string())
                          << ", " << seconds_text(seconds_since(t0)) << "\n";
            return kExitOk;
        },
        common.db.string());
}

int run_compact(const CommonOptions& common) {
    auto t0 = std::chrono::steady_clock::now();
    return guarded(
        [&]() -> int {
            open_for_reading(common.db);  // explains a missing or foreign database
            ShardedStore stores(common.db, common.wait_seconds);
            std::uintmax_t before = database_size(common.db);
            for (unsigned k = 0; k < stores.count(); ++k) {
                try {
                    if (k > 0 && stop_flag())
                        throw interrupted("nothing from this run was written; it is as it was");
                    stores.part(k).compact(stop_flag());
                } catch (const Error& e) {
                    if (!stores.sharded() || !e.interruption()) throw;
                    throw stopped_in_shard(k, stores.count(), /*downwards=*/false, e);
                }
                stores.close_part();
            }
            std::uintmax_t after = database_size(common.db);
            double secs =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (!common.quiet) {
                char buf[160];
                std::snprintf(buf, sizeof buf, "compacted %.1f MiB → %.1f MiB, %s\n",
                              double(before) / (1 << 20), double(after) / (1 << 20),
                              seconds_text(secs).c_str());
                std::cout << buf;
            }
            return kExitOk;
        },
        common.db.string());
}

}  // namespace digest
