// The query language read once: tokens with their columns, and the tree the grammar makes of
// them (OR binding its neighbours before AND), as tables.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "language/query_builder.hpp"
#include "language/query_lexer.hpp"
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
