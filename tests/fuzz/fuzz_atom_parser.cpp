// Fuzz target: the parser of the arXiv query API's Atom feed (both formats) on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sources/arxiv_feed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const digest::ArxivFeed feed = digest::parse_arxiv_atom(xml, "fuzz.xml");
    feed.failed();
    feed.error_message();
    return 0;
}
