#include "language/query_builder.hpp"

#include "core/bounded_read.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "fields/field_table.hpp"
#include "language/field_queries.hpp"
#include "store/database.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// Weight of the optional phrases of hyphenated words and Chinese runs against the words' own
// BM25 weights: enough for a paper holding the phrase to outrank papers holding the same words
// apart.
constexpr double kPhraseBoost = 3.0;

// A piece of a word or phrase as the indexer tokenises it: a run of CJK characters (its
// unigrams, at consecutive positions, and its bigrams) or a stretch of other text (its stemmed
// terms, in order).
struct Piece {
    bool cjk = false;
    std::vector<std::string> terms;  // in order of position (CJK: the unigrams)
    std::vector<std::string> all;    // CJK: unigrams and bigrams
    // CJK: the run of 3 or 4 characters as one term (cjk_gram_runs); empty when the run is
    // shorter or longer, or not one run of word characters (a 「 in it).
    std::string gram;
};

// The terms of folded text exactly as DocumentBuilder makes them (index_mixed): the same
// TermGenerator, stemming and CJK n-grams, so that a query always meets the index.
std::vector<Piece> analyse(std::string_view folded) {
    static thread_local Xapian::TermGenerator tg = make_term_generator();
    std::vector<Piece> pieces;
    auto add = [&](std::string_view text, bool cjk) {
        if (text.empty()) return;
        Xapian::Document doc;
        tg.set_document(doc);
        tg.set_termpos(0);
        tg.set_stemming_strategy(cjk ? Xapian::TermGenerator::STEM_NONE
                                     : Xapian::TermGenerator::STEM_ALL);
        tg.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
        std::vector<std::pair<Xapian::termpos, std::string>> positioned;
        Piece piece;
        piece.cjk = cjk;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            piece.all.push_back(*t);
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                positioned.emplace_back(*p, *t);
        }
        std::sort(positioned.begin(), positioned.end());
        for (auto& [pos, term] : positioned) piece.terms.push_back(std::move(term));
        if (cjk && piece.terms.size() >= kCjkGramMin && piece.terms.size() <= kCjkGramMax) {
            const auto runs = cjk_gram_runs(text);
            if (runs.size() == 1 &&
                std::equal(runs[0].begin(), runs[0].end(), piece.terms.begin(), piece.terms.end()))
                piece.gram = cjk_grams(runs[0], piece.terms.size(), piece.terms.size()).front();
        }
        if (!piece.terms.empty()) pieces.push_back(std::move(piece));
    };
    std::size_t i = 0, start = 0;
    bool in_cjk = false;
    while (i < folded.size()) {
        std::size_t at = i;
        bool cjk = is_cjk_codepoint(next_codepoint(folded, i));
        if (cjk != in_cjk) {
            add(folded.substr(start, at - start), in_cjk);
            start = at;
            in_cjk = cjk;
        }
    }
    add(folded.substr(start), in_cjk);
    return pieces;
}

// The fields a word searches: the bare fields, or the one field it was written in.
std::vector<const Field*> fields_for(const Field* field) {
    return field ? std::vector<const Field*>{field} : bare_fields();
}

// Positional free-text fields among `fields` (phrases need positions).
std::vector<const Field*> phrase_fields(const std::vector<const Field*>& fields) {
    std::vector<const Field*> out;
    for (const Field* f : fields)
        if (f->positions) out.push_back(f);
    return out;
}

Xapian::Query any_of(std::vector<Xapian::Query> qs, Xapian::Query::op op = Xapian::Query::OP_OR) {
    qs.erase(std::remove_if(qs.begin(), qs.end(), [](const Xapian::Query& q) { return q.empty(); }),
             qs.end());
    if (qs.empty()) return {};
    if (qs.size() == 1) return qs.front();
    return Xapian::Query(op, qs.begin(), qs.end());
}

// One term in each of `fields`.
Xapian::Query term_in(const std::string& term, const std::vector<const Field*>& fields) {
    std::vector<Xapian::Query> each;
    for (const Field* f : fields) each.emplace_back(std::string(f->prefix) + term);
    return any_of(std::move(each));
}

