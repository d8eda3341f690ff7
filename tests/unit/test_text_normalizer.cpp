// fold(), the one normaliser of index and query: a table of names and words in the scripts the
// digests hold. `Isik` must find `Işık`, `gan` must find `ＧＡＮ`, and Chinese, kana and hangul
// must come through untouched (the CJK n-grams are made from them as written).
#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "text/text_normalizer.hpp"

using namespace digest;

namespace {

struct FoldRow {
    const char* what;
    std::string_view input;
    std::string_view expected;
};

// Written with escapes where the input must not be normalised by an editor on its way in.
constexpr FoldRow kFoldRows[] = {
    // Turkish: dotless ı and dotted İ are letters of their own, not accents.
    {"Turkish dotless i", "Işık", "isik"},
    {"Turkish dotted capital I", "\u0130stanbul", "istanbul"},
    {"Turkish g breve", "Doğan", "dogan"},
    {"Turkish s cedilla", "Şahin", "sahin"},
    {"Turkish capitals", "IŞIK ĞÜLER", "isik guler"},
    // Polish
    {"Polish l stroke", "Łukasz", "lukasz"},
    {"Polish ogoneks", "Wałęsa Mądry", "walesa madry"},
    {"Polish dots and acutes", "Żółć Ściśle", "zolc scisle"},
    {"Polish capitals", "ŁÓDŹ", "lodz"},
    // Nordic
    {"Danish o slash", "Søren Ørsted", "soren orsted"},
    {"Swedish a ring", "Ångström", "angstrom"},
    {"ae ligature", "Æsir Læsø", "aesir laeso"},
    {"Icelandic thorn", "Þór", "thor"},
    // German
    {"sharp s", "Straße", "strasse"},
    {"umlauts", "Müller Schrödinger", "muller schrodinger"},
    // Vietnamese: stacked diacritics and the barred d.
    {"Vietnamese stacked marks", "Nguyễn", "nguyen"},
    {"Vietnamese barred D", "Đặng", "dang"},
    {"Vietnamese full name", "Trần Hưng Đạo", "tran hung dao"},
    // French
    {"French accents", "Hélène Bézier", "helene bezier"},
    {"French cedilla", "Françoise", "francoise"},
    {"French oe ligature", "Œuvre cœur", "oeuvre coeur"},
    {"French diaeresis", "naïve café", "naive cafe"},
    // Spanish, Czech, Romanian
    {"Spanish n tilde", "Peña Muñoz", "pena munoz"},
    {"Czech r caron", "Dvořák Říha", "dvorak riha"},
    {"Romanian comma below", "Ștefan Țiriac", "stefan tiriac"},
    {"Romanian cedilla forms", "Şerban Ţepeş", "serban tepes"},
    // Compatibility forms (NFKC)
    {"full-width Latin", "ＧＡＮ", "gan"},
    {"full-width letters and digits", "ＡＢＣ１２３", "abc123"},
    {"fi ligature", "\uFB01nite", "finite"},
    {"ff ligature", "e\uFB00ect", "effect"},
    {"Roman numeral", "\u216B", "xii"},
    {"superscript two", "x\u00B2", "x2"},
    {"full-width parentheses around Chinese", "（语音）", "(语音)"},
    {"half-width katakana with voicing mark", "\uFF76\uFF9E", "ガ"},
    // Greek: accents go, case folds.
    {"Greek", "Σοφία", "σοφια"},
    // CJK passes through unchanged.
    {"Chinese", "语音识别", "语音识别"},
    // The full-width comma is a compatibility form of ',' (NFKC); 。 has no such form.
    {"Chinese with punctuation", "该论文属于语音识别任务，旨在解决问题。",
     "该论文属于语音识别任务,旨在解决问题。"},
    {"katakana voicing marks stay", "ガ", "ガ"},
    {"hiragana voicing marks stay", "がぎぐげご ぱ", "がぎぐげご ぱ"},
    {"katakana semi-voiced", "パン", "パン"},
    {"Korean", "한국어 음성 인식", "한국어 음성 인식"},
    // Mixed strings
    {"Latin, Chinese and Turkish", "AudioGAN语音Işık", "audiogan语音isik"},
    {"title with LaTeX", "Re$^2$Gen: $\\mathcal{O}(T)$", "re$^2$gen: $\\mathcal{o}(t)$"},
    {"ASCII", "Hello World", "hello world"},
    {"empty", "", ""},
    // Invalid UTF-8 becomes U+FFFD, one per bad byte, and the rest is folded.
    {"invalid UTF-8: lead byte without continuation", "A\xC3(B", "a\xEF\xBF\xBD(b"},
    {"invalid UTF-8: stray continuation byte", "\x80Ö", "\xEF\xBF\xBDo"},
    {"invalid UTF-8: byte FF", "x\xFFy", "x\xEF\xBF\xBDy"},
};

}  // namespace

TEST_CASE("fold: a table of scripts and names", "[normalizer]") {
    STATIC_REQUIRE(sizeof kFoldRows / sizeof kFoldRows[0] >= 30);
    for (const auto& row : kFoldRows) {
        INFO(row.what << ": fold(\"" << row.input << "\")");
        CHECK(fold(row.input) == row.expected);
    }
}

TEST_CASE("fold is idempotent and fold_append appends", "[normalizer]") {
    for (const auto& row : kFoldRows) {
        INFO(row.what);
        std::string once = fold(row.input);
        CHECK(fold(once) == once);
    }
    std::string out = "prefix:";
    fold_append("Işık", out);
    CHECK(out == "prefix:isik");
}

TEST_CASE("find_invalid_utf8", "[normalizer]") {
    constexpr auto npos = std::string_view::npos;
    CHECK(find_invalid_utf8("") == npos);
    CHECK(find_invalid_utf8("plain ASCII text") == npos);
    CHECK(find_invalid_utf8("语音识别 Işık 😀") == npos);
    CHECK(find_invalid_utf8("\xEF\xBF\xBD") == npos);  // a literal U+FFFD is valid
    CHECK(find_invalid_utf8("ab\xC3(") == 2);
    CHECK(find_invalid_utf8("\xFF") == 0);
    CHECK(find_invalid_utf8("\x80") == 0);
    CHECK(find_invalid_utf8("\xC0\xAF") == 0);               // overlong '/'
    CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1);          // a UTF-16 surrogate
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);       // past U+10FFFF
    CHECK(find_invalid_utf8("abc\xE8\xAF") == 3);            // cut in the middle of 语
    CHECK(find_invalid_utf8("0123456789abcdef\xFE") == 16);  // past the 8-byte fast path
    CHECK(find_invalid_utf8("0123456789abcdef语\x80") == 19);
}

TEST_CASE("contains_cjk", "[normalizer]") {
    CHECK(contains_cjk("语音"));
    CHECK(contains_cjk("AudioGAN 语"));
    CHECK(contains_cjk("ガ"));
    CHECK(contains_cjk("ひらがな"));
    CHECK(contains_cjk("한국어"));
    CHECK(contains_cjk("\U00020000"));  // extension B
    CHECK_FALSE(contains_cjk(""));
    CHECK_FALSE(contains_cjk("hello"));
    CHECK_FALSE(contains_cjk("Işık Müller"));
    CHECK_FALSE(contains_cjk("ＧＡＮ"));  // full-width Latin is not CJK once folded
    CHECK_FALSE(contains_cjk("。、"));    // CJK punctuation alone is not a CJK word
    CHECK_FALSE(contains_cjk("\xE8\xAF"));
}
