#include "language/field_queries.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "fields/paper.hpp"
#include "names/author_name.hpp"
#include "search/author_lookup.hpp"
#include "search/similar.hpp"
#include "text/text_indexing.hpp"

namespace digest {

Xapian::Query author_query(const Xapian::Database& db, const std::string& text) {
    if (text.starts_with("=")) {
        // Exactly the person written so (and the spellings grouped with it).
        AuthorName name = parse_author_name(text.substr(1));
        if (name.empty()) throw FieldValueError{"empty author name", {}};
        std::vector<Xapian::Query> keys;
        for (const auto& k : author_keys_exactly(db, name))
            keys.emplace_back(prefix_of(FieldId::AuthorName) + k);
        if (keys.empty()) return Xapian::Query(prefix_of(FieldId::AuthorName) + name.index_key());
        return Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end());
    }
    std::vector<AuthorName> readings = author_name_readings(text);
    const AuthorName& name = readings.front();
    if (name.empty()) throw FieldValueError{"empty author name", {}};
    const std::string keys_prefix = prefix_of(FieldId::AuthorName);
    if (name.given.empty() && name.surname == name.surname_core) {
        // One word: any author with that name (given or surname), as bare words find it.
        static thread_local const Xapian::Stem stemmer = make_stemmer();
        const std::string prefix = prefix_of(FieldId::Author);
        Xapian::Query word(prefix + stem_word(stemmer, name.surname_core));
        // A hyphenated one (hung-yi, hakkani-tur) was indexed as its parts, in a row; the
        // parts written together (hungyi) are the same name.
        std::vector<Xapian::Query> parts;
        std::size_t start = 0;
        for (std::size_t dash = text.find('-');; dash = text.find('-', start)) {
            std::string part = text.substr(start, dash - start);
            if (!part.empty()) parts.emplace_back(prefix + stem_word(stemmer, part));
            if (dash == std::string::npos) break;
            start = dash + 1;
        }
        if (parts.size() < 2) return word;
        return Xapian::Query(
            Xapian::Query::OP_OR, word,
            Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size()));
    }
    // Every written form of the name: D. Povey, Daniel Povey, Daniel P. Povey, ...
    std::vector<Xapian::Query> keys;
    for (const auto& k : author_keys_named(db, text)) keys.emplace_back(keys_prefix + k);
    return Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end());
}

Xapian::Query id_query(const std::string& value) {
    std::string id = canonical_id(value);
    if (id.empty())
        throw FieldValueError{"not an arXiv id",
                              "ids look like 2512.22166, 2512.22166v2 or quant-ph/0201082"};
    return Xapian::Query(unique_term(id));
}

Xapian::Query category_query(const Xapian::Database& db, const Field& field,
                             const std::string& text) {
    const std::string prefix(field.prefix);
    if (text.find('.') != std::string::npos) return Xapian::Query(prefix + text);
    // An archive without a subject class: cs -> cs and cs.*
    std::vector<Xapian::Query> terms;
    const std::string stem = prefix + text;
    if (db.term_exists(stem)) terms.emplace_back(stem);
    for (auto it = db.allterms_begin(stem + "."); it != db.allterms_end(stem + "."); ++it)
        terms.emplace_back(*it);
    if (terms.empty()) return Xapian::Query(stem);  // matches nothing, explains itself
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query closed_query(const Xapian::Database& db, const Field& field,
                           const std::string& text) {
    const std::string prefix(field.prefix);
    const std::string term = prefix + text;
    if (!text.empty() && db.term_exists(term)) return Xapian::Query(term);
    // A section digests have is no mistake, even when no paper of this database has it.
    if (field.id == FieldId::Section && (text == "new" || text == "replaced" || text == "cross"))
        return Xapian::Query::MatchNothing;
    std::vector<std::string> held;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string& t = *it;
        // Only this field's terms: another prefix that starts the same goes on in capitals.
        if (t.size() > prefix.size() && !(t[prefix.size()] >= 'A' && t[prefix.size()] <= 'Z'))
            held.push_back(t.substr(prefix.size()));
    }
    constexpr std::size_t kListed = 30;
    std::string list;
    for (std::size_t i = 0; i < held.size() && i < kListed; ++i) list += (i ? ", " : "") + held[i];
    if (held.size() > kListed) list += ", ... (" + std::to_string(held.size()) + " in all)";
    throw FieldValueError{"no " + std::string(field.name) + " of this name",
                          held.empty() ? "the database holds no " + std::string(field.name) + " yet"
                                       : "the database holds: " + list};
}