// Terms in a row (a phrase) in each positional field of `fields`, within `window` positions.
Xapian::Query phrase_in(const std::vector<std::string>& terms,
                        const std::vector<const Field*>& fields, Xapian::termcount window = 0,
                        Xapian::Query::op op = Xapian::Query::OP_PHRASE) {
    if (terms.size() == 1) return term_in(terms.front(), fields);
    std::vector<Xapian::Query> each;
    for (const Field* f : fields) {
        std::vector<Xapian::Query> parts;
        for (const auto& t : terms) parts.emplace_back(std::string(f->prefix) + t);
        if (f->positions)
            each.emplace_back(op, parts.begin(), parts.end(), window ? window : terms.size());
        else
            each.push_back(any_of(std::move(parts), Xapian::Query::OP_AND));  // no positions
    }
    return any_of(std::move(each));
}

bool is_bare_word(const QueryNode& n) {
    return n.kind == QueryNode::Leaf && n.token->kind == TokenKind::Word;
}

}  // namespace

// ---------------------------------------------------------------- ParsedQuery

ParsedQuery read_query(std::string_view query, const QueryLimits& limits) {
    if (query.size() > limits.bytes)
        throw Error("the query is " + std::to_string(query.size()) + " bytes long; at most " +
                        size_text(limits.bytes) +
                        " are read (the limit bytes:" + std::to_string(limits.bytes) + ")",
                    "for papers like a long text, give it to --like-text FILE", kExitUsage);
    ParsedQuery pq;
    pq.text = std::string(query);
    pq.tokens = tokenize(query);
    if (pq.tokens.size() > limits.tokens)
        throw Error("the query has " + std::to_string(pq.tokens.size()) +
                        " words and operators; at most " + std::to_string(limits.tokens) +
                        " are read (the limit tokens:" + std::to_string(limits.tokens) + ")",
                    "for papers like a long text, give it to --like-text FILE", kExitUsage);
    pq.root = parse_tokens(pq.tokens, query, limits.nesting);
    return pq;
}

bool ParsedQuery::has_operators() const {
    return std::any_of(tokens.begin(), tokens.end(), [](const Token& t) {
        return t.kind != TokenKind::Word && t.kind != TokenKind::Phrase &&
               t.kind != TokenKind::Field;
    });
}

std::vector<const Token*> ParsedQuery::top_words() const {
    std::vector<const Token*> words;
    if (has_operators()) return words;
    for (const auto& child : root.children)
        if (is_bare_word(child) && !child.token->wildcard) words.push_back(child.token);
    return words;
}

// ---------------------------------------------------------------- the compiler

// A compiled node: its query, and whether it is a boolean filter (no weight) and on which
// field (nullptr: several).
struct Compiled {
    Xapian::Query query;  // empty: nothing to search for (a stop word, punctuation)
    bool filter = false;
    const Field* field = nullptr;
    bool nothing = false;          // matches no paper (date:2024 in a database of 2025)
    const Token* token = nullptr;  // a field's filter: its token

    static Compiled none() {
        Compiled c;
        c.nothing = true;
        return c;
    }
};

class QueryBuilder::Compiler {
  public:
    Compiler(const Xapian::Database& db, const ParsedQuery& pq, const QueryLimits& limits,
             double pair_boost, const SavedQueries* saved = nullptr,
             std::vector<std::string>* expanding = nullptr)
        : db_(db),
          pq_(pq),
          limits_(limits),
          pair_boost_(pair_boost),
          saved_(saved),
          expanding_(expanding) {}

