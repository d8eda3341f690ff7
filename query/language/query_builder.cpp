#include "language/query_builder.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "fields/paper.hpp"
#include "names/author_name.hpp"
#include "search/author_lookup.hpp"
#include "search/similar.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

constexpr std::array<std::string_view, 6> kOperators{"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

bool is_operator_word(std::string_view w) {
    auto slash = w.find('/');  // NEAR/3, ADJ/2
    std::string_view head = w.substr(0, slash);
    return std::find(kOperators.begin(), kOperators.end(), head) != kOperators.end();
}

std::size_t codepoints(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

[[noreturn]] void syntax_error(std::string_view query, std::string message, std::size_t column,
                               std::string hint = {}) {
    throw Error::in_query(std::move(message), std::string(query), column, std::move(hint));
}

// Errors thrown inside Xapian's parser by our processors carry no column; parse() finds it.
struct FieldValueError {
    std::string message;
    std::string field;  // "date", "section"
    std::string value;  // as folded
    std::string hint;
};

// au:"Daniel Povey", au:"D. Povey", au:"Povey, Daniel", au:povey, au:张三
class AuthorProcessor : public Xapian::FieldProcessor {
  public:
    explicit AuthorProcessor(const Xapian::Database& db) : db_(db) {}
    Xapian::Query operator()(const std::string& text) override {
        std::vector<AuthorName> readings = author_name_readings(text);
        const AuthorName& name = readings.front();
        if (name.empty()) throw FieldValueError{"empty author name", "au", text, {}};
        if (name.cjk) return Xapian::Query(prefix_of(FieldId::AuthorName) + name.index_key());
        if (name.given.empty() && name.surname == name.surname_core) {
            // One word: any author with that name (given or surname), as bare words find it.
            const std::string prefix = prefix_of(FieldId::Author);
            Xapian::Query word(prefix + stem_word(stemmer_, name.surname_core));
            // A hyphenated one (hung-yi, hakkani-tur) was indexed as its parts, in a row; the
            // parts written together (hungyi) are the same name.
            std::vector<Xapian::Query> parts;
            std::size_t start = 0;
            for (std::size_t dash = text.find('-');; dash = text.find('-', start)) {
                std::string part = text.substr(start, dash - start);
                if (!part.empty()) parts.emplace_back(prefix + stem_word(stemmer_, part));
                if (dash == std::string::npos) break;
                start = dash + 1;
            }
            if (parts.size() < 2) return word;
            return Xapian::Query(
                Xapian::Query::OP_OR, word,
                Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), parts.size()));
        }
        // Every written form of the name: D. Povey, Daniel Povey, Daniel P. Povey, ...
        std::set<std::string> found;
        for (const auto& reading : readings)
            for (auto& k : author_keys_for(db_, reading)) found.insert(std::move(k));
        std::vector<Xapian::Query> keys;
        for (const auto& k : found) keys.emplace_back(prefix_of(FieldId::AuthorName) + k);
        if (keys.empty()) return Xapian::Query(prefix_of(FieldId::AuthorName) + name.index_key());
        return Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end());
    }

  private:
    Xapian::Database db_;
    Xapian::Stem stemmer_ = make_stemmer();
};

// id:2512.22166, id:2512.22166v2, id:quant-ph/0201082
class IdProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& text) override {
        std::string id = canonical_id(text);
        if (id.empty())
            throw FieldValueError{"not an arXiv id", "id", text,
                                  "ids look like 2512.22166, 2512.22166v2 or quant-ph/0201082"};
        return Xapian::Query(prefix_of(FieldId::Id) + id);
    }
};

