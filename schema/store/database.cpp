#include "store/database.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "text/text_normalizer.hpp"

namespace fs = std::filesystem;

namespace digest {

namespace {
constexpr const char* kStub = "XAPIANDB";
}  // namespace

bool is_stub_file(const fs::path& db) {
    if (is_remote(db)) return false;
    std::error_code ec;
    return fs::is_regular_file(db, ec);
}

fs::path stub_of(const fs::path& db) {
    return is_stub_file(db) ? db : db / kStub;
}

namespace {

constexpr const char* kLockFile = "lock";
constexpr const char* kGenPrefix = "gen-";
constexpr const char* kShardPrefix = "shard-";

// A stub's text, read with one open and one read (a search reads it several times: for the
// stamp, the shards it lists, whether it is remote). A stub is a few lines: a file larger
// than 64 KiB, or one that is not a regular file, is no stub to read (empty). Read whole
// also while a stop is pending, unlike a digest: the cleanup after a stop reads it.
std::string stub_text(const fs::path& dir) {
    constexpr std::size_t kMaxStub = 64 * 1024;
    const int fd = ::open(stub_of(dir).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return {};
    std::string text;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        static_cast<std::uintmax_t>(st.st_size) <= kMaxStub) {
        char buf[4096];
        for (;;) {
            const ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0 || text.size() + static_cast<std::size_t>(n) > kMaxStub) {
                if (n != 0) text.clear();
                break;
            }
            text.append(buf, static_cast<std::size_t>(n));
        }
    }
    ::close(fd);
    return text;
}

std::string read_stub_target(const fs::path& dir) {
    std::istringstream in(stub_text(dir));
    std::string kind, target;
    in >> kind >> target;
    return target;
}

int generation_number(const std::string& name) {
    if (name.rfind(kGenPrefix, 0) != 0) return -1;
    try {
        return std::stoi(name.substr(std::strlen(kGenPrefix)));
    } catch (...) {
        return -1;
    }
}

std::string generation_name(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%06d", kGenPrefix, n);
    return buf;
}

std::string create_hint(const fs::path& dir) {
    return create_database_hint(dir.string());
}

}  // namespace

fs::path default_database_path() {
    if (const char* env = std::getenv("DIGEST_DB"); env && *env) return fs::path(env);
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return fs::path(xdg) / "digest-search" / "db";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "digest-search" / "db";
}

void check_schema(const Xapian::Database& db, const fs::path& dir) {
    std::string v = db.get_metadata(std::string(kMetaSchema));
    if (v.empty())
        throw Error(dir.string() + " is not a digest-search database (no schema version)",
                    "point --db at a database made by digest-index, or " + create_hint(dir),
                    kExitDatabase);
    if (v == std::to_string(kSchemaVersion)) return;
    // A served database is rebuilt where it is kept: the server was given its directory.
    const std::string hint =
        served_remotely(dir)
            ? "rebuild it from the papers it stores, on the machine that serves it: "
              "digest-index reindex --db DIR, DIR being the directory its server was given"
            : "rebuild it from the papers it stores: digest-index reindex --db " + dir.string();
    throw Error("database " + dir.string() + " has schema version " + v +
                    ", this build uses version " + std::to_string(kSchemaVersion),
                hint, kExitDatabase);
}

namespace {

// The JSON object of kMetaFolds read into `folds`.
void decode_folds(const std::string& value, StoredFolds& folds) {
    if (value.empty()) return;
    const nlohmann::json j = nlohmann::json::parse(value, nullptr, false);
    if (!j.is_object())
        throw Error("the database's stored text folds (metadata " + std::string(kMetaFolds) +
                        ") are damaged: not a JSON object",
                    "rebuild the database from its papers: digest-index reindex", kExitDatabase);
    for (const auto& [run, folded] : j.items()) {
        if (!folded.is_string())
            throw Error("the database's stored fold of `" + run + "` (metadata " +
                            std::string(kMetaFolds) + ") is damaged: not a string",
                        "rebuild the database from its papers: digest-index reindex",
                        kExitDatabase);
        folds.emplace(run, folded.get<std::string>());
    }
}

// One JSON object, its keys in byte order: the same folds are the same bytes.
std::string encode_folds(const StoredFolds& folds) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [run, folded] : folds) j[run] = folded;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string shard_marker(unsigned k, unsigned n) {
    return std::to_string(k) + "/" + std::to_string(n);
}

