// The query language read once: tokens with their columns, and the tree the grammar makes of
// them (OR binding its neighbours before AND), as tables.
#include <catch2/catch.hpp>
#include <limits>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "language/query_builder.hpp"
#include "language/query_lexer.hpp"
#include "language/query_limits.hpp"
#include "language/query_parser.hpp"

using namespace digest;

namespace {

std::string tree(const std::string& q) {
    return describe(read_query(q).root);
}

std::string kinds(const std::string& q) {
    std::string out;
    for (const auto& t : tokenize(q)) {
        if (!out.empty()) out += ' ';
        out += describe(t) + "@" + std::to_string(t.column);
    }
    return out;
}

}  // namespace

TEST_CASE("tokens: what each piece of a query is, and its column", "[query][lexer]") {
    struct Row {
        const char* input;
        const char* tokens;
    };
    const std::vector<Row> table{
        {"speaker verification", "speaker@0 verification@8"},
        {"Speaker VERIFICATION", "speaker@0 verification@8"},  // folded; not an operator
        {"a OR b AND c NOT d", "a@0 OR@2 b@5 AND@7 c@11 NOT@13 d@17"},
        {"a or b", "a@0 or@2 b@5"},  // lower case: words
        {"\"state of the art\" x", "\"state of the art\"@0 x@19"},
        {"ti:benchmark", "title:benchmark@0"},
        {"au:\"D. Povey\"", "author:\"d. povey\"@0"},
        {"ti:(a b)", "title:@0 (@3 a@4 b@6 )@7"},
        {"-speech +audio", "-@0 speech@1 +@8 audio@9"},
        {"speech -ti:gan", "speech@0 -@7 title:gan@8"},
        {"text-to-speech zero-shot", "text-to-speech@0 zero-shot@15"},
        {"verif* x", "verif*@0 x@7"},
        {"语音识别 模型", "语音识别@0 模型@5"},
        {"Işık ＧＡＮ", "isik@0 gan@5"},
        {"speaker NEAR/3 diarization", "speaker@0 NEAR/3@8 diarization@15"},
        {"(a OR b) c", "(@0 a@1 OR@3 b@6 )@7 c@9"},
        // A pasted id, arXiv: id or arXiv link is that paper.
        {"2510.18744", "id:2510.18744@0"},
        {"arXiv:2510.18744v2", "id:2510.18744@0"},
        {"https://arxiv.org/pdf/2510.18744v2", "id:2510.18744@0"},
        {"https://arxiv.org/abs/quant-ph/0201082", "id:quant-ph/0201082@0"},
        {"2024.1234", "2024.1234@0"},  // a number: month 24
        // Colons that are no field: words.
        {"AudioGAN: a", "audiogan:@0 a@10"},
        {"Re:Invent", "re:invent@0"},
        {"see http://example.org", "see@0 http://example.org@4"},
    };
    for (const auto& row : table) {
        INFO("query: " << row.input);
        CHECK(kinds(row.input) == row.tokens);
    }
}

TEST_CASE("the grammar: OR binds its neighbours before AND", "[query][parser]") {
    struct Row {
        const char* input;
        const char* tree;
    };
    const std::vector<Row> table{
        {"a b c", "a AND b AND c"},
        {"a b OR c", "a AND (b OR c)"},
        {"a OR b c", "(a OR b) AND c"},
        {"\"target speaker extraction\" lightweight OR efficient OR \"low complexity\"",
         "\"target speaker extraction\" AND (lightweight OR efficient OR \"low complexity\")"},
        {"a AND b OR c", "a AND (b OR c)"},
        {"(a AND b) OR c", "(a AND b) OR c"},
        {"a NOT b", "a AND NOT b"},
        {"a -b c", "a AND NOT b AND c"},
        {"a NOT b OR c", "a AND NOT (b OR c)"},
        {"NOT a", "NOT a"},
        {"a OR -b", "a OR NOT b"},
        {"+a b", "+a AND b"},
        {"ti:(speech enhancement) gan", "(title:speech AND title:enhancement) AND gan"},
        {"speaker NEAR/3 diarization", "speaker NEAR/3 diarization"},
        {"a XOR b", "a XOR b"},
        {"((a))", "a"},
    };
    for (const auto& row : table) {
        INFO("query: " << row.input);
        CHECK(tree(row.input) == row.tree);
    }
}

TEST_CASE("the grammar: what cannot be read says what and where", "[query][parser]") {
    struct Row {
        const char* input;
        const char* message;
        std::size_t column;
    };
    const std::vector<Row> table{
        {"speech AND", "operator AND without an operand", 7},
        {"AND speech", "operator AND without an operand", 0},
        {"speech OR OR audio", "operator OR without an operand", 7},
        {"speech OR", "operator OR without an operand", 7},
        {"speech NOT", "operator NOT without an operand", 7},
        {"a OR b XOR c", "OR and XOR mixed", 7},
        {"cat:cs.SD (speech OR audio", "unclosed `(`", 10},
        {"speech) audio", "`)` without a matching `(`", 6},
        {"()", "empty brackets", 0},
        {"a NEAR \"b c\"", "NEAR joins words", 2},
        {"ti:\"speaker verification", "unclosed quote", 3},
        {"语音 \"识别", "unclosed quote", 3},
        {"autor:povey", "unknown field `autor:`", 0},
        {"speech au: povey", "field `au:` has no value", 7},
    };
    for (const auto& row : table) {
        INFO("query: " << row.input);
        try {
            read_query(row.input);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK_THAT(e.what(), Catch::Matchers::Contains(row.message));
            CHECK(e.column() == row.column);
            CHECK(e.query() == row.input);
        }
    }
}