// cat:eess.AS (exact), cat:cs (every cs.*)
class CategoryProcessor : public Xapian::FieldProcessor {
  public:
    explicit CategoryProcessor(const Xapian::Database& db, FieldId f) : db_(db), field_(f) {}
    Xapian::Query operator()(const std::string& text) override {
        std::string prefix = prefix_of(field_);
        if (text.find('.') != std::string::npos) return Xapian::Query(prefix + text);
        // An archive without a subject class: cs -> cs and cs.*
        std::vector<Xapian::Query> terms;
        std::string stem = prefix + text;
        if (db_.term_exists(stem)) terms.emplace_back(stem);
        for (auto it = db_.allterms_begin(stem + "."); it != db_.allterms_end(stem + "."); ++it)
            terms.emplace_back(*it);
        if (terms.empty()) return Xapian::Query(stem);  // matches nothing, explains itself
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }

  private:
    Xapian::Database db_;
    FieldId field_;
};

// like:2512.22148: papers like that one, the paper itself left out.
class LikeProcessor : public Xapian::FieldProcessor {
  public:
    explicit LikeProcessor(const Xapian::Database& db) : db_(db) {}
    Xapian::Query operator()(const std::string& text) override {
        std::string id = canonical_id(text);
        if (id.empty())
            throw FieldValueError{"not an arXiv id", "like", text,
                                  "like: takes the id of a paper in the database, e.g. "
                                  "like:2512.22148"};
        const std::string unique = prefix_of(FieldId::Id) + id;
        auto posting = db_.postlist_begin(unique);
        if (posting == db_.postlist_end(unique))
            throw FieldValueError{"no such paper in the database", "like", text,
                                  "digest-index arxiv --id " + id +
                                      " adds it; --like-text FILE compares with any text"};
        Xapian::Query words = similarity_query(telling_words_of_document(db_, *posting));
        if (words.empty()) return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_AND_NOT, words, Xapian::Query(unique));
    }

  private:
    Xapian::Database db_;
};

class SectionProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& text) override {
        if (text != "new" && text != "replaced" && text != "cross")
            throw FieldValueError{"unknown section", "section", text,
                                  "sections are new, replaced (and cross, from arXiv RSS)"};
        return Xapian::Query(prefix_of(FieldId::Section) + text);
    }
};