std::optional<std::pair<unsigned, unsigned>> read_shard_marker(std::string_view value) {
    const auto slash = value.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto number = [](std::string_view digits) -> std::optional<unsigned> {
        if (digits.empty() || digits.size() > 3) return std::nullopt;
        unsigned v = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + static_cast<unsigned>(c - '0');
        }
        return v;
    };
    const auto k = number(value.substr(0, slash)), n = number(value.substr(slash + 1));
    if (!k || !n || *n < 2 || *n > kMaxShards || *k >= *n) return std::nullopt;
    return std::make_pair(*k, *n);
}

bool disjoint_shards(const std::vector<std::string>& markers) {
    std::set<unsigned> seen;
    unsigned of = 0;
    for (const auto& m : markers) {
        const auto kn = read_shard_marker(m);
        if (!kn || (of != 0 && kn->second != of) || !seen.insert(kn->first).second) return false;
        of = kn->second;
    }
    return !markers.empty();
}

unsigned databases_in(const Xapian::Database& db) {
    const std::string uuid = db.get_uuid();
    return 1 + static_cast<unsigned>(std::count(uuid.begin(), uuid.end(), ':'));
}

bool disjoint_parts(const std::vector<SearchedPart>& parts) {
    const auto several = [](const SearchedPart& p) { return p.databases > 1; };
    if (std::none_of(parts.begin(), parts.end(), several)) {
        if (parts.size() == 1) return true;
        std::vector<std::string> markers;
        for (const auto& p : parts) markers.push_back(p.marker);
        return disjoint_shards(markers);
    }
    if (parts.size() != 1) return false;
    const auto kn = read_shard_marker(parts.front().marker);
    return kn && kn->first == 0 && kn->second == parts.front().databases;
}

bool is_spelling_table(const Xapian::Database& db) {
    return db.get_doccount() == 0 && !db.get_metadata(std::string(kMetaSpellingOf)).empty();
}

