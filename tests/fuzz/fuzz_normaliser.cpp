// Fuzz target: the text normaliser (fold) and author names (parse, readings, index key and
// its inverse) on any bytes. fold promises valid UTF-8 whatever it is given.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "names/author_name.hpp"
#include "text/text_normalizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string folded = digest::fold(text);
    if (digest::find_invalid_utf8(folded) != std::string::npos) std::abort();
    // The indexer takes the transliterations it made after each batch; so does this, or they
    // pile up for the whole run.
    digest::take_transliterations();
    digest::contains_cjk(text);

    const digest::AuthorName name = digest::parse_author_name(text);
    name.initials_only();
    name.full_key();
    const std::string key = name.index_key();
    digest::name_of_index_key(key);
    digest::name_of_index_key(text);
    for (const auto& reading : digest::author_name_readings(text))
        digest::given_names_fit(reading.given, name.given);
    return 0;
}
