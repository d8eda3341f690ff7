#include "corpus_papers.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <unordered_map>

#include "digest/digest_parser.hpp"

namespace digest {

std::vector<Paper> read_corpus_papers(const std::filesystem::path& corpus) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (auto& e : fs::recursive_directory_iterator(corpus))
        if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::unordered_map<std::string, Paper> by_id;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        DigestSource src{f.string(), date_from_path(f.string()), topic_from_path(f.string())};
        for (auto& e : parse_digest(content, src).entries) merge_paper(by_id[e.id], e);
    }
    std::vector<Paper> all;
    for (auto& [id, p] : by_id) all.push_back(std::move(p));
    std::sort(all.begin(), all.end(), [](const Paper& a, const Paper& b) { return a.id < b.id; });
    return all;
}

}  // namespace digest