StoredFolds stored_folds(const Xapian::Database& db) {
    StoredFolds folds;
    const std::string value = db.get_metadata(std::string(kMetaFolds));
    decode_folds(value, folds);
    // The writer that stores the value moves every older key into it (store_folds).
    if (!value.empty()) return folds;
    const std::string prefix(kMetaFoldPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
        folds.emplace((*it).substr(prefix.size()), db.get_metadata(*it));
    return folds;
}

void merge_folds(StoredFolds& all, const StoredFolds& from, const std::string& together,
                 const fs::path& from_path) {
    for (const auto& [run, folded] : from) {
        const auto [at, added] = all.emplace(run, folded);
        if (!added && at->second != folded)
            throw Error("the databases " + together + " fold `" + run + "` differently (`" +
                            at->second + "`, and `" + folded + "` in " + from_path.string() +
                            "): they were built with different text folds",
                        "rebuild the odd one with this build: digest-index reindex --db " +
                            from_path.string());
    }
}

void store_folds(Xapian::WritableDatabase& db, const FoldPairs& fresh) {
    const std::string prefix(kMetaFoldPrefix);
    std::vector<std::string> old_keys;
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
        old_keys.push_back(*it);
    if (fresh.empty() && old_keys.empty()) return;
    StoredFolds folds;
    decode_folds(db.get_metadata(std::string(kMetaFolds)), folds);
    for (const auto& key : old_keys) {
        folds.emplace(key.substr(prefix.size()), db.get_metadata(key));
        db.set_metadata(key, "");  // an empty value removes it
    }
    for (const auto& [run, folded] : fresh) folds.insert_or_assign(run, folded);
    db.set_metadata(std::string(kMetaFolds), encode_folds(folds));
}

void store_folds(std::map<std::string, std::string>& metadata, const FoldPairs& fresh) {
    StoredFolds folds;
    const std::string key(kMetaFolds), prefix(kMetaFoldPrefix);
    if (auto it = metadata.find(key); it != metadata.end()) decode_folds(it->second, folds);
    for (auto it = metadata.lower_bound(prefix);
         it != metadata.end() && it->first.starts_with(prefix);) {
        folds.emplace(it->first.substr(prefix.size()), it->second);
        it = metadata.erase(it);
    }
    for (const auto& [run, folded] : fresh) folds.insert_or_assign(run, folded);
    if (!folds.empty()) metadata[key] = encode_folds(folds);
}

Databases default_databases() {
    Databases out;
    if (const char* env = std::getenv("DIGEST_DB"); env && *env) {
        std::string list = env;
        std::size_t start = 0;
        // tcp://HOST:PORT holds colons of its own: a part that is a scheme is joined again.
        std::vector<std::string> parts;
        for (std::size_t colon = list.find(':');; colon = list.find(':', start)) {
            parts.push_back(list.substr(start, colon - start));
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (parts[i] == "tcp" && i + 2 < parts.size() && parts[i + 1].starts_with("//")) {
                out.emplace_back(parts[i] + ":" + parts[i + 1] + ":" + parts[i + 2]);
                i += 2;
            } else if (!parts[i].empty()) {
                out.emplace_back(parts[i]);
            }
        }
    }
    if (out.empty()) out.push_back(default_database_path());
    return out;
}

std::string names(const Databases& dbs) {
    std::string out;
    for (const auto& d : dbs) out += (out.empty() ? "" : ", ") + d.string();
    return out;
}

bool is_remote(const fs::path& db) {
    return db.string().starts_with("tcp://");
}

bool is_remote_stub(const fs::path& dir) {
    if (is_remote(dir)) return false;
    std::istringstream in(stub_text(dir));
    std::string line;
    while (std::getline(in, line)) {
        const auto start = line.find_first_not_of(" \t");
        if (start != std::string::npos && line.compare(start, 6, "remote") == 0 &&
            (line.size() == start + 6 || line[start + 6] == ' ' || line[start + 6] == '\t'))
            return true;
    }
    return false;
}

bool served_remotely(const fs::path& db) {
    return is_remote(db) || is_remote_stub(db);
}

namespace {

Xapian::Database open_remote(const fs::path& db) {
    const std::string where = db.string().substr(6);
    const auto colon = where.rfind(':');
    const std::string port = colon == std::string::npos ? "" : where.substr(colon + 1);
    if (colon == 0 || colon == std::string::npos || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos)
        throw Error(db.string() + ": a remote shard is tcp://HOST:PORT", {}, kExitUsage);
    try {
        Xapian::Database remote = Xapian::Remote::open(
            where.substr(0, colon), static_cast<unsigned>(std::stoi(port)), 10000, 10000);
        check_schema(remote, db);
        return remote;
    } catch (const Xapian::Error&) {
        throw from_xapian(db.string());
    }
}

}  // namespace

bool has_stub(const fs::path& dir) {
    if (is_stub_file(dir)) return true;
    std::error_code ec;
    const fs::file_status st = fs::status(dir / kStub, ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory)
        throw Error("cannot look into database " + dir.string() + ": " + (dir / kStub).string() +
                        ": " + ec.message(),
                    "check the permissions of " + dir.string() +
                        " and of the folders above it (reading needs r-x, writing rwx)",
                    kExitDatabase);
    if (fs::exists(st)) return true;
    // The newest generation that is a glass database, if any.
    std::string newest;
    int highest = -1;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        const int n = generation_number(name);
        std::error_code ec2;
        if (n > highest && fs::exists(e.path() / "iamglass", ec2)) {
            highest = n;
            newest = name;
        }
    }
    if (newest.empty()) {
        // A sharded directory whose stub is gone: its shards hold the papers. Shards that are
        // all empty are what a creation stopped before it wrote the stub leaves.
        std::vector<std::string> held;
        for (unsigned k = 0; k < kMaxShards; ++k) {
            const fs::path shard = dir / shard_name(k);
            std::error_code ec2;
            if (!fs::is_directory(shard, ec2)) break;
            if (has_stub(shard)) {
                try {
                    if (Xapian::Database(shard.string()).get_doccount() > 0)
                        held.push_back(shard_name(k));
                } catch (const Xapian::Error&) {
                    held.push_back(shard_name(k));
                }
            }
        }
        if (held.empty()) return false;
        unsigned n = 0;
        while (n < kMaxShards && fs::is_directory(dir / shard_name(n), ec)) ++n;
        throw Error((dir / kStub).string() +
                        " is missing: it lists the shards of the database, and " + dir.string() +
                        " still holds " + held.front() +
                        (held.size() > 1 ? " and " + std::to_string(held.size() - 1) + " more"
                                         : std::string()),
                    "if these are its " + std::to_string(n) +
                        " shards, restore the stub: for k in $(seq 0 " + std::to_string(n - 1) +
                        "); do echo auto shard-$k; done > " + (dir / kStub).string() +
                        "; then digest-index check --db " + dir.string(),
                    kExitDatabase);
    }
    // An empty generation is what a first run leaves when it is stopped before it writes the
    // stub: nothing is lost by starting again.
    try {
        Xapian::Database gen((dir / newest).string());
        auto key = gen.metadata_keys_begin();
        const bool only_schema = key == gen.metadata_keys_end() ||
                                 (*key == kMetaSchema && ++key == gen.metadata_keys_end());
        if (gen.get_doccount() == 0 && only_schema) return false;
    } catch (const Xapian::Error&) {
        // Unreadable: not taken for an empty leftover either.
    }
    throw Error((dir / kStub).string() +
                    " is missing: it names the current generation of the database, and " +
                    dir.string() + " still holds " + newest,
                "if " + newest + " is the database, restore the stub: printf 'auto " + newest +
                    "\\n' > " + (dir / kStub).string() + "; then digest-index check --db " +
                    dir.string(),
                kExitDatabase);
}

