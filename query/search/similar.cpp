#include "search/similar.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "fields/field_table.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// Words found in more than this share of the papers say nothing about one of them ("model",
// "propose", "results"). Measured (README, "Similar papers"): leaving out only these did better
// than a stricter cut (8%, 3%), which loses the words that place a paper in its field. A word
// common in abstracts but rare in titles ("enhancement": 22% of abstracts, 4% of titles) is
// kept when the paper has it in its title.
constexpr double kCommonShare = 0.2;

// The Chinese summaries are written to a template: their common words (研究, 性能, 显著) are in
// 5% to 20% of the papers, where English topic words still are. A stricter cut for them.
constexpr double kCommonCjkShare = 0.05;

// Words that say how a paper is written, not what it is about: English function words beyond
// the query stop list ("too", "once", "upon") and the vocabulary of any abstract ("propose",
// "novel", "outperform", "fashion", "call"). Found in few papers each, they escape the
// document-frequency cut and, being rare, would weigh much; in `like:2510.18744` (speech
// enhancement) they brought papers on G-buffers and Dijkstra. Written as words; compared by
// their stems. Words that name a subject somewhere (object, state, code, source, world,
// robust, general) are not in it.
// clang-format off
constexpr std::string_view kFunctionWords[] = {
    "about", "above", "according", "additionally", "after", "again", "against", "all", "almost",
    "along", "already", "also", "although", "always", "among", "another", "any", "anything",
    "around", "because", "become", "before", "behind", "being", "below", "besides", "between",
    "beyond", "both", "but", "cannot", "could", "despite", "did", "does", "done", "down",
    "during", "each", "either", "else", "enough", "especially", "etc", "even", "ever", "every",
    "few", "fewer", "further", "furthermore", "given", "had", "has", "have", "he", "hence",
    "her", "here", "herein", "him", "his", "however", "if", "instead", "itself", "just",
    "least", "less", "like", "many", "may", "meanwhile", "might", "more", "moreover", "most",
    "much", "must", "my", "near", "neither", "never", "nevertheless", "no", "none", "nor", "not",
    "now", "off", "often", "once", "one", "only", "other", "otherwise", "ought", "out", "over",
    "own", "per", "perhaps", "rather", "regarding", "respectively", "same", "several", "she",
    "should", "since", "so", "some", "still", "such", "than", "then", "there", "thereby",
    "therefore", "though", "through", "throughout", "thus", "too", "toward", "towards",
    "under", "unlike", "until", "up", "upon", "us", "very", "way", "whether", "while",
    "whilst", "who", "whole", "whom", "whose", "will", "within", "without", "would", "yet",
    "you", "your",
};
constexpr std::string_view kAbstractWords[] = {
    "ability", "able", "achieve", "address", "advance", "advantage", "aim", "allow", "analysis",
    "analyze", "approach", "available", "based", "benefit", "better", "bridge", "call",
    "capability", "carefully", "challenge", "compare", "competitive", "comprehensive",
    "confirm", "consequently", "considerable", "consistent", "consumer", "contrast",
    "contribute", "corresponding", "counterpart", "critical", "crucial", "current",
    "demonstrate", "describe", "develop", "different", "difficult", "drastically", "easily",
    "efficient", "emerging", "empirical", "employ", "enable", "end", "equip", "essential",
    "establish", "evaluate", "evidence", "example", "existing", "experiment", "experimental",
    "explore", "extend", "extensive", "facilitate", "fashion", "find", "first", "focus",
    "follow", "framework", "fully", "fundamental", "gap", "give", "goal", "good", "grade",
    "great", "help", "highlight", "idea", "identify", "importance", "improve", "include",
    "increase", "indicate", "insight", "instance", "introduce", "investigate", "involve",
    "issue", "key", "known", "lack", "lead", "leverage", "main", "mainly", "make", "method",
    "methodology", "new", "notably", "novel", "numerous", "observe", "obtain", "offer",
    "outperform", "overall", "overcome", "paper", "particular", "particularly", "perform",
    "performance", "potential", "practical", "present", "previous", "primarily", "prior",
    "problem", "promising", "propose", "provide", "publicly", "range", "readily", "recent",
    "reduce", "release", "remain", "remarkable", "report", "require", "research", "result",
    "reveal", "second", "setup", "show", "shown", "significant", "significantly", "similar",
    "simple", "solution", "specific", "specifically", "strong", "study", "substantial",
    "success", "suggest", "superior", "take", "technique", "third", "three", "two",
    "typically", "unified", "use", "utilize", "various", "well", "wide", "widespread", "work",
    "yield",
    "com", "github", "http", "https", "www",
};
// clang-format on

