// Snippets: the part of a paper's abstract (or Chinese summary) where the query's words are,
// with the matched words marked. Chinese matches are marked as whole runs, not per character.
#pragma once

#include <set>
#include <string>

#include "search/search_result.hpp"

namespace digest {

class SnippetMaker {
  public:
    // `matched_terms`: the document's terms that the query matched, with their prefixes.
    SnippetMaker();
    // When the paper's own texts hold none of the matched words and an earlier listing's text
    // does, the snippet is taken from that text and `earlier` is set to the listing.
    std::vector<SnippetSpan> make(const Paper& paper, const std::set<std::string>& matched_terms,
                                  std::size_t max_codepoints = 220,
                                  const ListingText** earlier = nullptr,
                                  std::string* earlier_field = nullptr);

  private:
    Xapian::Stem stemmer_;
};

}  // namespace digest
