// The HTML of the search page, the author page and the style sheet: every piece of data is
// escaped where it is written; nothing is loaded from elsewhere and no script runs.
#pragma once

#include <string>
#include <vector>

#include "search/author_lookup.hpp"
#include "search/search_result.hpp"
#include "search/trend.hpp"

namespace digest {

struct PageState {
    std::string q;
    std::string sort = "relevance";
    unsigned page = 1;
    unsigned per_page = 20;
};

// `error` (and its column, with `query`) is shown inline above the results.
struct PageError {
    std::string message, hint, query;
    long column = -1;
};

std::string url_encode(std::string_view text);

std::string search_page(const PageState& state, const SearchResult* result,
                        const std::string& trend_svg, const PageError* error);
std::string author_page(const std::string& name, const AuthorLookupResult& result);
std::string style_sheet();

}  // namespace digest
