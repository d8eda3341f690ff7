// --format digest: results printed exactly as a daily digest lists papers, under a heading
// that gives the query and the count, so that the output can be read, diffed, or indexed
// again with digest-index. The entries are the digest module's own writer.
#include "digest/digest_writer.hpp"
#include "formats/writers.hpp"

namespace digest {

void write_digest_results(std::ostream& out, const SearchResult& result, const OutputOptions&) {
    write_digest_header(out, result.query, result.total, result.offset + 1, result.hits.size());
    for (const auto& hit : result.hits) write_digest_entry(out, hit.paper, hit.rank);
}

}  // namespace digest
