// Fuzz target: the digest Markdown parser on any bytes, then the helpers that read paths
// and links from the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "digest/digest_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // An undated digest without a topic takes both from its own text (header title).
    digest::parse_digest(text, {"fuzz.md", "", ""});
    digest::parse_digest(text, {"fuzz.md", "2025-12-30", "audio"});
    if (size <= 4096) {
        digest::date_from_path(text);
        digest::topic_from_path(text);
        digest::topic_from_title(text);
        digest::normalise_date(text);
        digest::arxiv_id_from_link(text);
    }
    return 0;
}
