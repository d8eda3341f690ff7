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
    std::size_t total = 0;  // matching authors, before the limit
    std::vector<AuthorSummary> authors;
};

// Finds the authors a name matches: one word matches a surname or a first given name
// ("povey", "isik", "hungyi"); several words are a name ("Hung-yi Lee", "D. Povey",
// "Povey, Daniel"). Most papers first; at most `limit` authors are detailed.
// `second_handle`, when given, opens another handle on the databases, for a second thread;
// `folds` are the stored folds that thread folds names with.
AuthorLookupResult lookup_authors(const Xapian::Database& db, const std::string& query,
                                  std::size_t limit,
                                  const std::function<Xapian::Database()>& second_handle = {},
                                  const StoredFolds* folds = nullptr);

// The index keys (AuthorName::index_key) of the authors an `au:` name with given names
// matches: same surname, given names fitting (initials too); a name written with initials
// only is taken for a full name only when that full name is the only one its initials fit.
std::vector<std::string> author_keys_for(const Xapian::Database& db, const AuthorName& name);

}  // namespace digest
