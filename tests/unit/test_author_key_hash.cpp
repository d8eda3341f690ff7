// The author keys' hashes are stored in databases: they must not change between builds, and
// their group bits must put the keys of one part, and of one first name, together.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "names/author_key_hash.hpp"
#include "names/author_name.hpp"

using namespace digest;

TEST_CASE("an author key's hash is the same in every build", "[names]") {
    // A change here makes every database's author facet wrong: bump kSchemaVersion with it.
    // (FNV-1a, then splitmix64's finaliser: the figures can be checked by hand.)
    const AuthorKeyHash h = author_key_hash("povey|daniel povey");
    CHECK(h.key == 0xc5ed6174cf5edc8fULL);
    CHECK(h.group == 0x4f77545fU);
}

TEST_CASE("the group bits: one part, one first name, initials apart", "[names]") {
    const auto key = [](const char* raw) {
        return author_key_hash(parse_author_name(raw).index_key());
    };
    const AuthorKeyHash daniel = key("Daniel Povey"), daniel_p = key("Daniel P. Povey"),
                        d = key("D. Povey"), dp = key("D. P. Povey"), david = key("David Povey"),
                        xin = key("Xin Wang");
    CHECK(daniel.key != daniel_p.key);
    CHECK(daniel.part() == daniel_p.part());
    CHECK(daniel.part() == d.part());
    CHECK(daniel.part() == david.part());
    CHECK(daniel.part() != xin.part());
    CHECK(daniel.first_name() == daniel_p.first_name());
    CHECK(daniel.first_name() != 0);
    CHECK(d.first_name() == 0);
    CHECK(dp.first_name() == 0);
    CHECK(author_key_part(parse_author_name("Daniel Povey").index_key()) == "povey|d");
    // An initial written with a multi-byte letter is still an initial.
    CHECK(key("Å. Ström").first_name() == 0);
    CHECK(key("Åsa Ström").first_name() != 0);
}

TEST_CASE("a slot of author key hashes reads back in order; a damaged tail is ignored", "[names]") {
    const std::vector<std::string> keys{"kim|jin sob kim", "park|hyun joon park", "han|s han"};
    std::string slot = encode_author_key_hashes(keys);
    CHECK(slot.size() == keys.size() * kAuthorKeyHashBytes);
    slot += "\x01\x02\x03";
    std::vector<AuthorKeyHash> read;
    for_each_author_key_hash(slot, [&](const AuthorKeyHash& h) { read.push_back(h); });
    REQUIRE(read.size() == keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        CHECK(read[i].key == author_key_hash(keys[i]).key);
        CHECK(read[i].group == author_key_hash(keys[i]).group);
        CHECK((read[i].key & 1) == 1);
    }
}
