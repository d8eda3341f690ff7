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
