#include "search/snippet.hpp"

#include <algorithm>

#include "fields/field_table.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

struct Token {
    std::size_t begin, end;  // byte offsets in the text
    std::size_t cp_begin;    // code point offset
    bool cjk;
    std::string key;  // folded and stemmed word, or the CJK character
    bool match = false;
};

bool is_word_codepoint(char32_t c) {
    if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
    if (is_cjk_codepoint(c)) return false;
    // Letters of other scripts and accented Latin: anything above the general punctuation,
    // symbol and CJK punctuation blocks counts as part of a word.
    return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
           !(c >= 0xFF00 && c <= 0xFF0F) && !(c >= 0xFF1A && c <= 0xFF20) && c != 0xFFFD &&
           c != 0x00A0 && !(c >= 0x00A1 && c <= 0x00BF) && c != 0x00D7 && c != 0x00F7;
}

std::vector<Token> tokenize(std::string_view text, const Xapian::Stem& stemmer) {
    std::vector<Token> out;
    std::size_t i = 0, cp = 0;
    while (i < text.size()) {
        std::size_t start = i, start_cp = cp;
        char32_t c = next_codepoint(text, i);
        ++cp;
        if (is_cjk_codepoint(c)) {
            out.push_back({start, i, start_cp, true, std::string(text.substr(start, i - start))});
            continue;
        }
        if (!is_word_codepoint(c)) continue;
        while (i < text.size()) {
            std::size_t j = i;
            char32_t d = next_codepoint(text, j);
            if (!is_word_codepoint(d)) break;
            i = j;
            ++cp;
        }
        std::string word = fold(text.substr(start, i - start));
        out.push_back({start, i, start_cp, false, stemmer(word)});
    }
    return out;
}

// Terms of one field, prefix stripped ("" is the abstract: terms that start lower case).
std::set<std::string> terms_of(const std::set<std::string>& terms, std::string_view prefix) {
    std::set<std::string> out;
    for (const auto& t : terms) {
        if (prefix.empty()) {
            if (!t.empty() && !(t[0] >= 'A' && t[0] <= 'Z')) out.insert(t);
        } else if (t.size() > prefix.size() && t.compare(0, prefix.size(), prefix) == 0 &&
                   !(t[prefix.size()] >= 'A' && t[prefix.size()] <= 'Z')) {
            out.insert(t.substr(prefix.size()));
        }
    }
    return out;
}

// Marks matched tokens; returns how many distinct keys matched.
void mark(std::vector<Token>& toks, const std::set<std::string>& keys) {
    // Chinese: a character is marked when the query holds it, and, for a query of two or more
    // characters, when it forms one of the query's bigrams with a neighbour; so a phrase is
    // marked as one run and stray single characters are not.
    bool any_bigram = std::any_of(keys.begin(), keys.end(), [](const std::string& k) {
        std::size_t i = 0, n = 0;
        while (i < k.size()) {
            if (!is_cjk_codepoint(next_codepoint(k, i))) return false;
            ++n;
        }
        return n == 2;
    });
    for (std::size_t k = 0; k < toks.size(); ++k) {
        Token& t = toks[k];
        if (!keys.count(t.key)) continue;
        if (!t.cjk || !any_bigram) {
            t.match = true;
            continue;
        }
        auto adjacent = [&](std::size_t a, std::size_t b) {
            return toks[a].cjk && toks[b].cjk && toks[a].end == toks[b].begin &&
                   keys.count(toks[a].key + toks[b].key);
        };
        t.match = (k > 0 && adjacent(k - 1, k)) || (k + 1 < toks.size() && adjacent(k, k + 1));
    }
}

std::vector<SnippetSpan> render(std::string_view text, const std::vector<Token>& toks,
                                std::size_t first, std::size_t last, bool cut_start, bool cut_end) {
    std::vector<SnippetSpan> spans;
    auto add = [&](std::string_view s, bool match) {
        if (s.empty()) return;
        if (!spans.empty() && spans.back().match == match)
            spans.back().text += s;
        else
            spans.push_back({std::string(s), match});
    };
    if (cut_start) add("…", false);
    std::size_t pos = toks[first].begin;
    for (std::size_t k = first; k <= last; ++k) {
        add(text.substr(pos, toks[k].begin - pos), false);
        // Adjacent matched CJK characters join into one span by add()'s merging; a space or
        // punctuation between two matched words stays unmarked.
        add(text.substr(toks[k].begin, toks[k].end - toks[k].begin), toks[k].match);
        pos = toks[k].end;
    }
    // Keep closing punctuation right after the last word.
    std::size_t tail = pos;
    while (tail < text.size() && tail - pos < 4 &&
           std::ispunct(static_cast<unsigned char>(text[tail])))
        ++tail;
    add(text.substr(pos, tail - pos), false);
    if (cut_end) add("…", false);
    return spans;
}

