#include "author_lookup.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "author_name.hpp"
#include "field_table.hpp"
#include "paper.hpp"

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

std::string most_frequent(const std::map<std::string, int>& counts) {
    std::string best;
    int n = -1;
    for (const auto& [s, c] : counts)
        if (c > n) {
            best = s;
            n = c;
        }
    return best;
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
                                  std::size_t limit) {
    AuthorLookupResult result;
    result.query = query;
    AuthorName q = parse_author_name(query);
    if (q.empty()) return result;

    // Candidates: one word is a surname; several words are a name whose given names the
    // query's fit (initials too).
    std::vector<Candidate> same_core = authors_with_surname(db, q.surname_core);
    std::vector<Candidate> cands;
    for (const auto& c : same_core)
        if (c.name.surname == q.surname && given_names_fit(q.given, c.name.given))
            cands.push_back(c);
    if (cands.empty() && q.given.empty() && !q.cjk) {
        // Not a surname: a given name (hungyi). Authors of the papers with that name word.
        std::set<std::string> keys;
        const std::string term = std::string(field(FieldId::Author).prefix) + q.surname;
        std::size_t read = 0;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < 5000;
             ++it, ++read)
            for (const auto& a : paper_from_data(db.get_document(*it).get_data()).authors) {
                AuthorName n = parse_author_name(a);
                if (std::find(n.given.begin(), n.given.end(), q.surname) != n.given.end())
                    keys.insert(n.index_key());
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

    const std::string& xa = author_prefix();
    for (const auto& g : groups) {
        std::set<std::string> keys;
        for (auto i : g) keys.insert(cands[i].key);
        std::set<Xapian::docid> docs;
        for (const auto& k : keys)
            for (auto it = db.postlist_begin(xa + k); it != db.postlist_end(xa + k); ++it)
                docs.insert(*it);
        AuthorSummary s;
        s.key = cands[g[0]].key;
        std::map<std::string, int> spellings;
        std::map<std::string, std::map<std::string, int>> co_spellings;  // key -> spelling
        std::map<std::string, int> co_papers;
        for (auto docid : docs) {
            Paper p = paper_from_data(db.get_document(docid).get_data());
            std::set<std::string> co_seen;
            for (const auto& a : p.authors) {
                std::string k = parse_author_name(a).index_key();
                if (keys.count(k)) {
                    ++spellings[a];
                } else if (!k.empty() && co_seen.insert(k).second) {
                    ++co_papers[k];
                    ++co_spellings[k][a];
                }
            }
            std::set<std::string> topics;
            for (const auto& a : p.appearances) {
                topics.insert(a.topic);
                if (a.date.empty()) continue;
                if (s.first_date.empty() || a.date < s.first_date) s.first_date = a.date;
                if (a.date > s.last_date) s.last_date = a.date;
            }
            for (const auto& t : topics) ++s.topics[t];
        }
        s.papers = static_cast<int>(docs.size());
        s.name = most_frequent(spellings);
        std::vector<std::pair<std::string, int>> vs(spellings.begin(), spellings.end());
        std::stable_sort(vs.begin(), vs.end(),
                         [](auto& a, auto& b) { return a.second > b.second; });
        for (auto& [v, n] : vs) s.variants.push_back(v);
        std::vector<std::pair<std::string, int>> co(co_papers.begin(), co_papers.end());
        std::stable_sort(co.begin(), co.end(),
                         [](auto& a, auto& b) { return a.second > b.second; });
        for (std::size_t k = 0; k < co.size() && k < 5; ++k)
            s.coauthors.push_back({most_frequent(co_spellings[co[k].first]), co[k].second});
        result.authors.push_back(std::move(s));
    }
    // Counts were estimates from the keys; the detailed counts decide the order.
    std::stable_sort(
        result.authors.begin(), result.authors.end(),
        [](const AuthorSummary& a, const AuthorSummary& b) { return a.papers > b.papers; });
    return result;
}

void write_authors_text(std::ostream& out, const AuthorLookupResult& r) {
    for (const auto& a : r.authors) {
        out << a.name << " — " << a.papers << (a.papers == 1 ? " paper" : " papers");
        if (!a.first_date.empty()) out << ", " << a.first_date << " .. " << a.last_date;
        out << "\n";
        if (!a.topics.empty()) {
            out << "    topics:     ";
            bool first = true;
            for (const auto& [t, n] : a.topics) {
                out << (first ? "" : ", ") << t << " " << n;
                first = false;
            }
            out << "\n";
        }
        if (a.variants.size() > 1) {
            out << "    written:    ";
            for (std::size_t i = 0; i < a.variants.size(); ++i)
                out << (i ? "; " : "") << a.variants[i];
            out << "\n";
        }
        if (!a.coauthors.empty()) {
            out << "    co-authors: ";
            for (std::size_t i = 0; i < a.coauthors.size(); ++i)
                out << (i ? ", " : "") << a.coauthors[i].name << " (" << a.coauthors[i].papers
                    << ")";
            out << "\n";
        }
    }
    if (r.total > r.authors.size())
        out << "(" << r.total - r.authors.size() << " more; --limit shows more)\n";
}

void write_authors_json(std::ostream& out, const AuthorLookupResult& r) {
    nlohmann::json j;
    j["format_version"] = 1;
    j["query"] = r.query;
    j["total"] = r.total;
    j["authors"] = nlohmann::json::array();
    for (const auto& a : r.authors) {
        nlohmann::json co = nlohmann::json::array();
        for (const auto& c : a.coauthors) co.push_back({{"name", c.name}, {"papers", c.papers}});
        j["authors"].push_back({{"name", a.name},
                                {"key", a.key},
                                {"variants", a.variants},
                                {"papers", a.papers},
                                {"first_date", a.first_date},
                                {"last_date", a.last_date},
                                {"topics", a.topics},
                                {"coauthors", co}});
    }
    out << j.dump(2) << "\n";
}

}  // namespace digest
