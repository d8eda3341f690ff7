#include "text_indexing.hpp"

#include <unordered_map>

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

std::string stem_word(const Xapian::Stem& stemmer, std::string_view folded_word) {
    return stemmer(std::string(folded_word));
}

}  // namespace digest
