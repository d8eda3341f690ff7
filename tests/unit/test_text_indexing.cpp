// Word pairs: the indexer writes the pairs of neighbouring title words and the query side looks
// up the pairs of neighbouring bare words; both must cut a text the same way.
#include <catch2/catch.hpp>

#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

using namespace digest;
using Words = std::vector<std::string>;

namespace {
Words pairs_of(const std::string& text) {
    return word_pairs(make_stemmer(), pair_words_of_text(fold(text)));
}
}  // namespace

TEST_CASE("word pairs of a title", "[indexing]") {
    CHECK(pairs_of("Speech Enhancement") == Words{"speech enhanc"});
    CHECK(pairs_of("Large Language Model Reasoning") ==
          Words{"larg languag", "languag model", "model reason"});
    // Stop words, punctuation and CJK characters break the chain.
    CHECK(pairs_of("Speech Enhancement: A Survey of Methods") == Words{"speech enhanc"});
    CHECK(pairs_of("FlowSE: Speech Enhancement") == Words{"speech enhanc"});
    CHECK(pairs_of("State of the Art") == Words{});
    CHECK(pairs_of("语音 speech recognition 识别") == Words{"speech recognit"});
    // A word joined by punctuation is no plain word: no pair on either side.
    CHECK(pairs_of("Zero-Shot Speech Synthesis") == Words{"speech synthesi"});
    CHECK(pairs_of("GPT-4o Speech") == Words{});
    CHECK(pairs_of("Speaker's Voice Conversion") == Words{"voic convers"});
    // Accents are folded first, as everywhere.
    CHECK(pairs_of("Müller Décodage") == Words{"muller decodag"});
    CHECK(pairs_of("") == Words{});
}

TEST_CASE("stop words", "[indexing]") {
    CHECK(is_stopword("the"));
    CHECK(is_stopword("how"));
    CHECK_FALSE(is_stopword("it"));   // IT
    CHECK_FALSE(is_stopword("can"));  // CAN bus
    CHECK_FALSE(is_stopword("speech"));
}

TEST_CASE("Chinese grams: 3 and 4 characters in a row of a run of word characters", "[indexing]") {
    using Runs = std::vector<std::vector<std::string_view>>;
    // Latin words, spaces, punctuation and 「」 end a run; the normaliser's folds come first.
    CHECK(cjk_gram_runs("提出gan框架，用于语音「识别」") ==
          Runs{{"提", "出"}, {"框", "架"}, {"用", "于", "语", "音"}, {"识", "别"}});
    CHECK(cjk_gram_runs("speech enhancement").empty());
    CHECK(cjk_gram_runs("").empty());
    // Kana and hangul are runs too.
    CHECK(cjk_gram_runs("音声認識とは") == Runs{{"音", "声", "認", "識", "と", "は"}});

    const std::vector<std::string_view> run{"多", "模", "态", "大", "模", "型"};
    CHECK(cjk_grams(run) == std::vector<std::string>{"多模态", "多模态大", "模态大", "模态大模",
                                                     "态大模", "态大模型", "大模型"});
    CHECK(cjk_grams(run, 4, 4) == std::vector<std::string>{"多模态大", "模态大模", "态大模型"});
    CHECK(cjk_grams(run, 6, 6) == std::vector<std::string>{"多模态大模型"});
    // A run shorter than a gram has none.
    CHECK(cjk_grams({"语", "音"}).empty());
    CHECK(cjk_grams({}).empty());
}
