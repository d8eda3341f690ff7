#include "text/text_indexing.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "text/text_normalizer.hpp"

namespace digest {

namespace {

class CachedEnglishStemmer : public Xapian::StemImplementation {
  public:
    std::string operator()(const std::string& word) override {
        auto it = cache_.find(word);
        if (it != cache_.end()) return it->second;
        if (cache_.size() > 500000) cache_.clear();
        std::string stem = english_(word);
        cache_.emplace(word, stem);
        return stem;
    }
    // Same name as the plain stemmer: describes itself as Xapian's "english".
    std::string get_description() const override { return "english"; }

  private:
    Xapian::Stem english_{"english"};
    std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

Xapian::Stem make_stemmer() {
    return Xapian::Stem(new CachedEnglishStemmer);
}

Xapian::TermGenerator make_term_generator() {
    Xapian::TermGenerator tg;
    tg.set_stemmer(make_stemmer());
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    return tg;
}

std::vector<std::vector<std::string_view>> cjk_gram_runs(std::string_view folded) {
    std::vector<std::vector<std::string_view>> runs;
    std::vector<std::string_view> run;
    auto end_run = [&] {
        if (!run.empty()) runs.push_back(std::move(run));
        run.clear();
    };
    for (std::size_t i = 0; i < folded.size();) {
        const std::size_t at = i;
        const char32_t c = next_codepoint(folded, i);
        // Word characters only: 「」 are CJK to the normaliser, punctuation to Xapian.
        if (is_cjk_codepoint(c) && Xapian::Unicode::is_wordchar(c))
            run.push_back(folded.substr(at, i - at));
        else
            end_run();
    }
    end_run();
    return runs;
}

std::vector<std::string> cjk_grams(const std::vector<std::string_view>& run, std::size_t min,
                                   std::size_t max) {
    std::vector<std::string> grams;
    for (std::size_t start = 0; start < run.size(); ++start) {
        std::string gram;
        for (std::size_t n = 1; n <= max && start + n <= run.size(); ++n) {
            gram.append(run[start + n - 1]);
            if (n >= min) grams.push_back(gram);
        }
    }
    return grams;
}

std::string stem_word(const Xapian::Stem& stemmer, std::string_view folded_word) {
    return stemmer(std::string(folded_word));
}

namespace {
constexpr std::array<std::string_view, 40> kStopwords{
    "a",    "an",    "the",  "of",   "for",   "to",   "in",    "on",    "at",  "by",
    "with", "from",  "into", "onto", "via",   "and",  "or",    "is",    "are", "was",
    "were", "be",    "been", "its",  "this",  "that", "these", "those", "as",  "how",
    "what", "which", "why",  "when", "where", "do",   "does",  "we",    "our", "their"};
}  // namespace

const std::vector<std::string_view>& stopwords() {
    static const std::vector<std::string_view> list(kStopwords.begin(), kStopwords.end());
    return list;
}

bool is_stopword(std::string_view w) {
    return std::find(kStopwords.begin(), kStopwords.end(), w) != kStopwords.end();
}

std::vector<std::string> word_pairs(const Xapian::Stem& stemmer,
                                    const std::vector<std::string>& words) {
    std::vector<std::string> pairs;
    std::string previous;
    for (const auto& w : words) {
        if (w.empty() || is_stopword(w)) {
            previous.clear();
            continue;
        }
        std::string s = stem_word(stemmer, w);
        if (!previous.empty()) pairs.push_back(previous + " " + s);
        previous = std::move(s);
    }
    return pairs;
}

std::vector<std::string> pair_words_of_text(std::string_view folded) {
    auto word_char = [](char32_t c) {
        return (c < 0x80 && std::isalnum(static_cast<int>(c))) ||
               (c >= 0x80 && !is_cjk_codepoint(c));
    };
    std::vector<std::string> words;
    std::string cur;
    auto end_word = [&] {
        if (!cur.empty()) words.push_back(cur);
        cur.clear();
    };
    for (std::size_t i = 0; i < folded.size();) {
        std::size_t start = i;
        char32_t c = next_codepoint(folded, i);
        if (word_char(c)) {
            cur.append(folded.substr(start, i - start));
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n') {
            end_word();
            continue;
        }
        // A CJK character or punctuation breaks the chain of pairs. Punctuation between word
        // characters (gpt-4o, pre-trained, speaker's) makes one word of the whole run, which is
        // no plain word: the run is a break too.
        std::size_t after = i;
        bool joiner =
            !cur.empty() && after < folded.size() && word_char(next_codepoint(folded, after));
        if (joiner) {
            cur.clear();
            while (i < folded.size()) {
                std::size_t k = i;
                char32_t d = next_codepoint(folded, k);
                if (d == ' ' || d == '\t' || d == '\n') break;
                i = k;
            }
        }
        end_word();
        words.emplace_back();
    }
    end_word();
    return words;
}

std::vector<std::pair<std::size_t, std::size_t>> spelling_word_spans(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t start = std::string_view::npos;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t at = i;
        const char32_t c = next_codepoint(text, i);
        // Non-ASCII letters; not Latin-1 signs (°, ×), general punctuation (–, ”), arrows and
        // mathematical symbols (≤, →), nor CJK.
        const bool word = (c < 0x80 && std::isalnum(static_cast<int>(c))) ||
                          (c >= 0xC0 && c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c < 0x2C00) &&
                           !is_cjk_codepoint(c) && c != 0xFFFD);
        if (word && start == std::string_view::npos) start = at;
        if (!word && start != std::string_view::npos) {
            spans.emplace_back(start, at - start);
            start = std::string_view::npos;
        }
    }
    if (start != std::string_view::npos) spans.emplace_back(start, text.size() - start);
    return spans;
}

bool spelling_word(std::string_view w) {
    // Longer runs are URLs, formulas or glued words; no one mistypes them into a query.
    if (w.size() < 3 || w.size() > 40) return false;
    return std::any_of(w.begin(), w.end(),
                       [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace digest