// The date terms (D20251230) of the database that fall in [first, last].
Xapian::Query date_terms(const Xapian::Database& db, const std::string& first,
                         const std::string& last) {
    const std::string prefix = prefix_of(FieldId::Date);
    std::vector<Xapian::Query> terms;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        std::string d = (*it).substr(prefix.size());
        if (d >= first && d <= last) terms.emplace_back(*it);
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// date:2025, date:2025-12, date:2025-12-30, and ranges date:2025-12-01..2026-01-15,
// date:2025-12.., date:..2026-01. Ranges are parsed here rather than by a RangeProcessor:
// Xapian 1.4 puts range filters in the same group as non-exclusive boolean filters, so
// `cat:cs.SD date:2025..2026` would OR the two instead of ANDing them.
class DateProcessor : public Xapian::FieldProcessor {
  public:
    explicit DateProcessor(const Xapian::Database& db) : db_(db) {}
    Xapian::Query operator()(const std::string& text) override {
        const std::string hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD; ranges A..B, A.. or ..B";
        std::string first, last, ignored;
        auto dots = text.find("..");
        if (dots == std::string::npos) {
            if (!date_period(text, first, last))
                throw FieldValueError{"not a date", "date", text, hint};
            return date_terms(db_, first, last);
        }
        std::string begin = text.substr(0, dots), end = text.substr(dots + 2);
        first = "00000000";
        last = "99999999";
        if ((begin.empty() && end.empty()) ||
            (!begin.empty() && !date_period(begin, first, ignored)) ||
            (!end.empty() && !date_period(end, ignored, last)))
            throw FieldValueError{"not a date range", "date", text, hint};
        if (first > last)
            throw FieldValueError{
                "empty date range (the start is after the end)", "date", text, {}};
        return date_terms(db_, first, last);
    }

  private:
    Xapian::Database db_;
};

std::string field_names() {
    std::string out;
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        out += out.empty() ? "" : ", ";
        out += std::string(f.name) + ":";
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// The field name or alias a mistyped name is one or two edits away from ("autor" ->
// "author"), or "".
std::string nearest_field_name(std::string_view name) {
    if (name.size() < 3) return {};
    for (const auto& f : kFields) {
        if (!queryable(f)) continue;
        std::array<std::string_view, 3> names{f.name, f.alias[0], f.alias[1]};
        for (auto n : names)
            if (n.size() >= 2 && edit_distance(name, n) <= (n.size() <= 4 ? 1u : 2u))
                return std::string(n);
    }
    return {};
}

// Checks what Xapian's parser accepts silently: unbalanced quotes and brackets, unknown
// fields that look like typos of ours, fields without a value. Columns count code points of
// the raw query.
void check_syntax(std::string_view q) {
    std::vector<std::size_t> open;  // columns of unclosed '('
    bool in_quote = false;
    std::size_t quote_col = 0, col = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(q[i]);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte
        if (c == '"') {
            if (!in_quote) quote_col = col;
            in_quote = !in_quote;
        } else if (!in_quote && c == '(') {
            open.push_back(col);
        } else if (!in_quote && c == ')') {
            if (open.empty()) syntax_error(q, "`)` without a matching `(`", col);
            open.pop_back();
        } else if (!in_quote && (c == ':') && i > 0) {
            // The word before the colon must be a field name.
            std::size_t s = i;
            while (s > 0 && (std::isalpha(static_cast<unsigned char>(q[s - 1])) ||
                             q[s - 1] == '-' || q[s - 1] == '_'))
                --s;
            bool at_word_start = s == 0 || q[s - 1] == ' ' || q[s - 1] == '(' || q[s - 1] == '-' ||
                                 q[s - 1] == '+' || q[s - 1] == '\t';
            std::string name(q.substr(s, i - s));
            bool url = i + 1 < q.size() && q[i + 1] == '/';
            if (at_word_start && !name.empty() && !url) {
                std::size_t name_col = col - codepoints(name);
                std::string lower = fold(name);
                bool value_follows =
                    i + 1 < q.size() && q[i + 1] != ' ' && q[i + 1] != ')' && q[i + 1] != '\t';
                if (const Field* f = find_field(lower)) {
                    if (!value_follows)
                        syntax_error(q, "field `" + name + ":` has no value", name_col,
                                     "e.g. " + std::string(f->example));
                } else if (value_follows) {
                    // "autor:povey" is a typo that would find nothing; "Re:Invent" and a
                    // pasted title ("AudioGAN: A Compact ...") are words.
                    std::string near = nearest_field_name(lower);
                    if (!near.empty())
                        syntax_error(q, "unknown field `" + name + ":`", name_col,
                                     "did you mean " + near + ":? fields are " + field_names());
                }
            }
        }
        ++col;
    }
    if (in_quote) syntax_error(q, "unclosed quote", quote_col);
    if (!open.empty()) syntax_error(q, "unclosed `(`", open.back());
}

// Where Xapian's own syntax errors point: an operator without an operand on one side.
std::size_t operator_error_column(std::string_view q) {
    struct Tok {
        std::string text;
        std::size_t col;
    };
    std::vector<Tok> toks;
    std::size_t col = 0;
    std::string cur;
    std::size_t cur_col = 0;
    auto flush = [&] {
        if (!cur.empty()) toks.push_back({cur, cur_col});
        cur.clear();
    };
    for (std::size_t i = 0; i < q.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(q[i]);
        bool cont = (c & 0xC0) == 0x80;
        if (!cont && (c == ' ' || c == '\t' || c == '(' || c == ')')) {
            flush();
            if (c != ' ' && c != '\t') toks.push_back({std::string(1, static_cast<char>(c)), col});
        } else {
            if (cur.empty()) cur_col = col;
            cur += static_cast<char>(c);
        }
        if (!cont) ++col;
    }
    flush();
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (!is_operator_word(toks[k].text)) continue;
        bool is_not = toks[k].text == "NOT";
        bool left_ok = k > 0 && toks[k - 1].text != "(" && !is_operator_word(toks[k - 1].text);
        bool right_ok = k + 1 < toks.size() && toks[k + 1].text != ")" &&
                        !(is_operator_word(toks[k + 1].text) && toks[k + 1].text != "NOT");
        if (!right_ok || (!left_ok && !is_not)) return toks[k].col;
    }
    return 0;
}