// A Chinese bigram is two characters; written in a row, most of them are a word (语音, 扩散),
// but as many join the end of one word to the start of the next (延迟并提升: 迟并). Those are
// rare, so they would weigh much, and match nothing related. A bigram is kept when its
// characters are found together at least as often as chance would put them together
// (df(ab) · N ≥ df(a) · df(b)): 缓冲 4.4, 延迟 84, 语音 2.1 against 迟并 0.07, 序对 0.04.
constexpr double kCjkCohesion = 1.0;

// What a shared category adds to a similar paper's score (BM25 scores of the top ten are 40
// to 70): its primary category, any one of its categories. Measured (README, "Similar
// papers") against none, 3 and 10, 5 and 15, 5 and 20: enough to keep the top ten in the
// paper's field; more turns the query into a category filter and loses papers on its subject.
constexpr double kSharedPrimaryWeight = 10;
constexpr double kSharedCategoryWeight = 3;

std::set<std::string> stems_of(std::initializer_list<std::span<const std::string_view>> lists) {
    std::set<std::string> out;
    Xapian::Stem stemmer = make_stemmer();
    for (auto list : lists)
        for (auto w : list) out.insert(stem_word(stemmer, w));
    return out;
}

bool function_word(const std::string& stem) {
    static const std::set<std::string> stems = stems_of({kFunctionWords, stopwords()});
    return stems.count(stem) > 0;
}

bool abstract_word(const std::string& stem) {
    static const std::set<std::string> stems = stems_of({kAbstractWords});
    return stems.count(stem) > 0;
}

bool starts_cjk(std::string_view term) {
    std::size_t i = 0;
    return !term.empty() && is_cjk_codepoint(next_codepoint(term, i));
}

// A word worth comparing papers by: three characters or more, not a number; or two CJK characters
// (a unigram is no word; the 3- and 4-character grams weigh nothing, cjk_gram_runs).
bool plausible_word(std::string_view w) {
    if (w.empty()) return false;
    if (starts_cjk(w)) {
        std::size_t i = 0, n = 0;
        for (; i < w.size(); ++n) next_codepoint(w, i);
        return n == 2;
    }
    if (w.size() < 3) return false;
    // Numbers, figures (1.36m, 400+) and pieces of addresses say what a paper measured or where
    // its code is, not what it is about.
    if (w[0] >= '0' && w[0] <= '9') return false;
    return w.find_first_of(".+,_@/") == std::string_view::npos;
}

// Bo1: wdf · log2((1 + λ) / λ) + log2(1 + λ), where λ is the word's mean frequency per paper.
double bo1(double wdf, double collection_freq, double papers) {
    double lambda = std::max(collection_freq, 1.0) / papers;
    return wdf * std::log2((1 + lambda) / lambda) + std::log2(1 + lambda);
}

bool generic(const std::string& word) {
    return function_word(word) || abstract_word(word);
}

// What becomes of generic words. A paper has words enough without them: they are left out. A
// text may be one sentence, searched to find the paper it comes from: there each word it shares
// with that paper helps, and generic words fill the places telling words leave free (measured:
// leaving them out of texts too lowered --like-text's MRR from 0.59 to 0.54).
enum class GenericWords : bool { LeftOut, Last };

class WordScores {
  public:
    // `min_papers`: how many papers must hold a word for it to find one (2 when the paper
    // compared is in the database: itself and another).
    WordScores(const Xapian::Database& db, Xapian::doccount min_papers, GenericWords generic)
        : db_(db),
          papers_(std::max<double>(db.get_doccount(), 1)),
          min_papers_(min_papers),
          generic_(generic) {}

    // `term` as stored (with `prefix`); `wdf` its count in the paper or text, with the field's
    // weight, as BM25 sees it: a title word counts sixteen times. `weight` is the field's wdf
    // increment, which the collection frequency is divided by to give λ per occurrence.
    void add(const std::string& term, std::string_view prefix, Xapian::termcount wdf,
             unsigned weight) {
        std::string word = term.substr(prefix.size());
        if (!plausible_word(word)) return;
        bool is_generic = !starts_cjk(word) && generic(word);
        if (is_generic && generic_ == GenericWords::LeftOut) return;
        Xapian::doccount df = db_.get_termfreq(term);
        if (df < min_papers_) return;  // cannot find another paper
        bool cjk = starts_cjk(word);
        if (cjk && (df > kCommonCjkShare * papers_ || !cohesive(prefix, word, df))) return;
        double cf = static_cast<double>(db_.get_collection_freq(term)) / weight;
        Score& s = scores_[word];
        s.weight += bo1(std::max<Xapian::termcount>(wdf, 1), cf, papers_);
        // Common in one field, telling in another: kept when telling in one.
        if (df <= kCommonShare * papers_) s.telling = true;
        s.generic = is_generic;
    }

