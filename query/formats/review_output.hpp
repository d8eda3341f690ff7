// The files of a review (search/review.hpp), written into a folder, each whole or not at all:
// report.md (the papers in the digest format itself), report.html (self-contained),
// trend.svg, refs.bib, papers.csv and review.json (everything, for scripts and for the next
// review of the plan).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "search/review.hpp"

namespace digest {

// The file names written, in the order written.
std::vector<std::string> write_review(const std::filesystem::path& dir, ReviewResult& review);

}  // namespace digest
