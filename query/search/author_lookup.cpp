#include "search/author_lookup.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <functional>
#include <nlohmann/json.hpp>
#include <queue>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "fields/paper.hpp"
#include "names/author_name.hpp"
#include "search/author_groups.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

const std::string& author_prefix() {
    static const std::string p(field(FieldId::AuthorName).prefix);
    return p;
}

// What a spelling of a name stands for: its index key and the name parsed (filled in when
// first seen; the cache outlives one person).
struct Spelling {
    std::string key;
    AuthorName name;
};

// A co-author as the papers read so far show them: one index key.
struct CoKey {
    const AuthorName* name = nullptr;   // as parsed, in the spelling cache
    std::vector<std::uint32_t> papers;  // indexes into the person's papers
    // Its spellings (in the spelling cache) and the papers writing each; usually one.
    std::vector<std::pair<const std::string*, int>> spellings;

    void add_spelling(const std::string* spelling, int times) {
        auto it = std::find_if(spellings.begin(), spellings.end(),
                               [&](const auto& s) { return s.first == spelling; });
        if (it == spellings.end())
            spellings.emplace_back(spelling, times);
        else
            it->second += times;
    }
};

// The persons (author_groups.hpp) of the database's keys of one surname and first initial,
// each key's group index; read once per part and kept for the next person.
using PartGroups = std::unordered_map<std::string, std::size_t>;

// Whether two names may be one person at all: the same surname and the given names of one
// fitting the other's. Names that do not fit are never grouped, so their part of the database
// need not be read.
bool may_be_one(const AuthorName& a, const AuthorName& b) {
    return a.surname == b.surname &&
           (given_names_fit(a.given, b.given) || given_names_fit(b.given, a.given));
}

struct SummaryCaches {
    std::unordered_map<std::string, Spelling> spelling;
    std::unordered_map<std::string, PartGroups> part;  // "lanzendorfer|l" -> key -> group
};

// The co-authors of a person as persons: keys that author_groups.hpp groups together (Luca
// Lanzendörfer and Luca A. Lanzendörfer) are one co-author, counted once per paper.
std::vector<CoAuthor> top_coauthors(const Xapian::Database& db,
                                    std::unordered_map<std::string_view, CoKey>& co,
                                    SummaryCaches& caches, std::size_t limit) {
    // Keys by part (surname and first initial, as the groups are made); only a part holding
    // two keys that may be one person need be read from the database.
    std::map<std::string_view, std::vector<std::string_view>> by_part;
    for (const auto& [key, ignored] : co) {
        const std::size_t bar = key.find('|');
        if (bar == std::string_view::npos || bar + 1 >= key.size()) continue;
        by_part[key.substr(0, bar + 2)].push_back(key);
    }
    // The `limit` largest counts known so far (a key of a part left as it is is a person of its
    // own), and the parts to group, each with the most papers it could give one person.
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> largest;
    auto note = [&](std::size_t n) {
        largest.push(n);
        if (largest.size() > limit) largest.pop();
    };
    std::vector<std::pair<std::size_t, std::string_view>> to_group;  // bound, part
    for (auto& [part, keys] : by_part) {
        std::sort(keys.begin(), keys.end());
        bool any = false;
        for (std::size_t i = 0; i < keys.size() && !any; ++i)
            for (std::size_t j = i + 1; j < keys.size() && !any; ++j)
                any = may_be_one(*co.at(keys[i]).name, *co.at(keys[j]).name);
        std::size_t bound = 0;
        for (const auto& k : keys) {
            if (!any) note(co.at(k).papers.size());
            bound += co.at(k).papers.size();
        }
        if (any) to_group.emplace_back(bound, part);
    }
    // Most promising first, until no person of the next part could be among the `limit` most
    // frequent (a tie may be, by its name: hence `<`).
    std::sort(to_group.begin(), to_group.end(), std::greater<>());
    for (const auto& [bound, part] : to_group) {
        if (limit == 0 || (largest.size() >= limit && bound < largest.top())) break;
        auto [cached, fresh] = caches.part.try_emplace(std::string(part));
        if (fresh) {
            const auto groups = group_author_keys(
                keys_with_surname(db, std::string(part.substr(0, part.size() - 2)),
                                  std::string(part.substr(part.size() - 1))));
            for (std::size_t g = 0; g < groups.size(); ++g)
                for (const auto& k : groups[g].keys) cached->second.emplace(k.key, g);
        }
        std::map<std::size_t, std::string_view> first_of_group;  // group -> the key others join
        std::vector<std::string_view> persons;
        for (const std::string_view k : by_part.at(part)) {
            auto g = cached->second.find(std::string(k));
            auto [first, inserted] = g == cached->second.end()
                                         ? std::pair{first_of_group.end(), true}
                                         : first_of_group.emplace(g->second, k);
            if (inserted) {
                persons.push_back(k);
                continue;
            }
            CoKey& from = co.at(k);
            CoKey& to = co.at(first->second);
            std::vector<std::uint32_t> both;
            std::set_union(to.papers.begin(), to.papers.end(), from.papers.begin(),
                           from.papers.end(), std::back_inserter(both));
            to.papers.swap(both);
            for (const auto& [spelling, n] : from.spellings) to.add_spelling(spelling, n);
            co.erase(k);
        }
        for (const auto& k : persons) note(co.at(k).papers.size());
    }
    std::vector<std::pair<std::string_view, const CoKey*>> order;
    for (const auto& [key, c] : co) order.emplace_back(key, &c);
    const std::size_t top = std::min(order.size(), limit);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                      [](const auto& a, const auto& b) {
                          return a.second->papers.size() != b.second->papers.size()
                                     ? a.second->papers.size() > b.second->papers.size()
                                     : a.first < b.first;
                      });
    std::vector<CoAuthor> out;
    for (std::size_t i = 0; i < top; ++i) {
        // The spelling written most often, and of those the first in order.
        const auto& spellings = order[i].second->spellings;
        auto best = std::min_element(spellings.begin(), spellings.end(), [](auto& a, auto& b) {
            return a.second != b.second ? a.second > b.second : *a.first < *b.first;
        });
        out.push_back({*best->first, static_cast<int>(order[i].second->papers.size())});
    }
    return out;
}

