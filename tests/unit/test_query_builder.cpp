// The query language as a table: input -> Xapian::Query description, for every field, range
// form and operator, and the syntax errors with the column they point at. The database is
// the example digest plus two papers that give old-style ids, a second date and categories.
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "digest/digest_parser.hpp"
#include "fields/paper.hpp"
#include "language/field_queries.hpp"
#include "language/query_builder.hpp"
#include "search/similar.hpp"
#include "writing/document_builder.hpp"

using namespace digest;
namespace fs = std::filesystem;

namespace {

Xapian::Database test_database() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("query-builder-" + std::to_string(::getpid()));
        fs::remove_all(d);
        Xapian::WritableDatabase db(d.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        DocumentBuilder builder;
        std::ifstream in(std::string(DIGEST_EXAMPLES) + "/20251230_Tue/audio.md");
        std::stringstream s;
        s << in.rdbuf();
        for (const auto& p : parse_digest(s.str(), {"audio.md", "2025-12-30", "audio"}).entries)
            db.add_document(builder.build(p));
        Paper old;
        old.id = "math.GT/0309136";
        old.title = "Knots";
        old.categories = {"math.GT"};
        old.appearances = {{"2026-01-15", "text", "new", 1, 0}};
        db.add_document(builder.build(old));
        Paper two;
        two.id = "2601.00001";
        two.title = "Robots";
        two.categories = {"cs.RO", "cs"};
        two.authors = {"D. Povey", "Daniel Povey", "David Povey"};
        two.appearances = {{"2026-02-02", "robotics", "replaced", 3, 2}};
        db.add_document(builder.build(two));
        db.commit();
        return d;
    }();
    return Xapian::Database(dir.string());
}

std::string parsed(const std::string& q) {
    QueryBuilder builder(test_database());
    return builder.parse(q).get_description();
}

}  // namespace

