// The field table is the single source of truth: its invariants are checked here (and at
// compile time in field_table.hpp).
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "fields/field_table.hpp"

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
