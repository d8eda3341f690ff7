// The escapers, each on its own: hostile strings (quotes, separators, line breaks, control
// characters, invalid UTF-8, braces) in, text a parser reads back exactly out.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "formats/bibtex_escape.hpp"
#include "text/escape.hpp"

using namespace digest;

namespace {

// Random strings made of the characters escapers must handle.
std::vector<std::string> hostile_strings(std::size_t n, unsigned seed) {
    static const std::vector<std::string> pieces{
        "\"",   ",",        "\r",     "\n",   "\r\n",     "\t",
        "\\",   "{",        "}",      "$",    "%",        "&",
        "#",    "_",        "~",      "^",    "\x1b[31m", "\x1b]52;c;aGk=\x07",
        "\x7f", "\xc2\x85", "\u202e", "=",    "+",        "-",
        "@",    "'",        "a",      "Z",    "0",        " ",
        "语音", "Işık",     "\\\\",   "\"\"", ",,",       "$$",
        "\\$",  "&#177;"};
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) {
        std::string s;
        std::size_t len = rng() % 12;
        for (std::size_t k = 0; k < len; ++k) s += pieces[rng() % pieces.size()];
        out.push_back(std::move(s));
    }
    return out;
}

// An RFC 4180 reader of one field, independent of the writer.
std::string read_csv_field(const std::string& text) {
    if (text.empty() || text.front() != '"') return text;
    std::string out;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] == '"') ++i;  // "" is one quote
        out += text[i];
    }
    return out;
}

}  // namespace

TEST_CASE("escape: CSV fields read back exactly", "[escape]") {
    for (const auto& s : hostile_strings(1000, 1)) {
        INFO(s);
        std::string field = csv_field(s);
        CHECK(read_csv_field(field) == s);
        // Unquoted only when nothing in it could end or split the field.
        if (field.empty() || field.front() != '"')
            CHECK(s.find_first_of(",\"\r\n") == std::string::npos);
    }
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("plain") == "plain");
}

TEST_CASE("escape: JSON text reads back exactly", "[escape]") {
    for (const auto& s : hostile_strings(1000, 2)) {
        INFO(s);
        nlohmann::ordered_json doc;
        doc["s"] = s;
        std::string text = json_text(doc, -1);
        CHECK(text.find('\n') == std::string::npos);  // one line, whatever the string holds
        CHECK(nlohmann::json::parse(text)["s"] == s);
    }
    // Invalid UTF-8 becomes U+FFFD instead of aborting the output.
    nlohmann::ordered_json bad;
    bad["s"] = std::string(
        "a\xff"
        "b");
    CHECK(nlohmann::json::parse(json_text(bad, -1))["s"] ==
          "a\xef\xbf\xbd"
          "b");
}

TEST_CASE("escape: BibTeX text keeps its braces balanced", "[escape][bibtex]") {
    for (const auto& s : hostile_strings(1000, 3)) {
        INFO(s);
        std::string t = escape_bibtex_text(s);
        int depth = 0;
        bool ok = true;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] == '\\') {
                ++i;  // an escaped character does not count
                continue;
            }
            if (t[i] == '{') ++depth;
            if (t[i] == '}' && --depth < 0) ok = false;
        }
        CHECK(ok);
        CHECK(depth == 0);
        CHECK(t.find_first_of("\r\n") == std::string::npos);  // one line in the .bib file
        for (std::size_t i = 0; i < t.size(); ++i)            // no unescaped % (a TeX comment)
            if (t[i] == '%') CHECK((i > 0 && t[i - 1] == '\\'));
    }
}
