#include "search/author_lookup.hpp"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

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

// How a spelling of a name is grouped: by its index key when it may be the person being
// summarised, else by its folded form (filled in when first needed).
struct SpellingKeys {
    std::string key;
    std::string grouped;
};

// Papers, spellings, dates, topics and co-authors of the author indexed under `keys`.
AuthorSummary summarise(const Xapian::Database& db, const std::set<std::string>& keys,
                        const std::string& surname_core,
                        std::unordered_map<std::string, SpellingKeys>& key_of,
                        const std::vector<Xapian::docid>* within, std::size_t coauthors) {
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
    std::unordered_map<std::string, int> spellings;   // of this author
    std::unordered_map<std::string, int> co_papers;   // co-author key -> papers
    std::unordered_map<std::string, int> co_written;  // co-author spelling -> papers
    std::unordered_map<std::string, std::pair<std::string, int>> co_best;  // key -> spelling
    std::unordered_set<std::string_view> co_seen;  // a paper may list 300 authors
    for (auto docid : docs) {
        if (!read_authors_and_appearances(db.get_document(docid).get_data(), authors, appearances))
            throw Error(
                "damaged paper record in the database (document " + std::to_string(docid) + ")",
                "rebuild the database: digest-index reindex", kExitDatabase);
        co_seen.clear();
        for (const auto& a : authors) {
            // Only a spelling that holds the surname can be this author: the others
            // (co-authors) are grouped by their folded spelling, which is cheaper than
            // parsing the name and groups Hung-yi / Hung-Yi alike. The cache outlives this
            // person, so it keeps both readings of a spelling.
            auto [cached, fresh] = key_of.try_emplace(a);
            SpellingKeys& sk = cached->second;
            if (fresh) {
                std::string folded = fold(a);
                folded.erase(std::remove(folded.begin(), folded.end(), '-'), folded.end());
                sk.grouped = "~" + folded;
            }
            const bool may_be_this_author =
                std::string_view(sk.grouped).substr(1).find(surname_core) != std::string::npos;
            if (may_be_this_author && sk.key.empty()) sk.key = parse_author_name(a).index_key();
            const std::string& k = may_be_this_author ? sk.key : sk.grouped;
            if (keys.count(k)) {
                ++spellings[a];
            } else if (!k.empty() && co_seen.insert(k).second) {
                ++co_papers[k];
                int n = ++co_written[a];
                auto& best = co_best[k];
                if (n > best.second || (n == best.second && a < best.first)) best = {a, n};
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
    std::vector<std::pair<std::string_view, int>> co(co_papers.begin(), co_papers.end());
    const std::size_t top = std::min<std::size_t>(co.size(), coauthors);
    std::partial_sort(co.begin(), co.begin() + static_cast<std::ptrdiff_t>(top), co.end(),
                      [](auto& a, auto& b) {
                          return a.second != b.second ? a.second > b.second : a.first < b.first;
                      });
    co.resize(top);
    for (const auto& [key, n] : co) s.coauthors.push_back({co_best[std::string(key)].first, n});
    return s;
}

}  // namespace

std::vector<std::string> author_keys_for(const Xapian::Database& db, const AuthorName& q) {
    std::vector<std::string> keys;
    if (q.empty()) return keys;
    const auto groups = group_author_keys(keys_with_surname(db, q.surname_core));
    for (const AuthorGroup* g : groups_for_name(groups, q))
        for (const auto& k : g->keys) keys.push_back(k.key);
    return keys;
}

std::vector<std::string> author_keys_exactly(const Xapian::Database& db, const AuthorName& q) {
    std::vector<std::string> keys;
    if (q.empty()) return keys;
    const auto groups = group_author_keys(keys_with_surname(db, q.surname_core));
    if (const AuthorGroup* g = group_holding(groups, q))
        for (const auto& k : g->keys) keys.push_back(k.key);
    return keys;
}

namespace {

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
    // Larraza), and those whose first given name it is, for when nothing else is found.
    const std::string term = prefix_of(FieldId::Author) + stem_word(make_stemmer(), word.surname);
    std::vector<std::string> authors;
    std::vector<Appearance> ignored;
    std::set<std::string> compound_keys, given_keys;
    std::size_t read = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < 5000;
         ++it, ++read) {
        read_authors_and_appearances(db.get_document(*it).get_data(), authors, ignored);
        for (const auto& a : authors) {
            std::string folded = fold(a);
            folded.erase(std::remove_if(folded.begin(), folded.end(),
                                        [](char c) { return c == '-' || c == '\''; }),
                         folded.end());
            if (folded.find(word.surname) == std::string::npos) continue;
            AuthorName n = parse_author_name(a);
            auto at = std::find(n.given.begin(), n.given.end(), word.surname);
            if (at == n.given.end() || n.surname_core == word.surname_core) continue;
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
        const auto groups = group_author_keys(keys_with_surname(db, reading.surname_core));
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
        std::unordered_map<std::string, SpellingKeys> key_of;  // spelling -> grouping keys
        for (std::size_t k = first; k < person_keys.size(); k += step)
            result.authors[k] =
                summarise(handle, person_keys[k], surname_core_of_key(*person_keys[k].begin()),
                          key_of, request.within, request.coauthors);
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

std::set<std::string> author_keys_named(const Xapian::Database& db, const std::string& text) {
    std::set<std::string> found;
    const std::vector<AuthorName> readings = author_name_readings(text);
    const AuthorName& name = readings.front();
    if (name.empty() || (!name.cjk && name.given.empty() && name.surname == name.surname_core))
        return found;
    if (name.cjk) return {name.index_key()};
    for (const auto& reading : readings)
        for (auto& k : author_keys_for(db, reading)) found.insert(std::move(k));
    if (found.empty()) found.insert(name.index_key());
    return found;
}

}  // namespace digest
