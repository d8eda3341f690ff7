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

    // "daniel p povey": every name, folded, in the order written.
    std::string full_key() const;
    // The one term an author is indexed under: "povey|daniel p povey", the surname without
    // particles first, so that every written form of a name (D. Povey, Daniel Povey,
    // Daniel P. Povey) sits together in the term list and `au:` and `authors` find them with
    // one prefix scan ("povey|d").
    std::string index_key() const;
};

// Parses "Daniel Povey", "D. Povey", "Povey, Daniel", "Aäron van den Oord", "Hung-yi Lee",
// "John Smith Jr.", "张三". Word order is never guessed: the surname is the last word
// (with its particles) unless a comma says otherwise.
AuthorName parse_author_name(std::string_view raw);

// What a name typed in a query may mean: its parse, and for one particle-like word and a
// surname ("de Silva", "Bin Wang") also the reading as a surname with its particle.
std::vector<AuthorName> author_name_readings(std::string_view raw);

// The author a key names: the inverse of AuthorName::index_key().
AuthorName name_of_index_key(std::string_view key);

// Given names of a query fit those of a name when each is equal, or an initial of the other,
// in order: [d] fits [daniel p]; [daniel] fits [daniel p] and [d]; [david] does not fit
// [daniel].
bool given_names_fit(const std::vector<std::string>& query, const std::vector<std::string>& name);

}  // namespace digest
