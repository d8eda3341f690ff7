// Measures ranking quality on the real corpus, to choose the field weights and BM25 parameters
// (README, "Ranking"). For each configuration it builds an index of a fixed random sample of
// papers and runs four query sets drawn from the same sample with a fixed seed:
//   title     known-item search: three content words of a paper's title -> that paper
//   abstract  known-item search: three rarer words of the abstract, none from the title
//   phrase    25 terms of art ("speech enhancement"): the share of the top ten that hold the
//             words in a row
//   prefer    one title word: how often a paper with the word only in its abstract is ranked
//             above one with the word in its title, among the top 20
// Usage: eval_ranking CORPUS_DIR [--papers N] [--queries N] [--seed S] [--jobs J]
//                     [--config title=4,author=2,summary=1,comments=1,b=0.5,k1=1.2,pairs=2]...
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "corpus_papers.hpp"
#include "digest/digest_parser.hpp"
#include "fields/field_table.hpp"
#include "search/query_session.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"
#include "writing/paper_writer.hpp"

namespace fs = std::filesystem;
using namespace digest;

namespace {

struct Config {
    FieldWeights weights = table_weights();
    RankingParameters ranking;
    std::string label() const {
        std::ostringstream o;
        o << "title=" << weights[size_t(FieldId::Title)]
          << " author=" << weights[size_t(FieldId::Author)]
          << " abstract=" << weights[size_t(FieldId::Abstract)]
          << " summary=" << weights[size_t(FieldId::Summary)]
          << " comments=" << weights[size_t(FieldId::Comments)] << " k1=" << ranking.k1
          << " b=" << ranking.b << " pairs=" << ranking.pairs;
        return o.str();
    }
};

Config parse_config(const std::string& spec) {
    Config c;
    std::istringstream in(spec);
    std::string kv;
    while (std::getline(in, kv, ',')) {
        auto eq = kv.find('=');
        if (eq == std::string::npos) throw std::runtime_error("bad --config item: " + kv);
        std::string k = kv.substr(0, eq);
        double v = std::stod(kv.substr(eq + 1));
        if (k == "title")
            c.weights[size_t(FieldId::Title)] = unsigned(v);
        else if (k == "author")
            c.weights[size_t(FieldId::Author)] = unsigned(v);
        else if (k == "abstract")
            c.weights[size_t(FieldId::Abstract)] = unsigned(v);
        else if (k == "summary")
            c.weights[size_t(FieldId::Summary)] = unsigned(v);
        else if (k == "comments")
            c.weights[size_t(FieldId::Comments)] = unsigned(v);
        else if (k == "b")
            c.ranking.b = v;
        else if (k == "k1")
            c.ranking.k1 = v;
        else if (k == "pairs")
            c.ranking.pairs = v;
        else
            throw std::runtime_error("unknown --config key: " + k);
    }
    return c;
}

const std::set<std::string> kStop{
    "the",    "and",   "for",     "with",  "from",    "that",    "this",   "are",     "via",
    "using",  "based", "towards", "into",  "over",    "under",   "their",  "than",    "what",
    "when",   "where", "which",   "while", "through", "between", "beyond", "without", "within",
    "across", "can",   "not",     "more",  "less",    "how",     "its",    "our",     "these",
    "those",  "such",  "also",    "both",  "each",    "other",   "only",   "very",    "well"};

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::string folded = fold(text), cur;
    for (char c : folded) {
        if (c >= 'a' && c <= 'z') {
            cur += c;
        } else {
            if (cur.size() >= 4 && !kStop.count(cur)) out.push_back(cur);
            cur.clear();
        }
    }
    if (cur.size() >= 4 && !kStop.count(cur)) out.push_back(cur);
    return out;
}

// Terms of art as people type them: a good result holds the words in a row.
const std::vector<std::string> kTermsOfArt{
    "speaker verification",   "flow matching",          "sound event detection",
    "speech enhancement",     "emotion recognition",    "retrieval augmented generation",
    "vision language action", "language model",         "reinforcement learning",
    "speech recognition",     "neural network",         "object detection",
    "graph neural network",   "music generation",       "voice conversion",
    "source separation",      "knowledge distillation", "machine translation",
    "question answering",     "image generation",       "world model",
    "motion planning",        "audio generation",       "large language model",
    "video generation"};

// Whether `text` holds the words of `phrase` in a row (folded, punctuation as spaces).
bool holds_in_a_row(const std::string& text, const std::string& phrase) {
    std::string t = " ";
    for (char c : fold(text)) t += std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
    t += ' ';
    std::string squeezed;
    for (char c : t)
        if (!(c == ' ' && !squeezed.empty() && squeezed.back() == ' ')) squeezed += c;
    return squeezed.find(" " + phrase + " ") != std::string::npos;
}