std::vector<SnippetSpan> best_window(std::string_view text, std::vector<Token>& toks,
                                     std::size_t budget) {
    if (toks.empty()) return {};
    // Window: the stretch of at most `budget` code points with the most distinct matches,
    // starting a few words before its first match.
    std::size_t best_first = 0, best_score = 0;
    for (std::size_t k = 0; k < toks.size(); ++k) {
        if (!toks[k].match) continue;
        std::size_t first = k >= 6 ? k - 6 : 0;
        std::set<std::string> seen;
        for (std::size_t j = first; j < toks.size(); ++j) {
            if (toks[j].cp_begin - toks[first].cp_begin > budget) break;
            if (toks[j].match) seen.insert(toks[j].key);
        }
        if (seen.size() > best_score) {
            best_score = seen.size();
            best_first = first;
        }
    }
    std::size_t last = best_first;
    while (last + 1 < toks.size() && toks[last + 1].cp_begin - toks[best_first].cp_begin <= budget)
        ++last;
    return render(text, toks, best_first, last, best_first > 0, last + 1 < toks.size());
}

}  // namespace

SnippetMaker::SnippetMaker() : stemmer_(make_stemmer()) {}

std::vector<SnippetSpan> SnippetMaker::make(const Paper& paper,
                                            const std::set<std::string>& matched_terms,
                                            std::size_t max_codepoints, const ListingText** earlier,
                                            std::string* earlier_field) {
    auto abstract_terms = terms_of(matched_terms, field(FieldId::Abstract).prefix);
    auto summary_terms = terms_of(matched_terms, field(FieldId::Summary).prefix);
    auto title_terms = terms_of(matched_terms, field(FieldId::Title).prefix);

    auto try_text = [&](std::string_view text, const std::set<std::string>& keys,
                        std::size_t budget) -> std::vector<SnippetSpan> {
        if (text.empty() || keys.empty()) return {};
        auto toks = tokenize(text, stemmer_);
        mark(toks, keys);
        if (std::none_of(toks.begin(), toks.end(), [](const Token& t) { return t.match; }))
            return {};
        return best_window(text, toks, budget);
    };
    // Chinese text is denser: fewer characters say as much.
    std::size_t zh_budget = max_codepoints * 2 / 5;
    bool cjk_query = std::any_of(summary_terms.begin(), summary_terms.end(),
                                 [](const std::string& t) { return contains_cjk(t); });
    if (cjk_query) {
        if (auto s = try_text(paper.summary, summary_terms, zh_budget); !s.empty()) return s;
    }
    // Title words are also abstract words often enough: mark them in the abstract too.
    std::set<std::string> english = abstract_terms;
    english.insert(title_terms.begin(), title_terms.end());
    if (auto s = try_text(paper.abstract, english, max_codepoints); !s.empty()) return s;
    if (auto s = try_text(paper.summary, summary_terms, zh_budget); !s.empty()) return s;
    // The words are in a text an earlier listing gave (a v1 title, last month's summary).
    auto comment_terms = terms_of(matched_terms, field(FieldId::Comments).prefix);
    for (const ListingText* t : paper.earlier_texts()) {
        struct Candidate {
            const std::string& text;
            const std::string& own;  // the paper's own text of the field
            const std::set<std::string>& keys;
            std::size_t budget;
            const char* field;
        };
        const Candidate candidates[] = {
            {t->summary, paper.summary, summary_terms, zh_budget, "summary"},
            {t->abstract, paper.abstract, english, max_codepoints, "abstract"},
            {t->title, paper.title, title_terms, max_codepoints, "title"},
            {t->comments, paper.comments, comment_terms, max_codepoints, "comments"}};
        for (const auto& c : candidates) {
            if (c.text.empty() || c.text == c.own) continue;
            if (auto s = try_text(c.text, c.keys, c.budget); !s.empty()) {
                if (earlier) *earlier = t;
                if (earlier_field) *earlier_field = c.field;
                return s;
            }
        }
    }
    // Nothing to mark (an author or category match): the start of the abstract.
    auto toks = tokenize(paper.abstract, stemmer_);
    if (toks.empty()) return {};
    std::size_t last = 0;
    while (last + 1 < toks.size() && toks[last + 1].cp_begin <= max_codepoints) ++last;
    return render(paper.abstract, toks, 0, last, false, last + 1 < toks.size());
}

}  // namespace digest
