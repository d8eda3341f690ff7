// The writer of the digest format: a paper as an entry that digest-index reads back (the
// round trip is tested in tests/unit/test_digest_format.cpp). Labels and layout come from
// digest_format.hpp, which the reader uses too.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "fields/paper.hpp"

namespace digest {

// `# 检索 QUERY (N 篇, FIRST–LAST)`: the heading of a digest of search results; without a
// range when `shown` is 0.
void write_digest_header(std::ostream& out, std::string_view query, std::size_t total,
                         std::size_t first, std::size_t shown);

// One entry (`#### [new 001] ...` to `---`); `number` is its NNN.
void write_digest_entry(std::ostream& out, const Paper& paper, int number);

// Text for a one-line slot (a heading, a `> **摘要:**` line): line breaks and tabs become
// single spaces, since a raw newline there would end the field or start a new one.
std::string one_line(std::string_view text);

}  // namespace digest
