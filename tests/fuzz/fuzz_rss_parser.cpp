// Fuzz target: the parser of arXiv's RSS announcement feed on any bytes, and the date and
// text helpers it uses, on the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sources/arxiv_feed.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view xml(reinterpret_cast<const char*>(data), size);
    const digest::ArxivFeed feed = digest::parse_arxiv_rss(xml, "fuzz.xml", "arxiv-cs.sd");
    feed.failed();
    feed.error_message();
    if (size <= 4096) {
        digest::date_from_rfc822(xml);
        digest::collapse_whitespace(xml);
        digest::repair_double_utf8(std::string(xml));
        digest::is_arxiv_category_code(xml);
    }
    return 0;
}