namespace {

// Where a stub's `auto TARGET` line points: TARGET as it is when absolute, else in the stub's
// folder (a stub file's own folder, or the directory holding XAPIANDB), as Xapian reads it.
fs::path stub_entry(const fs::path& db, const std::string& target) {
    if (fs::path(target).is_absolute()) return target;
    return (is_stub_file(db) ? db.parent_path() : db) / target;
}

// Stubs that lead back to themselves, found eight stubs deep from `origin`.
Error stub_loop(const fs::path& origin) {
    return Error("the stub " + stub_of(origin).string() +
                     " leads to stubs eight deep: does one list itself?",
                 "each stub lists database directories, remote shards or other stubs, never one "
                 "that lists it back",
                 kExitUsage);
}

// Xapian follows `auto` lines of stubs into stubs without end: a stub that lists itself, or
// two that list each other, would never open (its stack overflows). Followed here first.
void refuse_stub_loop(const fs::path& db, unsigned depth = 0, const fs::path& origin = {}) {
    std::istringstream in(stub_text(db));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string kind, target;
        if (!(words >> kind >> target) || kind != "auto") continue;
        const fs::path next = stub_entry(db, target);
        if (!is_stub_file(next) && !fs::exists(next / kStub)) continue;  // a database itself
        if (depth >= 8) throw stub_loop(origin.empty() ? db : origin);
        refuse_stub_loop(next, depth + 1, origin.empty() ? db : origin);
    }
}

}  // namespace

Xapian::Database open_for_reading(const fs::path& dir) {
    if (is_remote(dir)) return open_remote(dir);
    if (!has_stub(dir)) {
        if (fs::exists(dir / "iamglass"))
            throw Error(dir.string() + " is a plain Xapian database, not a digest-search one",
                        create_hint(dir), kExitDatabase);
        throw Error("no database at " + dir.string(), create_hint(dir), kExitDatabase);
    }
    // Each shard on its own: a combined database reads metadata (the schema version) from its
    // first part only. So is each database a stub file lists.
    if (auto entries = stub_file_entries(dir); !entries.empty()) {
        Xapian::Database all;
        for (const auto& entry : expand_shards(entries)) all.add_database(open_for_reading(entry));
        return all;
    }
    if (auto shards = shard_paths(dir); !shards.empty()) {
        Xapian::Database all;
        for (const auto& shard : shards) all.add_database(open_for_reading(shard));
        return all;
    }
    refuse_stub_loop(dir);
    try {
        Xapian::Database db(dir.string());
        check_schema(db, dir);
        return db;
    } catch (const Xapian::Error& e) {
        Error error = from_xapian(dir.string());
        if (is_stub_file(dir) && !is_remote_stub(dir))
            throw Error(error.what(),
                        "a stub file lists one database a line, in Xapian's format: auto PATH, "
                        "remote HOST:PORT or remote :PROGRAM ARGS",
                        kExitDatabase);
        // What failed is the server the stub names, or the database it was told to serve:
        // never a database to create here.
        if (is_remote_stub(dir))
            throw Error(error.what(),
                        "the stub " + stub_of(dir).string() +
                            " names a remote database: is its server reachable, and does it "
                            "serve a digest-search database directory?",
                        kExitDatabase);
        throw error;
    }
}

