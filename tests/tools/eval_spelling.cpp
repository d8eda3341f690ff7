// Measures "did you mean" on the real corpus (README, "Spelling suggestions"). Builds the
// corpus database twice, without and with the spelling table (build time, size on disk), then
// runs typo queries made with a fixed seed: a word of titles and abstracts (in 5 papers or
// more, 5 letters or more) with one random edit (a letter inserted, deleted, replaced, or two
// neighbours swapped) that is no word of the table itself. Reports the share of suggestions
// that restore the word, and the search time of a typo query (which then looks for a
// correction) against the same query on the database without the table and against the word
// itself. Build times are the best of `--rounds` builds of each kind, alternating, in wall time
// and in the process's processor time (which other work on the machine disturbs less);
// `--papers N` builds a sample of the corpus (the typo queries then come from it).
// Usage: eval_spelling CORPUS_DIR [--queries N] [--seed S] [--jobs J] [--rounds R] [--papers N]
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <set>
#include <unordered_map>

#include "corpus_papers.hpp"
#include "digest/digest_parser.hpp"
#include "search/query_session.hpp"
#include "writing/paper_writer.hpp"

namespace fs = std::filesystem;
using namespace digest;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Processor time of the process (every thread), user and system, in seconds.
double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::uintmax_t size_of(const fs::path& dir) {
    std::uintmax_t total = 0;
    for (auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) total += e.file_size();
    return total;
}

