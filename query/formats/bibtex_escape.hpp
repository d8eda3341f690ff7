// The BibTeX escaper: text made safe for a BibTeX field and LaTeX. A unit of its own, with
// tests of hostile strings (tests/unit/test_escape.cpp).
#pragma once

#include <string>
#include <string_view>

namespace digest {

// Specials outside math are escaped, $...$ math and existing escapes (\%, \$, \&, ...) are
// kept, braces are balanced, numeric HTML entities are decoded. Non-ASCII UTF-8 is kept.
std::string escape_bibtex_text(std::string_view text);

// Verbatim fields (url, doi) are not LaTeX, but BibTeX still counts their braces: braces,
// backslashes and blanks are percent-encoded.
std::string bibtex_verbatim(std::string_view text);

// Position of the next unescaped `delim` at or after `from`, or npos.
std::size_t find_unescaped(std::string_view s, std::string_view delim, std::size_t from);

}  // namespace digest