WriteLock::WriteLock(const fs::path& dir, double wait_seconds) {
    fs::path p = dir / kLockFile;
    fd_ = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error("cannot create lock file " + p.string() + ": " + std::strerror(errno),
                    "check the permissions of " + dir.string(), kExitDatabase);
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(static_cast<long long>(wait_seconds * 1000));
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            ::close(fd_);
            throw Error("cannot lock " + p.string() + ": " + std::strerror(errno), {},
                        kExitDatabase);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            char buf[32] = {};
            ssize_t n = ::pread(fd_, buf, sizeof buf - 1, 0);
            std::string holder = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
            while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' '))
                holder.pop_back();
            ::close(fd_);
            fd_ = -1;
            std::string who = holder.empty() ? "another writer" : "process " + holder;
            throw Error(
                "database " + dir.string() + " is locked by " + who +
                    (wait_seconds > 0
                         ? " (waited " + std::to_string(static_cast<int>(wait_seconds)) + " s)"
                         : ""),
                "perhaps digest-index is already running; wait for it, or pass "
                "--wait SECONDS",
                kExitDatabase);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

WriteLock::~WriteLock() {
    if (fd_ >= 0) {
        (void)!::ftruncate(fd_, 0);
        ::close(fd_);  // releases the flock
    }
}

void write_file_atomically(const fs::path& path, const std::string& data) {
    fs::path tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw Error("cannot write " + tmp.string() + ": " + std::strerror(errno), {},
                    kExitDatabase);
    bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    ok = ::fsync(fd) == 0 && ok;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
        throw Error("cannot write " + path.string() + ": " + std::strerror(errno), {},
                    kExitDatabase);
    int dfd = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

namespace {

// A stub file is what a search reads; a writer writes to a database directory.
void refuse_stub_file(const fs::path& dir) {
    if (is_stub_file(dir))
        throw Error(dir.string() +
                        " is a stub file: it lists databases to search, and is not one "
                        "to write",
                    "write to a database directory it lists: --db DIR", kExitUsage);
}

}  // namespace

DatabaseStore::DatabaseStore(fs::path dir, double wait_seconds, bool check_version)
    : dir_(std::move(dir)) {
    refuse_stub_file(dir_);
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec)
        throw Error("cannot create database directory " + dir_.string() + ": " + ec.message(),
                    "choose another place with --db DIR or $DIGEST_DB", kExitDatabase);
    if (!has_stub(dir_) && fs::exists(dir_ / "iamglass"))
        throw Error(dir_.string() + " is a plain Xapian database, not a digest-search one",
                    "choose another directory with --db DIR", kExitDatabase);
    lock_ = std::make_unique<WriteLock>(dir_, wait_seconds);
    try {
        if (!has_stub(dir_)) {
            if (fs::exists(dir_) && !fs::is_empty(dir_) &&
                std::any_of(fs::directory_iterator(dir_), fs::directory_iterator(),
                            [](const fs::directory_entry& e) {
                                auto n = e.path().filename().string();
                                return n != kLockFile && n != std::string(kStub) + ".tmp" &&
                                       generation_number(n) < 0;
                            }))
                throw Error(dir_.string() + " exists and holds other files",
                            "choose an empty or new directory with --db DIR", kExitDatabase);
            fs::path gen = next_generation_path();
            {
                Xapian::WritableDatabase db(gen.string(), Xapian::DB_CREATE_OR_OVERWRITE);
                db.set_metadata(std::string(kMetaSchema), std::to_string(kSchemaVersion));
                db.commit();
            }
            switch_to(gen);
        } else {
            remove_stale_generations();
            if (check_version) check_schema(Xapian::Database(dir_.string()), dir_);
        }
    } catch (const Xapian::Error& e) {
        throw from_xapian(dir_.string());
    }
}

DatabaseStore::~DatabaseStore() {
    try {
        close_writable();
    } catch (...) {
        // Closing after an error: the uncommitted changes are discarded, which is the point.
    }
}

fs::path DatabaseStore::generation_path() const {
    return dir_ / read_stub_target(dir_);
}

Xapian::WritableDatabase& DatabaseStore::writable() {
    if (!writable_) {
        try {
            writable_ = std::make_unique<Xapian::WritableDatabase>(generation_path().string(),
                                                                   Xapian::DB_OPEN);
        } catch (const Xapian::Error& e) {
            throw from_xapian(dir_.string());
        }
    }
    return *writable_;
}

void DatabaseStore::close_writable() {
    if (writable_) {
        writable_->close();
        writable_.reset();
    }
}