    std::vector<WeightedWord> best(std::size_t n) const {
        std::vector<std::pair<const std::string*, const Score*>> kept;
        for (const auto& [w, s] : scores_)
            if (s.telling) kept.emplace_back(&w, &s);
        std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
            if (a.second->generic != b.second->generic) return b.second->generic;
            if (a.second->weight != b.second->weight) return a.second->weight > b.second->weight;
            return *a.first < *b.first;
        });
        if (kept.size() > n) kept.resize(n);
        std::vector<WeightedWord> out;
        for (const auto& [w, s] : kept) out.push_back({*w, s->weight});
        // The query scales each word by its weight relative to the first word's.
        std::stable_sort(out.begin(), out.end(), [](const WeightedWord& a, const WeightedWord& b) {
            return a.weight > b.weight;
        });
        return out;
    }

  private:
    // Whether the two characters of a bigram are a word rather than the seam of two words.
    bool cohesive(std::string_view prefix, const std::string& bigram, Xapian::doccount df) const {
        std::size_t i = 0;
        next_codepoint(bigram, i);
        std::string p(prefix);
        double a = db_.get_termfreq(p + bigram.substr(0, i));
        double b = db_.get_termfreq(p + bigram.substr(i));
        return df * papers_ >= kCjkCohesion * a * b;
    }

    struct Score {
        double weight = 0;
        bool telling = false;
        bool generic = false;
    };
    const Xapian::Database& db_;
    double papers_;
    Xapian::doccount min_papers_;
    GenericWords generic_;
    std::map<std::string, Score> scores_;
};

// An unprefixed term: folded text starts with a lower-case letter, a digit or a non-ASCII
// character, never with an upper-case prefix letter.
bool unprefixed(std::string_view term) {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// A term of the field with `prefix` in a termlist: the prefix, then a word.
bool of_field(const std::string& term, const std::string& prefix) {
    return term.size() > prefix.size() && term.starts_with(prefix) &&
           unprefixed(std::string_view(term).substr(prefix.size()));
}

}  // namespace

std::vector<WeightedWord> telling_words_of_document(const Xapian::Database& db, Xapian::docid docid,
                                                    std::size_t max_words) {
    WordScores scores(db, 2, GenericWords::LeftOut);
    const std::string title = prefix_of(FieldId::Title), abstract = prefix_of(FieldId::Abstract),
                      summary = prefix_of(FieldId::Summary);
    const unsigned title_wdf = std::max(field(FieldId::Title).weight, 1u);
    const unsigned abstract_wdf = std::max(field(FieldId::Abstract).weight, 1u);
    const unsigned summary_wdf = std::max(field(FieldId::Summary).weight, 1u);
    for (auto t = db.termlist_begin(docid); t != db.termlist_end(docid); ++t) {
        const std::string& term = *t;
        if (of_field(term, title))
            scores.add(term, title, t.get_wdf(), title_wdf);
        else if (of_field(term, summary) &&
                 starts_cjk(std::string_view(term).substr(summary.size())))
            scores.add(term, summary, t.get_wdf(), summary_wdf);
        else if (abstract.empty() ? unprefixed(term) : of_field(term, abstract))
            scores.add(term, abstract, t.get_wdf(), abstract_wdf);
    }
    return scores.best(max_words);
}

std::vector<std::string> category_terms_of_document(const Xapian::Database& db,
                                                    Xapian::docid docid) {
    std::vector<std::string> out;
    for (FieldId f : {FieldId::Primary, FieldId::Category}) {
        const std::string prefix = prefix_of(f);
        auto t = db.termlist_begin(docid);
        for (t.skip_to(prefix); t != db.termlist_end(docid) && (*t).starts_with(prefix); ++t)
            out.push_back(*t);
    }
    return out;
}

std::vector<WeightedWord> telling_words_of_text(const Xapian::Database& db, std::string_view text,
                                                std::size_t max_words) {
    Xapian::TermGenerator tg = make_term_generator();
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(fold(text));
    WordScores scores(db, 1, GenericWords::Last);
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

Xapian::Query similarity_query(const std::vector<WeightedWord>& words,
                               const std::vector<std::string>& category_terms) {
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
    Xapian::Query q(Xapian::Query::OP_OR, each.begin(), each.end());
    if (category_terms.empty()) return q;
    // A category term is boolean (wdf 0: BM25 gives it nothing, however scaled), so a shared
    // category adds a fixed weight. AND_MAYBE: it ranks the papers the words find, it finds
    // none by itself.
    const std::string primary = prefix_of(FieldId::Primary);
    std::vector<Xapian::Query> shared;
    for (const auto& c : category_terms) {
        double weight = c.starts_with(primary) ? kSharedPrimaryWeight : kSharedCategoryWeight;
        auto* fixed = new Xapian::FixedWeightPostingSource(weight);
        shared.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(fixed->release()),
                            Xapian::Query(c));
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                         Xapian::Query(Xapian::Query::OP_OR, shared.begin(), shared.end()));
}

}  // namespace digest
