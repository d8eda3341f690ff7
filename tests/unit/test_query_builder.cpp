// The query language as a table: input -> Xapian::Query description, for every field, range
// form and operator, and the syntax errors with the column they point at. The database is
// the example digest plus two papers that give old-style ids, a second date and categories.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "digest/digest_parser.hpp"
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
    // Bare words: every bare field of the table, stemmed; words ANDed.
    const std::string speaker =
        "(Sspeaker@1 OR Aspeaker@1 OR speaker@1 OR XZspeaker@1 OR XNspeaker@1)";
    const std::string verif = "(Sverif@2 OR Averif@2 OR verif@2 OR XZverif@2 OR XNverif@2)";
    struct Row {
        const char* input;
        std::string expected;
    };
    const std::vector<Row> table{
        // Neighbouring words: the pair as a title term ranks the term of art first.
        {"speaker verification",
         "Query(((" + speaker + " AND " + verif + ") AND_MAYBE 2 * XBspeaker verif))"},
        {"Speaker VERIFICATION",
         "Query(((" + speaker + " AND " + verif + ") AND_MAYBE 2 * XBspeaker verif))"},
        {"speaker OR verification",
         "Query((Sspeaker@1 OR Aspeaker@1 OR speaker@1 OR XZspeaker@1 OR XNspeaker@1 OR " + verif +
             "))"},
        {"speaker AND NOT verification", "Query((" + speaker + " AND_NOT " + verif + "))"},
        {"speaker -verification", "Query((" + speaker + " AND_NOT " + verif + "))"},
        {"NOT speaker",
         "Query((<alldocuments> AND_NOT (Sspeaker@1 OR Aspeaker@1 OR speaker@1 OR "
         "XZspeaker@1 OR XNspeaker@1)))"},
        {"(speaker OR voice) verification",
         "Query(((Sspeaker@1 OR Aspeaker@1 OR speaker@1 OR XZspeaker@1 OR XNspeaker@1 OR (Svoic@2 "
         "OR Avoic@2 OR voic@2 OR XZvoic@2 OR XNvoic@2)) AND (Sverif@3 OR Averif@3 OR verif@3 OR "
         "XZverif@3 OR XNverif@3)))"},
        {"\"speaker verification\"",
         "Query(((Sspeaker@1 PHRASE 2 Sverif@2) OR (Aspeaker@1 PHRASE 2 Averif@2) OR (speaker@1 "
         "PHRASE 2 verif@2) OR (XZspeaker@1 PHRASE 2 XZverif@2) OR (XNspeaker@1 PHRASE 2 "
         "XNverif@2)))"},
        // Hyphenated words are words, and their phrase an optional, weighted part; in quotes,
        // in a field or after - they stay a phrase.
        {"zero-shot tts",
         "Query((((Szero@1 OR Azero@1 OR zero@1 OR XZzero@1 OR XNzero@1) AND (Sshot@2 OR Ashot@2 "
         "OR shot@2 OR XZshot@2 OR XNshot@2) AND (Stts@3 OR Atts@3 OR tts@3 OR XZtts@3 OR "
         "XNtts@3)) AND_MAYBE 3 * ((Szero PHRASE 2 Sshot) OR (zero PHRASE 2 shot) OR (XZzero "
         "PHRASE 2 XZshot))))"},
        {"ti:zero-shot", "Query((Szero@1 PHRASE 2 Sshot@2))"},
        {"\"zero-shot\"",
         "Query(((Szero@1 PHRASE 2 Sshot@2) OR (Azero@1 PHRASE 2 Ashot@2) OR (zero@1 PHRASE 2 "
         "shot@2) OR (XZzero@1 PHRASE 2 XZshot@2) OR (XNzero@1 PHRASE 2 XNshot@2)))"},
        // Accents and full-width letters fold.
        {"Işık", "Query((Sisik@1 OR Aisik@1 OR isik@1 OR XZisik@1 OR XNisik@1))"},
        {"ＧＡＮ", "Query((Sgan@1 OR Agan@1 OR gan@1 OR XZgan@1 OR XNgan@1))"},
        // Text fields and their aliases.
        {"ti:benchmark", "Query(Sbenchmark@1)"},
        {"title:benchmark", "Query(Sbenchmark@1)"},
        {"abs:gan", "Query(gan@1)"},
        {"abstract:gan", "Query(gan@1)"},
        {"note:interspeech", "Query(XNinterspeech@1)"},
        {"comment:interspeech", "Query(XNinterspeech@1)"},
        {"zh:语音",
         "Query(((XZ语@1 AND XZ语音@1 AND XZ音@1) AND_MAYBE 3 * ((S语 PHRASE 2 S音) OR "
         "(语 PHRASE 2 音) OR (XZ语 PHRASE 2 XZ音))))"},
        {"summary:\"语音\"", "Query((XZ语@1 PHRASE 2 XZ音@1))"},
        // Authors: one word is a name word; a name is every written form of it.
        {"au:povey", "Query(0 * Apovey)"},
        {"au:hung-yi", "Query(0 * (Ahungyi OR (Ahung PHRASE 2 Ayi)))"},  // parts in a row
        {"au:\"van Povey\"", "Query(0 * XApovey|van povey)"},  // a surname with its particle
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
         "Query(0 * (XCcs OR XCcs.ai OR XCcs.cl OR XCcs.hc OR XCcs.lg OR XCcs.mm OR "
         "XCcs.ro OR XCcs.sd))"},
        {"cat:cs.SD cat:eess.AS", "Query(0 * (XCcs.sd AND XCeess.as))"},
        {"primary:cs.SD", "Query(0 * XPcs.sd)"},
        {"class:I.2.7", "Query(0 * XKi.2.7)"},
        {"topic:audio", "Query(0 * XTaudio)"},
        {"section:new", "Query(0 * XSnew)"},
        {"section:replaced topic:robotics", "Query(0 * (XSreplaced AND XTrobotics))"},
        {"doi:10.1109/x", "Query(0 * XD10.1109/x)"},
        // Ids: without version, with version, old style (case restored).
        {"id:2512.22166", "Query(0 * Q2512.22166)"},
        {"id:2512.22166v2", "Query(0 * Q2512.22166)"},
        {"id:math.gt/0309136v1", "Query(0 * Qmath.GT/0309136)"},
        // Dates: the digest days of the database that fall in the period or range.
        {"date:2025-12-30", "Query(0 * D20251230)"},
        {"date:2025-12", "Query(0 * D20251230)"},
        {"date:2025", "Query(0 * D20251230)"},
        {"date:2026", "Query(0 * (D20260115 OR D20260202))"},
        {"date:20260115", "Query(0 * D20260115)"},
        {"date:2025-12-01..2026-01-15", "Query(0 * (D20251230 OR D20260115))"},
        {"date:2026-01..", "Query(0 * (D20260115 OR D20260202))"},
        {"date:..2026-01", "Query(0 * (D20251230 OR D20260115))"},
        {"date:2024", "Query()"},  // no digest that year: matches nothing
        {"speaker date:2024", "Query()"},
        // Filters combine with AND, also with words.
        {"cat:cs.SD date:2025-12..2026-01 speaker",
         "Query(((Sspeaker@1 OR Aspeaker@1 OR speaker@1 OR XZspeaker@1 OR XNspeaker@1) FILTER "
         "(XCcs.sd AND (D20251230 OR D20260115))))"},
        // Wildcards expand over the terms of the database.
        {"ti:verif*", "Query(WILDCARD SYNONYM Sverif)"},
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
        {"speech AND", "operator without an operand", 7},
        {"AND speech", "operator without an operand", 0},
        {"speech OR OR audio", "operator without an operand", 7},
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
        {"section:old", "unknown section", 0},
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
    // With filters: they filter the similar papers.
    CHECK_THAT(parsed("like:2512.22148 cat:cs.SD"), Catch::Matchers::Contains("FILTER XCcs.sd"));
}

