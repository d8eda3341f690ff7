#include "text/display_width.hpp"

#include <unicode/uchar.h>

#include "text/text_normalizer.hpp"

namespace digest {

int column_width(char32_t c) {
    const UChar32 u = static_cast<UChar32>(c);
    // Zero width: combining marks, format characters (zero-width space and joiners, bidi
    // controls) and the variation selectors; a Hangul syllable's trailing jamo join the one
    // before.
    const auto category = u_charType(u);
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK ||
        category == U_FORMAT_CHAR || (c >= 0x1160 && c <= 0x11FF))
        return 0;
    const auto eaw = static_cast<UEastAsianWidth>(u_getIntPropertyValue(u, UCHAR_EAST_ASIAN_WIDTH));
    return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH ? 2 : 1;
}

std::size_t display_width(std::string_view text, std::size_t max_codepoints) {
    std::size_t i = 0, width = 0;
    for (std::size_t k = 0; k < max_codepoints && i < text.size(); ++k)
        width += static_cast<std::size_t>(column_width(next_codepoint(text, i)));
    return width;
}

}  // namespace digest