    Xapian::Query run(bool any_word) {
        Compiled c = node(pq_.root, any_word);
        Xapian::Query q = c.query;
        if (c.nothing || q.empty()) return Xapian::Query::MatchNothing;
        // Only filters (au:, cat:, date:): nothing to rank by; the session sorts by date.
        if (c.filter) return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0);
        ranks_ = true;
        std::vector<Xapian::Query> boosts;
        if (!phrases_.empty())
            boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(phrases_), kPhraseBoost);
        if (!pairs_.empty() && pair_boost_ > 0)
            boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any_of(pairs_), pair_boost_);
        if (boosts.empty()) return q;
        return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, any_of(std::move(boosts)));
    }

    // One bare word: its terms in every bare field.
    Xapian::Query word(const Token& t, const Field* scope) {
        if (t.wildcard) return wildcard(t.folded, fields_for(scope), t);
        const auto fields = fields_for(scope);
        std::vector<Xapian::Query> parts;
        for (const Piece& piece : analyse(t.folded)) {
            check_row(piece.terms.size(), t);
            if (piece.cjk && piece.terms.size() >= 2 && !cjk_apart_ &&
                !boost_fields(fields).empty()) {
                // A Chinese run matches as written: its characters in a row in one field
                // (the bigrams, which carry no positions, narrow the papers to check first).
                parts.push_back(cjk_run(piece, boost_fields(fields)));
            } else if (piece.cjk) {
                // Its characters (and, when not taken apart, its bigrams), each somewhere; the
                // run itself ranks first.
                std::vector<Xapian::Query> grams;
                for (const auto& g : cjk_apart_ ? piece.terms : piece.all)
                    grams.push_back(term_in(g, fields));
                parts.push_back(any_of(std::move(grams), Xapian::Query::OP_AND));
                if (piece.terms.size() >= 2)
                    phrases_.push_back(phrase_in(piece.terms, boost_fields(fields)));
            } else if (piece.terms.size() == 1 || scope) {
                // A word; in a field, a hyphenated word is a phrase (ti:zero-shot).
                parts.push_back(phrase_in(piece.terms, fields));
            } else {
                // A hyphenated word (text-to-speech): its words, and its phrase ranks first;
                // requiring the phrase would check positions for thousands of candidates.
                std::vector<Xapian::Query> words;
                for (const auto& term : piece.terms) words.push_back(term_in(term, fields));
                parts.push_back(any_of(std::move(words), Xapian::Query::OP_AND));
                phrases_.push_back(phrase_in(piece.terms, boost_fields(fields)));
            }
        }
        return any_of(std::move(parts), Xapian::Query::OP_AND);
    }

    // Chinese runs matched by their characters anywhere (the fallback when no paper holds a
    // run as written).
    void set_cjk_apart(bool apart) { cjk_apart_ = apart; }
    // Whether run() made a query with weights (not filters only, not nothing).
    bool ranks() const { return ranks_; }

  private:
    // A run of two CJK characters or more, in a row, in one of `fields` (positional): its
    // pairs, and its characters as a phrase. A run of 3 or 4 is found by its gram instead of
    // the phrase (Piece::gram, which weighs nothing), its characters weighing what the phrase
    // of them would. A longer run's phrase is checked position by position in each paper
    // holding its pairs: narrowing those papers by its 4-grams first saved nothing, Xapian
    // checks the phrase before the other terms of an AND (`多模态大模型`: 19 ms either way on
    // the 10x corpus, 2 ms for its 4-grams alone, which find the same 4,340 papers).
    static Xapian::Query cjk_run(const Piece& piece, const std::vector<const Field*>& fields) {
        std::vector<Xapian::Query> each;
        for (const Field* f : fields) {
            const std::string prefix(f->prefix);
            std::vector<Xapian::Query> parts;
            for (const auto& g : piece.all)
                if (g.size() > piece.terms.front().size()) parts.emplace_back(prefix + g);
            if (piece.terms.size() > 2) {
                std::vector<Xapian::Query> chars;
                for (const auto& t : piece.terms) chars.emplace_back(prefix + t);
                if (!piece.gram.empty())
                    parts.insert(parts.end(), chars.begin(), chars.end());
                else
                    parts.emplace_back(Xapian::Query::OP_PHRASE, chars.begin(), chars.end(),
                                       chars.size());
            }
            Xapian::Query run = any_of(std::move(parts), Xapian::Query::OP_AND);
            if (!piece.gram.empty())
                run = Xapian::Query(Xapian::Query::OP_FILTER, run,
                                    Xapian::Query(prefix + piece.gram));
            each.push_back(std::move(run));
        }
        return any_of(std::move(each));
    }

    // The fields a phrase boost looks in: the positional free-text fields among `fields`.
    static std::vector<const Field*> boost_fields(const std::vector<const Field*>& fields) {
        std::vector<const Field*> out;
        for (const Field* f : fields)
            if (f->positions && f->index == Indexing::Text) out.push_back(f);
        return out;
    }

    Xapian::Query wildcard(const std::string& folded, const std::vector<const Field*>& fields,
                           const Token& t) {
        // Xapian reads every word that begins with the stem, in every field, to pick the most
        // frequent: tens of thousands for `s*` (sixteen of them took seconds before the match
        // began), a few hundred for `spe*`.
        std::size_t chars = 0;
        for (std::size_t i = 0; i < folded.size();) {
            next_codepoint(folded, i);
            ++chars;
        }
        if (chars < limits_.prefix)
            throw Error::in_query(
                "`" + folded + "*`: a wildcard needs " + std::to_string(limits_.prefix) +
                    " characters before the `*` (the limit prefix:" +
                    std::to_string(limits_.prefix) + ")",
                pq_.text, t.column, "write more of the word: spe* for speech, speaker, spectral");
        // Each wildcard stands for up to `expansion` words in every field searched: a query
        // of a thousand of them would open millions of posting lists.
        if (++wildcards_ > limits_.wildcards)
            throw Error("the query has more than " + std::to_string(limits_.wildcards) +
                            " wildcards (word*; the limit wildcards:" +
                            std::to_string(limits_.wildcards) + ")",
                        "each stands for up to " + std::to_string(limits_.expansion) +
                            " words (expansion:" + std::to_string(limits_.expansion) +
                            "); write fewer, or the words themselves",
                        kExitUsage);
        std::vector<Xapian::Query> each;
        for (const Field* f : fields) {
            const std::string pattern = std::string(f->prefix) + folded;
            // A remote server given several databases is one database here: its uuid tells.
            if (databases_in(db_) > 1)
                each.push_back(expanded(pattern));
            else
                each.emplace_back(Xapian::Query::OP_WILDCARD, pattern, limits_.expansion,
                                  Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
        }
        return any_of(std::move(each));
    }

    // A wildcard over several databases, expanded here over all of them at once: Xapian would
    // expand it in each database on its own, and a word's weight would then differ from the one
    // it has in a single database holding the same papers. The same choice as Xapian's: the
    // `expansion` most frequent words.
    Xapian::Query expanded(const std::string& pattern) const {
        std::vector<std::pair<Xapian::doccount, std::string>> words;
        for (auto it = db_.allterms_begin(pattern); it != db_.allterms_end(pattern); ++it)
            words.emplace_back(it.get_termfreq(), *it);
        if (words.size() > limits_.expansion) {
            std::partial_sort(words.begin(), words.begin() + limits_.expansion, words.end(),
                              [](const auto& a, const auto& b) {
                                  return a.first != b.first ? a.first > b.first
                                                            : a.second < b.second;
                              });
            words.resize(limits_.expansion);
        }
        std::vector<std::string> terms;
        terms.reserve(words.size());
        for (auto& w : words) terms.push_back(std::move(w.second));
        return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    }

    // Words that must stand in a row (a phrase, a hyphenated word, a Chinese run, a NEAR or
    // ADJ chain) are checked position by position in every paper holding them all: a phrase
    // of two thousand common words took seconds and found nothing.
    void check_row(std::size_t words, const Token& at) {
        if (words <= limits_.phrase) return;
        throw Error::in_query(
            std::to_string(words) + " words in a row; at most " + std::to_string(limits_.phrase) +
                " are matched as a phrase (the limit phrase:" + std::to_string(limits_.phrase) +
                ")",
            pq_.text, at.column,
            "a Chinese character counts as a word; leave out the quotes, or break the run with "
            "spaces, to match the words anywhere");
    }

    // The terms of a phrase in order (CJK runs as their unigrams), in each positional field.
    Xapian::Query phrase(const Token& t, const std::vector<const Field*>& fields) {
        std::vector<std::string> terms;
        for (const Piece& piece : analyse(t.folded))
            terms.insert(terms.end(), piece.terms.begin(), piece.terms.end());
        if (terms.empty()) return {};
        check_row(terms.size(), t);
        return phrase_in(terms, phrase_fields(fields).empty() ? fields : phrase_fields(fields));
    }

    [[noreturn]] void value_error(const Token& t, const FieldValueError& e) {
        throw Error::in_query(t.field_name + ":" + t.text + ": " + e.message, pq_.text, t.column,
                              e.hint);
    }

    // A field's query; a filter that no term of the database meets matches nothing.
    Compiled field(const Token& t) {
        Compiled c = field_query(t);
        if (c.filter && c.query.empty()) return Compiled::none();
        c.token = &t;
        return c;
    }

    Compiled field_query(const Token& t) {
        const Field& f = *t.field;
        try {
            switch (f.query) {
                case Querying::Words: {
                    std::vector<const Field*> one{&f};
                    if (t.quoted) return {phrase(t, one)};
                    if (!t.folded.empty() && t.folded.back() == '*') {
                        std::string stem = t.folded;
                        while (!stem.empty() && stem.back() == '*') stem.pop_back();
                        return {wildcard(stem, one, t)};
                    }
                    Token as_word = t;
                    as_word.kind = TokenKind::Word;
                    return {word(as_word, &f)};
                }
                case Querying::Author:
                    return {author_query(db_, t.folded), true, &f};
                case Querying::Id:
                    return {id_query(t.folded), true, &f};
                case Querying::Category:
                    return {category_query(db_, f, t.folded), true, &f};
                case Querying::Closed:
                    return {closed_query(db_, f, t.folded), true, &f};
                case Querying::Filter:
                    return {Xapian::Query(std::string(f.prefix) + t.folded), true, &f};
                case Querying::Dates:
                    return {dates_query(db_, f, t.folded), true, &f};
                case Querying::Similar:
                    return {similar_query(db_, t.folded)};
                case Querying::Saved:
                    return {saved_query(t.text)};
                case Querying::None:
                    break;
            }
        } catch (const FieldValueError& e) {
            value_error(t, e);
        }
        return {};
    }

    Compiled leaf(const QueryNode& n) {
        const Token& t = *n.token;
        switch (t.kind) {
            case TokenKind::Word:
                return {word(t, n.scope)};
            case TokenKind::Phrase:
                return {phrase(t, fields_for(n.scope))};
            case TokenKind::Field:
                return field(t);
            default:
                return {};
        }
    }

    Compiled near(const QueryNode& n) {
        std::vector<std::string> terms;
        for (const auto& child : n.children)
            for (const Piece& piece : analyse(child.token->folded))
                terms.insert(terms.end(), piece.terms.begin(), piece.terms.end());
        check_row(terms.size(), *n.children.front().token);
        if (terms.size() < 2)
            return {any_of({term_in(terms.empty() ? "" : terms[0], fields_for(n.scope))})};
        const auto fields = phrase_fields(fields_for(n.scope));
        const auto window = static_cast<Xapian::termcount>(n.distance + terms.size() - 1);
        return {phrase_in(terms, fields, window,
                          n.ordered ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR)};
    }

    // Neighbouring bare words of a sequence: each pair is a title term (XB) that ranks the
    // papers holding the words in a row first. A word next to alternatives pairs with each
    // (`speech enhancement OR separation`: speech enhanc, speech separ).
    void add_pairs(const std::vector<QueryNode>& children) {
        auto plain = [](const QueryNode& c) -> std::string {
            if (!is_bare_word(c) || c.token->wildcard || c.scope) return {};
            auto w = pair_words_of_text(c.token->folded);
            return w.size() == 1 ? w.front() : std::string();
        };
        static thread_local const Xapian::Stem stemmer = make_stemmer();
        const std::string prefix = prefix_of(FieldId::TitlePairs);
        std::vector<std::string> before{""};  // the words the next one follows
        for (const auto& c : children) {
            std::vector<std::string> now;
            if (c.kind == QueryNode::Or)
                for (const auto& alt : c.children) now.push_back(plain(alt));
            else
                now.push_back(plain(c));
            for (const auto& a : before)
                for (const auto& b : now)
                    for (const auto& pair : word_pairs(stemmer, {a, b}))
                        pairs_.emplace_back(prefix + pair);
            before = now;
        }
    }

    Compiled node(const QueryNode& n, bool any_word = false) {
        switch (n.kind) {
            case QueryNode::Leaf:
                return leaf(n);
            case QueryNode::Near:
                return near(n);
            case QueryNode::Not: {
                Compiled c = node(n.children.front());
                if (c.nothing) return {Xapian::Query::MatchAll, true, nullptr};
                if (c.query.empty()) return {};
                return {Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, c.query),
                        true, nullptr};
            }
            case QueryNode::Or:
            case QueryNode::Xor: {
                std::vector<Xapian::Query> qs;
                bool filters = true;
                bool nothing = false;
                for (const auto& child : n.children) {
                    Compiled c = node(child);
                    nothing = nothing || c.nothing;
                    if (c.query.empty()) continue;
                    filters = filters && c.filter;
                    qs.push_back(c.query);
                }
                if (qs.empty()) return nothing ? Compiled::none() : Compiled{};
                return {any_of(std::move(qs), n.kind == QueryNode::Or ? Xapian::Query::OP_OR
                                                                      : Xapian::Query::OP_XOR),
                        filters, nullptr};
            }
            case QueryNode::And:
                return sequence(n, any_word);
        }
        return {};
    }

    // date:, topic: and section: filters of one sequence hold for one and the same listing:
    // `date:2026-03 section:new` is "listed as new in March 2026". Their groups become one,
    // on the listing terms.
    // False when no listing meets them all: the sequence matches nothing.
    template <class Group>
    bool combine_listing_parts(std::vector<Group>& groups) {
        std::vector<ListingFilter> filters;
        std::set<const Field*> parts;
        const Token* first = nullptr;
        for (const auto& g : groups)
            if (g.field && g.field->listing_part >= 0) {
                parts.insert(g.field);
                if (!first) first = g.tokens.front();
                for (const Token* t : g.tokens) filters.push_back({g.field, t->folded});
            }
        if (parts.size() < 2) return true;
        Xapian::Query listing;
        try {
            listing = listing_query(db_, filters);
        } catch (const FieldValueError& e) {
            value_error(*first, e);
        }
        groups.erase(
            std::remove_if(groups.begin(), groups.end(),
                           [](const Group& g) { return g.field && g.field->listing_part >= 0; }),
            groups.end());
        if (listing.empty()) return false;
        groups.push_back({&digest::field(FieldId::Listing), {listing}, {first}});
        return true;
    }

    // English function words are left out of a sequence of words, not out of phrases: "how to
    // make speaker verification robust to noise" asks for the other words. A sequence of
    // nothing but function words keeps them.
    static bool dropped_stopword(const QueryNode& c, bool others) {
        return others && is_bare_word(c) && !c.token->wildcard && is_stopword(c.token->folded);
    }

    Compiled sequence(const QueryNode& n, bool any_word) {
        add_pairs(n.children);
        const bool content = std::any_of(
            n.children.begin(), n.children.end(),
            [](const QueryNode& c) { return !(is_bare_word(c) && is_stopword(c.token->folded)); });
        std::vector<Xapian::Query> positives, negatives;
        // Filters on one field: any of them (topic:audio topic:text), or all of them for the
        // fields whose row says so (cat:cs.SD cat:eess.AS: a paper in both).
        struct Group {
            const Field* field;
            std::vector<Xapian::Query> queries;
            std::vector<const Token*> tokens;
        };
        std::vector<Group> groups;
        for (const auto& child : n.children) {
            if (dropped_stopword(child, content)) continue;
            if (child.kind == QueryNode::Not) {
                Compiled c = node(child.children.front());
                if (!c.query.empty()) negatives.push_back(c.query);
                continue;
            }
            Compiled c = node(child);
            if (c.nothing) return Compiled::none();  // an AND with a part no paper meets
            if (c.query.empty()) continue;
            if (!c.filter) {
                positives.push_back(c.query);
                continue;
            }
            // A bracketed group's filters (`x ((topic:text))`) come without a token: they stand
            // alone, ANDed, and take no part in a listing (its tokens were read as null).
            const Field* key = c.token ? c.field : nullptr;
            auto g = std::find_if(groups.begin(), groups.end(),
                                  [&](const auto& group) { return key && group.field == key; });
            if (g == groups.end()) {
                groups.push_back({key, {}, {}});
                g = groups.end() - 1;
            }
            g->queries.push_back(c.query);
            if (c.token) g->tokens.push_back(c.token);
        }
        if (!combine_listing_parts(groups)) return Compiled::none();
        std::vector<Xapian::Query> filters;
        for (auto& g : groups)
            filters.push_back(any_of(std::move(g.queries), !g.field || g.field->all_required
                                                               ? Xapian::Query::OP_AND
                                                               : Xapian::Query::OP_OR));
        Xapian::Query scored =
            any_of(std::move(positives), any_word ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
        Xapian::Query filter = any_of(std::move(filters), Xapian::Query::OP_AND);
        Compiled out;
        if (!scored.empty() && !filter.empty()) {
            out.query = Xapian::Query(Xapian::Query::OP_FILTER, scored, filter);
        } else if (!filter.empty()) {
            out = {filter, true, groups.size() == 1 ? groups.front().field : nullptr};
        } else {
            out.query = scored;
        }
        if (!negatives.empty()) {
            Xapian::Query base = out.query.empty() ? Xapian::Query::MatchAll : out.query;
            if (out.query.empty()) out.filter = true;
            out.query =
                Xapian::Query(Xapian::Query::OP_AND_NOT, base, any_of(std::move(negatives)));
            out.field = nullptr;
        }
        return out;
    }

    const Xapian::Database& db_;
    const ParsedQuery& pq_;
    const QueryLimits& limits_;
    double pair_boost_;
    const SavedQueries* saved_;
    std::vector<std::string>* expanding_;  // the saved queries being expanded, outermost first
    std::vector<Xapian::Query> phrases_, pairs_;
    unsigned wildcards_ = 0;
    bool cjk_apart_ = false;
    bool ranks_ = false;

    // query:NAME: the saved query compiled in place (its own words rank as in it). A mistake
    // inside a saved query, however deep, is reported at the outermost query:NAME.
    struct SavedQueryError {
        std::string message, hint;
    };
    Xapian::Query saved_query(const std::string& name) {
        const std::string hint = "digest-query saved lists the saved queries";
        std::vector<std::string> outer;
        std::vector<std::string>& stack = expanding_ ? *expanding_ : outer;
        const bool outermost = stack.empty();
        auto fail = [&](std::string message, std::string why) -> Xapian::Query {
            if (outermost) throw FieldValueError{std::move(message), std::move(why)};
            throw SavedQueryError{std::move(message), std::move(why)};
        };
        if (!saved_ || !*saved_) return fail("no saved queries are available here", hint);
        if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
            std::string chain;
            for (const auto& n : stack) chain += n + " -> ";
            return fail("the saved query refers to itself: " + chain + name,
                        "edit it: digest-query save " + name + " QUERY");
        }
        const std::optional<std::string> text = (*saved_)(name);
        if (!text) return fail("no saved query named " + name, hint);
        stack.push_back(name);
        try {
            const ParsedQuery sub = read_query(*text, limits_);
            Xapian::Query q = Compiler(db_, sub, limits_, pair_boost_, saved_, &stack).run(false);
            stack.pop_back();
            return q;
        } catch (const SavedQueryError& e) {
            stack.pop_back();
            return fail(e.message, e.hint);
        } catch (const Error& e) {
            stack.pop_back();
            return fail("saved query " + name + " (" + *text + "): " + e.what(), e.hint());
        }
    }
};