TEST_CASE("stop words are left out of queries, not of phrases", "[query]") {
    // The same query but for the words' positions (@N).
    auto terms = [](const std::string& q) {
        return std::regex_replace(parsed(q), std::regex("@[0-9]+"), "");
    };
    CHECK(terms("the speaker of") == terms("speaker"));
    CHECK(terms("how to verify speakers") == terms("verify speakers"));
    CHECK_THAT(parsed("\"state of the art\""), Catch::Matchers::Contains("of@2"));
}

TEST_CASE("bare words: what a query asks every paper to hold", "[query]") {
    using V = std::vector<std::string>;
    CHECK(QueryBuilder::bare_words("speaker verification cat:cs.SD \"a b\" (noise)") ==
          V{"speaker", "verification", "noise"});
    CHECK(QueryBuilder::bare_words("speaker -noise robust").empty());    // the user's operator
    CHECK(QueryBuilder::bare_words("speaker OR noise robust").empty());  // likewise
    CHECK(QueryBuilder::bare_words("au:povey date:2025").empty());
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
    CHECK_THAT(parsed("speech and language"), Catch::Matchers::Contains("Sspeech@1"));
    CHECK_THAT(parsed("speech and language"), Catch::Matchers::Contains(" AND (Slanguag@3"));
    CHECK_THAT(parsed("\"speech and language\""), Catch::Matchers::Contains("Sand@2"));
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
