// The settings that indexing and querying must share, in one place: stemmer, stemming strategy
// and CJK n-gram flags. A search that indexes one way and queries another finds nothing, silently.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

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

// The stem of one folded word, as the indexer writes it.
std::string stem_word(const Xapian::Stem& stemmer, std::string_view folded_word);

}  // namespace digest