fs::path DatabaseStore::next_generation_path() const {
    int highest = 0;
    for (const auto& e : fs::directory_iterator(dir_))
        highest = std::max(highest, generation_number(e.path().filename().string()));
    return dir_ / generation_name(highest + 1);
}

void DatabaseStore::switch_to(const fs::path& generation) {
    close_writable();
    // The generation the stub named, removed once the new one is in place: only a generation's
    // name, never the directory itself (a stub that could not be read names nothing).
    const std::string named = fs::exists(dir_ / kStub) ? read_stub_target(dir_) : std::string();
    const fs::path old = generation_number(named) >= 0 ? dir_ / named : fs::path();
    write_file_atomically(dir_ / kStub, "auto " + generation.filename().string() + "\n");
    if (!old.empty() && old != generation) {
        std::error_code ec;
        fs::remove_all(old, ec);
    }
}

void DatabaseStore::remove_stale_generations() {
    // Leftovers of an interrupted build or compaction: generations the stub does not name.
    std::string current = read_stub_target(dir_);
    // A stub that could not be read names no generation: then none is stale, all are kept.
    if (generation_number(current) < 0) return;
    for (const auto& e : fs::directory_iterator(dir_)) {
        auto name = e.path().filename().string();
        if (generation_number(name) >= 0 && name != current) {
            std::error_code ec;
            fs::remove_all(e.path(), ec);
        }
    }
    // A stub written but not yet renamed into place (write_file_atomically) when a crash came:
    // the stub in place is the one that counts.
    std::error_code ec;
    fs::remove(dir_ / (std::string(kStub) + ".tmp"), ec);
}

namespace {

constexpr const char* kNothingCompacted =
    "nothing from this run was written; the database is as it was";

}  // namespace

StopCompactor::StopCompactor(const std::atomic<bool>& stop) : stop_(stop) {}

void StopCompactor::set_status(const std::string&, const std::string&) {
    if (stop_) throw interrupted(kNothingCompacted);
}

void DatabaseStore::compact(const std::atomic<bool>& stop) {
    close_writable();
    fs::path next = next_generation_path();
    auto remove_next = [&] {
        std::error_code ec;
        fs::remove_all(next, ec);
    };
    try {
        Xapian::Database src(generation_path().string());
        StopCompactor compactor(stop);
        src.compact(next.string(), Xapian::DBCOMPACT_NO_RENUMBER, 0, compactor);
        // The last moment to stop: the new generation is not in use yet.
        if (stop) throw interrupted(kNothingCompacted);
    } catch (const Xapian::Error& e) {
        remove_next();
        throw from_xapian(dir_.string());
    } catch (...) {
        remove_next();
        throw;
    }
    switch_to(next);
}

std::uint64_t fnv1a_64(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // the offset basis
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;  // the FNV prime
    }
    return h;
}

unsigned shard_of(std::string_view id, unsigned n) {
    return n <= 1 ? 0 : static_cast<unsigned>(fnv1a_64(id) % n);
}

std::string shard_name(unsigned k) {
    return kShardPrefix + std::to_string(k);
}

std::string sharded_stub(unsigned n) {
    std::string out;
    for (unsigned k = 0; k < n; ++k) out += "auto " + shard_name(k) + "\n";
    return out;
}

std::vector<fs::path> shard_paths(const fs::path& dir) {
    std::vector<fs::path> out;
    if (is_remote(dir) || is_stub_file(dir)) return out;
    std::istringstream in(stub_text(dir));
    std::string kind, target;
    while (in >> kind >> target) {
        if (kind != "auto" || !target.starts_with(kShardPrefix)) return {};
        out.push_back(dir / target);
    }
    return out;
}

bool is_sharded(const fs::path& dir) {
    return !shard_paths(dir).empty();
}

Databases stub_file_entries(const fs::path& file, std::vector<unsigned>* lines) {
    Databases out;
    if (lines) lines->clear();
    if (!is_stub_file(file)) return out;
    std::istringstream in(stub_text(file));
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        std::istringstream words(line);
        std::string kind, target, more;
        if (!(words >> kind) || kind.starts_with("#")) continue;  // Xapian skips these too
        if (!(words >> target) || (words >> more)) return {};
        if (kind == "auto")
            out.push_back(stub_entry(file, target));
        else if (kind == "remote" && !target.starts_with(":"))
            out.push_back("tcp://" + target);
        else
            return {};  // a program, or a backend named: the file is opened whole
        if (lines) lines->push_back(number);
    }
    return out;
}

