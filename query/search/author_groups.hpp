// Who is one person: the author keys (AuthorName::index_key) of the database grouped into
// persons, the one grouping that `au:`, `digest-query authors` and the author facet share.
//
// Spellings that fold to one key are one person already (Işık, Isik; Hung-yi, Hung-Yi). Keys
// of one surname are then grouped: a name that fits a fuller one (D. Povey and Daniel Povey;
// Luca Lanzendörfer and Luca A. Lanzendörfer) belongs to it when the fuller names it fits are
// all one person's; a name that fits two persons (Daniel Povey when there are a Daniel P. and
// a Daniel Q. Povey) stays a person of its own. A group's head is its fullest name.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "names/author_name.hpp"

namespace digest {

struct AuthorKey {
    std::string key;  // "povey|daniel povey"
    AuthorName name;
    Xapian::doccount papers = 0;  // papers indexed under this key
};

struct AuthorGroup {
    std::vector<AuthorKey> keys;  // the head first
    const AuthorKey& head() const { return keys.front(); }
};

// Every author of the database whose surname without particles is `core` (and whose key's
// name starts with `initial`, when given): one prefix scan of the author keys.
std::vector<AuthorKey> keys_with_surname(const Xapian::Database& db, const std::string& core,
                                         const std::string& initial = {});

// The keys grouped into persons (see above), fullest names first.
std::vector<AuthorGroup> group_author_keys(std::vector<AuthorKey> keys);

// The persons a name typed in a query stands for, among `groups`: the groups whose head the
// name covers (its given names equal to the head's, or initials of them, in order), and the
// group that holds the name itself. `au:"D. Povey"` is every D. Povey; `au:"Daniel Povey"` is
// Daniel Povey, whoever that name was grouped with, and every Daniel X. Povey.
std::vector<const AuthorGroup*> groups_for_name(const std::vector<AuthorGroup>& groups,
                                                const AuthorName& name);

// The one group that holds a name's key (`au:"=D. Povey"`), or nullptr.
const AuthorGroup* group_holding(const std::vector<AuthorGroup>& groups, const AuthorName& name);

// The surname core of a key ("povey|daniel povey" -> "povey").
std::string surname_core_of_key(const std::string& key);

}  // namespace digest