// Papers, spellings, dates, topics and co-authors of the author indexed under `keys`.
AuthorSummary summarise(const Xapian::Database& db, const std::set<std::string>& keys,
                        SummaryCaches& caches, const std::vector<Xapian::docid>* within,
                        std::size_t coauthors) {
    const std::string& xa = author_prefix();
    std::vector<std::string> authors;
    std::vector<Appearance> appearances;
    std::vector<Xapian::docid> docs;
    for (const auto& k : keys)
        for (auto it = db.postlist_begin(xa + k); it != db.postlist_end(xa + k); ++it)
            docs.push_back(*it);
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    if (within) {
        std::vector<Xapian::docid> both;
        std::set_intersection(docs.begin(), docs.end(), within->begin(), within->end(),
                              std::back_inserter(both));
        docs.swap(both);
    }
    AuthorSummary s;
    s.key = *keys.begin();
    std::unordered_map<std::string, int> spellings;  // of this author
    std::unordered_map<std::string_view, CoKey> co;  // co-author key -> papers, spellings
    for (std::uint32_t paper = 0; paper < docs.size(); ++paper) {
        const Xapian::docid docid = docs[paper];
        if (!read_authors_and_appearances(db.get_document(docid).get_data(), authors, appearances))
            throw Error(
                "damaged paper record in the database (document " + std::to_string(docid) + ")",
                "rebuild the database: digest-index reindex", kExitDatabase);
        for (const auto& a : authors) {
            auto [cached, fresh] = caches.spelling.try_emplace(a);
            if (fresh) {
                cached->second.name = parse_author_name(a);
                cached->second.key = cached->second.name.index_key();
            }
            const std::string& k = cached->second.key;
            if (keys.count(k)) {
                ++spellings[a];
            } else if (!cached->second.name.empty()) {
                // A paper may list a co-author twice (two spellings): counted once.
                CoKey& c = co[k];
                c.name = &cached->second.name;
                if (c.papers.empty() || c.papers.back() != paper) c.papers.push_back(paper);
                c.add_spelling(&cached->first, 1);
            }
        }
        std::string seen_topics;
        for (const auto& a : appearances) {
            if (seen_topics.find("|" + a.topic + "|") == std::string::npos) {
                seen_topics += "|" + a.topic + "|";
                ++s.topics[a.topic];
            }
            if (a.date.empty()) continue;
            if (s.first_date.empty() || a.date < s.first_date) s.first_date = a.date;
            if (a.date > s.last_date) s.last_date = a.date;
        }
    }
    s.papers = static_cast<int>(docs.size());
    std::vector<std::pair<std::string, int>> vs(spellings.begin(), spellings.end());
    std::sort(vs.begin(), vs.end(), [](auto& a, auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    for (auto& [v, n] : vs) s.variants.push_back(v);
    if (!vs.empty()) s.name = vs.front().first;
    s.coauthors = top_coauthors(db, co, caches, coauthors);
    return s;
}

// The keys a name can be one with: those of its surname, and of its first initial when it has
// given names (a person's names share surname and first initial: author_groups.hpp). "Wang" has
// thousands of keys; "Xin Wang" reads only those of wang|x.
std::string first_initial_of(const AuthorName& q) {
    return q.given.empty() ? std::string() : q.given.front().substr(0, 1);
}

std::vector<AuthorKey> keys_a_name_may_join(const Xapian::Database& db, const AuthorName& q) {
    return keys_with_surname(db, q.surname_core, first_initial_of(q));
}

}  // namespace

namespace {

std::vector<std::string> keys_for(const std::vector<AuthorGroup>& groups, const AuthorName& q) {
    std::vector<std::string> keys;
    for (const AuthorGroup* g : groups_for_name(groups, q))
        for (const auto& k : g->keys) keys.push_back(k.key);
    return keys;
}

}  // namespace

std::vector<std::string> author_keys_for(const Xapian::Database& db, const AuthorName& q) {
    if (q.empty()) return {};
    return keys_for(group_author_keys(keys_a_name_may_join(db, q)), q);
}

std::vector<std::string> author_keys_exactly(const Xapian::Database& db, const AuthorName& q) {
    std::vector<std::string> keys;
    if (q.empty()) return keys;
    const auto groups = group_author_keys(keys_a_name_may_join(db, q));
    if (const AuthorGroup* g = group_holding(groups, q))
        for (const auto& k : g->keys) keys.push_back(k.key);
    return keys;
}

namespace {

// Whether `word` is a piece of the name's hyphenated surname (Chris Callison-Burch, Ruben
// Vera-Rodriguez): the index key joins the pieces ("callisonburch"), so only the folded
// spelling still shows them.
bool hyphenated_surname_part(std::string_view spelled, const AuthorName& name,
                             const std::string& word) {
    if (name.cjk) return false;
    for (std::size_t i = 0; i < spelled.size();) {
        std::size_t end = spelled.find_first_of(" ,", i);
        if (end == std::string_view::npos) end = spelled.size();
        const std::string_view token = spelled.substr(i, end - i);
        i = end + 1;
        if (token.find('-') == std::string_view::npos) continue;
        std::string joined;
        bool has_word = false;
        for (std::size_t p = 0; p <= token.size();) {
            std::size_t dash = token.find('-', p);
            if (dash == std::string_view::npos) dash = token.size();
            std::string piece;
            for (char c : token.substr(p, dash - p))
                if (c != '\'' && c != '`') piece += c;
            has_word = has_word || piece == word;
            joined += piece;
            p = dash + 1;
        }
        if (has_word && joined == name.surname_core) return true;
    }
    return false;
}

// The persons (as their keys) whose surname, or a part of whose compound surname, is the one
// word `word`; failing both, those whose first given name it is.
std::vector<std::vector<std::string>> persons_named(const Xapian::Database& db,
                                                    const AuthorName& word) {
    std::vector<std::vector<std::string>> out;
    std::set<std::string> cores_done;
    auto add_core = [&](const std::string& core, const auto& wanted) {
        for (const auto& g : group_author_keys(keys_with_surname(db, core))) {
            if (!wanted(g)) continue;
            out.emplace_back();
            for (const auto& k : g.keys) out.back().push_back(k.key);
        }
    };
    add_core(word.surname_core,
             [&](const AuthorGroup& g) { return g.head().name.surname == word.surname; });
    cores_done.insert(word.surname_core);
    if (word.cjk) return out;

    // Papers with the word in an author's name (the name words are indexed stemmed): the
    // authors whose name has it before a last word that is another surname (Nicolás Arrieta
    // Larraza) or as a piece of a hyphenated surname (Callison-Burch), and those whose first
    // given name it is, for when nothing else is found.
    const std::string term = prefix_of(FieldId::Author) + stem_word(make_stemmer(), word.surname);
    std::vector<std::string> authors;
    std::vector<Appearance> ignored;
    std::set<std::string> compound_keys, given_keys;
    std::size_t read = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < 5000;
         ++it, ++read) {
        read_authors_and_appearances(db.get_document(*it).get_data(), authors, ignored);
        for (const auto& a : authors) {
            const std::string spelled = fold(a);
            std::string folded = spelled;
            folded.erase(std::remove_if(folded.begin(), folded.end(),
                                        [](char c) { return c == '-' || c == '\''; }),
                         folded.end());
            if (folded.find(word.surname) == std::string::npos) continue;
            AuthorName n = parse_author_name(a);
            if (n.surname_core == word.surname_core) continue;
            if (hyphenated_surname_part(spelled, n, word.surname)) {
                compound_keys.insert(n.index_key());
                continue;
            }
            auto at = std::find(n.given.begin(), n.given.end(), word.surname);
            if (at == n.given.end()) continue;
            (at == n.given.begin() ? given_keys : compound_keys).insert(n.index_key());
        }
    }
    std::set<std::string>& extra =
        compound_keys.empty() && out.empty() ? given_keys : compound_keys;
    std::map<std::string, std::set<std::string>> by_core;
    for (const auto& k : extra) by_core[surname_core_of_key(k)].insert(k);
    for (const auto& core_keys : by_core) {
        const std::set<std::string>& keys = core_keys.second;
        add_core(core_keys.first, [&](const AuthorGroup& g) {
            return std::any_of(g.keys.begin(), g.keys.end(),
                               [&](const AuthorKey& k) { return keys.count(k.key) > 0; });
        });
    }
    return out;
}

// The persons a name stands for: every written form of it (author_groups.hpp).
std::vector<std::vector<std::string>> persons_for(const Xapian::Database& db,
                                                  const std::vector<AuthorName>& readings) {
    std::vector<std::vector<std::string>> out;
    std::set<std::string> seen;
    for (const auto& reading : readings) {
        const auto groups = group_author_keys(keys_a_name_may_join(db, reading));
        for (const AuthorGroup* g : groups_for_name(groups, reading)) {
            if (!seen.insert(g->head().key).second) continue;
            out.emplace_back();
            for (const auto& k : g->keys) out.back().push_back(k.key);
        }
    }
    return out;
}

}  // namespace

