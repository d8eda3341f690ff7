// How many terminal columns text takes: East Asian wide and fullwidth characters two,
// combining marks and other zero-width characters none, everything else one. From ICU's
// Unicode data (the East Asian Width property), not from a hand-written list of ranges.
#pragma once

#include <cstddef>
#include <string_view>

namespace digest {

// Columns of one code point: 0, 1 or 2.
int column_width(char32_t c);

// Columns of the first `max_codepoints` code points of UTF-8 `text` (all of them by default).
std::size_t display_width(std::string_view text,
                          std::size_t max_codepoints = std::string_view::npos);

}  // namespace digest
