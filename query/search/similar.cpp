#include "search/similar.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "fields/field_table.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// Words found in more than this share of the papers say nothing about one of them ("model",
// "propose", "results"). Measured (README, "Similar papers"): leaving out only these did better
// than a stricter cut (8%, 3%), which loses the words that place a paper in its field.
// (Bo1 itself weighs a common word low; the cut keeps the query short.)
constexpr double kCommonShare = 0.2;

bool starts_cjk(std::string_view term) {
    std::size_t i = 0;
    return !term.empty() && is_cjk_codepoint(next_codepoint(term, i));
}

// A word worth comparing papers by: three characters or more, not a number, or CJK.
bool plausible_word(std::string_view w) {
    if (w.empty()) return false;
    if (starts_cjk(w)) return true;
    if (w.size() < 3) return false;
    // Numbers, figures (1.36m, 400+) and pieces of addresses say what a paper measured or where
    // its code is, not what it is about.
    if (w[0] >= '0' && w[0] <= '9') return false;
    return w.find_first_of(".+,_@/") == std::string_view::npos;
}

// Bo1: wdf · log2((1 + λ) / λ) + log2(1 + λ), where λ is the word's mean frequency per paper.
double bo1(Xapian::termcount wdf, double collection_freq, double papers) {
    double lambda = std::max(collection_freq, 1.0) / papers;
    return wdf * std::log2((1 + lambda) / lambda) + std::log2(1 + lambda);
}

class WordScores {
  public:
    // `min_papers`: how many papers must hold a word for it to find one (2 when the paper
    // compared is in the database: itself and another).
    WordScores(const Xapian::Database& db, Xapian::doccount min_papers)
        : db_(db), papers_(std::max<double>(db.get_doccount(), 1)), min_papers_(min_papers) {}

    // `term` as stored (with `prefix`); `wdf` its count in the paper or text; `scale` undoes a
    // field's wdf increment so that a title word counts as a word, not sixteen.
    void add(const std::string& term, std::string_view prefix, Xapian::termcount wdf,
             unsigned scale) {
        std::string word = term.substr(prefix.size());
        if (!plausible_word(word)) return;
        Xapian::doccount df = db_.get_termfreq(term);
        if (df > kCommonShare * papers_) return;
        if (df < min_papers_) return;  // cannot find another paper
        double cf = static_cast<double>(db_.get_collection_freq(term)) / scale;
        scores_[word] += bo1(std::max<Xapian::termcount>(wdf / scale, 1), cf, papers_);
    }

    std::vector<WeightedWord> best(std::size_t n) const {
        std::vector<WeightedWord> out;
        for (const auto& [w, s] : scores_) out.push_back({w, s});
        std::sort(out.begin(), out.end(), [](const WeightedWord& a, const WeightedWord& b) {
            return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
        });
        if (out.size() > n) out.resize(n);
        return out;
    }

  private:
    const Xapian::Database& db_;
    double papers_;
    Xapian::doccount min_papers_;
    std::map<std::string, double> scores_;
};

// An unprefixed term: folded text starts with a lower-case letter, a digit or a non-ASCII
// character, never with an upper-case prefix letter.
bool unprefixed(const std::string& term) {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

}  // namespace

std::vector<WeightedWord> telling_words_of_document(const Xapian::Database& db, Xapian::docid docid,
                                                    std::size_t max_words) {
    WordScores scores(db, 2);
    const std::string title = prefix_of(FieldId::Title), abstract = prefix_of(FieldId::Abstract);
    const unsigned title_wdf = std::max(field(FieldId::Title).weight, 1u);
    const unsigned abstract_wdf = std::max(field(FieldId::Abstract).weight, 1u);
    for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
        const std::string& term = *t;
        if (term.starts_with(title) && term.size() > title.size() &&
            unprefixed(term.substr(title.size())))
            scores.add(term, title, t.get_wdf(), title_wdf);
        else if (abstract.empty() ? unprefixed(term) : term.starts_with(abstract))
            scores.add(term, abstract, t.get_wdf(), abstract_wdf);
    }
    return scores.best(max_words);
}

std::vector<WeightedWord> telling_words_of_text(const Xapian::Database& db, std::string_view text,
                                                std::size_t max_words) {
    Xapian::TermGenerator tg = make_term_generator();
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(fold(text));
    WordScores scores(db, 1);
    const std::string summary = prefix_of(FieldId::Summary),
                      abstract = prefix_of(FieldId::Abstract);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (starts_cjk(term))
            scores.add(summary + term, summary, t.get_wdf(), 1);
        else if (unprefixed(term))
            scores.add(abstract + term, abstract, t.get_wdf(), 1);
    }
    return scores.best(max_words);
}

Xapian::Query similarity_query(const std::vector<WeightedWord>& words) {
    if (words.empty()) return {};
    std::vector<Xapian::Query> each;
    const double top = words.front().weight > 0 ? words.front().weight : 1;
    const std::string title = prefix_of(FieldId::Title), abstract = prefix_of(FieldId::Abstract),
                      summary = prefix_of(FieldId::Summary);
    for (const auto& w : words) {
        std::vector<Xapian::Query> fields;
        if (starts_cjk(w.term)) {
            fields.emplace_back(summary + w.term);
        } else {
            fields.emplace_back(title + w.term);
            fields.emplace_back(abstract + w.term);
        }
        Xapian::Query any(Xapian::Query::OP_OR, fields.begin(), fields.end());
        each.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, any,
                          std::max(std::sqrt(w.weight / top), 0.05));
    }
    return Xapian::Query(Xapian::Query::OP_OR, each.begin(), each.end());
}

}  // namespace digest
