// The text folds a database stores for the query side: one JSON value (read in one request,
// one round trip to a remote shard), the keys of databases written before it read and moved
// into it, and a damaged value refused with the way out.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "store/database.hpp"

using namespace digest;
namespace fs = std::filesystem;

namespace {

struct Scratch {
    fs::path path = fs::temp_directory_path() / ("stored-folds-" + std::to_string(::getpid()));
    Scratch() { fs::remove_all(path); }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

const std::string kFolds(kMetaFolds), kOld(kMetaFoldPrefix);

}  // namespace

TEST_CASE("folds are one JSON value; a database's older keys move into it") {
    Scratch dir;
    {
        Xapian::WritableDatabase db(dir.path.string(), Xapian::DB_CREATE);
        // As a database written before the single value keeps them.
        db.set_metadata(kOld + "ı", "i");
        db.set_metadata(kOld + "ø", "o");
        db.commit();
    }
    {
        Xapian::WritableDatabase db(dir.path.string(), Xapian::DB_OPEN);
        const StoredFolds before = stored_folds(db);
        CHECK(before == StoredFolds{{"ı", "i"}, {"ø", "o"}});
        store_folds(db, {});  // nothing new: the old keys move
        db.commit();
        CHECK(db.get_metadata(kFolds) == R"({"ø":"o","ı":"i"})");
        CHECK(db.metadata_keys_begin(kOld) == db.metadata_keys_end(kOld));
        db.set_metadata(kOld + "ß", "ss");  // beside the value: still read when it moves
        store_folds(db, {{"ł", "l"}, {"ø", "o"}});
        db.commit();
        const auto revision = db.get_revision();
        store_folds(db, {});  // nothing new, nothing to move: nothing written
        db.commit();
        CHECK(db.get_revision() == revision);
    }
    Xapian::Database db(dir.path.string());
    CHECK(db.get_metadata(kFolds) == R"({"ß":"ss","ø":"o","ı":"i","ł":"l"})");
    CHECK(db.metadata_keys_begin(kOld) == db.metadata_keys_end(kOld));
    CHECK(stored_folds(db) == StoredFolds{{"ı", "i"}, {"ł", "l"}, {"ø", "o"}, {"ß", "ss"}});
}

TEST_CASE("folds on the metadata of a new database: the same value") {
    std::map<std::string, std::string> metadata{{kOld + "ı", "i"}, {"file:/x.md", "record"}};
    store_folds(metadata, {{"ł", "l"}});
    CHECK(metadata == std::map<std::string, std::string>{{"file:/x.md", "record"},
                                                         {kFolds, R"({"ı":"i","ł":"l"})"}});
    store_folds(metadata, {{"ø", "o"}});
    CHECK(metadata[kFolds] == R"({"ø":"o","ı":"i","ł":"l"})");
    std::map<std::string, std::string> none{{"file:/x.md", "record"}};
    store_folds(none, {});
    CHECK(none.count(kFolds) == 0);
}

TEST_CASE("a damaged folds value is an error that says how to mend it") {
    Scratch dir;
    Xapian::WritableDatabase db(dir.path.string(), Xapian::DB_CREATE);
    for (const char* bad : {"{not json", "[\"ı\", \"i\"]", R"({"ı": 1})"}) {
        INFO(bad);
        db.set_metadata(kFolds, bad);
        try {
            stored_folds(db);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("damaged") != std::string::npos);
            CHECK(e.hint().find("digest-index reindex") != std::string::npos);
            CHECK(e.exit_code() == kExitDatabase);
        }
    }
}
