// What a search returns, independent of how it is printed (output_formats.hpp prints it).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "fields/paper.hpp"
#include "search/facets.hpp"

namespace digest {

// A piece of a snippet; `match` pieces are the words the query matched (a run of Chinese
// characters matched as one phrase is one piece).
struct SnippetSpan {
    std::string text;
    bool match = false;
};

struct Hit {
    Paper paper;
    int rank = 0;      // 1-based, counting the offset
    double score = 0;  // BM25 weight (0 when sorted by date without relevance)
    int percent = 0;   // Xapian's relative score, 0-100
    Xapian::docid docid = 0;
    std::vector<SnippetSpan> snippet;  // from the abstract or summary; may be empty
    // When the snippet comes from an earlier listing's text (the paper's own did not hold the
    // query's words): that listing's source (ListingText::source) and the field, else empty.
    std::string snippet_source;
    std::string snippet_field;
};

struct SearchResult {
    std::string query;           // as the user gave it
    std::string sort;            // relevance, date, -date
    Xapian::doccount total = 0;  // matching papers
    bool total_is_exact = true;  // false only if Xapian could only estimate the total
    unsigned offset = 0;
    unsigned limit = 0;
    bool relaxed = false;  // no paper held every word: these hold some of them
    // The match reached the time limit (QueryLimits::time) before it had counted every paper:
    // the hits are the best it found, the total an estimate (total_is_exact false), facets
    // count only the papers it saw.
    bool time_limited = false;
    std::vector<Hit> hits;
    // What a person should be told about these results (printed as `note: ...` on standard
    // error by the CLI): the query was relaxed, the page is past the end, ...
    std::vector<std::string> notes;
    // Remote shards left out (--allow-partial), each with the reason: the results and totals
    // are those of the other shards.
    std::vector<std::string> missing;
    std::vector<FacetResult> facets;  // asked for with the request, over the whole match set
    // When the query found nothing or was relaxed: the query with its misspelt words corrected
    // ("speech enhancement", "au:povey"), which finds papers; else "". `suggestion_shown` is
    // the same for a person, the authors named (au:povey (Daniel Povey)).
    std::string suggestion;
    std::string suggestion_shown;
};

}  // namespace digest
