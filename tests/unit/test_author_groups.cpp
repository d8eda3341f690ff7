// Who is one person: how author_groups.hpp groups the written forms of names. A name joins a
// fuller one only when that is the one fuller name it fits (tests/e2e/corpus_authors.sh checks
// the same on the shared corpus).
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "names/author_name.hpp"
#include "search/author_groups.hpp"

using namespace digest;
using Person = std::set<std::string>;  // the spellings' keys of one group

namespace {

std::vector<AuthorKey> keys_of(const std::vector<std::string>& spellings) {
    std::vector<AuthorKey> keys;
    for (const auto& s : spellings) {
        const std::string key = parse_author_name(s).index_key();
        keys.push_back({key, name_of_index_key(key), 1});
    }
    return keys;
}

std::set<Person> persons(const std::vector<std::string>& spellings) {
    std::set<Person> out;
    for (const auto& g : group_author_keys(keys_of(spellings))) {
        Person p;
        for (const auto& k : g.keys) p.insert(k.key);
        out.insert(p);
    }
    return out;
}

}  // namespace

TEST_CASE("a name with and without a middle initial is one person when nothing else fits",
          "[authors]") {
    CHECK(persons({"Luca A. Lanzendörfer", "Luca Lanzendörfer"}) ==
          std::set<Person>{{"lanzendorfer|luca a lanzendorfer", "lanzendorfer|luca lanzendorfer"}});
    // Initials join too, and the fullest name heads the group.
    const auto groups = group_author_keys(
        keys_of({"L. Lanzendörfer", "Luca Lanzendörfer", "Luca A. Lanzendörfer"}));
    REQUIRE(groups.size() == 1);
    CHECK(groups.front().head().key == "lanzendorfer|luca a lanzendorfer");
    CHECK(persons({"D. Povey", "Daniel Povey"}) ==
          std::set<Person>{{"povey|d povey", "povey|daniel povey"}});
}

TEST_CASE("a name that fits two fuller names stays a person of its own", "[authors]") {
    CHECK(persons({"Luca A. Lanzendörfer", "Luca B. Lanzendörfer", "Luca Lanzendörfer"}) ==
          std::set<Person>{{"lanzendorfer|luca a lanzendorfer"},
                           {"lanzendorfer|luca b lanzendorfer"},
                           {"lanzendorfer|luca lanzendorfer"}});
    // D. Povey fits Daniel and David.
    CHECK(persons({"Daniel Povey", "David Povey", "D. Povey"}).size() == 3);
    // Two persons through the names they are grouped with: Hoang H. Nguyen is one with Hoang
    // Huy Nguyen, which does not fit Hoang Nguyen itself.
    CHECK(persons({"Hoang D. Nguyen", "Hoang H. Nguyen", "Hoang Huy Nguyen", "Hoang Nguyen"}) ==
          std::set<Person>{{"nguyen|hoang d nguyen"},
                           {"nguyen|hoang h nguyen", "nguyen|hoang huy nguyen"},
                           {"nguyen|hoang nguyen"}});
}

TEST_CASE("a name joins the one person holding its fuller forms, not only its head", "[authors]") {
    CHECK(persons({"Kelvin Zhenghao Li", "Kelvin Z. Li", "Kelvin Li"}) ==
          std::set<Person>{{"li|kelvin zhenghao li", "li|kelvin z li", "li|kelvin li"}});
    // Fuller forms that are one person (Philip H. S. Torr takes Philip H. Torr).
    CHECK(persons({"Philip H. S. Torr", "Philip H. Torr", "Philip Torr"}).size() == 1);
}

TEST_CASE("a middle initial Y is an initial, not the Spanish particle", "[authors]") {
    CHECK(parse_author_name("Matthew Y. Jiang").surname == "jiang");
    CHECK(name_of_index_key("jiang|matthew y jiang").surname == "jiang");
    CHECK(persons({"Matthew Jiang", "Matthew Y. Jiang"}).size() == 1);
}

TEST_CASE("another given name written out is another person", "[authors]") {
    CHECK(persons({"Yang Liu", "Yang Janet Liu"}).size() == 2);
    CHECK(persons({"Luca Lanzendörfer", "Marco Lanzendörfer"}).size() == 2);
    // Another surname is never the same person, whatever the given names.
    CHECK(persons({"Luca Lanzendörfer", "Luca A. Lanzendorf"}).size() == 2);
}

TEST_CASE("a typed name stands for its group and the groups it covers", "[authors]") {
    const auto groups = group_author_keys(
        keys_of({"Luca A. Lanzendörfer", "Luca Lanzendörfer", "Lena Lanzendörfer"}));
    auto heads = [&](const char* typed) {
        std::set<std::string> out;
        for (const AuthorGroup* g : groups_for_name(groups, parse_author_name(typed)))
            out.insert(g->head().key);
        return out;
    };
    CHECK(heads("Luca Lanzendörfer") == std::set<std::string>{"lanzendorfer|luca a lanzendorfer"});
    CHECK(heads("L. Lanzendörfer") == std::set<std::string>{"lanzendorfer|luca a lanzendorfer",
                                                            "lanzendorfer|lena lanzendorfer"});
    const AuthorGroup* exactly = group_holding(groups, parse_author_name("Luca Lanzendörfer"));
    REQUIRE(exactly != nullptr);
    CHECK(exactly->keys.size() == 2);
}
