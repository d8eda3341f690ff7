// Author names: one parser for the indexer and for `au:` queries, so that `D. Povey`,
// `Povey, Daniel` and `Daniel Povey` meet on the same keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace digest {

struct AuthorName {
    std::vector<std::string> given;  // folded given names, hyphens removed ("hungyi")
    std::string surname;             // folded, with particles ("van den oord")
    std::string surname_core;        // without particles ("oord")
    bool cjk = false;                // written in CJK characters: matched as written

    bool empty() const { return surname.empty(); }
    bool initials_only() const;  // every given name is a single letter (D. P. Povey)

    // Exact keys, all folded:
    std::string full_key() const;          // "daniel p povey" (every name, as written)
    std::string short_key() const;         // "daniel povey" (first given name + surname)
    std::string initial_key() const;       // "d povey" (first initial + surname)
    std::string core_initial_key() const;  // "a oord" for "Aaron van den Oord"; else empty
    std::string display_key() const;       // how a name is grouped in `authors` listings
};

// Parses "Daniel Povey", "D. Povey", "Povey, Daniel", "Aäron van den Oord", "Hung-yi Lee",
// "John Smith Jr.", "张三". Word order is never guessed: the surname is the last word
// (with its particles) unless a comma says otherwise.
AuthorName parse_author_name(std::string_view raw);

// Keys to index for one author (no duplicates): pairs of (field, key) where field is one of
// "name" (XA), "initials" (XI), "abbrev" (XJ).
struct AuthorKeys {
    std::vector<std::string> names;     // full_key, short_key
    std::vector<std::string> initials;  // initial_key, core_initial_key
    std::vector<std::string> abbrevs;   // initial_key when the name is written with initials
};
AuthorKeys author_keys(const AuthorName& name);

}  // namespace digest
