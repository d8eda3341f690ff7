// SlotReader: a value slot read through value streams, one per database of a combined one,
// gives what Document::get_value gives, for every document a match passes, in any order.
#include <catch2/catch.hpp>

#include <xapian.h>

#include <string>
#include <vector>

#include "search/slot_reader.hpp"

using namespace digest;

namespace {

constexpr Xapian::valueno kSlot = 3;

// A database in memory: `n` documents with the term "all"; every third has no value in the
// slot, the others "v<shard>-<number>".
Xapian::WritableDatabase part(int shard, int n) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 1; i <= n; ++i) {
        Xapian::Document doc;
        doc.add_term("all");
        if (i % 2 == 0) doc.add_term("even");
        if (i % 3 != 0) doc.add_value(kSlot, "v" + std::to_string(shard) + "-" + std::to_string(i));
        db.add_document(doc);
    }
    return db;
}

// Compares the reader with get_value for every document the match passes.
class Checker : public Xapian::MatchSpy {
  public:
    explicit Checker(SlotReader& reader) : reader_(reader) {}
    void operator()(const Xapian::Document& doc, double) override {
        ++seen;
        if (reader_.value(doc) != doc.get_value(kSlot)) ++wrong;
    }
    int seen = 0, wrong = 0;

  private:
    SlotReader& reader_;
};

int check_match(const Xapian::Database& db, const std::string& term, int* wrong) {
    SlotReader reader(kSlot);
    reader.stream_from(db);
    Checker checker(reader);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    enquire.add_matchspy(&checker);
    enquire.get_mset(0, 10, db.get_doccount());
    *wrong = checker.wrong;
    return checker.seen;
}

}  // namespace

TEST_CASE("a slot read from a value stream equals get_value", "[slot_reader]") {
    const Xapian::Database one = part(0, 400);
    int wrong = -1;
    CHECK(check_match(one, "all", &wrong) == 400);
    CHECK(wrong == 0);
    CHECK(check_match(one, "even", &wrong) == 200);
    CHECK(wrong == 0);

    SECTION("documents asked for out of order are looked up on their own") {
        SlotReader reader(kSlot);
        reader.stream_from(one);
        for (Xapian::docid id : {300u, 12u, 301u, 3u, 3u, 9u, 299u, 1u, 400u})
            CHECK(reader.value(one.get_document(id)) == one.get_document(id).get_value(kSlot));
    }
}

TEST_CASE("a combined database's slot is read document by document", "[slot_reader]") {
    // Xapian 1.4 numbers a combined database's documents, as a spy sees them, within their
    // part: a stream of one part, or of the whole, would read another document's value.
    std::vector<Xapian::Database> parts{part(0, 250), part(1, 90), part(2, 400)};
    Xapian::Database combined;
    for (const auto& p : parts) combined.add_database(p);
    int wrong = -1;
    CHECK(check_match(combined, "all", &wrong) == 740);
    CHECK(wrong == 0);
    CHECK(check_match(combined, "even", &wrong) == 370);
    CHECK(wrong == 0);
}
