// Author names: how each written form parses, and the one index key every form of a name
// shares. The query side matches `au:` through these keys (tests/e2e/corpus_authors.sh
// checks it on real authors).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "names/author_name.hpp"

using namespace digest;
using Words = std::vector<std::string>;

TEST_CASE("written forms of a name parse to given names and surname", "[authors]") {
    struct Row {
        const char* raw;
        Words given;
        const char* surname;
        const char* core;
        const char* key;
    };
    const std::vector<Row> table{
        {"Daniel Povey", {"daniel"}, "povey", "povey", "povey|daniel povey"},
        {"daniel povey", {"daniel"}, "povey", "povey", "povey|daniel povey"},
        {"Povey, Daniel", {"daniel"}, "povey", "povey", "povey|daniel povey"},
        {"D. Povey", {"d"}, "povey", "povey", "povey|d povey"},
        {"D Povey", {"d"}, "povey", "povey", "povey|d povey"},
        {"Daniel P. Povey", {"daniel", "p"}, "povey", "povey", "povey|daniel p povey"},
        {"D.P. Povey", {"d", "p"}, "povey", "povey", "povey|d p povey"},
        {"Hung-yi Lee", {"hungyi"}, "lee", "lee", "lee|hungyi lee"},
        {"Hung-Yi Lee", {"hungyi"}, "lee", "lee", "lee|hungyi lee"},
        {"Hungyi Lee", {"hungyi"}, "lee", "lee", "lee|hungyi lee"},
        {"J.-P. Dupont", {"j", "p"}, "dupont", "dupont", "dupont|j p dupont"},
        {"Aäron van den Oord", {"aaron"}, "van den oord", "oord", "oord|aaron van den oord"},
        {"van den Oord, Aäron", {"aaron"}, "van den oord", "oord", "oord|aaron van den oord"},
        {"Fernando De la Torre",
         {"fernando"},
         "de la torre",
         "torre",
         "torre|fernando de la torre"},
        {"Luc Van Gool", {"luc"}, "van gool", "gool", "gool|luc van gool"},
        // A particle-like first name is a given name when nothing precedes it.
        {"Van Anh Nguyen", {"van", "anh"}, "nguyen", "nguyen", "nguyen|van anh nguyen"},
        {"Hal Daumé III", {"hal"}, "daume", "daume", "daume|hal daume"},
        {"Antonio Laverghetta Jr.",
         {"antonio"},
         "laverghetta",
         "laverghetta",
         "laverghetta|antonio laverghetta"},
        {"Smith, Jr., John", {"john"}, "smith", "smith", "smith|john smith"},
        {"Atakan Işık", {"atakan"}, "isik", "isik", "isik|atakan isik"},
        {"Przemysław Spurek", {"przemyslaw"}, "spurek", "spurek", "spurek|przemyslaw spurek"},
        {"Conor O'Brien", {"conor"}, "obrien", "obrien", "obrien|conor obrien"},
        {"Prabhat", {}, "prabhat", "prabhat", "prabhat|prabhat"},
        // Two particles and a surname, no given name: all surname.
        {"van den Oord", {}, "van den oord", "oord", "oord|van den oord"},
        {"de la Torre", {}, "de la torre", "torre", "torre|de la torre"},
        // One particle-like word and a surname: a given name (author_name_readings() adds the
        // surname reading for queries).
        {"Bin Wang", {"bin"}, "wang", "wang", "wang|bin wang"},
        {"Di Wu", {"di"}, "wu", "wu", "wu|di wu"},
        {"Le Zhang", {"le"}, "zhang", "zhang", "zhang|le zhang"},
        {"Y. Bengio", {"y"}, "bengio", "bengio", "bengio|y bengio"},
        {"De Silva", {"de"}, "silva", "silva", "silva|de silva"},
        // Word order is never guessed.
        {"Kim Jin Sob", {"kim", "jin"}, "sob", "sob", "sob|kim jin sob"},
        {"Jin Sob Kim", {"jin", "sob"}, "kim", "kim", "kim|jin sob kim"},
    };
    for (const auto& row : table) {
        INFO("name: " << row.raw);
        AuthorName n = parse_author_name(row.raw);
        CHECK(n.given == row.given);
        CHECK(n.surname == row.surname);
        CHECK(n.surname_core == row.core);
        CHECK(n.index_key() == row.key);
        CHECK_FALSE(n.cjk);
    }
}

TEST_CASE("CJK names are matched as written", "[authors]") {
    AuthorName n = parse_author_name("张 三");
    CHECK(n.cjk);
    CHECK(n.given.empty());
    CHECK(n.index_key() == "张三|张三");
    CHECK(parse_author_name("张三").index_key() == n.index_key());
    CHECK(parse_author_name("").empty());
}

TEST_CASE("initials and given names fit each other in order", "[authors]") {
    CHECK(given_names_fit({"d"}, {"daniel"}));
    CHECK(given_names_fit({"daniel"}, {"d"}));
    CHECK(given_names_fit({"daniel"}, {"daniel", "p"}));
    CHECK(given_names_fit({"d", "p"}, {"daniel", "patrick"}));
    CHECK_FALSE(given_names_fit({"david"}, {"daniel"}));
    CHECK_FALSE(given_names_fit({"daniel", "p"}, {"daniel"}));
    CHECK_FALSE(given_names_fit({"p", "d"}, {"daniel", "patrick"}));
    CHECK(parse_author_name("D. P. Povey").initials_only());
    CHECK_FALSE(parse_author_name("Daniel P. Povey").initials_only());
    CHECK(name_of_index_key("povey|daniel p povey").given == Words{"daniel", "p"});
}

TEST_CASE("a particle-like word and a surname may be either", "[authors]") {
    auto readings = author_name_readings("de Silva");
    REQUIRE(readings.size() == 2);
    CHECK(readings[0].given == std::vector<std::string>{"de"});
    CHECK(readings[0].surname == "silva");
    CHECK(readings[1].given.empty());
    CHECK(readings[1].surname == "de silva");
    CHECK(readings[1].surname_core == "silva");
    CHECK(author_name_readings("Bin Wang").size() == 2);
    // Unambiguous: a comma, a full given name, two particles, no particle.
    CHECK(author_name_readings("Silva, De").size() == 1);
    CHECK(author_name_readings("Nuwan De Silva").size() == 1);
    CHECK(author_name_readings("van den Oord").size() == 1);
    CHECK(author_name_readings("Daniel Povey").size() == 1);
    CHECK(author_name_readings("povey").size() == 1);
}
