// --format digest: results printed exactly as a daily digest lists papers, under a heading
// that gives the query and the count, so that the output can be read, diffed, or indexed
// again with digest-index. The entries are the digest module's own writer.
#include <sstream>

#include "digest/digest_writer.hpp"
#include "formats/writers.hpp"
#include "text/escape.hpp"

namespace digest {

void write_digest_results(std::ostream& out, const SearchResult& result,
                          const OutputOptions& options) {
    // Written to a file, the text is exact (digest-index reads it back); on a terminal, its
    // control characters are shown neutralised.
    std::ostringstream text;
    std::ostream& to = options.terminal ? text : out;
    write_digest_header(to, result.query, result.total, result.offset + 1, result.hits.size());
    for (const auto& hit : result.hits) write_digest_entry(to, hit.paper, hit.rank);
    if (options.terminal) out << terminal_safe(text.str());
}

}  // namespace digest
