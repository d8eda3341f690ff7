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
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"
#include "text/wording.hpp"

namespace digest {

namespace {

const std::string& author_prefix() {
    static const std::string p(field(FieldId::AuthorName).prefix);
    return p;
}

struct Candidate {
    std::string key;  // index key: "povey|daniel p povey"
    AuthorName name;
    Xapian::doccount papers = 0;
};

// Every author whose surname (without particles) is `core`: one prefix scan of the term list.
std::vector<Candidate> authors_with_surname(const Xapian::Database& db, const std::string& core) {
    std::vector<Candidate> out;
    const std::string prefix = author_prefix() + core + "|";
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string key = (*it).substr(author_prefix().size());
        out.push_back({key, name_of_index_key(key), it.get_termfreq()});
    }
    return out;
}

// The one full name (not initials only) that an initials-only name fits, or "" if there are
// none or several: "d povey" -> "povey|daniel povey" when no other D. Povey exists.
std::string unique_full_name(const std::vector<Candidate>& same_core, const AuthorName& initials) {
    std::string found;
    for (const auto& c : same_core) {
        if (c.name.initials_only() || c.name.surname != initials.surname ||
            !given_names_fit(initials.given, c.name.given))
            continue;
        if (!found.empty()) return {};
        found = c.key;
    }
    return found;
}

// Papers, spellings, dates, topics and co-authors of the author indexed under `keys`.
AuthorSummary summarise(const Xapian::Database& db, const std::set<std::string>& keys,
                        const std::string& surname_core,
                        std::unordered_map<std::string, std::string>& key_of) {
    const std::string& xa = author_prefix();
    std::vector<std::string> authors;
    std::vector<Appearance> appearances;
    std::vector<Xapian::docid> docs;
    for (const auto& k : keys)
        for (auto it = db.postlist_begin(xa + k); it != db.postlist_end(xa + k); ++it)
            docs.push_back(*it);
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
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
            auto [cached, fresh] = key_of.try_emplace(a);
            if (fresh) {
                // Only a spelling that holds the surname can be this author: the others
                // (co-authors) are grouped by their folded spelling, which is cheaper
                // than parsing the name and groups Hung-yi / Hung-Yi alike.
                std::string folded = fold(a);
                folded.erase(std::remove(folded.begin(), folded.end(), '-'), folded.end());
                cached->second = folded.find(surname_core) != std::string::npos
                                     ? parse_author_name(a).index_key()
                                     : "~" + folded;
            }
            const std::string& k = cached->second;
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
    const std::size_t top = std::min<std::size_t>(co.size(), 5);
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
    auto same_core = authors_with_surname(db, q.surname_core);
    for (const auto& c : same_core) {
        if (c.name.surname != q.surname) continue;
        if (q.given.empty()) {
            keys.push_back(c.key);
            continue;
        }
        if (!given_names_fit(q.given, c.name.given)) continue;
        // A full name takes the same person listed with initials only (D. Povey) only when it is
        // the one full name those initials fit: Daniel Povey takes "D. Povey", but Hung-yi Lee
        // does not take "H. Lee", who may be Honglak Lee.
        if (!q.initials_only() && c.name.initials_only()) {
            std::string unique = unique_full_name(same_core, c.name);
            if (unique.empty() || !given_names_fit(name_of_index_key(unique).given, q.given))
                continue;
        }
        keys.push_back(c.key);
    }
    return keys;
}

AuthorLookupResult lookup_authors(const Xapian::Database& db, const std::string& query,
                                  std::size_t limit,
                                  const std::function<Xapian::Database()>& second_handle,
                                  const StoredFolds* folds) {
    AuthorLookupResult result;
    result.query = query;
    const std::vector<AuthorName> readings = author_name_readings(query);
    const AuthorName& q = readings.front();
    if (q.empty()) return result;

    // Candidates: one word is a surname; several words are a name whose given names the
    // query's fit (initials too), in any of its readings ("de silva": De Silva or Silva).
    std::vector<Candidate> same_core = authors_with_surname(db, q.surname_core);
    std::vector<Candidate> cands;
    for (const auto& c : same_core)
        if (std::any_of(readings.begin(), readings.end(), [&](const AuthorName& r) {
                return c.name.surname == r.surname && given_names_fit(r.given, c.name.given);
            }))
            cands.push_back(c);
    if (cands.empty() && q.given.empty() && !q.cjk) {
        // Not a surname: a given name (hinrich). Authors of the papers with that name word.
        std::set<std::string> keys;
        // Name words are indexed stemmed, as bare words search them.
        const std::string term = prefix_of(FieldId::Author) + stem_word(make_stemmer(), q.surname);
        std::vector<std::string> authors;
        std::vector<Appearance> ignored;
        std::size_t read = 0;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < 5000;
             ++it, ++read) {
            read_authors_and_appearances(db.get_document(*it).get_data(), authors, ignored);
            for (const auto& a : authors) {
                AuthorName n = parse_author_name(a);
                if (std::find(n.given.begin(), n.given.end(), q.surname) != n.given.end())
                    keys.insert(n.index_key());
            }
        }
        for (const auto& k : keys)
            cands.push_back({k, name_of_index_key(k), db.get_termfreq(author_prefix() + k)});
    }

