// "More like this": a paper (like:ID) or a text (--like-text) becomes a query of its most telling
// words. Each word is weighed by how much more often the paper uses it than the collection does
// (the Bo1 divergence-from-randomness model, as Xapian's query expansion offers it), common and
// generic words are left out, and each chosen word is searched in the title and the abstract;
// papers that share the paper's categories rank higher.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace digest {

// How many words a similarity query keeps: enough to describe a paper, few enough to stay fast
// (measured in README, "Similar papers").
inline constexpr std::size_t kSimilarWords = 25;

struct WeightedWord {
    std::string term;  // a stemmed word (unprefixed), or a CJK n-gram
    double weight = 0;
};

// The most telling words of a document of `db` (title, abstract and the summary's bigrams), best
// first; no generic words.
std::vector<WeightedWord> telling_words_of_document(const Xapian::Database& db, Xapian::docid docid,
                                                    std::size_t max_words = kSimilarWords);

// The same for a text that is not in the database (an abstract pasted by the user); its generic
// words come only where there are fewer telling words than `max_words`.
std::vector<WeightedWord> telling_words_of_text(const Xapian::Database& db, std::string_view text,
                                                std::size_t max_words = kSimilarWords);

// OR of the words, each searched in the title and abstract (a CJK n-gram: the summary) with the
// table's prefixes, BM25 weighing the matches, each word scaled by the square root of its Bo1
// weight relative to the best word's (measured against no scaling and linear scaling: README,
// "Similar papers"). Among the papers found, those holding `category_terms` rank higher. Empty
// when there are no words.
Xapian::Query similarity_query(const std::vector<WeightedWord>& words,
                               const std::vector<std::string>& category_terms = {});

// A document's category terms (its primary category's, then each category's), as stored: for
// similarity_query(), which ranks the papers that share them higher.
std::vector<std::string> category_terms_of_document(const Xapian::Database& db,
                                                    Xapian::docid docid);

}  // namespace digest