TEST_CASE("every field, range form and operator parses to the expected query", "[query]") {
    struct Row {
        const char* input;
        std::string expected;
    };
    const std::vector<Row> table{
        // Neighbouring words: the pair as a title term ranks the term of art first.
        {"speaker verification",
         "Query((((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) AND (Sverif OR "
         "Averif OR verif OR XZverif OR XNverif)) AND_MAYBE 2 * XBspeaker verif))"},
        {"Speaker VERIFICATION",
         "Query((((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) AND (Sverif OR "
         "Averif OR verif OR XZverif OR XNverif)) AND_MAYBE 2 * XBspeaker verif))"},
        {"speaker OR verification",
         "Query(((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) OR (Sverif OR Averif "
         "OR verif OR XZverif OR XNverif)))"},
        {"speaker AND NOT verification",
         "Query(((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) AND_NOT (Sverif OR "
         "Averif OR verif OR XZverif OR XNverif)))"},
        {"speaker -verification",
         "Query(((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) AND_NOT (Sverif OR "
         "Averif OR verif OR XZverif OR XNverif)))"},
        {"NOT speaker",
         "Query(0 * (<alldocuments> AND_NOT (Sspeaker OR Aspeaker OR speaker OR XZspeaker OR "
         "XNspeaker)))"},
        {"(speaker OR voice) verification",
         "Query((((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) OR (Svoic OR Avoic "
         "OR voic OR XZvoic OR XNvoic)) AND (Sverif OR Averif OR verif OR XZverif OR XNverif)))"},
        // OR binds its neighbours before AND; word pairs are kept whatever the operators.
        {"speech enhancement OR separation",
         "Query((((Sspeech OR Aspeech OR speech OR XZspeech OR XNspeech) AND ((Senhanc OR Aenhanc "
         "OR enhanc OR XZenhanc OR XNenhanc) OR (Ssepar OR Asepar OR separ OR XZsepar OR "
         "XNsepar))) AND_MAYBE 2 * (XBspeech enhanc OR XBspeech separ)))"},
        {"speech enhancement -diffusion",
         "Query(((((Sspeech OR Aspeech OR speech OR XZspeech OR XNspeech) AND (Senhanc OR Aenhanc "
         "OR enhanc OR XZenhanc OR XNenhanc)) AND_NOT (Sdiffus OR Adiffus OR diffus OR XZdiffus OR "
         "XNdiffus)) AND_MAYBE 2 * XBspeech enhanc))"},
        {"\"speaker verification\"",
         "Query(((Sspeaker PHRASE 2 Sverif) OR (Aspeaker PHRASE 2 Averif) OR (speaker PHRASE 2 "
         "verif) OR (XZspeaker PHRASE 2 XZverif)))"},
        // Hyphenated words are words, and their phrase an optional, weighted part; in quotes, in a
        // field or after - they stay a phrase.
        {"zero-shot tts",
         "Query(((((Szero OR Azero OR zero OR XZzero OR XNzero) AND (Sshot OR Ashot OR shot OR "
         "XZshot OR XNshot)) AND (Stts OR Atts OR tts OR XZtts OR XNtts)) AND_MAYBE 3 * ((Szero "
         "PHRASE 2 Sshot) OR (zero PHRASE 2 shot) OR (XZzero PHRASE 2 XZshot))))"},
        {"ti:zero-shot", "Query((Szero PHRASE 2 Sshot))"},
        {"\"zero-shot\"",
         "Query(((Szero PHRASE 2 Sshot) OR (Azero PHRASE 2 Ashot) OR (zero PHRASE 2 shot) OR "
         "(XZzero PHRASE 2 XZshot)))"},
        // Accents and full-width letters fold.
        {"Işık", "Query((Sisik OR Aisik OR isik OR XZisik OR XNisik))"},
        {"ＧＡＮ", "Query((Sgan OR Agan OR gan OR XZgan OR XNgan))"},
        // Text fields and their aliases; a field's group.
        {"ti:benchmark", "Query(Sbenchmark)"},
        {"title:benchmark", "Query(Sbenchmark)"},
        {"abs:gan", "Query(gan)"},
        {"abstract:gan", "Query(gan)"},
        {"note:interspeech", "Query(XNinterspeech)"},
        {"comment:interspeech", "Query(XNinterspeech)"},
        {"ti:(speaker verification)", "Query((Sspeaker AND Sverif))"},
        {"zh:语音", "Query(XZ语音)"},  // a run as written: its bigram
        // A run of 3 or 4: found by its gram, weighed by its pairs and characters (what the
        // phrase of them would weigh).
        {"zh:语音识别",
         "Query(((XZ识别 AND XZ语音 AND XZ音识 AND XZ语 AND XZ音 AND XZ识 AND XZ别) FILTER "
         "XZ语音识别))"},
        {"zh:大模型", "Query(((XZ大模 AND XZ模型 AND XZ大 AND XZ模 AND XZ型) FILTER XZ大模型))"},
        // Longer: its characters in a row, checked by position.
        {"zh:多模态大模型",
         "Query((XZ多模 AND XZ大模 AND XZ态大 AND XZ模型 AND XZ模态 AND (XZ多 PHRASE 6 XZ模 "
         "PHRASE 6 XZ态 PHRASE 6 XZ大 PHRASE 6 XZ模 PHRASE 6 XZ型)))"},
        // Not one run of word characters (「 is punctuation to the tokenizer): no gram.
        {"zh:语音「识别",
         "Query((XZ识别 AND XZ语音 AND (XZ语 PHRASE 4 XZ音 PHRASE 4 XZ识 PHRASE 4 XZ别)))"},
        {"summary:\"语音\"", "Query((XZ语 PHRASE 2 XZ音))"},
        // Words near each other.
        {"speaker NEAR/3 verification",
         "Query(((Sspeaker NEAR 4 Sverif) OR (Aspeaker NEAR 4 Averif) OR (speaker NEAR 4 verif) OR "
         "(XZspeaker NEAR 4 XZverif)))"},
        {"speaker ADJ verification",
         "Query(((Sspeaker PHRASE 11 Sverif) OR (Aspeaker PHRASE 11 Averif) OR (speaker PHRASE 11 "
         "verif) OR (XZspeaker PHRASE 11 XZverif)))"},
        // Authors: one word is a name word; a name is every written form of it.
        {"au:povey", "Query(0 * Apovey)"},
        {"au:hung-yi", "Query(0 * (Ahungyi OR (Ahung PHRASE 2 Ayi)))"},
        {"au:\"van Povey\"", "Query(0 * XApovey|van povey)"},
        {"au:\"Daniel Povey\"", "Query(0 * XApovey|daniel povey)"},
        {"author:\"Povey, Daniel\"", "Query(0 * XApovey|daniel povey)"},
        {"au:\"D. Povey\"",
         "Query(0 * (XApovey|d povey OR XApovey|daniel povey OR XApovey|david povey))"},
        {"au:\"Jin Sob Kim\"", "Query(0 * XAkim|jin sob kim)"},
        {"au:\"Kim Jin Sob\"", "Query(0 * XAsob|kim jin sob)"},
        // Exact fields.
        {"cat:eess.AS", "Query(0 * XCeess.as)"},
        {"category:eess.as", "Query(0 * XCeess.as)"},
        {"cat:cs",
         "Query(0 * (XCcs OR XCcs.ai OR XCcs.cl OR XCcs.hc OR XCcs.lg OR XCcs.mm OR XCcs.ro OR "
         "XCcs.sd))"},
        {"cat:cs.SD cat:eess.AS", "Query(0 * (XCcs.sd AND XCeess.as))"},
        {"primary:cs.SD", "Query(0 * XPcs.sd)"},
        {"class:I.2.7", "Query(0 * XKi.2.7)"},
        {"topic:audio", "Query(0 * XTaudio)"},
        {"topic:audio topic:text", "Query(0 * (XTaudio OR XTtext))"},
        {"section:new", "Query(0 * XSnew)"},
        // date:, topic: and section: together hold for one listing.
        {"section:replaced topic:robotics", "Query(0 * XL20260202|robotics|replaced)"},
        {"date:2026-01 section:new", "Query(0 * XL20260115|text|new)"},
        {"date:2026 topic:robotics topic:text section:replaced",
         "Query(0 * XL20260202|robotics|replaced)"},
        {"date:2025 section:replaced", "Query(0 * XL20251230|audio|replaced)"},
        {"date:2026 NOT section:new", "Query(0 * ((D20260115 OR D20260202) AND_NOT XSnew))"},
        // The first listing.
        {"first:2025-12", "Query(0 * XF20251230)"},
        {"first:2026..", "Query(0 * (XF20260115 OR XF20260202))"},
        {"doi:10.1109/x", "Query(0 * XD10.1109/x)"},
        // Ids: without version, with version, old style (case restored), pasted as a link or bare.
        {"id:2512.22166", "Query(0 * Q2512.22166)"},
        {"id:2512.22166v2", "Query(0 * Q2512.22166)"},
        {"id:math.gt/0309136v1", "Query(0 * Qmath.GT/0309136)"},
        {"2512.22166", "Query(0 * Q2512.22166)"},
        {"arXiv:2512.22166v1", "Query(0 * Q2512.22166)"},
        {"https://arxiv.org/abs/2512.22166v1", "Query(0 * Q2512.22166)"},
        // Dates: the digest days of the database that fall in the period or range.
        {"date:2025-12-30", "Query(0 * D20251230)"},
        {"date:2025-12", "Query(0 * D20251230)"},
        {"date:2025", "Query(0 * D20251230)"},
        {"date:2026", "Query(0 * (D20260115 OR D20260202))"},
        {"date:20260115", "Query(0 * D20260115)"},
        {"date:2025-12-01..2026-01-15", "Query(0 * (D20251230 OR D20260115))"},
        {"date:2026-01..", "Query(0 * (D20260115 OR D20260202))"},
        {"date:..2026-01", "Query(0 * (D20251230 OR D20260115))"},
        // No digest that year: matches nothing, also with words; NOT it excludes nothing.
        {"date:2024", "Query()"},
        {"speaker date:2024", "Query()"},
        {"speaker -date:2024",
         "Query((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker))"},
        // Filters combine with AND, also with words.
        {"cat:cs.SD date:2025-12..2026-01 speaker",
         "Query(((Sspeaker OR Aspeaker OR speaker OR XZspeaker OR XNspeaker) FILTER (XCcs.sd AND "
         "(D20251230 OR D20260115))))"},
        // Wildcards expand over the terms of the database.
        {"ti:verif*", "Query(WILDCARD SYNONYM Sverif)"},
        {"verif*",
         "Query((WILDCARD SYNONYM Sverif OR WILDCARD SYNONYM Averif OR WILDCARD SYNONYM verif OR "
         "WILDCARD SYNONYM XZverif OR WILDCARD SYNONYM XNverif))"},
    };
    for (const auto& row : table) {
        INFO("query: " << row.input);
        CHECK(parsed(row.input) == row.expected);
    }
}

