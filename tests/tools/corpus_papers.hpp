// The papers of a folder of digests, merged as digest-index merges them (merge_paper), sorted
// by id: what the measuring tools (eval_ranking, eval_spelling) index their samples from.
#pragma once

#include <filesystem>
#include <vector>

#include "fields/paper.hpp"

namespace digest {

std::vector<Paper> read_corpus_papers(const std::filesystem::path& corpus);

}  // namespace digest
