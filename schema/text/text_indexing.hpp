// The settings that indexing and querying must share, in one place: stemmer, stemming strategy
// and CJK n-gram flags. A search that indexes one way and queries another finds nothing, silently.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace digest {

// English Snowball stemmer behind a per-instance cache: a corpus repeats the same few
// thousand words, and the cache removes most of the stemming cost. One instance per thread.
Xapian::Stem make_stemmer();

// A TermGenerator configured as the indexer uses it: stemmed terms only, with positions
// (TermGenerator::STEM_ALL) and CJK n-grams set in code.
Xapian::TermGenerator make_term_generator();

// QueryParser settings matching make_term_generator(): STEM_ALL and FLAG_CJK_NGRAM.
inline constexpr Xapian::QueryParser::stem_strategy kQueryStemming = Xapian::QueryParser::STEM_ALL;
inline constexpr unsigned kQueryCjkFlag = Xapian::QueryParser::FLAG_CJK_NGRAM;

// Chinese terms longer than Xapian's pairs: every 3 and 4 characters in a row of a run of CJK
// word characters (a 「, a 、 or any other punctuation ends a run), written by the indexer
// beside Xapian's characters and pairs, without positions and with wdf 0 (they find papers,
// they weigh nothing). A query's run of 3 or 4 characters is then one term, not a phrase
// checked position by position. Indexer and query side both cut runs here.
inline constexpr std::size_t kCjkGramMin = 3;
inline constexpr std::size_t kCjkGramMax = 4;
// The runs of a folded text, each as its characters (byte spans of `folded`).
std::vector<std::vector<std::string_view>> cjk_gram_runs(std::string_view folded);
// The 3- and 4-character grams of one run, in order of their first character.
std::vector<std::string> cjk_grams(const std::vector<std::string_view>& run,
                                   std::size_t min = kCjkGramMin, std::size_t max = kCjkGramMax);

// The stem of one folded word, as the indexer writes it.
std::string stem_word(const Xapian::Stem& stemmer, std::string_view folded_word);

// English function words: left out of queries (not of phrases), and they break word pairs.
// Words that are also acronyms (it, can, who) are not in the list.
bool is_stopword(std::string_view folded_word);
const std::vector<std::string_view>& stopwords();

// Word pairs: each two neighbouring plain words of a folded text ("speech enhancement" ->
// "speech enhanc"), stemmed and joined by a space. A stop word, a CJK character or a
// punctuation-joined word (gpt-4o) breaks the chain: the indexer writes the pairs of titles,
// the query side looks up the pairs of bare words, and both cut them the same way.
// `words`: the folded text's words in order, empty strings standing for breaks.
std::vector<std::string> word_pairs(const Xapian::Stem& stemmer,
                                    const std::vector<std::string>& words);
// The words of a folded text for word_pairs(): runs of ASCII letters and digits and non-ASCII
// letters; every other character ends a word, a CJK character or a stop word is a break.
std::vector<std::string> pair_words_of_text(std::string_view folded);

// Spelling ("did you mean"): the words of a text, as byte spans (start, length): runs of
// ASCII letters and digits and non-ASCII letters, every other character (CJK ones included)
// ending a word, so "pre-trained" is two words. The indexer feeds the spelling table with the
// words of folded titles and abstracts, the query side corrects the words of a query; both cut
// them here.
std::vector<std::pair<std::size_t, std::size_t>> spelling_word_spans(std::string_view text);
// Whether a folded word is worth a spelling entry: three bytes to 40, not a number.
bool spelling_word(std::string_view folded_word);

}  // namespace digest