TEST_CASE("syntax errors say what and where", "[query]") {
    struct Row {
        const char* input;
        const char* message;  // a part of it
        std::size_t column;   // 0-based, in characters
    };
    const std::vector<Row> table{
        {"speech AND", "operator AND without an operand", 7},
        {"AND speech", "operator AND without an operand", 0},
        {"speech OR OR audio", "operator OR without an operand", 7},
        {"cat:cs.SD (speech OR audio", "unclosed `(`", 10},
        {"speech) audio", "`)` without a matching `(`", 6},
        {"ti:\"speaker verification", "unclosed quote", 3},
        {"语音 \"识别", "unclosed quote", 3},
        {"autor:povey", "unknown field `autor:`", 0},
        {"x titel:gan", "unknown field `titel:`", 2},
        {"speech au: povey", "field `au:` has no value", 7},
        {"date:2025-13", "date:2025-13: not a date", 0},
        {"date:2025-02-29", "date:2025-02-29: not a date", 0},
        {"date:2026-04-31..", "not a date range", 0},
        {"x date:2026..2025", "empty date range", 2},
        {"section:old", "no section of this name", 0},
        {"topic:speech", "no topic of this name", 0},
        {"id:notanid", "not an arXiv id", 0},
        {"like:2912.99999", "no such paper in the database", 0},
        {"x like:speech", "not an arXiv id", 2},
    };
    for (const auto& row : table) {
        INFO("query: " << row.input);
        try {
            parsed(row.input);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Catch::Matchers::Contains(row.message));
            CHECK(e.column() == row.column);
        }
    }
}