    // An author listed with initials only (D. Povey) is the same person as the one full name
    // of the whole database that those initials fit, when exactly one does; else apart.
    std::map<std::string, std::size_t> group_of_key;
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < cands.size(); ++i)
        if (!cands[i].name.initials_only()) {
            group_of_key[cands[i].key] = groups.size();
            groups.push_back({i});
        }
    for (std::size_t i = 0; i < cands.size(); ++i) {
        if (!cands[i].name.initials_only()) continue;
        auto it = group_of_key.find(unique_full_name(same_core, cands[i].name));
        if (it != group_of_key.end()) {
            groups[it->second].push_back(i);
        } else {
            group_of_key[cands[i].key] = groups.size();
            groups.push_back({i});
        }
    }
    auto group_papers = [&](const std::vector<std::size_t>& g) {
        Xapian::doccount n = 0;
        for (auto i : g) n += cands[i].papers;
        return n;
    };
    std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
        auto na = group_papers(a), nb = group_papers(b);
        return na != nb ? na > nb : cands[a[0]].key < cands[b[0]].key;
    });
    result.total = groups.size();
    if (groups.size() > limit) groups.resize(limit);

    // Each group's papers are read once; the groups are shared between two threads (a
    // common surname means a thousand papers to read), each with its own database handle.
    std::vector<std::set<std::string>> group_keys;
    for (const auto& g : groups) {
        group_keys.emplace_back();
        for (auto i : g) group_keys.back().insert(cands[i].key);
    }
    result.authors.resize(group_keys.size());
    auto work = [&](const Xapian::Database& handle, std::size_t first) {
        std::unordered_map<std::string, std::string> key_of;  // spelling -> grouping key
        for (std::size_t k = first; k < group_keys.size(); k += 2)
            result.authors[k] = summarise(handle, group_keys[k], q.surname_core, key_of);
    };
    std::exception_ptr failure;
    std::thread helper;
    if (group_keys.size() > 1 && second_handle) {
        helper = std::thread([&] {
            try {
                UseStoredFolds use(folds);
                work(second_handle(), 1);
            } catch (...) {
                failure = std::current_exception();
            }
        });
        work(db, 0);
        helper.join();
        if (failure) std::rethrow_exception(failure);
    } else {
        std::unordered_map<std::string, std::string> key_of;
        for (std::size_t k = 0; k < group_keys.size(); ++k)
            result.authors[k] = summarise(db, group_keys[k], q.surname_core, key_of);
    }
    // Counts were estimates from the keys; the detailed counts decide the order.
    std::stable_sort(
        result.authors.begin(), result.authors.end(),
        [](const AuthorSummary& a, const AuthorSummary& b) { return a.papers > b.papers; });
    return result;
}

}  // namespace digest
