#include "search/spelling.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"
#include "names/author_name.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

std::string fold_word(std::string_view word) {
    std::string out;
    fold_append(word, out);
    return out;
}

// The byte offset of each code point of `text`, and its end: token columns count code points.
std::vector<std::size_t> code_point_offsets(const std::string& text) {
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < text.size();) {
        at.push_back(i);
        next_codepoint(text, i);
    }
    at.push_back(text.size());
    return at;
}

// One word replaced: bytes [start, start + length) of the query.
struct Edit {
    std::size_t start, length;
    std::string text, shown;
};

// Runs a read of the spelling data: a database that cannot give it (Xapian's remote backend
// answers UnimplementedError) gives no suggestion rather than an error. A database changed
// underneath is left to the session, which opens it again.
template <class Read, class T>
T or_nothing(Read read, T nothing) {
    try {
        return read();
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;
    } catch (const Xapian::DatabaseOpeningError&) {
        throw;
    } catch (const Xapian::Error&) {
        return nothing;
    }
}

// A correction written as the word it replaces was: Wantanabe -> Watanabe, LSMT -> LSTM.
std::string in_case_of(std::string_view typed, std::string word) {
    auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    if (typed.empty() || !upper(typed.front())) return word;
    const bool all = typed.size() > 1 && std::none_of(typed.begin(), typed.end(), lower);
    for (std::size_t i = 0; i < word.size() && (all || i == 0); ++i)
        if (lower(word[i])) word[i] = static_cast<char>(word[i] - 'a' + 'A');
    return word;
}

const Xapian::Stem& stemmer() {
    static thread_local const Xapian::Stem s = make_stemmer();
    return s;
}

}  // namespace

unsigned bounded_edit_distance(const std::string& a, const std::string& b, unsigned bound) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > bound) return bound + 1;
    // Optimal string alignment: Levenshtein's table plus swaps of two neighbours (spech/spehc).
    std::vector<unsigned> before(m + 1), previous(m + 1), current(m + 1);
    for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        current[0] = static_cast<unsigned>(i);
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(current);
    }
    return std::min(previous[m], bound + 1);
}

Speller::Speller(std::optional<Xapian::Database> words, Xapian::Database names)
    : words_(std::move(words)), names_(std::move(names)) {}

bool Speller::known_word(const std::string& w) const {
    // A word of the spelling table is a word of some title or abstract. Their terms are no
    // test: they are stemmed, and a typo often stems as the word does (enhancment, enhancement:
    // enhanc), finding papers by luck alone.
    if (words_ && or_nothing(
                      [&] {
                          auto it = words_->spellings_begin();
                          it.skip_to(w);
                          return it != words_->spellings_end() && *it == w;
                      },
                      false))
        return true;
    // A name's word is not in the spelling table, and no mistake.
    return known_author_word(w);
}

bool Speller::known_author_word(const std::string& w) const {
    return names_.term_exists(prefix_of(FieldId::Author) + stem_word(stemmer(), w));
}

std::string Speller::word(const std::string& w) const {
    if (!words_ || !spelling_word(w) || is_stopword(w) || known_word(w)) return {};
    const unsigned edits = max_edits(w.size());
    return or_nothing([&] { return words_->get_spelling_suggestion(w, edits); }, std::string());
}

std::optional<AuthorCorrection> Speller::author(const std::string& w) const {
    if (w.size() < 3) return std::nullopt;
    const unsigned bound = max_edits(w.size());
    struct Candidate {
        unsigned distance;
        bool same_start;              // people seldom mistype a name's first letter
        Xapian::doccount papers = 0;  // of every person of that surname
        std::string key;              // the person with most papers
        Xapian::doccount key_papers = 0;
    };
    std::map<std::string, Candidate> candidates;
    const std::string prefix = prefix_of(FieldId::AuthorName);
    for (auto it = names_.allterms_begin(prefix); it != names_.allterms_end(prefix); ++it) {
        // A key is "surname|given names surname": the surname, and the last word of a compound
        // one (van den oord: oord), are what a one-word au: is compared with.
        const std::string key = (*it).substr(prefix.size());
        const std::string surname = key.substr(0, key.find('|'));
        const std::size_t space = surname.rfind(' ');
        for (const std::string& s :
             {surname, space == std::string::npos ? std::string() : surname.substr(space + 1)}) {
            if (s.empty()) continue;
            const unsigned d = bounded_edit_distance(w, s, bound);
            if (d > bound || d == 0) continue;
            Candidate& c = candidates.try_emplace(s, Candidate{d, s.front() == w.front(), 0, {}, 0})
                               .first->second;
            c.papers += it.get_termfreq();
            if (it.get_termfreq() > c.key_papers) {
                c.key = key;
                c.key_papers = it.get_termfreq();
            }
        }
    }
    const Candidate* best = nullptr;
    const std::string* best_surname = nullptr;
    for (const auto& [s, c] : candidates)
        if (!best || std::tuple(c.distance, !c.same_start, best->papers) <
                         std::tuple(best->distance, !best->same_start, c.papers)) {
            best = &c;
            best_surname = &s;
        }
    if (!best) return std::nullopt;
    AuthorCorrection out{*best_surname, {}};
    // The name as written in a paper of that person.
    const std::string term = prefix + best->key;
    auto post = names_.postlist_begin(term);
    if (post != names_.postlist_end(term)) {
        std::vector<std::string> authors;
        std::vector<Appearance> appearances;
        if (read_authors_and_appearances(names_.get_document(*post).get_data(), authors,
                                         appearances))
            for (const auto& a : authors)
                if (parse_author_name(a).index_key() == best->key) {
                    out.full_name = a;
                    break;
                }
    }
    if (out.full_name.empty()) out.full_name = best->key.substr(best->key.find('|') + 1);
    return out;
}