TEST_CASE("like: is the paper's telling words, in title and abstract, without the paper",
          "[query]") {
    const std::string q = parsed("like:2512.22148v1");
    CHECK_THAT(q, Catch::Matchers::StartsWith("Query(("));
    CHECK_THAT(q, Catch::Matchers::EndsWith(" AND_NOT Q2512.22148))"));
    // Each word in both fields (the paper's title: "... Multi-Layer Representations ...").
    CHECK_THAT(q, Catch::Matchers::Contains("(Smulti OR multi)"));
    CHECK_THAT(q, Catch::Matchers::Contains(" * (S"));  // scaled by how telling the word is
    // Papers sharing its categories rank higher (a fixed weight: category terms are boolean),
    // among the papers its words find.
    CHECK_THAT(q, Catch::Matchers::Contains(") AND_MAYBE ("));
    CHECK_THAT(q, Catch::Matchers::Contains("FixedWeightPostingSource(wt=10)) FILTER " +
                                            prefix_of(FieldId::Primary)));
    CHECK_THAT(q, Catch::Matchers::Contains("FixedWeightPostingSource(wt=3)) FILTER " +
                                            prefix_of(FieldId::Category)));
    // With filters: they filter the similar papers.
    CHECK_THAT(parsed("like:2512.22148 cat:cs.SD"), Catch::Matchers::Contains("FILTER XCcs.sd"));
}