std::size_t find_column(std::string_view q, std::string_view needle) {
    auto pos = fold(q).find(needle);
    if (pos == std::string::npos) return 0;
    return codepoints(fold(q).substr(0, pos));
}

// Weight of the optional phrases below against the words' own BM25 weights: enough for a
// paper holding the phrase to outrank papers holding the same words apart.
constexpr double kPhraseBoost = 3.0;

// Calls `each(begin, end)` for every token of a query outside quotes (a run of characters other
// than blanks, brackets and quotes) until it returns false.
template <class Each>
void for_each_unquoted_token(std::string_view q, Each each) {
    bool in_quote = false;
    std::size_t i = 0;
    while (i < q.size()) {
        char c = q[i];
        if (c == '"' || c == ' ' || c == '\t' || c == '(' || c == ')') {
            if (c == '"') in_quote = !in_quote;
            ++i;
            continue;
        }
        std::size_t end = q.find_first_of(" \t()\"", i);
        if (end == std::string_view::npos) end = q.size();
        if (!in_quote && !each(i, end)) return;
        i = end;
    }
}

// Words joined by hyphens outside quotes and fields: "text-to-speech", "zero-shot". Xapian's
// parser would make each a phrase in every bare field, and an AND of such phrases has to check
// positions for thousands of candidates (18 ms for `text-to-speech zero-shot`). Instead their
// words are searched as words (the hyphens become spaces in `folded`) and the phrase is added
// as an optional part of the query: the same papers come first, in a quarter of the time.
std::vector<std::vector<std::string>> split_compounds(std::string& folded) {
    std::vector<std::vector<std::string>> compounds;
    for_each_unquoted_token(folded, [&](std::size_t begin, std::size_t end) {
        std::string_view token(folded.data() + begin, end - begin);
        // Not a field value, not a -word or +word, not an operator.
        bool compound = token.find(':') == std::string_view::npos && token.front() != '-' &&
                        token.front() != '+' && token.back() != '-' &&
                        token.find('-') != std::string_view::npos &&
                        token.find("--") == std::string_view::npos;
        if (!compound) return true;
        std::vector<std::string> words;
        std::size_t w = 0;
        for (std::size_t k = 0; k <= token.size(); ++k)
            if (k == token.size() || token[k] == '-') {
                words.emplace_back(token.substr(w, k - w));
                w = k + 1;
            }
        bool plain = std::all_of(words.begin(), words.end(), [](const std::string& word) {
            return std::all_of(word.begin(), word.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) ||
                       static_cast<unsigned char>(ch) >= 0x80;
            });
        });
        if (plain) {
            for (std::size_t k = begin; k < end; ++k)
                if (folded[k] == '-') folded[k] = ' ';  // same length: the view stays valid
            compounds.push_back(std::move(words));
        }
        return true;
    });
    return compounds;
}

// Xapian matches an unquoted Chinese run by its unigrams and bigrams, wherever they are. Papers
// holding the run itself should come first: each run of two or more characters outside quotes
// is a phrase, like the words of a hyphenated compound.
std::vector<std::vector<std::string>> cjk_runs(std::string_view folded) {
    std::vector<std::vector<std::string>> runs;
    std::vector<std::string> run;
    bool in_quote = false;
    auto end_run = [&] {
        if (run.size() >= 2) runs.push_back(run);
        run.clear();
    };
    for (std::size_t i = 0; i < folded.size();) {
        if (folded[i] == '"') in_quote = !in_quote;
        std::size_t start = i;
        char32_t c = next_codepoint(folded, i);
        if (!in_quote && is_cjk_codepoint(c))
            run.emplace_back(folded.substr(start, i - start));
        else
            end_run();
    }
    end_run();
    return runs;
}