std::optional<SpellingCorrection> Speller::author_name(const std::string& name) const {
    std::vector<Edit> edits;
    const auto spans = spelling_word_spans(name);
    for (const auto& [start, length] : spans) {
        const std::string_view typed = std::string_view(name).substr(start, length);
        const std::string w = fold_word(typed);
        if (w.size() < 3 || known_author_word(w)) continue;
        if (auto a = author(w)) {
            const std::string s = in_case_of(typed, a->surname);
            edits.push_back(
                {start, length, s, spans.size() == 1 ? s + " (" + a->full_name + ")" : s});
        }
    }
    if (edits.empty()) return std::nullopt;
    SpellingCorrection c{name, name};
    for (auto e = edits.rbegin(); e != edits.rend(); ++e)
        c.query.replace(e->start, e->length, e->text);
    c.shown = edits.size() == 1 && spans.size() == 1 ? edits.front().shown : c.query;
    return c;
}

std::optional<SpellingCorrection> Speller::correct(const ParsedQuery& query) const {
    const std::string& text = query.text;
    const std::vector<std::size_t> at = code_point_offsets(text);
    auto byte_at = [&](std::size_t column) { return at[std::min(column, at.size() - 1)]; };
    std::vector<Edit> edits;
    auto correct_words = [&](std::size_t from, std::size_t to) {
        for (const auto& [start, length] : spelling_word_spans(text.substr(from, to - from))) {
            const std::string_view typed = std::string_view(text).substr(from + start, length);
            if (std::string s = word(fold_word(typed)); !s.empty()) {
                s = in_case_of(typed, std::move(s));
                edits.push_back({from + start, length, s, s});
            }
        }
    };
    bool negated = false;
    for (const Token& t : query.tokens) {
        // A misspelt word excluded (-spech) excludes nothing: no reason the query found nothing.
        const bool skip = negated;
        negated = t.kind == TokenKind::Minus || t.kind == TokenKind::Not;
        if (skip) continue;
        const std::size_t from = byte_at(t.column), to = byte_at(t.column + t.width);
        if ((t.kind == TokenKind::Word && !t.wildcard) || t.kind == TokenKind::Phrase) {
            correct_words(from, to);
            continue;
        }
        if (t.kind != TokenKind::Field || t.group || !t.field) continue;
        const std::size_t colon = text.find(':', from);
        if (colon == std::string::npos || colon >= to) continue;
        if (t.field->query == Querying::Words) {
            correct_words(colon + 1, to);
        } else if (t.field->query == Querying::Author) {
            // One name word (au:povy): the author keys' surnames. A full name is left alone.
            const auto spans = spelling_word_spans(text.substr(colon + 1, to - colon - 1));
            if (spans.size() != 1) continue;
            const std::size_t start = colon + 1 + spans[0].first;
            const std::string_view typed = std::string_view(text).substr(start, spans[0].second);
            const std::string w = fold_word(typed);
            if (w.size() < 3 || known_author_word(w)) continue;
            if (auto a = author(w)) {
                const std::string s = in_case_of(typed, a->surname);
                edits.push_back({start, spans[0].second, s, s + " (" + a->full_name + ")"});
            }
        }
    }
    if (edits.empty()) return std::nullopt;
    SpellingCorrection c;
    std::size_t done = 0;
    for (const auto& e : edits) {
        c.query += text.substr(done, e.start - done) + e.text;
        c.shown += text.substr(done, e.start - done) + e.shown;
        done = e.start + e.length;
    }
    c.query += text.substr(done);
    c.shown += text.substr(done);
    return c;
}

}  // namespace digest