TEST_CASE("telling words: no generic words in a paper's; last in a text's", "[query]") {
    const Xapian::Database db = test_database();
    const std::vector<std::string> generic{"propos",  "novel",      "too",      "onc",  "call",
                                           "fashion", "outperform", "demonstr", "paper"};
    std::size_t words = 0;
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p)
        for (const auto& w : telling_words_of_document(db, *p)) {
            ++words;
            CHECK(std::find(generic.begin(), generic.end(), w.term) == generic.end());
        }
    CHECK(words > 100);
    // A text's generic words fill only the places its telling words leave free.
    auto text = telling_words_of_text(db, "We propose a novel codec", 1);
    REQUIRE(text.size() == 1);
    CHECK(text[0].term == "codec");
    const auto all = telling_words_of_text(db, "We propose a novel codec");
    CHECK(std::any_of(all.begin(), all.end(), [](const auto& w) { return w.term == "novel"; }));
}

TEST_CASE("stop words are left out of queries, not of phrases", "[query]") {
    // The same query but for the words' positions (@N).
    auto terms = [](const std::string& q) {
        return std::regex_replace(parsed(q), std::regex("@[0-9]+"), "");
    };
    CHECK(terms("the speaker of") == terms("speaker"));
    CHECK(terms("how to verify speakers") == terms("verify speakers"));
    CHECK_THAT(parsed("\"state of the art\""), Catch::Matchers::Contains("Sstate PHRASE 4 Sof"));
}

TEST_CASE("telling words of a text: known words, no numbers or figures", "[query]") {
    auto words = telling_words_of_text(
        test_database(),
        "Multi-layer representations 1.36M 400+ 2025 zzqqxx for speaker embeddings");
    REQUIRE(!words.empty());
    for (const auto& w : words) {
        INFO(w.term);
        CHECK(w.term != "1.36m");
        CHECK(w.term != "400+");
        CHECK(w.term != "2025");
        CHECK(w.term != "zzqqxx");  // in no paper: cannot find one
        CHECK(w.weight > 0);
    }
    for (std::size_t i = 1; i < words.size(); ++i) CHECK(words[i - 1].weight >= words[i].weight);
}

TEST_CASE("words before a colon that are no field's typo stay words", "[query]") {
    CHECK_NOTHROW(parsed("AudioGAN: A Compact Framework"));
    CHECK_NOTHROW(parsed("Re:Invent"));
    try {
        parsed("autor:povey");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK_THAT(e.hint(), Catch::Matchers::Contains("did you mean author:?"));
    }
}

TEST_CASE("URLs and operators in lower case are words", "[query]") {
    // "and" is a word, not an operator: folding keeps upper-case operators only. As a word it is
    // a stop word, left out, and the other two are ANDed.
    CHECK_THAT(parsed("speech and language"), Catch::Matchers::Contains("(Sspeech OR"));
    CHECK_THAT(parsed("speech and language"), Catch::Matchers::Contains(" AND (Slanguag OR"));
    CHECK_THAT(parsed("\"speech and language\""), Catch::Matchers::Contains("PHRASE 3 Sand"));
    CHECK_NOTHROW(parsed("see http://example.org"));
}

TEST_CASE("date periods", "[query]") {
    std::string first, last;
    CHECK(date_period("2025", first, last));
    CHECK((first == "20250101" && last == "20251231"));
    CHECK(date_period("2025-02", first, last));
    CHECK((first == "20250201" && last == "20250231"));  // a bound, not a calendar day
    CHECK(date_period("2025-12-30", first, last));
    CHECK((first == "20251230" && last == "20251230"));
    CHECK_FALSE(date_period("2025-00", first, last));
    CHECK_FALSE(date_period("25-12", first, last));
    CHECK_FALSE(date_period("2025-12-32", first, last));
    CHECK_FALSE(date_period("2025-02-29", first, last));
    CHECK(date_period("2024-02-29", first, last));  // a leap year
    CHECK_FALSE(date_period("2026-04-31", first, last));
    CHECK(canonical_id("2512.22166v3") == "2512.22166");
    CHECK(canonical_id("QUANT-PH/0201082") == "quant-ph/0201082");
    CHECK(canonical_id("speech").empty());
}