namespace {

void expand_into(const Databases& dbs, Databases& out, unsigned depth, const fs::path& origin) {
    for (const auto& db : dbs) {
        std::vector<unsigned> lines;
        if (auto entries = stub_file_entries(db, &lines); !entries.empty()) {
            // Xapian follows stubs of stubs, and so does this, as deep as any sane layout goes.
            if (depth >= 8) throw stub_loop(origin);
            // A line that names no database is the stub file's mistake: said with its line.
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (is_remote(entries[i]) || has_stub(entries[i])) continue;
                std::error_code ec;
                const bool there = fs::exists(entries[i], ec);
                throw Error(db.string() + ":" + std::to_string(lines[i]) + ": " +
                                entries[i].string() +
                                (there ? " is not a digest-search database" : " does not exist"),
                            "correct that line of the stub file (an `auto` path is relative to "
                            "the stub file's folder), or create the database there",
                            kExitDatabase);
            }
            expand_into(entries, out, depth + 1, depth == 0 ? db : origin);
        } else if (auto shards = shard_paths(db); !shards.empty()) {
            out.insert(out.end(), shards.begin(), shards.end());
        } else {
            out.push_back(db);
        }
    }
}

}  // namespace

Databases expand_shards(const Databases& dbs) {
    Databases out;
    expand_into(dbs, out, 0, {});
    return out;
}

namespace {

// DIR's database when DIR is a plain one (not sharded): the refusals below read its metadata.
// None when it is not readable: the writer's own checks say why.
std::optional<Xapian::Database> plain_database(const fs::path& dir) {
    if (is_sharded(dir) || !has_stub(dir)) return std::nullopt;
    try {
        return Xapian::Database(dir.string());
    } catch (const Xapian::Error&) {
        return std::nullopt;
    }
}

void refuse_spelling_table(const fs::path& dir, const Xapian::Database& db) {
    std::string listed;
    try {
        if (!is_spelling_table(db)) return;
        listed = db.get_metadata(std::string(kMetaSpellingOf));
    } catch (const Xapian::Error&) {
        return;
    }
    std::string sources;  // the databases it was made of, one a line
    for (std::size_t at = 0, end; at < listed.size(); at = end + 1) {
        end = listed.find('\n', at);
        if (end == std::string::npos) end = listed.size();
        if (end > at) sources += " " + listed.substr(at, end - at);
    }
    throw Error("database " + dir.string() +
                    " is a spelling table (digest-index spelling), not a database of papers",
                "papers go to a database of papers; the table is written again, from the "
                "databases it was made of, with: digest-index --db " +
                    dir.string() + " spelling" + sources,
                kExitUsage);
}

}  // namespace

void refuse_papers_into(const fs::path& dir) {
    const auto db = plain_database(dir);
    if (!db) return;
    std::string marker;
    try {
        marker = db->get_metadata(std::string(kMetaShard));
    } catch (const Xapian::Error&) {
        return;
    }
    if (const auto kn = read_shard_marker(marker)) {
        const fs::path parent = dir.lexically_normal().parent_path();
        throw Error("database " + dir.string() + " is shard " + std::to_string(kn->first) + " of " +
                        std::to_string(kn->second) +
                        " of a sharded database: written to alone, it could take papers that "
                        "belong to another shard",
                    "write to the sharded directory, which puts each paper in its shard: "
                    "digest-index --db " +
                        (parent.empty() ? std::string("DIR") : parent.string()) + " ...",
                    kExitUsage);
    }
    refuse_spelling_table(dir, *db);
}

void refuse_spelling_table(const fs::path& dir) {
    if (const auto db = plain_database(dir)) refuse_spelling_table(dir, *db);
}