AuthorLookupResult lookup_authors(const Xapian::Database& db, const AuthorLookupRequest& request,
                                  const std::function<Xapian::Database()>& second_handle,
                                  const StoredFolds* folds) {
    AuthorLookupResult result;
    result.query = request.name;
    std::vector<std::vector<std::string>> persons = request.persons;
    if (persons.empty()) {
        const std::vector<AuthorName> readings = author_name_readings(request.name);
        const AuthorName& q = readings.front();
        if (q.empty()) return result;
        persons = q.given.empty() && q.surname == q.surname_core ? persons_named(db, q)
                                                                 : persons_for(db, readings);
    }
    // Most papers first (counted from the keys; the detailed counts decide the final order).
    std::vector<std::pair<Xapian::doccount, std::size_t>> order;
    for (std::size_t i = 0; i < persons.size(); ++i) {
        Xapian::doccount n = 0;
        for (const auto& k : persons[i]) n += db.get_termfreq(author_prefix() + k);
        order.emplace_back(n, i);
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : persons[a.second] < persons[b.second];
    });
    result.total = persons.size();
    // With --in, a person counts only the query's papers: every person is looked at, and
    // those with none of them are left out.
    if (!request.within && order.size() > request.limit) order.resize(request.limit);

    // Each person's papers are read once; the persons are shared between two threads (a
    // common surname means a thousand papers to read), each with its own database handle.
    std::vector<std::set<std::string>> person_keys;
    for (const auto& [n, i] : order) person_keys.emplace_back(persons[i].begin(), persons[i].end());
    result.authors.resize(person_keys.size());
    auto work = [&](const Xapian::Database& handle, std::size_t first, std::size_t step) {
        SummaryCaches caches;
        for (std::size_t k = first; k < person_keys.size(); k += step)
            result.authors[k] =
                summarise(handle, person_keys[k], caches, request.within, request.coauthors);
    };
    std::exception_ptr failure;
    if (person_keys.size() > 1 && second_handle) {
        std::thread helper([&] {
            try {
                UseStoredFolds use(folds);
                work(second_handle(), 1, 2);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        work(db, 0, 2);
        helper.join();
        if (failure) std::rethrow_exception(failure);
    } else {
        work(db, 0, 1);
    }
    if (request.within) {
        result.authors.erase(std::remove_if(result.authors.begin(), result.authors.end(),
                                            [](const AuthorSummary& a) { return a.papers == 0; }),
                             result.authors.end());
        result.total = result.authors.size();
    }
    std::stable_sort(result.authors.begin(), result.authors.end(),
                     [](const AuthorSummary& a, const AuthorSummary& b) {
                         return a.papers != b.papers ? a.papers > b.papers : a.name < b.name;
                     });
    if (result.authors.size() > request.limit) result.authors.resize(request.limit);
    return result;
}

std::set<std::string> author_keys_named(const std::string& text, const AuthorGroupsOf& groups_of) {
    std::set<std::string> found;
    const std::vector<AuthorName> readings = author_name_readings(text);
    const AuthorName& name = readings.front();
    if (name.empty() || (!name.cjk && name.given.empty() && name.surname == name.surname_core))
        return found;
    if (name.cjk) return {name.index_key()};
    for (const auto& reading : readings)
        if (!reading.empty())
            for (auto& k :
                 keys_for(groups_of(reading.surname_core, first_initial_of(reading)), reading))
                found.insert(std::move(k));
    if (found.empty()) found.insert(name.index_key());
    return found;
}

std::set<std::string> author_keys_named(const Xapian::Database& db, const std::string& text) {
    std::vector<AuthorGroup> groups;
    return author_keys_named(text,
                             [&](const std::string& surname,
                                 const std::string& initial) -> const std::vector<AuthorGroup>& {
                                 groups =
                                     group_author_keys(keys_with_surname(db, surname, initial));
                                 return groups;
                             });
}

}  // namespace digest
