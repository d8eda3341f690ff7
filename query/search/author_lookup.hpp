// `digest-query authors NAME`: which authors match a name, with their paper counts, first and
// last digest dates, topics and most frequent co-authors. Spellings that fold to the same
// name (Işık / Isik, Hung-yi / Hung-Yi / Hungyi) are one author with several variants.
#pragma once

#include <xapian.h>

#include "names/author_name.hpp"
#include "text/text_normalizer.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace digest {

struct CoAuthor {
    std::string name;  // the most frequent spelling
    int papers = 0;    // papers written together
};

struct AuthorSummary {
    std::string name;                   // the most frequent spelling
    std::string key;                    // folded full name ("atakan isik")
    std::vector<std::string> variants;  // every spelling seen, most frequent first
    int papers = 0;
    std::string first_date, last_date;  // digest dates (YYYY-MM-DD)
    std::map<std::string, int> topics;  // topic -> papers
    std::vector<CoAuthor> coauthors;    // top five
};

struct AuthorLookupResult {
    std::string query;
    std::string within;     // the query whose papers were counted (--in), or ""
    std::size_t total = 0;  // matching authors, before the limit
    std::vector<AuthorSummary> authors;
    // No author matched: a close name that does, as a person reads it ("watanabe (Shinji
    // Watanabe)"), or "".
    std::string suggestion;
};

struct AuthorLookupRequest {
    std::string name;  // povey, "Hung-yi Lee", "D. Povey"; may be empty when `persons` is given
    std::size_t limit = 10;     // authors detailed
    std::size_t coauthors = 5;  // co-authors listed for each
    // Count only these papers (sorted docids): the papers of a query (--in), or nullptr.
    const std::vector<Xapian::docid>* within = nullptr;
    // The persons to detail, each as its author keys, when they are known already (the
    // authors of a query: the author facet).
    std::vector<std::vector<std::string>> persons;
};

// Finds the authors a name matches: one word matches a surname, a part of a compound surname
// (Arrieta of Nicolás Arrieta Larraza) or, failing those, a first given name ("povey",
// "isik", "hungyi", "hinrich"); several words are a name ("Hung-yi Lee", "D. Povey", "Povey,
// Daniel"). Authors are persons as author_groups.hpp groups them. Most papers first; at
// most `limit` authors are detailed. `second_handle`, when given, opens another handle on the
// databases, for a second thread; `folds` are the stored folds that thread folds names with.
AuthorLookupResult lookup_authors(const Xapian::Database& db, const AuthorLookupRequest& request,
                                  const std::function<Xapian::Database()>& second_handle = {},
                                  const StoredFolds* folds = nullptr);

// The index keys (AuthorName::index_key) of the persons an `au:` name with given names stands
// for (author_groups.hpp, groups_for_name).
std::vector<std::string> author_keys_for(const Xapian::Database& db, const AuthorName& name);
// The keys of the one person holding that very name (`au:"=D. Povey"`).
std::vector<std::string> author_keys_exactly(const Xapian::Database& db, const AuthorName& name);

// The author keys `au:NAME` stands for: every written form of the name (D. Povey, Daniel
// Povey, Daniel P. Povey, ...). Empty for a name of one word, which au: matches as a word of
// any author's name.
std::set<std::string> author_keys_named(const Xapian::Database& db, const std::string& name);

// The persons of one surname and first initial: group_author_keys of keys_with_surname, or the
// same from a caller that has them already (the author facet, which grouped them to count).
struct AuthorGroup;
using AuthorGroupsOf = std::function<const std::vector<AuthorGroup>&(const std::string& surname,
                                                                     const std::string& initial)>;
std::set<std::string> author_keys_named(const std::string& name, const AuthorGroupsOf& groups_of);

}  // namespace digest
