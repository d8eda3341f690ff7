// The field table is the single source of truth: its invariants are checked here (and at
// compile time in field_table.hpp).
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"

using namespace digest;

TEST_CASE("no two fields share a prefix or a slot", "[schema]") {
    std::set<std::string> prefixes;
    std::set<int> slots;
    for (const auto& f : kFields) {
        if (has_terms(f)) CHECK(prefixes.insert(std::string(f.prefix)).second);
        if (f.slot != kNoSlot) CHECK(slots.insert(f.slot).second);
    }
}

TEST_CASE("every query-language name finds its field", "[schema]") {
    CHECK(find_field("ti") == &field(FieldId::Title));
    CHECK(find_field("title") == &field(FieldId::Title));
    CHECK(find_field("au") == &field(FieldId::Author));
    CHECK(find_field("zh") == &field(FieldId::Summary));
    CHECK(find_field("note") == &field(FieldId::Comments));
    CHECK(find_field("author-name") == nullptr);  // internal fields are not in the language
    CHECK(find_field("nosuch") == nullptr);
}

TEST_CASE("packed sort keys order as the date and then the id written out", "[schema]") {
    // The order `YYYYMMDD|id` gave (schema 6) is the one users and shards rely on.
    std::mt19937 rng(7);
    const auto pick = [&](unsigned lo, unsigned hi) {
        return std::uniform_int_distribution<unsigned>(lo, hi)(rng);
    };
    const auto digits = [](unsigned n, int width) {
        std::string s = std::to_string(n);
        return std::string(static_cast<std::size_t>(width) - s.size(), '0') + s;
    };
    std::vector<std::pair<std::string, std::string>> papers;  // date, id
    for (int i = 0; i < 3000; ++i) {
        // Few dates and months, so that many keys share them and the id decides.
        const std::string date =
            digits(pick(2007, 2030), 4) + digits(pick(1, 12), 2) + digits(pick(1, 31), 2);
        const unsigned yy = pick(7, 26), mm = pick(1, 12);
        std::string id;
        if (pick(0, 9) == 0) {
            // Old style, as written.
            const char* archives[] = {"hep-th", "cs", "math", "astro-ph", "cond-mat"};
            id = std::string(archives[pick(0, 4)]) + "/" + digits(pick(0, 99), 2) +
                 digits(pick(1, 12), 2) + digits(pick(1, 999), 3);
        } else {
            // From 2015 the number has five digits, before it four.
            const bool five = yy >= 15;
            id = digits(yy, 2) + digits(mm, 2) + "." +
                 digits(pick(1, five ? 99999 : 9999), five ? 5 : 4);
        }
        papers.emplace_back(pick(0, 2) == 0 && !papers.empty() ? papers.back().first : date, id);
    }
    papers.emplace_back("20251230", "2512.22166");
    papers.emplace_back("20251230", "2512.22167");
    papers.emplace_back("20251230", "hep-th/9901001");
    papers.emplace_back("20251231", "0704.0001");
    for (const auto& [date, id] : papers) {
        const std::string key = order_key(date, id);
        if (id.find('/') == std::string::npos)
            CHECK(key.size() == 8);
        else
            CHECK(key.size() == 3 + id.size());
        // The id reads back from the key (a date-sorted page's ids come from the match).
        CHECK(unpacked_id(id_in_order_key(key)) == id);
    }
    CHECK(id_in_order_key("abc").empty());
    for (std::size_t i = 0; i + 1 < papers.size(); ++i)
        for (std::size_t j = i + 1; j < papers.size(); j += 97) {
            const auto& [da, ia] = papers[i];
            const auto& [db, ib] = papers[j];
            const int text = (da + "|" + ia).compare(db + "|" + ib);
            const int packed = order_key(da, ia).compare(order_key(db, ib));
            INFO(da << "|" << ia << " against " << db << "|" << ib);
            CHECK((text < 0) == (packed < 0));
            CHECK((text == 0) == (packed == 0));
        }
    // A date that is not one sorts before every date.
    CHECK(order_key("", "2512.22166") < order_key("20070101", "0704.0001"));
}

TEST_CASE("a packed id reads back as written", "[schema]") {
    for (const char* id : {"0704.0001", "1412.9999", "1501.00001", "2512.22166", "9912.99999"}) {
        INFO(id);
        CHECK(packed_id(id).size() == 5);
        CHECK(unpacked_id(packed_id(id)) == id);
    }
    // Not as arXiv numbers them: kept as written, and read back as written.
    for (const char* id : {"hep-th/9901001", "math.AG/0301001", "2512.2216", "1412.12345",
                           "2512.221666", "25a2.22166", "2512-22166", "", "12345"}) {
        INFO(id);
        CHECK(packed_id(id) == id);
        CHECK(unpacked_id(packed_id(id)) == id);
    }
    CHECK(packed_id("0704.0001") < packed_id("1412.9999"));
    CHECK(packed_id("2512.22166") < packed_id("2512.22167"));
    CHECK(packed_id("9912.99999") < packed_id("astro-ph/0001001"));
}