ShardedStore::ShardedStore(fs::path dir, double wait_seconds, unsigned shards, bool check_version)
    : dir_(std::move(dir)), wait_seconds_(wait_seconds), check_version_(check_version) {
    refuse_stub_file(dir_);
    auto existing = shard_paths(dir_);
    if (shards == 0 && existing.empty()) {
        // Plain, exactly as a DatabaseStore alone: it takes DIR/lock itself.
        open_ = std::make_unique<DatabaseStore>(dir_, wait_seconds_, check_version_);
        return;
    }
    std::error_code ec;
    if (existing.empty() && has_stub(dir_))
        throw Error("database " + dir_.string() + " is not sharded: --shards " +
                        std::to_string(shards) + " cannot split a database in place",
                    "add its digests to a new directory: digest-index add --shards " +
                        std::to_string(shards) + " --db NEW_DIR DIGESTS",
                    kExitUsage);
    if (shards != 0 && !existing.empty() && existing.size() != shards)
        throw Error("database " + dir_.string() + " has " + std::to_string(existing.size()) +
                        " shards, not the " + std::to_string(shards) + " --shards asks for",
                    "the number of shards is fixed when a database is created: give --shards " +
                        std::to_string(existing.size()) +
                        " or none, or add the digests to a new directory",
                    kExitUsage);
    fs::create_directories(dir_, ec);
    if (ec)
        throw Error("cannot create database directory " + dir_.string() + ": " + ec.message(),
                    "choose another place with --db DIR or $DIGEST_DB", kExitDatabase);
    lock_ = std::make_unique<WriteLock>(dir_, wait_seconds_);
    // Decided again under the lock: another writer may have created it meanwhile.
    existing = shard_paths(dir_);
    if (existing.empty()) {
        if (has_stub(dir_))
            throw Error("database " + dir_.string() +
                            " is not sharded: a database cannot be split in place",
                        {}, kExitUsage);
        create_shards(shards);
        existing = shard_paths(dir_);
    } else if (shards != 0 && existing.size() != shards) {
        throw Error("database " + dir_.string() + " has " + std::to_string(existing.size()) +
                        " shards, not the " + std::to_string(shards) + " --shards asks for",
                    {}, kExitUsage);
    }
    for (const auto& p : existing)
        if (!has_stub(p))
            throw Error("shard " + p.string() + " of database " + dir_.string() +
                            " is missing or not a database",
                        "digest-index check --db " + dir_.string() + " says what is wrong",
                        kExitDatabase);
    parts_ = std::move(existing);
}

ShardedStore::~ShardedStore() = default;

void ShardedStore::create_shards(unsigned n) {
    // What may be there already: the lock, and what a creation stopped before it wrote the
    // stub left (empty shards, a temporary stub). Anything else is someone's data.
    for (const auto& e : fs::directory_iterator(dir_)) {
        const std::string name = e.path().filename().string();
        if (name == kLockFile || name == std::string(kStub) + ".tmp") continue;
        if (name.starts_with(kShardPrefix) && !has_stub(e.path())) continue;
        bool empty_shard = false;
        if (name.starts_with(kShardPrefix)) {
            try {
                Xapian::Database shard(e.path().string());
                auto key = shard.metadata_keys_begin();
                empty_shard = shard.get_doccount() == 0 &&
                              (key == shard.metadata_keys_end() ||
                               (*key == kMetaSchema && ++key == shard.metadata_keys_end()));
            } catch (const Xapian::Error&) {
            }
        }
        if (!empty_shard)
            throw Error(dir_.string() + " exists and holds other files",
                        "choose an empty or new directory with --db DIR", kExitDatabase);
    }
    for (const auto& e : fs::directory_iterator(dir_)) {
        const std::string name = e.path().filename().string();
        if (name.starts_with(kShardPrefix)) fs::remove_all(e.path());
    }
    // Every shard is made whole (stub, empty generation, schema version) before the stub that
    // lists them: a crash in between leaves a directory that is still taken for a new one.
    for (unsigned k = 0; k < n; ++k) DatabaseStore(dir_ / shard_name(k), wait_seconds_);
    write_file_atomically(dir_ / kStub, sharded_stub(n));
}

fs::path ShardedStore::part_path(unsigned k) const {
    return sharded() ? parts_.at(k) : dir_;
}

DatabaseStore& ShardedStore::part(unsigned k) {
    if (!sharded()) return *open_;
    if (open_ && open_index_ == k) return *open_;
    open_.reset();
    open_ = std::make_unique<DatabaseStore>(parts_.at(k), wait_seconds_, check_version_);
    open_index_ = k;
    return *open_;
}

void ShardedStore::close_part() {
    if (sharded()) open_.reset();
}

std::uintmax_t database_size(const fs::path& dir) {
    std::uintmax_t total = 0;
    std::error_code ec;
    if (auto shards = shard_paths(dir); !shards.empty()) {
        for (const auto& shard : shards) total += database_size(shard);
        return total;
    }
    fs::path gen = dir / read_stub_target(dir);
    for (const auto& e : fs::recursive_directory_iterator(gen, ec))
        if (e.is_regular_file(ec)) total += e.file_size(ec);
    return total;
}

}  // namespace digest
