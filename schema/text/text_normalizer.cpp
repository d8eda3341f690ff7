#include "text/text_normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/error.hpp"

namespace digest {

namespace {

// Code points that NFKC, case folding and diacritic removal leave alone and that dominate the
// Chinese summaries: copied through without calling ICU.
bool passes_through(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) ||    // CJK unified ideographs
           (c >= 0x3400 && c <= 0x4DBF) ||    // extension A
           (c >= 0x20000 && c <= 0x2EBEF) ||  // extensions B-F
           (c >= 0x30000 && c <= 0x3134F) ||  // extension G
           (c >= 0x3041 && c <= 0x3096) ||    // hiragana
           (c >= 0x30A1 && c <= 0x30FA) ||    // katakana
           (c >= 0xAC00 && c <= 0xD7A3) ||    // hangul syllables
           c == 0x3001 || c == 0x3002 ||      // 、。
           (c >= 0x300C && c <= 0x3011);      // 「」『』【】
}

// ICU does the real work for everything else: NFKD splits letters from their accents, only
// the combining diacritical marks are removed (not, say, the kana voicing marks), Latin-ASCII
// maps the letters that do not decompose (ı ø ł đ ß æ œ þ) and Latin punctuation (“ ” –),
// and NFKC_Casefold recomposes and folds case.
constexpr const char* kTransform =
    "NFKD; [[:Mn:]&[\\u0300-\\u036F\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE20-\\uFE2F]] "
    "Remove; Latin-ASCII";

thread_local const StoredFolds* t_stored_folds = nullptr;
std::mutex g_new_mutex;
std::vector<std::pair<std::string, std::string>> g_new;

bool is_removed_mark(UChar32 c) {
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F);
}

// Code points that Latin-ASCII may still change after NFKD, mark removal and case folding:
// Latin letters without a decomposition, Latin-1 symbols, general punctuation.
bool needs_transliteration(const icu::UnicodeString& s) {
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
        UChar32 c = s.char32At(i);
        if ((c >= 0x80 && c < 0x0370) || (c >= 0x1E00 && c <= 0x1EFF) ||
            (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
            (c >= 0xA720 && c <= 0xA7FF))
            return true;
    }
    return false;
}

// Building a transliterator means loading ICU's transliterator registry, about 40 ms; it is
// built once per process, only when a text needs it, and cloned for each thread (ICU
// transliterators are not safe to share). digest-query never builds it for an ASCII,
// Chinese or plainly accented query ("Müller" needs only the normalisers).
const icu::Transliterator& transliterator_prototype() {
    static std::unique_ptr<icu::Transliterator> prototype;
    static std::once_flag once;
    std::call_once(once, [] {
        UErrorCode status = U_ZERO_ERROR;
        UParseError perr;
        prototype.reset(icu::Transliterator::createInstance(
            icu::UnicodeString::fromUTF8(kTransform), UTRANS_FORWARD, perr, status));
        if (U_FAILURE(status)) prototype.reset();
    });
    if (!prototype)
        throw Error("cannot create the ICU transliterator " + std::string(kTransform),
                    "is libicu complete? (scripts/setup installs it)", kExitDatabase);
    return *prototype;
}

