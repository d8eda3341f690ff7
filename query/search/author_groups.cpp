#include "search/author_groups.hpp"

#include <algorithm>
#include <set>

#include "fields/field_table.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// A name fits a fuller one: the same surname, the given names equal or initials in order, and
// at least as many given names in the fuller one.
bool fits(const AuthorName& name, const AuthorName& fuller) {
    return name.surname == fuller.surname && given_names_fit(name.given, fuller.given);
}

// How much a name says: given names written out, then given names at all (Daniel P. Povey says
// more than Daniel Povey and than D. P. Povey).
bool is_initial(const std::string& given) {
    std::size_t i = 0;
    if (!given.empty()) next_codepoint(given, i);
    return i == given.size();
}

std::pair<std::size_t, std::size_t> specificity(const AuthorName& n) {
    std::size_t full = 0;
    for (const auto& g : n.given) full += !is_initial(g);
    return {n.given.size(), full};
}

// The name fits `other` without an initial of `other` standing where the name writes a given
// name out: Daniel Povey covers Daniel P. Povey, not D. Povey; D. Povey covers both.
bool covers(const AuthorName& name, const AuthorName& other) {
    if (!fits(name, other)) return false;
    for (std::size_t i = 0; i < name.given.size(); ++i)
        if (!is_initial(name.given[i]) && is_initial(other.given[i])) return false;
    return true;
}

// `fuller` is a fuller form of `name`: the name covers it and it says more, by writing out an
// initial of the name (D. Povey -> Daniel Povey) or by adding middle initials (Luca
// Lanzendörfer -> Luca A. Lanzendörfer). A name that adds a written-out given name is another
// name: Yang Janet Liu is no fuller form of Yang Liu (hundreds of people), nor is Y. Isabel
// Liu of Yabo Liu.
bool fuller_form(const AuthorName& name, const AuthorName& fuller) {
    if (!covers(name, fuller) || !(specificity(fuller) > specificity(name))) return false;
    for (std::size_t i = name.given.size(); i < fuller.given.size(); ++i)
        if (!is_initial(fuller.given[i])) return false;
    return true;
}

std::string first_initial(const AuthorName& n) {
    if (n.given.empty()) return {};
    return n.given.front().substr(0, 1);
}

}  // namespace

std::string surname_core_of_key(const std::string& key) {
    return key.substr(0, key.find('|'));
}

std::vector<AuthorKey> keys_with_surname(const Xapian::Database& db, const std::string& core,
                                         const std::string& initial) {
    std::vector<AuthorKey> out;
    const std::string author_prefix = prefix_of(FieldId::AuthorName);
    const std::string prefix = author_prefix + core + "|" + initial;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string key = (*it).substr(author_prefix.size());
        out.push_back({key, name_of_index_key(key), it.get_termfreq()});
    }
    return out;
}

std::vector<AuthorGroup> group_author_keys(std::vector<AuthorKey> keys) {
    // Names can only fit within one surname and one first initial: group each such part on
    // its own (a common surname has thousands of keys).
    std::sort(keys.begin(), keys.end(), [](const AuthorKey& a, const AuthorKey& b) {
        return std::tie(a.name.surname, a.key) < std::tie(b.name.surname, b.key);
    });
    std::vector<AuthorGroup> groups;
    std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> parts;
    for (std::size_t i = 0; i < keys.size(); ++i)
        parts[{keys[i].name.surname, first_initial(keys[i].name)}].push_back(i);
    for (const auto& part_members : parts) {
        const std::vector<std::size_t>& members = part_members.second;
        // A fuller form of a name with its first given name written out has that same first
        // name: compare within those (a common surname has hundreds of names an initial).
        std::map<std::string, std::vector<std::size_t>> by_first_name;
        for (std::size_t i : members)
            if (!keys[i].name.given.empty()) by_first_name[keys[i].name.given.front()].push_back(i);
        auto candidates = [&](std::size_t i) -> const std::vector<std::size_t>& {
            const auto& given = keys[i].name.given;
            if (given.empty() || is_initial(given.front())) return members;
            return by_first_name[given.front()];
        };
        // Heads: the names that fit no other (fuller) name.
        std::map<std::size_t, std::size_t> group_of;  // key index -> group index
        for (std::size_t i : members) {
            const auto& others = candidates(i);
            bool fuller_exists = std::any_of(others.begin(), others.end(), [&](std::size_t j) {
                return i != j && fuller_form(keys[i].name, keys[j].name);
            });
            if (!fuller_exists) {
                group_of[i] = groups.size();
                groups.push_back({{keys[i]}});
            }
        }
        // Every other name, fullest first, joins the one person whose names include fuller
        // forms of it, or stays a person of its own. Not only heads count: Kelvin Li joins
        // Kelvin Z. Li, who is one with Kelvin Zhenghao Li (no fuller form of Kelvin Li); Hoang
        // Nguyen fits Hoang D. Nguyen and Hoang H. Nguyen (one with Hoang Huy Nguyen), two
        // persons, and stays apart.
        std::vector<std::size_t> rest;
        for (std::size_t i : members)
            if (!group_of.count(i)) rest.push_back(i);
        std::stable_sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
            return specificity(keys[a].name) > specificity(keys[b].name);
        });
        for (std::size_t i : rest) {
            std::set<std::size_t> persons;
            for (std::size_t j : candidates(i))
                if (j != i && group_of.count(j) && fuller_form(keys[i].name, keys[j].name))
                    persons.insert(group_of[j]);
            if (persons.size() == 1) {
                group_of[i] = *persons.begin();
            } else {
                group_of[i] = groups.size();
                groups.push_back({});
            }
            groups[group_of[i]].keys.push_back(keys[i]);
        }
    }
    return groups;
}

std::vector<const AuthorGroup*> groups_for_name(const std::vector<AuthorGroup>& groups,
                                                const AuthorName& name) {
    const std::string key = name.index_key();
    std::vector<const AuthorGroup*> out;
    for (const auto& g : groups) {
        bool holds = std::any_of(g.keys.begin(), g.keys.end(),
                                 [&](const AuthorKey& k) { return k.key == key; });
        if (holds || covers(name, g.head().name)) out.push_back(&g);
    }
    return out;
}

const AuthorGroup* group_holding(const std::vector<AuthorGroup>& groups, const AuthorName& name) {
    const std::string key = name.index_key();
    for (const auto& g : groups)
        for (const auto& k : g.keys)
            if (k.key == key) return &g;
    return nullptr;
}

}  // namespace digest