// ---------------------------------------------------------------- QueryBuilder

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db) {}

Xapian::Query QueryBuilder::build(const ParsedQuery& query, bool any_word, bool cjk_apart) {
    Compiler compiler(db_, query, limits_, pair_boost_, &saved_);
    compiler.set_cjk_apart(cjk_apart);
    Xapian::Query q = compiler.run(any_word);
    ranks_ = compiler.ranks();
    // Every term is a posting list the match opens and walks: a thousand Chinese runs or
    // common words took seconds (wildcards are held by their own limits).
    // (get_length() counts each term where it stands; the term iterators merge repeats.)
    const std::size_t terms = q.get_length();
    if (terms > limits_.terms)
        throw Error("the query stands for " + std::to_string(terms) +
                        " index terms (each word in every field it searches, a Chinese run as "
                        "its characters and their pairs); at most " +
                        std::to_string(limits_.terms) +
                        " are searched (the limit terms:" + std::to_string(limits_.terms) + ")",
                    "for papers like a long text, give it to --like-text FILE", kExitUsage);
    return q;
}

bool QueryBuilder::has_cjk_run(const ParsedQuery& query) {
    for (const auto& t : query.tokens) {
        if (t.kind != TokenKind::Word && !(t.kind == TokenKind::Field && !t.quoted && t.field &&
                                           t.field->query == Querying::Words))
            continue;
        std::size_t run = 0;
        for (std::size_t i = 0; i < t.folded.size();) {
            run = is_cjk_codepoint(next_codepoint(t.folded, i)) ? run + 1 : 0;
            if (run >= 2) return true;
        }
    }
    return false;
}

Xapian::Query QueryBuilder::parse(std::string_view query, bool any_word) {
    return build(read_query(query, limits_), any_word);
}

Xapian::Query QueryBuilder::word(const Token& token) {
    ParsedQuery none;
    return Compiler(db_, none, limits_, 0).word(token, nullptr);
}

std::string QueryBuilder::normalise(const ParsedQuery& query) {
    std::string out;
    for (const auto& t : query.tokens) {
        std::string d = describe(t);
        bool glue = !out.empty() && (out.back() == '(' || out.back() == '-' || out.back() == '+' ||
                                     t.kind == TokenKind::Close ||
                                     (out.back() == ':' && t.kind == TokenKind::Open));
        out += (out.empty() || glue ? "" : " ") + d;
    }
    return out;
}

}  // namespace digest