TEST_CASE("words in a row, terms and wildcards are held to the limits", "[query][limits]") {
    QueryBuilder builder(test_database());
    auto words = [](int n, const char* sep = " ") {
        std::string out;
        for (int i = 0; i < n; ++i) out += (i ? sep : "") + std::string("model");
        return out;
    };
    auto refused = [&](const std::string& q, const char* message, long column = -1) {
        INFO("query: " << q.substr(0, 80));
        try {
            builder.parse(q);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Catch::Matchers::Contains(message));
            CHECK(e.exit_code() == kExitUsage);
            if (column >= 0) CHECK(e.column() == static_cast<std::size_t>(column));
        }
    };
    CHECK_NOTHROW(builder.parse("\"" + words(32) + "\""));
    refused("speech \"" + words(33) + "\"", "33 words in a row; at most 32", 7);
    refused("ti:\"" + words(40) + "\"", "(the limit phrase:32)", 0);
    refused(words(33, " NEAR "), "33 words in a row", 0);
    refused(words(33, "-"), "33 words in a row", 0);
    std::string run;  // a Chinese run of 34 characters
    for (int i = 0; i < 17; ++i) run += "语音";
    refused("x " + run, "34 words in a row", 2);
    // 500 words, each in five fields, are more terms than 2,000.
    refused(words(500, " OR "), "2500 index terms");
    refused(words(500, " OR "), "at most 2000 are searched (the limit terms:2000)");
    CHECK_NOTHROW(builder.parse(words(300, " OR ")));

    QueryLimits limits;
    limits.set_all("phrase:50,terms:3000,wildcards:2,expansion:7");
    builder.set_limits(limits);
    CHECK_NOTHROW(builder.parse("\"" + words(50) + "\""));
    CHECK_NOTHROW(builder.parse(words(500, " OR ")));
    refused("spe* tra* uni*", "more than 2 wildcards (word*; the limit wildcards:2)");
    refused("speech sp*",
            "`sp*`: a wildcard needs 3 characters before the `*` (the limit prefix:3)", 7);
    refused("ti:语*", "a wildcard needs 3 characters", 0);
    CHECK_THAT(builder.parse("spe*").get_description(), Catch::Matchers::Contains("WILDCARD"));
    limits.set("prefix:1");
    builder.set_limits(limits);
    CHECK_THAT(builder.parse("s*").get_description(), Catch::Matchers::Contains("WILDCARD"));
}

TEST_CASE("a listing field in brackets within a sequence is a filter of its own", "[query]") {
    // Found by scripts/query-torture: `cat:68T10, ((topic:text))` crashed on a null token.
    CHECK_NOTHROW(parsed("x ((topic:audio))"));
    CHECK_NOTHROW(parsed("cat:cs.SD ((topic:audio)) date:2025-12"));
    CHECK_NOTHROW(parsed("date:2025-12 (section:new topic:audio)"));
    CHECK(parsed("speech ((topic:audio))") == parsed("speech topic:audio"));
}

TEST_CASE("a query ranks exactly when Xapian finds weights in it", "[query]") {
    // The session lists a query of filters only newest first, by what ranks() says before the
    // match: it must agree with the bound of the weights Xapian computes for the query.
    QueryBuilder builder(test_database());
    const Xapian::Database db = test_database();
    for (const char* q : {"speech",
                          "speech enhancement",
                          "\"speech enhancement\"",
                          "cat:cs.SD",
                          "au:povey",
                          "author:\"Daniel Povey\" cat:cs.RO",
                          "speech cat:cs.SD",
                          "speech OR cat:cs.SD",
                          "-speech cat:cs.SD",
                          "cat:cs.SD -speech",
                          "date:2025-12",
                          "ti:robots",
                          "cat:cs.RO OR au:povey",
                          "NOT speech",
                          "speech NOT cat:cs.RO",
                          "(cat:cs.SD) speech",
                          "id:2601.00001",
                          "section:new topic:audio",
                          "speech*",
                          "abstract:speech date:2025"}) {
        INFO(q);
        Xapian::Enquire enquire(db);
        enquire.set_query(builder.build(read_query(q)));
        const Xapian::MSet bound = enquire.get_mset(0, 0);
        REQUIRE(bound.get_matches_upper_bound() > 0);  // a query that finds nothing tells nothing
        CHECK(builder.ranks() == (bound.get_max_possible() > 0));
    }
}