// The optional part of a query that ranks exact phrases first: each phrase (already stemmed
// terms, without prefix) in every positional bare field, weighted by kPhraseBoost.
Xapian::Query phrase_boost(const std::vector<std::vector<std::string>>& phrases) {
    std::vector<Xapian::Query> each;
    for (const auto& words : phrases)
        for (const auto& f : kFields) {
            if (!f.bare || !f.positions || f.index != Indexing::Text) continue;
            std::vector<Xapian::Query> terms;
            for (const auto& w : words) terms.emplace_back(std::string(f.prefix) + w);
            each.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), words.size());
        }
    if (each.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end()),
                         kPhraseBoost);
}

// Two bare words written next to each other ("speech enhancement") are more often than not a
// term of art: papers whose title holds them in a row rank above papers holding them apart
// ("Enhancing Speaker Verification with Whispered Speech"). The index keeps each pair of
// neighbouring title words as a term (XB), so this costs a term lookup, not a phrase check.
Xapian::Query title_pairs(std::string_view query, const Xapian::Stem& stemmer, double weight) {
    std::vector<std::string> words;
    for (const auto& token : QueryBuilder::bare_words(query)) {
        auto w = pair_words_of_text(fold(token));
        words.push_back(w.size() == 1 ? w.front() : std::string());  // one plain word, or a break
    }
    std::vector<Xapian::Query> terms;
    const std::string prefix(field(FieldId::TitlePairs).prefix);
    for (const auto& pair : word_pairs(stemmer, words)) terms.emplace_back(prefix + pair);
    if (terms.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), weight);
}

}  // namespace

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
    if (!d.empty() && !valid_ymd(std::stoi(y), std::stoi(m), std::stoi(d))) return false;
    first = y + (m.empty() ? "01" : m) + (d.empty() ? "01" : d);
    last = y + (m.empty() ? "12" : m) + (d.empty() ? "31" : d);
    return true;
}

std::string canonical_id(std::string_view text) {
    auto [id, version] = split_version(text);
    (void)version;
    auto slash = id.find('/');
    if (slash != std::string::npos) {
        // Old style: archive lower case, subject class upper case (math.GT/0309136).
        auto dot = id.find('.');
        for (std::size_t i = 0; i < slash; ++i)
            id[i] = static_cast<char>(dot != std::string::npos && i > dot
                                          ? std::toupper(static_cast<unsigned char>(id[i]))
                                          : std::tolower(static_cast<unsigned char>(id[i])));
    }
    return looks_like_arxiv_id(id) ? id : std::string();
}