struct Query {
    std::string text;
    std::string target;  // id, or empty for preference queries
    std::string word;    // preference queries: the stem looked for in titles
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: eval_ranking CORPUS_DIR [--papers N] [--queries N] [--seed S] "
                     "[--jobs J] [--config k=v,...]...\n";
        return 2;
    }
    fs::path corpus = argv[1];
    std::size_t n_papers = 15000, n_queries = 300;
    unsigned seed = 20251230, jobs = std::max(1u, std::thread::hardware_concurrency());
    std::vector<Config> configs;
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string a = argv[i], v = argv[i + 1];
        if (a == "--papers")
            n_papers = std::stoul(v);
        else if (a == "--queries")
            n_queries = std::stoul(v);
        else if (a == "--seed")
            seed = unsigned(std::stoul(v));
        else if (a == "--jobs")
            jobs = unsigned(std::stoul(v));
        else if (a == "--config")
            configs.push_back(parse_config(v));
        else {
            std::cerr << "unknown option " << a << "\n";
            return 2;
        }
    }
    if (configs.empty()) configs.push_back(Config{});

    // The papers of the corpus, merged as digest-index merges them.
    std::vector<Paper> all = read_corpus_papers(corpus);
    std::mt19937 rng(seed);
    std::shuffle(all.begin(), all.end(), rng);
    if (all.size() > n_papers) all.resize(n_papers);

    // Document frequencies of title/abstract words in the sample.
    std::unordered_map<std::string, int> df;
    for (const auto& p : all) {
        std::set<std::string> seen;
        for (auto& w : words_of(p.title + " " + p.abstract)) seen.insert(w);
        for (auto& w : seen) ++df[w];
    }
    Xapian::Stem stem = make_stemmer();
    std::vector<Query> title_q, abstract_q, prefer_q;
    std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
    for (std::size_t k = 0; title_q.size() < n_queries && k < n_queries * 10; ++k) {
        const Paper& p = all[pick(rng)];
        auto tw = words_of(p.title);
        if (tw.size() >= 3) {
            std::vector<std::size_t> idx(tw.size());
            for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
            std::shuffle(idx.begin(), idx.end(), rng);
            idx.resize(3);
            std::sort(idx.begin(), idx.end());
            title_q.push_back({tw[idx[0]] + " " + tw[idx[1]] + " " + tw[idx[2]], p.id, {}});
        }
    }
    for (std::size_t k = 0; abstract_q.size() < n_queries && k < n_queries * 10; ++k) {
        const Paper& p = all[pick(rng)];
        std::set<std::string> in_title;
        for (auto& w : words_of(p.title)) in_title.insert(w);
        std::vector<std::string> cands;
        std::set<std::string> seen;
        for (auto& w : words_of(p.abstract))
            if (!in_title.count(w) && df[w] >= 3 && df[w] <= 300 && seen.insert(w).second)
                cands.push_back(w);
        if (cands.size() < 3) continue;
        std::shuffle(cands.begin(), cands.end(), rng);
        abstract_q.push_back({cands[0] + " " + cands[1] + " " + cands[2], p.id, {}});
    }
    for (std::size_t k = 0; prefer_q.size() < n_queries / 2 && k < n_queries * 10; ++k) {
        const Paper& p = all[pick(rng)];
        auto tw = words_of(p.title);
        if (tw.empty()) continue;
        const std::string& w =
            tw[std::uniform_int_distribution<std::size_t>(0, tw.size() - 1)(rng)];
        if (df[w] < 30 || df[w] > 1500) continue;
        prefer_q.push_back({w, {}, stem(w)});
    }
    std::cerr << all.size() << " papers; " << title_q.size() << " title, " << abstract_q.size()
              << " abstract, " << prefer_q.size() << " preference queries\n";

    std::printf("%-79s %8s %8s %8s %8s %9s %9s\n", "configuration", "MRR-ti", "MRR-abs", "MRR-mean",
                "S@1-mean", "prefer-viol", "phrase-P10");
    std::atomic<bool> stop{false};
    for (const auto& cfg : configs) {
        fs::path dir = fs::temp_directory_path() / ("eval-ranking-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        std::vector<Paper> papers = all;
        Progress quiet(false);
        build_database(papers, dir.string(), jobs, quiet, stop, cfg.weights);
        QuerySession searcher{Xapian::Database(dir.string())};
        searcher.set_ranking(cfg.ranking);
        SearchRequest opt;
        opt.limit = 10;
        opt.snippets = false;
        auto search = [&](const std::string& text, SearchRequest request) {
            request.query = text;
            return searcher.search(request);
        };
        auto known_item = [&](const std::vector<Query>& qs, double& s1) {
            double rr = 0;
            s1 = 0;
            for (const auto& q : qs) {
                auto r = search(q.text, opt);
                for (const auto& h : r.hits)
                    if (h.paper.id == q.target) {
                        rr += 1.0 / h.rank;
                        if (h.rank == 1) s1 += 1;
                        break;
                    }
            }
            s1 /= qs.size();
            return rr / qs.size();
        };
        double s1_t, s1_a;
        double mrr_t = known_item(title_q, s1_t), mrr_a = known_item(abstract_q, s1_a);
        // Preference: pairs (i above j) where j has the word in its title and i does not.
        SearchRequest top20 = opt;
        top20.limit = 20;
        std::size_t violations = 0, pairs = 0;
        for (const auto& q : prefer_q) {
            auto r = search(q.text, top20);
            std::vector<bool> in_title;
            for (const auto& h : r.hits) {
                bool t = false;
                for (auto& w : words_of(h.paper.title)) t = t || stem(w) == q.word;
                in_title.push_back(t);
            }
            for (std::size_t i = 0; i < in_title.size(); ++i)
                for (std::size_t j = i + 1; j < in_title.size(); ++j)
                    if (in_title[i] != in_title[j]) {
                        ++pairs;
                        if (in_title[j]) ++violations;
                    }
        }
        // Terms of art: the share of the top ten that hold the words in a row.
        std::size_t in_a_row = 0, shown = 0;
        for (const auto& t : kTermsOfArt)
            for (const auto& h : search(t, opt).hits) {
                ++shown;
                in_a_row += holds_in_a_row(h.paper.title + " " + h.paper.abstract, t);
            }
        std::printf("%-79s %8.4f %8.4f %8.4f %8.4f %9.4f %9.4f\n", cfg.label().c_str(), mrr_t,
                    mrr_a, (mrr_t + mrr_a) / 2, (s1_t + s1_a) / 2,
                    pairs ? double(violations) / pairs : 0.0,
                    shown ? double(in_a_row) / shown : 0.0);
        std::fflush(stdout);
        fs::remove_all(dir);
    }
    return 0;
}