class IcuFolder {
  public:
    IcuFolder() {
        UErrorCode status = U_ZERO_ERROR;
        nfkd_ = icu::Normalizer2::getNFKDInstance(status);
        casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status))
            throw Error(std::string("cannot load ICU normalisation data: ") + u_errorName(status),
                        "is libicu complete? (scripts/setup installs it)", kExitDatabase);
    }

    const std::string& fold(std::string_view run) {
        auto it = cache_.find(std::string(run));
        if (it != cache_.end()) return it->second;
        if (cache_.size() > 200000) cache_.clear();
        const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
            icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
        // The normalisers alone first (cheap); the transliterator only when letters or
        // punctuation it maps are left.
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString decomposed = nfkd_->normalize(u, status), unmarked;
        for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
            UChar32 c = decomposed.char32At(i);
            if (!is_removed_mark(c)) unmarked.append(c);
        }
        icu::UnicodeString folded = casefold_->normalize(unmarked, status);
        if (needs_transliteration(folded)) {
            if (t_stored_folds) {
                auto stored = t_stored_folds->find(std::string(run));
                if (stored != t_stored_folds->end())
                    return cache_.emplace(std::string(run), stored->second).first->second;
            }
            icu::UnicodeString t = u;
            transliterator().transliterate(t);
            folded = casefold_->normalize(t, status);
            std::string out;
            folded.toUTF8String(out);
            std::lock_guard<std::mutex> lock(g_new_mutex);
            g_new.emplace_back(std::string(run), out);
        }
        std::string out;
        if (U_SUCCESS(status))
            folded.toUTF8String(out);
        else
            u.toUTF8String(out);
        return cache_.emplace(std::string(run), std::move(out)).first->second;
    }

  private:
    icu::Transliterator& transliterator() {
        if (!transliterator_) transliterator_.reset(transliterator_prototype().clone());
        return *transliterator_;
    }

    std::unique_ptr<icu::Transliterator> transliterator_;
    const icu::Normalizer2* nfkd_ = nullptr;
    const icu::Normalizer2* casefold_ = nullptr;
    std::unordered_map<std::string, std::string> cache_;
};

IcuFolder& icu_folder() {
    thread_local std::unique_ptr<IcuFolder> folder;
    if (!folder) folder = std::make_unique<IcuFolder>();
    return *folder;
}

}  // namespace

char32_t next_codepoint(std::string_view s, std::size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        ++i;
        return c;
    }
    int len;
    char32_t cp;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + len > s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k < len; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++i;
        return 0xFFFD;
    }
    i += len;
    return cp;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

std::size_t find_invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        // Fast path: eight ASCII bytes at a time.
        while (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i >= n) break;
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t start = i;
        if (next_codepoint(s, i) == 0xFFFD) {
            // A literal U+FFFD (EF BF BD) is valid; anything else that decoded to it is not.
            if (!(i - start == 3 && static_cast<unsigned char>(s[start]) == 0xEF)) return start;
        }
    }
    return std::string_view::npos;
}

bool is_cjk_codepoint(char32_t c) {
    return passes_through(c) && c != 0x3001 && c != 0x3002;
}

bool contains_cjk(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        if (is_cjk_codepoint(next_codepoint(s, i))) return true;
    }
    return false;
}

void fold_append(std::string_view s, std::string& out) {
    out.reserve(out.size() + s.size());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
            ++i;
            continue;
        }
        std::size_t start = i;
        char32_t cp = next_codepoint(s, i);
        if (passes_through(cp)) {
            out.append(s.data() + start, i - start);
            continue;
        }
        // A run of code points that need ICU: up to the next ASCII or pass-through one.
        std::size_t end = i;
        bool invalid = cp == 0xFFFD;
        while (end < n && static_cast<unsigned char>(s[end]) >= 0x80) {
            std::size_t j = end;
            char32_t next = next_codepoint(s, j);
            if (passes_through(next)) break;
            invalid = invalid || next == 0xFFFD;
            end = j;
        }
        std::string_view run = s.substr(start, end - start);
        if (invalid) {
            // Re-encode so that ICU only ever sees valid UTF-8.
            std::string clean;
            for (std::size_t k = 0; k < run.size();) append_utf8(clean, next_codepoint(run, k));
            out += icu_folder().fold(clean);
        } else {
            out += icu_folder().fold(run);
        }
        i = end;
    }
}

UseStoredFolds::UseStoredFolds(const StoredFolds* folds) : previous_(t_stored_folds) {
    t_stored_folds = folds;
}

UseStoredFolds::~UseStoredFolds() {
    t_stored_folds = previous_;
}

std::vector<std::pair<std::string, std::string>> take_transliterations() {
    std::lock_guard<std::mutex> lock(g_new_mutex);
    return std::exchange(g_new, {});
}

std::string_view trim(std::string_view s) {
    auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
    };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

std::string fold(std::string_view text) {
    std::string out;
    fold_append(text, out);
    return out;
}

}  // namespace digest