std::string QueryBuilder::normalise(std::string_view q) {
    // Fold everything but the operators, which Xapian only knows in upper case.
    std::string out;
    std::size_t i = 0;
    auto boundary = [&](std::size_t k) {
        return k >= q.size() || q[k] == ' ' || q[k] == '\t' || q[k] == '(' || q[k] == ')' ||
               q[k] == '"';
    };
    while (i < q.size()) {
        std::size_t j = i;
        while (j < q.size() && q[j] >= 'A' && q[j] <= 'Z') ++j;
        if (j > i && (i == 0 || boundary(i - 1))) {
            std::size_t k = j;
            if (k < q.size() && q[k] == '/')  // NEAR/3
                while (++k < q.size() && q[k] >= '0' && q[k] <= '9') {
                }
            if (boundary(k) && is_operator_word(q.substr(i, k - i))) {
                out.append(q.substr(i, k - i));
                i = k;
                continue;
            }
        }
        std::size_t next = i + 1;
        while (next < q.size() && (static_cast<unsigned char>(q[next]) & 0xC0) == 0x80) ++next;
        fold_append(q.substr(i, next - i), out);
        i = next;
    }
    return out;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db) {
    parser_.set_database(db_);
    stemmer_ = make_stemmer();
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(kQueryStemming);
    parser_.set_default_op(Xapian::Query::OP_AND);
    // English function words are left out of queries, not of phrases ("state of the art"):
    // "how to make speaker verification robust to noise" asks for the other words.
    for (auto w : stopwords()) stopper_.add(std::string(w));
    parser_.set_stopper(&stopper_);
    parser_.set_max_expansion(500, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    const std::string each_own_group;  // "": filters on the same field are ANDed
    for (const auto& f : kFields) {
        std::vector<std::string> names{std::string(f.name)};
        for (auto a : f.alias)
            if (!a.empty()) names.emplace_back(a);
        const std::string* group = f.all_required ? &each_own_group : nullptr;
        for (const auto& n : names) {
            switch (f.query) {
                case Querying::None:
                    break;
                case Querying::Words:
                    parser_.add_prefix(n, std::string(f.prefix));
                    break;
                case Querying::Author:
                    parser_.add_boolean_prefix(n, (new AuthorProcessor(db_))->release(), group);
                    break;
                case Querying::Id:
                    parser_.add_boolean_prefix(n, (new IdProcessor)->release(), group);
                    break;
                case Querying::Category:
                    parser_.add_boolean_prefix(n, (new CategoryProcessor(db_, f.id))->release(),
                                               group);
                    break;
                case Querying::Closed:
                    parser_.add_boolean_prefix(n, (new SectionProcessor)->release(), group);
                    break;
                case Querying::Filter:
                    parser_.add_boolean_prefix(n, std::string(f.prefix), group);
                    break;
                case Querying::Dates:
                    parser_.add_boolean_prefix(n, (new DateProcessor(db_))->release(), group);
                    break;
                case Querying::Similar:
                    parser_.add_prefix(n, (new LikeProcessor(db_))->release());
                    break;
            }
        }
    }
    for (const Field* f : bare_fields()) parser_.add_prefix("", std::string(f->prefix));
}

std::vector<std::string> QueryBuilder::bare_words(std::string_view query) {
    std::vector<std::string> words;
    bool operators = false;
    for_each_unquoted_token(query, [&](std::size_t begin, std::size_t end) {
        std::string_view token = query.substr(begin, end - begin);
        if (is_operator_word(token) || token.front() == '-' || token.front() == '+') {
            operators = true;
            return false;
        }
        if (token.find(':') == std::string_view::npos) words.emplace_back(token);
        return true;
    });
    if (operators) return {};
    return words;
}

Xapian::Query QueryBuilder::parse(std::string_view query, bool any_word) {
    check_syntax(query);
    parser_.set_default_op(any_word ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    std::string folded = normalise(query);
    constexpr unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
                               Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT | kQueryCjkFlag;
    try {
        auto phrases = split_compounds(folded);
        for (auto& words : phrases)
            for (auto& w : words) w = stem_word(stemmer_, w);
        for (auto& run : cjk_runs(folded)) phrases.push_back(std::move(run));
        Xapian::Query parsed = parser_.parse_query(folded, flags);
        Xapian::Query boost = phrase_boost(phrases);
        if (pair_boost_ > 0) {
            Xapian::Query pairs = title_pairs(query, stemmer_, pair_boost_);
            if (!pairs.empty())
                boost = boost.empty() ? pairs : Xapian::Query(Xapian::Query::OP_OR, boost, pairs);
        }
        if (boost.empty() || parsed.empty()) return parsed;
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed, boost);
    } catch (const FieldValueError& e) {
        syntax_error(query, e.field + ":" + e.value + ": " + e.message,
                     find_column(query, e.field + ":" + e.value), e.hint);
    } catch (const Xapian::QueryParserError& e) {
        std::string msg = e.get_msg();
        if (msg.rfind("Syntax: ", 0) == 0)
            msg = "operator without an operand (" + msg.substr(8) + ")";
        syntax_error(query, msg, operator_error_column(query));
    } catch (const Xapian::Error& e) {
        syntax_error(query, e.get_type() + std::string(": ") + e.get_msg(), 0);
    }
}

}  // namespace digest
