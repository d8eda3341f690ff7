// Sharded databases: which shard holds a paper (FNV-1a of its id, fixed for good), the layout
// of a sharded directory, and how a batch of one input is split among the shards.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"
#include "writing/paper_writer.hpp"
#include "writing/progress.hpp"

using namespace digest;
namespace fs = std::filesystem;

namespace {

// A fresh directory under the system's temporary folder, removed at the end of the test.
struct ScratchDir {
    fs::path path;
    explicit ScratchDir(const std::string& name)
        : path(fs::temp_directory_path() / ("shards-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

Paper paper(const std::string& id) {
    Paper p;
    p.id = id;
    p.title = "Title of " + id;
    return p;
}

// Four papers of one digest written into `dir`, a new database of `shards` shards (0: plain).
void write_four_papers(const fs::path& dir, unsigned shards) {
    DigestBatch batch;
    batch.digest_key = "2026-01-01/audio";
    for (const char* id : {"2512.22166", "2512.00001", "2512.00002", "2512.00003"})
        batch.entries.push_back(paper(id));
    Progress progress(false);
    const std::atomic<bool> stop{false};
    ShardedStore store(dir, 0, shards);
    write_parts(store, {batch}, 1, progress, stop);
}

}  // namespace

TEST_CASE("FNV-1a 64: the published test vectors") {
    CHECK(fnv1a_64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a_64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("shard_of: FNV-1a of the id modulo the number of shards, for good") {
    // A paper's shard may never move: these are fixed by the databases already written.
    CHECK(shard_of("2512.22166", 3) == 2);
    CHECK(shard_of("2512.22166", 256) == 142);
    CHECK(shard_of("quant-ph/0201082", 3) == 1);
    CHECK(shard_of("quant-ph/0201082", 256) == 13);
    CHECK(shard_of("2512.22166", 1) == 0);

    // Balanced: 20,000 ids of one month over 4 shards, each within 5% of a quarter.
    std::vector<std::size_t> counts(4);
    for (int i = 0; i < 20000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "2512.%05d", i);
        const unsigned k = shard_of(id, 4);
        REQUIRE(k < 4);
        ++counts[k];
    }
    for (auto c : counts) CHECK((c > 4750 && c < 5250));
}

TEST_CASE("a sharded directory: its stub lists the shards, each a database of its own") {
    ScratchDir scratch("layout");
    const fs::path dir = scratch.path / "db";
    CHECK(sharded_stub(3) == "auto shard-0\nauto shard-1\nauto shard-2\n");
    CHECK(shard_name(12) == "shard-12");
    {
        ShardedStore store(dir, 0, 3);
        CHECK(store.sharded());
        CHECK(store.count() == 3);
        CHECK(store.part_path(2) == dir / "shard-2");
        CHECK(store.part(1).dir() == dir / "shard-1");
    }
    CHECK(is_sharded(dir));
    CHECK(shard_paths(dir) ==
          std::vector<fs::path>{dir / "shard-0", dir / "shard-1", dir / "shard-2"});
    for (const auto& shard : shard_paths(dir)) {
        CHECK(has_stub(shard));
        CHECK_FALSE(is_sharded(shard));
    }
    CHECK(open_for_reading(dir).get_doccount() == 0);
    CHECK(database_size(dir) > 0);

    // Opened again: as it is without --shards, refused with another number.
    CHECK(ShardedStore(dir, 0).count() == 3);
    CHECK(ShardedStore(dir, 0, 3).count() == 3);
    try {
        ShardedStore wrong(dir, 0, 2);
        FAIL("--shards 2 on a database of 3 was accepted");
    } catch (const Error& e) {
        CHECK(e.exit_code() == kExitUsage);
        CHECK(std::string(e.what()).find("has 3 shards, not the 2") != std::string::npos);
    }

    // A plain database stays plain, and cannot be split in place.
    const fs::path plain = scratch.path / "plain";
    {
        ShardedStore store(plain, 0);
        CHECK_FALSE(store.sharded());
        CHECK(store.count() == 1);
        CHECK(store.part_path(0) == plain);
    }
    CHECK_FALSE(is_sharded(plain));
    CHECK(shard_paths(plain).empty());
    try {
        ShardedStore split(plain, 0, 2);
        FAIL("--shards on a plain database was accepted");
    } catch (const Error& e) {
        CHECK(e.exit_code() == kExitUsage);
        CHECK(std::string(e.what()).find("cannot split") != std::string::npos);
    }

    CHECK(expand_shards({plain, dir, "tcp://127.0.0.1:7431"}) ==
          Databases{plain, dir / "shard-0", dir / "shard-1", dir / "shard-2",
                    "tcp://127.0.0.1:7431"});
}

TEST_CASE("a creation stopped before the stub is started again; other files are not taken") {
    ScratchDir scratch("leftover");
    const fs::path dir = scratch.path / "db";
    { ShardedStore store(dir, 0, 2); }
    fs::remove(dir / "XAPIANDB");  // as a crash just before the stub was written leaves it
    CHECK(ShardedStore(dir, 0, 2).count() == 2);

    const fs::path other = scratch.path / "other";
    fs::create_directories(other);
    std::ofstream(other / "notes.txt") << "mine\n";
    CHECK_THROWS_AS(ShardedStore(other, 0, 2), Error);
    CHECK(fs::exists(other / "notes.txt"));
}

TEST_CASE("a stub that names no generation loses none: opening it is an error, not a cleanup") {
    ScratchDir scratch("blank-stub");
    const fs::path dir = scratch.path / "db";
    { ShardedStore store(dir, 0); }
    const fs::path gen = dir / "gen-000001";
    REQUIRE(fs::is_directory(gen));
    // A stub emptied (a disk that filled as it was written by hand, a copy cut short): the
    // generations it no longer names are not leftovers to remove.
    std::ofstream(dir / "XAPIANDB", std::ios::trunc).flush();
    CHECK_THROWS_AS(ShardedStore(dir, 0), Error);
    CHECK(fs::is_directory(gen));
    std::ofstream(dir / "XAPIANDB", std::ios::trunc) << "auto gen-000001\n";
    CHECK(ShardedStore(dir, 0).count() == 1);
    CHECK(open_for_reading(dir).get_doccount() == 0);
}

TEST_CASE("a stub file: the databases it lists, as --db names them, or opened whole") {
    ScratchDir scratch("stub-file");
    fs::create_directories(scratch.path);
    const fs::path file = scratch.path / "all.stub";
    const auto write = [&](const std::string& text) { std::ofstream(file) << text; };
    write("# two here, one far\nauto db-a\n\nauto /srv/db-b\nremote 10.0.0.7:7431\n");
    CHECK(is_stub_file(file));
    CHECK(stub_of(file) == file);
    CHECK(stub_of(scratch.path) == scratch.path / "XAPIANDB");
    CHECK(has_stub(file));
    std::vector<unsigned> lines;
    CHECK(stub_file_entries(file, &lines) ==
          Databases{scratch.path / "db-a", "/srv/db-b", "tcp://10.0.0.7:7431"});
    CHECK(lines == std::vector<unsigned>{2, 4, 5});  // comments and blank lines counted
    // A program, a backend named or a line Xapian would refuse: the file is opened whole.
    for (const char* text : {"auto db-a\nremote :ssh host xapian-progsrv /srv/db\n",
                             "glass gen-000001\n", "auto\n", "auto a b\n"}) {
        write(text);
        CHECK(stub_file_entries(file).empty());
    }
    CHECK(stub_file_entries(scratch.path).empty());  // a directory is no stub file
    CHECK(stub_file_entries("tcp://127.0.0.1:7431").empty());

    // Followed into the stub files it lists; one that lists itself is refused.
    write("auto inner.stub\n");
    std::ofstream(scratch.path / "inner.stub") << "auto db-c\nauto db-d\n";
    // A line naming no database is an error naming the stub file and the line.
    CHECK_THROWS_WITH(expand_shards({file}),
                      Catch::Matchers::Contains((scratch.path / "inner.stub:1: ").string()));
    for (const char* db : {"db-c", "db-d"}) {
        fs::create_directories(scratch.path / db);
        std::ofstream(scratch.path / db / "XAPIANDB") << "auto gen-000001\n";
    }
    CHECK(expand_shards({file}) == Databases{scratch.path / "db-c", scratch.path / "db-d"});
    write("auto all.stub\n");
    CHECK_THROWS_AS(expand_shards({file}), Error);
}

TEST_CASE("a batch split among shards: each its papers, every record, its own count") {
    DigestBatch batch;
    batch.name = "20251230_Tue/audio.md";
    batch.digest_key = "2025-12-30/audio";
    for (const char* id : {"2512.22166", "quant-ph/0201082", "2512.00001", "2512.00002"})
        batch.entries.push_back(paper(id));
    batch.entries.push_back(paper("2512.22166"));  // listed twice: one paper
    batch.arxiv_papers.push_back(paper("2512.00003"));
    const std::string count_key = std::string(kMetaDigestPapersPrefix) + batch.digest_key;
    batch.metadata[count_key] = "4";
    batch.metadata["file:/digests/20251230_Tue/audio.md"] = "1 2 hash";

    std::set<std::string> ids;
    std::size_t papers = 0;
    for (unsigned k = 0; k < 3; ++k) {
        const DigestBatch part = shard_part(batch, k, 3);
        CHECK(part.digest_key == batch.digest_key);
        CHECK(part.metadata.at("file:/digests/20251230_Tue/audio.md") == "1 2 hash");
        std::set<std::string> mine;
        for (const auto& e : part.entries) {
            CHECK(shard_of(e.id, 3) == k);
            mine.insert(e.id);
        }
        for (const auto& a : part.arxiv_papers) CHECK(shard_of(a.id, 3) == k);
        CHECK(part.metadata.at(count_key) == std::to_string(mine.size()));
        papers += mine.size();
        ids.insert(mine.begin(), mine.end());
    }
    CHECK(papers == 4);
    CHECK(ids.size() == 4);
}

TEST_CASE("a shard says which it is; shards of one N (each a different one) are disjoint") {
    CHECK(shard_marker(2, 4) == "2/4");
    CHECK(read_shard_marker("2/4") == std::make_pair(2u, 4u));
    for (const char* bad : {"", "2", "4/4", "0/1", "a/4", "2/", "/4", "-1/4", "2/4x", "1/257"})
        CHECK_FALSE(read_shard_marker(bad));
    CHECK(disjoint_shards({"0/4", "1/4", "2/4", "3/4"}));
    CHECK(disjoint_shards({"3/4", "1/4"}));  // some of them (a remote one left out)
    CHECK_FALSE(disjoint_shards({}));
    CHECK_FALSE(disjoint_shards({"0/4", "0/4"}));       // the same shard twice (a copy)
    CHECK_FALSE(disjoint_shards({"0/4", "1/2"}));       // shards of different splits
    CHECK_FALSE(disjoint_shards({"0/4", ""}));          // a database that is no shard
    CHECK_FALSE(disjoint_shards({"0/4", "1/4", "x"}));  // a value that says nothing
}

TEST_CASE("a part standing for several databases is disjoint only as a whole sharded one") {
    CHECK(disjoint_parts({{"", 1}}));  // one database: nothing to find twice
    CHECK(disjoint_parts({{"0/4", 1}, {"1/4", 1}, {"2/4", 1}}));
    CHECK_FALSE(disjoint_parts({{"0/4", 1}, {"0/4", 1}}));
    CHECK_FALSE(disjoint_parts({{"", 1}, {"", 1}}));
    // A server given a sharded directory: its first shard's marker, and all of them.
    CHECK(disjoint_parts({{"0/4", 4}}));
    CHECK_FALSE(disjoint_parts({{"0/4", 2}}));              // shard-0 and some other: which?
    CHECK_FALSE(disjoint_parts({{"1/4", 4}}));              // not listed from shard-0
    CHECK_FALSE(disjoint_parts({{"", 2}}));                 // two databases of no split
    CHECK_FALSE(disjoint_parts({{"0/2", 2}, {"0/2", 1}}));  // a shard again beside the whole
}

TEST_CASE("databases_in: what a stub of several databases stands for, through its uuid") {
    ScratchDir scratch("uuids");
    const fs::path sharded = scratch.path / "sharded";
    write_four_papers(sharded, 3);
    // Xapian follows the stub that lists the shards: one database of three.
    const Xapian::Database whole(sharded.string());
    CHECK(databases_in(whole) == 3);
    CHECK(whole.get_metadata(std::string(kMetaShard)) == "0/3");
    CHECK(disjoint_parts({{whole.get_metadata(std::string(kMetaShard)), databases_in(whole)}}));
    CHECK(databases_in(Xapian::Database((sharded / shard_name(1)).string())) == 1);
}

TEST_CASE("each shard written says which shard it is; a plain database says nothing") {
    ScratchDir scratch("marker");
    const fs::path sharded = scratch.path / "sharded", plain = scratch.path / "plain";
    write_four_papers(sharded, 3);
    for (unsigned k = 0; k < 3; ++k)
        CHECK(Xapian::Database((sharded / shard_name(k)).string())
                  .get_metadata(std::string(kMetaShard)) == shard_marker(k, 3));
    write_four_papers(plain, 0);
    CHECK(Xapian::Database(plain.string()).get_metadata(std::string(kMetaShard)).empty());
}