namespace {

// The date terms (D20251230) of the database that fall in [first, last].
Xapian::Query date_terms(const Xapian::Database& db, const std::string& prefix,
                         const std::string& first, const std::string& last) {
    std::vector<Xapian::Query> terms;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string d = (*it).substr(prefix.size());
        if (d >= first && d <= last) terms.emplace_back(*it);
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

void date_bounds(const std::string& text, std::string& first, std::string& last) {
    const std::string hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD; ranges A..B, A.. or ..B";
    std::string ignored;
    auto dots = text.find("..");
    if (dots == std::string::npos) {
        if (!date_period(text, first, last)) throw FieldValueError{"not a date", hint};
        return;
    }
    std::string begin = text.substr(0, dots), end = text.substr(dots + 2);
    first = "00000000";
    last = "99999999";
    if ((begin.empty() && end.empty()) || (!begin.empty() && !date_period(begin, first, ignored)) ||
        (!end.empty() && !date_period(end, ignored, last)))
        throw FieldValueError{"not a date range", hint};
    if (first > last) throw FieldValueError{"empty date range (the start is after the end)", {}};
}

bool required_date_range(const QueryNode& root, std::string& first, std::string& last) {
    bool found = false;
    auto take = [&](const QueryNode& n) {
        if (n.kind != QueryNode::Leaf || !n.token || n.token->kind != TokenKind::Field ||
            !n.token->field || n.token->field->query != Querying::Dates || n.token->group)
            return;
        std::string a, b;
        date_bounds(n.token->text, a, b);
        if (!found || a > first) first = a;
        if (!found || b < last) last = b;
        found = true;
    };
    if (root.kind == QueryNode::And)
        for (const auto& child : root.children) take(child);
    else
        take(root);
    return found;
}

Xapian::Query dates_query(const Xapian::Database& db, const Field& field, const std::string& text) {
    std::string first, last;
    date_bounds(text, first, last);
    return date_terms(db, std::string(field.prefix), first, last);
}

Xapian::Query listing_query(const Xapian::Database& db, const std::vector<ListingFilter>& filters) {
    // Each part of a listing: the values (or date bounds) it may have; none: any.
    std::array<std::vector<std::pair<std::string, std::string>>, 3> allowed;
    for (const auto& f : filters) {
        auto& part = allowed.at(static_cast<std::size_t>(f.field->listing_part));
        if (f.field->query == Querying::Dates) {
            std::string first, last;
            date_bounds(f.value, first, last);
            part.emplace_back(first, last);
        } else {
            part.emplace_back(f.value, f.value);
        }
    }
    auto fits = [&](std::size_t part, const std::string& value) {
        return allowed[part].empty() ||
               std::any_of(allowed[part].begin(), allowed[part].end(), [&](const auto& range) {
                   return value >= range.first && value <= range.second;
               });
    };
    const std::string prefix = prefix_of(FieldId::Listing);
    std::vector<Xapian::Query> terms;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string term = *it;
        // YYYYMMDD|topic|section
        auto bar1 = term.find('|', prefix.size());
        auto bar2 = bar1 == std::string::npos ? bar1 : term.find('|', bar1 + 1);
        if (bar2 == std::string::npos) continue;
        if (fits(0, term.substr(prefix.size(), bar1 - prefix.size())) &&
            fits(1, term.substr(bar1 + 1, bar2 - bar1 - 1)) && fits(2, term.substr(bar2 + 1)))
            terms.emplace_back(term);
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query similar_query(const Xapian::Database& db, const std::string& text) {
    std::string id = canonical_id(text);
    if (id.empty())
        throw FieldValueError{
            "not an arXiv id",
            "like: takes the id of a paper in the database, e.g. like:2512.22148"};
    const std::string unique = unique_term(id);
    auto posting = db.postlist_begin(unique);
    if (posting == db.postlist_end(unique))
        throw FieldValueError{
            "no such paper in the database",
            "digest-index arxiv --id " + id + " adds it; --like-text FILE compares with any text"};
    Xapian::Query words = similarity_query(telling_words_of_document(db, *posting),
                                           category_terms_of_document(db, *posting));
    if (words.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, words, Xapian::Query(unique));
}

bool date_period(std::string_view v, std::string& first, std::string& last) {
    auto digits = [](std::string_view s) {
        return !s.empty() &&
               std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    std::string y, m, d;
    if (v.size() == 4 && digits(v)) {
        y = v;
    } else if (v.size() == 7 && v[4] == '-' && digits(v.substr(0, 4)) && digits(v.substr(5))) {
        y = v.substr(0, 4);
        m = v.substr(5, 2);
    } else if (v.size() == 10 && v[4] == '-' && v[7] == '-' && digits(v.substr(0, 4)) &&
               digits(v.substr(5, 2)) && digits(v.substr(8))) {
        y = v.substr(0, 4);
        m = v.substr(5, 2);
        d = v.substr(8, 2);
    } else if (v.size() == 8 && digits(v)) {
        y = v.substr(0, 4);
        m = v.substr(4, 2);
        d = v.substr(6, 2);
    } else {
        return false;
    }
    if (!m.empty() && (m < "01" || m > "12")) return false;
    // A day the month does not have (date:2025-02-30) is a typo, not a day without papers.
    // Any year of four digits, in every form (a bound outside the database's days just
    // matches nothing): only the calendar is checked.
    if (!d.empty()) {
        const int year = std::stoi(y), month = std::stoi(m), day = std::stoi(d);
        static constexpr int kDays[12]{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return false;
    }
    first = y + (m.empty() ? "01" : m) + (d.empty() ? "01" : d);
    last = y + (m.empty() ? "12" : m) + (d.empty() ? "31" : d);
    return true;
}

}  // namespace digest
