// The one text normaliser, used by the indexer and the query side alike: Unicode NFKC, case
// folding and removal of diacritics, including letters that do not decompose (ı ø ł đ ß æ).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace digest {

// Folded form of `text` for indexing and querying: "Işık" -> "isik", "Ｍüller" -> "muller",
// "ＧＡＮ" -> "gan". CJK ideographs, kana and hangul pass through unchanged. Invalid UTF-8
// becomes U+FFFD. Never use the result for display.
std::string fold(std::string_view text);
void fold_append(std::string_view text, std::string& out);

// Folding a few letters (ı ø ł, curly quotes) needs ICU's transliterator, whose registry
// takes ~40 ms to load. The indexer keeps every such fold it made in the database
// (take_transliterations); the query side looks them up there (UseStoredFolds) and loads
// ICU's registry only for a text the indexer never saw. Same results either way.
using StoredFolds = std::unordered_map<std::string, std::string>;  // run -> folded
// While it lives, folding on this thread looks runs up in `folds` first.
class UseStoredFolds {
  public:
    explicit UseStoredFolds(const StoredFolds* folds);
    ~UseStoredFolds();
    UseStoredFolds(const UseStoredFolds&) = delete;
    UseStoredFolds& operator=(const UseStoredFolds&) = delete;

  private:
    const StoredFolds* previous_;
};
// The (run, folded) pairs this process transliterated since the last call.
std::vector<std::pair<std::string, std::string>> take_transliterations();

// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

// Offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view text);

// True when the text holds a CJK ideograph, kana or hangul syllable.
bool contains_cjk(std::string_view text);
bool is_cjk_codepoint(char32_t c);

// Decodes one UTF-8 code point at text[i]; advances i. Returns U+FFFD on bad input.
char32_t next_codepoint(std::string_view text, std::size_t& i);
void append_utf8(std::string& out, char32_t c);

}  // namespace digest