bool in_table(const Xapian::Database& db, const std::string& w) {
    auto it = db.spellings_begin();
    it.skip_to(w);
    return it != db.spellings_end() && *it == w;
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: eval_spelling CORPUS_DIR [--queries N] [--seed S] [--jobs J]\n";
        return 2;
    }
    const fs::path corpus = argv[1];
    std::size_t n_queries = 300;
    unsigned seed = 12, jobs = 1, rounds = 1;
    std::size_t n_papers = 0;  // 0: every paper
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string opt = argv[i];
        if (opt == "--queries") n_queries = std::stoul(argv[i + 1]);
        if (opt == "--seed") seed = static_cast<unsigned>(std::stoul(argv[i + 1]));
        if (opt == "--jobs") jobs = static_cast<unsigned>(std::stoul(argv[i + 1]));
        if (opt == "--rounds") rounds = static_cast<unsigned>(std::stoul(argv[i + 1]));
        if (opt == "--papers") n_papers = std::stoul(argv[i + 1]);
    }

    // The papers of the corpus, merged as digest-index merges them.
    std::vector<Paper> all = read_corpus_papers(corpus);
    if (n_papers && n_papers < all.size()) {
        std::mt19937 pick(seed);
        std::shuffle(all.begin(), all.end(), pick);
        all.resize(n_papers);
    }
    std::cerr << all.size() << " papers\n";

    // The two builds, one after the other on the same machine.
    const fs::path base =
        fs::temp_directory_path() / ("eval-spelling-" + std::to_string(::getpid()));
    const fs::path without = base / "without", with = base / "with";
    fs::create_directories(base);
    std::atomic<bool> stop{false};
    Progress quiet(false);
    double build_s[2] = {1e9, 1e9}, build_cpu[2] = {1e9, 1e9};
    for (unsigned round = 0; round < std::max(1u, rounds); ++round)
        for (int spelling = 0; spelling < 2; ++spelling) {
            std::vector<Paper> papers = all;
            fs::remove_all(spelling ? with : without);
            const auto start = Clock::now();
            const double cpu = cpu_seconds();
            build_database(papers, (spelling ? with : without).string(), jobs, quiet, stop,
                           table_weights(), spelling == 1);
            build_s[spelling] = std::min(build_s[spelling], seconds_since(start));
            build_cpu[spelling] = std::min(build_cpu[spelling], cpu_seconds() - cpu);
        }
    const std::uintmax_t size_without = size_of(without), size_with = size_of(with);
    const std::uintmax_t table = fs::file_size(with / "spelling.glass");

    // The typos.
    Xapian::Database db(with.string());
    std::vector<std::string> vocabulary;
    std::size_t table_words = 0;
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        ++table_words;
        const std::string w = *it;
        if (it.get_termfreq() >= 5 && w.size() >= 5 &&
            std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
            vocabulary.push_back(w);
    }
    std::mt19937 rng(seed);
    auto below = [&](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    struct Typo {
        std::string word, typo;
    };
    std::vector<Typo> typos;
    std::set<std::string> used;
    while (typos.size() < n_queries && used.size() < vocabulary.size()) {
        const std::string& w = vocabulary[below(vocabulary.size())];
        if (!used.insert(w).second) continue;
        std::string t = w;
        const char letter = static_cast<char>('a' + below(26));
        switch (below(4)) {
            case 0:
                t.insert(t.begin() + static_cast<long>(below(t.size() + 1)), letter);
                break;
            case 1:
                t.erase(t.begin() + static_cast<long>(below(t.size())));
                break;
            case 2:
                t[below(t.size())] = letter;
                break;
            default: {
                const std::size_t i = below(t.size() - 1);
                std::swap(t[i], t[i + 1]);
            }
        }
        if (t == w || in_table(db, t)) continue;  // a real word is no typo
        typos.push_back({w, t});
    }

    QuerySession with_session{Xapian::Database(with.string())};
    QuerySession without_session{Xapian::Database(without.string())};
    std::size_t restored = 0, other = 0, none = 0, found = 0;
    std::vector<double> t_typo, t_typo_without, t_word;
    auto timed = [](QuerySession& s, const std::string& q, std::vector<double>& times) {
        SearchRequest r;
        r.query = q;
        r.relax = true;  // as the formats people read
        const auto start = Clock::now();
        SearchResult result = s.search(r);
        times.push_back(seconds_since(start) * 1000);
        return result;
    };
    for (const auto& t : typos) {
        const SearchResult r = timed(with_session, t.typo, t_typo);
        timed(without_session, t.typo, t_typo_without);
        timed(with_session, t.word, t_word);
        if (r.total > 0 && !r.relaxed && r.suggestion.empty())
            ++found;  // the typo finds papers (its stem, or another field has it): no correction
        else if (r.suggestion == t.word)
            ++restored;
        else if (!r.suggestion.empty())
            ++other;
        else
            ++none;
        if (r.suggestion != t.word)
            std::cerr << "  " << t.typo << " (" << t.word
                      << "): " << (r.suggestion.empty() ? "-" : r.suggestion) << "\n";
    }
    fs::remove_all(base);

    const double n = static_cast<double>(std::max<std::size_t>(1, typos.size()));
    std::printf("papers                      %zu\n", all.size());
    std::printf("spelling table words        %zu\n", table_words);
    std::printf("build (-j%u, best of %u)     %.1f s without the table, %.1f s with (%+.0f%%)\n",
                jobs, std::max(1u, rounds), build_s[0], build_s[1],
                100 * (build_s[1] / build_s[0] - 1));
    std::printf("build processor time        %.1f s without the table, %.1f s with (%+.0f%%)\n",
                build_cpu[0], build_cpu[1], 100 * (build_cpu[1] / build_cpu[0] - 1));
    std::printf("size                        %.1f MB without, %.1f MB with (+%.1f MB, %.1f%%)\n",
                size_without / 1e6, size_with / 1e6, (size_with - size_without) / 1e6,
                100.0 * (static_cast<double>(size_with) / size_without - 1));
    std::printf("spelling.glass              %.1f MB\n", table / 1e6);
    std::printf("typo queries (seed %u)      %zu from %zu words (>= 5 papers, >= 5 letters)\n",
                seed, typos.size(), vocabulary.size());
    std::printf("restored                    %zu (%.1f%%)\n", restored, 100 * restored / n);
    std::printf("another word suggested      %zu (%.1f%%)\n", other, 100 * other / n);
    std::printf("no suggestion               %zu (%.1f%%)\n", none, 100 * none / n);
    std::printf(
        "typo found papers itself    %zu (%.1f%%): nothing to correct; restored among the "
        "rest %.1f%%\n",
        found, 100 * found / n,
        100.0 * static_cast<double>(restored) /
            static_cast<double>(std::max<std::size_t>(1, typos.size() - found)));
    std::printf(
        "median search time          typo %.2f ms (without the table %.2f ms); "
        "the word itself %.2f ms\n",
        median(t_typo), median(t_typo_without), median(t_word));
    return 0;
}
