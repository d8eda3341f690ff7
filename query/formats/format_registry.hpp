// The output formats of digest-query, in one registry: --format's choices and help are built
// from it, and results and author lists are printed through it. A format is one row here and
// its writers (formats/writers.hpp); a combination a format has no writer for (`authors
// --format digest`) is an error, never silently another format.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "search/author_lookup.hpp"
#include "search/search_result.hpp"
#include "search/trend.hpp"

namespace digest {

struct OutputOptions {
    bool color = false;  // ANSI colour (brief only; every other format is data)
    int width = 0;       // terminal width in columns, 0 = unknown (then nothing is cut)
    // Standard output is a terminal: the data formats show control characters neutralised
    // (terminal_safe) instead of writing them as they are. brief always does; JSON always
    // writes them as \u escapes.
    bool terminal = false;
};

// What a format is asked to print.
enum class Printed { Results, Count, Authors, Facets, Trend };

struct OutputFormat {
    std::string_view name;
    std::string_view help;
    bool for_people;      // read by people: a query may be relaxed for it (with a note)
    bool document;        // prints a document even when nothing matched (JSON total 0, CSV header)
    bool needs_snippets;  // shows snippets, which cost a little per result
    // Prints how many papers match (digest's header, JSON's total): the search counts every
    // match. The others print the page alone, and the search stops once the page is sure.
    bool prints_total;
    void (*results)(std::ostream&, const SearchResult&, const OutputOptions&);
    void (*count)(std::ostream&, const SearchResult&);  // --count; nullptr: cannot say a count
    void (*authors)(std::ostream&, const AuthorLookupResult&, const OutputOptions&);
    // Facets after the results (or the count); nullptr: the results' own writer includes them
    // (JSON) when `facets_inside`, else the format cannot show facets.
    void (*facets)(std::ostream&, const std::vector<FacetResult>&, const OutputOptions&);
    bool facets_inside;
    void (*trend)(std::ostream&, const TrendResult&, const OutputOptions&);  // nullptr: cannot

    bool prints(Printed what) const {
        return what == Printed::Results  ? results != nullptr
               : what == Printed::Count  ? count != nullptr
               : what == Printed::Facets ? facets != nullptr || facets_inside
               : what == Printed::Trend  ? trend != nullptr
                                         : authors != nullptr;
    }
};

const std::vector<OutputFormat>& output_formats();
// nullptr for an unknown name.
const OutputFormat* find_output_format(std::string_view name);
// "digest, brief, json, ..." (those that print `what`).
std::string output_format_names(Printed what);

// Prints results; nothing at all when nothing matched, but for the empty document of the
// formats that are documents.
void write_results(std::ostream& out, const SearchResult& result, const OutputFormat& format,
                   const OutputOptions& options = {});

// --color=auto|always|never. `always` and `never` win over everything; `auto` (or an empty
// or unknown value) colours only a terminal, and only when NO_COLOR is unset or empty.
bool want_color(std::string_view color_option, bool stdout_is_tty, const char* no_color_env);

// Bumped whenever a key of the JSON output changes meaning or disappears.
inline constexpr int kJsonFormatVersion = 1;

}  // namespace digest
