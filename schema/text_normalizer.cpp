#include "text_normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "error.hpp"

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
// maps the letters that do not decompose (ı ø ł đ ß æ œ þ), and NFKC_Casefold recomposes and
// folds case. Building the transliterator costs milliseconds, so it is made on first use only:
// digest-query never pays for it on an ASCII or Chinese query.
constexpr const char* kTransform =
    "NFKD; [[:Mn:]&[\\u0300-\\u036F\\u1AB0-\\u1AFF\\u1DC0-\\u1DFF\\u20D0-\\u20FF\\uFE20-\\uFE2F]] "
    "Remove; Latin-ASCII";

class IcuFolder {
  public:
    IcuFolder() {
        UErrorCode status = U_ZERO_ERROR;
        UParseError perr;
        transliterator_.reset(icu::Transliterator::createInstance(
            icu::UnicodeString::fromUTF8(kTransform), UTRANS_FORWARD, perr, status));
        if (U_FAILURE(status))
            throw Error(std::string("cannot create the ICU transliterator: ") + u_errorName(status),
                        "is libicu complete? (scripts/setup installs it)", 3);
        casefold_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status))
            throw Error(std::string("cannot load ICU NFKC_Casefold data: ") + u_errorName(status),
                        "is libicu complete? (scripts/setup installs it)", 3);
    }

    const std::string& fold(std::string_view run) {
        auto it = cache_.find(std::string(run));
        if (it != cache_.end()) return it->second;
        if (cache_.size() > 200000) cache_.clear();
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(
            icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
        transliterator_->transliterate(u);
        UErrorCode status = U_ZERO_ERROR;
        icu::UnicodeString folded = casefold_->normalize(u, status);
        std::string out;
        if (U_SUCCESS(status))
            folded.toUTF8String(out);
        else
            u.toUTF8String(out);
        return cache_.emplace(std::string(run), std::move(out)).first->second;
    }

  private:
    std::unique_ptr<icu::Transliterator> transliterator_;
    const icu::Normalizer2* casefold_ = nullptr;
    std::unordered_map<std::string, std::string> cache_;
};

IcuFolder& icu_folder() {
    // One per thread: ICU transliterators are not safe to share between threads.
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

std::string fold(std::string_view text) {
    std::string out;
    fold_append(text, out);
    return out;
}

}  // namespace digest