TEST_CASE("a query's operators and top words", "[query][parser]") {
    auto words = [](const std::string& q) {
        std::string out;
        ParsedQuery pq = read_query(q);
        for (const Token* t : pq.top_words()) out += (out.empty() ? "" : " ") + t->folded;
        return out;
    };
    CHECK(words("speaker verification cat:cs.SD \"a b\" noise") == "speaker verification noise");
    CHECK(words("speaker -noise robust").empty());    // the user's operator
    CHECK(words("speaker OR noise robust").empty());  // likewise
    CHECK(words("au:povey date:2025").empty());
}

TEST_CASE("the limits of a query's text: nesting and words in a row", "[query][parser][limits]") {
    const std::string deep32 = std::string(32, '(') + "speech" + std::string(32, ')');
    const std::string deep33 = "a " + std::string(33, '(') + "speech" + std::string(33, ')');
    CHECK(tree(deep32) == "speech");
    try {
        read_query(deep33);
        FAIL("no error");
    } catch (const Error& e) {
        CHECK_THAT(e.what(), Catch::Matchers::Contains("nests more than 32 levels deep"));
        CHECK(e.column() == 2 + 32);  // the bracket that opens the 33rd level
        CHECK_THAT(e.hint(), Catch::Matchers::Contains("nesting:32"));
        CHECK(e.exit_code() == kExitUsage);
    }
    // NOT (and -, + before a word) is a level too; siblings are not.
    std::string nots;
    for (int i = 0; i < 40; ++i) nots += "NOT ";
    CHECK_THROWS_WITH(read_query(nots + "speech"), Catch::Matchers::Contains("nests more than"));
    std::string nested_nots;  // NOT (NOT (...: each a NOT and a bracket
    for (int i = 0; i < 17; ++i) nested_nots += "NOT (";
    CHECK_THROWS_WITH(read_query(nested_nots + "speech" + std::string(17, ')')),
                      Catch::Matchers::Contains("nests more than 32"));
    std::string siblings;
    for (int i = 0; i < 100; ++i) siblings += "(a NOT b) ";
    CHECK_NOTHROW(read_query(siblings));
    // A field's group is a level: ti:( and five brackets are six.
    CHECK_THROWS_WITH(read_query("ti:((((((a))))))",
                                 [] {
                                     QueryLimits l;
                                     l.set("nesting:5");
                                     return l;
                                 }()),
                      Catch::Matchers::Contains("more than 5 levels"));

    QueryLimits wide;
    wide.set_all("nesting:40,tokens:200");
    CHECK(wide.nesting == 40);
    CHECK(wide.tokens == 200);
    CHECK(describe(read_query(deep33, wide).root) == "a AND speech");
    CHECK_THROWS_WITH(read_query(siblings, wide), Catch::Matchers::Contains("at most 200"));
}

TEST_CASE("limits are set by name, and a bad one says which and how", "[query][limits]") {
    QueryLimits l;
    l.set_all("time:0.25,phrase:8,terms:100,wildcards:0,expansion:50,bytes:1000");
    CHECK(l.time == 0.25);
    CHECK(l.phrase == 8);
    CHECK(l.terms == 100);
    CHECK(l.wildcards == 0);
    CHECK(l.expansion == 50);
    CHECK(l.bytes == 1000);
    CHECK_THROWS_WITH(l.set("depth:3"), Catch::Matchers::Contains("no limit named `depth`"));
    CHECK_THROWS_WITH(l.set("nesting:-1"), Catch::Matchers::Contains("a whole number from 0"));
    CHECK_THROWS_WITH(l.set("nesting:2.5"), Catch::Matchers::Contains("a whole number"));
    CHECK_THROWS_WITH(l.set("time:x"), Catch::Matchers::Contains("a number of seconds"));
    CHECK_THROWS_WITH(l.set("time"), Catch::Matchers::Contains("a number of seconds"));
    CHECK(l.time == 0.25);  // unchanged by the refusals
    CHECK_THAT(QueryLimits::help(), Catch::Matchers::Contains("nesting    32"));
}

TEST_CASE("a match's postings bound: only a match that could run long gets Xapian's timer",
          "[query][limits]") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 10; ++i) {
        Xapian::Document doc;
        doc.add_term("Xspeech");
        if (i < 3) doc.add_term("Xvocoder");
        db.add_document(doc);
    }
    using Q = Xapian::Query;
    CHECK(postings_bound(db, Q("Xspeech")) == 10);
    // A term read twice (in a phrase boost as well) is counted once.
    CHECK(postings_bound(
              db, Q(Q::OP_AND, Q("Xspeech"), Q(Q::OP_OR, Q("Xvocoder"), Q("Xspeech")))) == 13);
    CHECK(postings_bound(db, Q("Xabsent")) == 0);
    // A negation alone walks every paper; a wildcard has no bound until it is expanded.
    CHECK(postings_bound(db, Q(Q::OP_AND_NOT, Q::MatchAll, Q("Xvocoder"))) == 13);
    CHECK(postings_bound(db, Q(Q::OP_OR, Q("Xspeech"), Q(Q::OP_WILDCARD, "Xvo"))) ==
          std::numeric_limits<double>::infinity());
    CHECK_FALSE(may_reach_time_limit(db, Q("Xspeech"), 1.0));
    CHECK(may_reach_time_limit(db, Q("Xspeech"), 1e-6));
    CHECK(may_reach_time_limit(db, Q(Q::OP_WILDCARD, "Xsp"), 1.0));
}
