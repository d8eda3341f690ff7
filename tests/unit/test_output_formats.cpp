// The output formats of digest-query: golden files for every format, the digest Markdown read
// back by the digest parser, BibTeX escaping and keys, and the JSON and BibTeX checkers.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "digest/digest_parser.hpp"
#include "digest/digest_writer.hpp"
#include "formats/bibtex_escape.hpp"
#include "formats/writers.hpp"
#include "text/escape.hpp"

using namespace digest;

namespace {

const std::filesystem::path kSource = DIGEST_SOURCE;
const std::filesystem::path kGolden = kSource / "tests" / "golden";
const std::filesystem::path kTools = kSource / "tests" / "tools";
const std::string kPython = "/usr/bin/python3";

Paper latex_paper() {
    Paper p;
    p.id = "2512.22166";
    p.version = 2;
    p.title =
        "Re$^2$-Attention: $\\mathcal{O}(T)$ Speaker Verification at 76.6\\% Cost & 50_50 #1 "
        "{Braces}";
    p.authors = {"Atakan Işık", "Hung-yi Lee", "Aäron van den Oord", "Jin Sob Kim"};
    p.categories = {"cs.SD", "eess.AS"};
    p.classes = {"68T07"};
    p.primary = "cs.SD";
    // A multi-line summary as real digests have them: a stray </think>, a blank line, a line
    // that looks like a heading and an inner **.
    p.summary = "该论文属于说话人验证任务。\n</think>\n\n# 标题行\n提出新方法，提升**准确率**。";
    p.comments = "10 pages, Accepted to ICASSP 2026";
    p.abstract =
        "We save \\$1.8 trillion with $\\approx$ 3x speed-up (&#177;0.2). Code at this https URL.";
    p.links = {"[https://arxiv.org/pdf/2512.22166v2](https://arxiv.org/pdf/2512.22166v2)"};
    p.appearances = {{"2025-12-30", "audio", "new", 1, 1},
                     {"2026-01-05", "audio", "replaced", 7, 2}};
    return p;
}

Paper bracket_paper() {
    Paper p;
    p.id = "2509.24907";
    p.title = "[b]=[d]-[t]+[p]: Self-supervised Speech Units for Phoneme Arithmetic";
    p.authors = {"Hung-yi Lee"};
    p.categories = {"cs.CL"};
    p.primary = "cs.CL";
    p.abstract = "{Phoneme} arithmetic with `code`, __dunder__ and **bold** marks.";
    p.appearances = {{"2025-10-01", "text", "replaced", 41, 0}};
    return p;
}

Paper old_style_paper() {
    Paper p;
    p.id = "quant-ph/0201082";
    p.version = 3;
    p.title = "Quantum Teleportation of $|\\psi\\rangle$ States: 100% Fidelity & Beyond";
    p.authors = {"Charles H. Bennett", "Gilles Brassard"};
    p.categories = {"quant-ph"};
    p.primary = "quant-ph";
    p.comments = "RevTeX, 4 pages";
    p.abstract = "We show ~ and ^ and a lone $ sign and an unbalanced } brace and { too.";
    p.journal_ref = "Phys. Rev. A 65, 012345 (2002)";
    p.doi = "10.1103/PhysRevA.65.012345";
    p.published = "2002-01-16";
    p.updated = "2002-06-01";
    return p;
}

Paper cjk_paper() {
    Paper p;
    p.id = "2512.22148";
    p.version = 1;
    p.title = "Re$^2$ Pooling: Layer Attentive Speaker Verification";
    p.authors = {"Atakan Işık", "张三"};
    p.categories = {"cs.SD", "cs.AI"};
    p.primary = "cs.SD";
    p.summary = "该论文属于说话人验证任务，提出LAP方法。";
    p.abstract = "Layer Attentive Pooling (LAP) aggregates pre-trained speech features.";
    p.links = {"https://arxiv.org/pdf/2512.22148v1"};
    p.appearances = {{"2025-12-30", "audio", "new", 2, 1}};
    return p;
}

Hit make_hit(Paper paper, int rank, double score, int percent, std::vector<SnippetSpan> snippet) {
    Hit h;
    h.paper = std::move(paper);
    h.rank = rank;
    h.score = score;
    h.percent = percent;
    h.snippet = std::move(snippet);
    return h;
}

SearchResult sample_result() {
    SearchResult r;
    r.query = "speaker verification";
    r.sort = "relevance";
    r.total = 37;
    r.offset = 0;
    r.limit = 4;
    r.hits.push_back(make_hit(latex_paper(), 1, 12.5, 100,
                              {{"… we propose ", false},
                               {"speaker", true},
                               {" ", false},
                               {"verification", true},
                               {" with linear cost …", false}}));
    r.hits.push_back(make_hit(bracket_paper(), 2, 7.25, 58, {}));
    r.hits.push_back(
        make_hit(old_style_paper(), 3, 3.0, 24, {{"Quantum", true}, {" teleportation", false}}));
    r.hits.push_back(
        make_hit(cjk_paper(), 4, 2.75, 21,
                 {{"该论文属于", false}, {"说话人验证", true}, {"任务，提出LAP方法。", false}}));
    return r;
}

std::string format(const SearchResult& r, std::string_view name, OutputOptions o = {}) {
    const OutputFormat* f = find_output_format(name);
    REQUIRE(f);
    std::ostringstream out;
    write_results(out, r, *f, o);
    return out.str();
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// Compares with tests/golden/<name> byte for byte. DIGEST_UPDATE_GOLDEN=1 rewrites the file
// instead (review the diff before committing it).
void check_golden(const std::string& name, const std::string& actual) {
    auto path = kGolden / name;
    if (const char* update = std::getenv("DIGEST_UPDATE_GOLDEN"); update && *update == '1') {
        std::filesystem::create_directories(kGolden);
        write_file(path, actual);
    }
    INFO("golden file " << path.string());
    REQUIRE(std::filesystem::exists(path));
    CHECK(read_file(path) == actual);
}

// A file in the temporary folder, removed at the end of the scope.
struct TempFile {
    std::filesystem::path path;
    explicit TempFile(const std::string& name) {
        static int counter = 0;
        path = std::filesystem::temp_directory_path() /
               ("digest-output-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
                "-" + name);
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
};

std::string quoted(const std::filesystem::path& p) {
    return "'" + p.string() + "'";
}

// Runs a checker from tests/tools on `text`; returns its exit status (0 = valid).
int run_tool(const std::string& tool, const std::string& args, const std::string& text,
             bool quiet = false) {
    REQUIRE(std::filesystem::exists(kPython));  // required, not optional: never skipped
    TempFile input(tool + ".in");
    write_file(input.path, text);
    std::string command = kPython + " " + quoted(kTools / tool) + " " + args + " " +
                          quoted(input.path) + (quiet ? " >/dev/null 2>&1" : "");
    INFO(command);
    return std::system(command.c_str());
}

void check_same_papers(const std::vector<Paper>& parsed, const std::vector<Paper>& expected) {
    REQUIRE(parsed.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Paper& got = parsed[i];
        const Paper& want = expected[i];
        INFO("paper " << want.id);
        CHECK(got.id == want.id);
        CHECK(got.title == want.title);
        CHECK(got.authors == want.authors);
        CHECK(got.abstract == want.abstract);
        CHECK(got.summary == want.summary);
        CHECK(got.categories == want.categories);
        CHECK(got.classes == want.classes);
        CHECK(got.comments == want.comments);
    }
}

}  // namespace

TEST_CASE("output format names", "[output]") {
    for (const auto& f : output_formats()) {
        REQUIRE(find_output_format(f.name) == &f);
        CHECK(f.results);  // every format prints results
        CHECK_FALSE(f.help.empty());
    }
    CHECK(output_format_names(Printed::Results) == "digest, brief, json, jsonl, csv, bibtex, ids");
    CHECK(output_format_names(Printed::Count) == "digest, brief, json");
    CHECK(output_format_names(Printed::Authors) == "brief, json, jsonl, csv");
    CHECK_FALSE(find_output_format("JSON"));
    CHECK_FALSE(find_output_format(""));
    CHECK_FALSE(find_output_format("markdown"));
}

TEST_CASE("colour only when asked or on a terminal without NO_COLOR", "[output]") {
    CHECK(want_color("always", false, nullptr));
    CHECK(want_color("always", false, "1"));
    CHECK_FALSE(want_color("never", true, nullptr));
    CHECK(want_color("auto", true, nullptr));
    CHECK(want_color("auto", true, ""));  // NO_COLOR counts only when non-empty
    CHECK_FALSE(want_color("auto", true, "1"));
    CHECK_FALSE(want_color("auto", false, nullptr));
    CHECK(want_color("", true, nullptr));
}

TEST_CASE("golden output of every format", "[output]") {
    const SearchResult r = sample_result();
    check_golden("output_formats.digest.md", format(r, "digest"));
    check_golden("output_formats.brief.txt", format(r, "brief"));
    check_golden("output_formats.brief-color-48.txt",
                 format(r, "brief", {.color = true, .width = 48}));
    check_golden("output_formats.json", format(r, "json"));
    check_golden("output_formats.jsonl", format(r, "jsonl"));
    check_golden("output_formats.csv", format(r, "csv"));
    check_golden("output_formats.bib", format(r, "bibtex"));
    check_golden("output_formats.ids.txt", format(r, "ids"));
}

TEST_CASE("ids: one bare id a line", "[output]") {
    CHECK(format(sample_result(), "ids") ==
          "2512.22166\n2509.24907\nquant-ph/0201082\n2512.22148\n");
}

TEST_CASE("an empty result", "[output]") {
    SearchResult r;
    r.query = "nothing";
    r.sort = "relevance";
    r.limit = 10;
    // Nothing for the formats that are lists; the empty document of those that are documents.
    CHECK(format(r, "digest").empty());
    CHECK(format(r, "brief").empty());
    CHECK(format(r, "jsonl").empty());
    CHECK(format(r, "ids").empty());
    CHECK(format(r, "bibtex").empty());
    CHECK(format(r, "csv") ==
          "rank,id,version,date,title,authors,primary,categories,score,url,summary,first_listed,"
          "last_listed,abstract,comments\r\n");
    CHECK(format(r, "json") ==
          "{\n  \"format_version\": 1,\n  \"query\": \"nothing\",\n  \"sort\": \"relevance\",\n"
          "  \"total\": 0,\n  \"total_is_exact\": true,\n  \"partial\": false,\n"
          "  \"suggestion\": \"\",\n  \"offset\": 0,\n  \"limit\": 10,\n"
          "  \"results\": []\n}\n");
}

TEST_CASE("brief: escape codes only with colour, a CJK match as one span", "[output]") {
    const SearchResult r = sample_result();
    std::string plain = format(r, "brief");
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.find("\n   该论文属于说话人验证任务，提出LAP方法。\n") != std::string::npos);
    CHECK(plain.find(" 1. 2512.22166  2026-01-05   12.5  Re$^2$-Attention") == std::string::npos);
    CHECK(plain.find("1. 2512.22166  2026-01-05   12.5  Re$^2$-Attention") == 0);
    CHECK(plain.find("Atakan Işık, Hung-yi Lee, Aäron van den Oord et al.\n") != std::string::npos);
    CHECK(plain.find("3. quant-ph/0201082  undated       3.0  Quantum") != std::string::npos);

    // Sorted by date, results have no score to show.
    SearchResult by_date = sample_result();
    by_date.sort = "-date";
    CHECK(format(by_date, "brief").find("1. 2512.22166  2026-01-05  Re$^2$-Attention") == 0);

    std::string color = format(r, "brief", {.color = true, .width = 0});
    CHECK(color.find("\x1b[1;31m说话人验证\x1b[0m") != std::string::npos);
    CHECK(color.find("\x1b[1;31mspeaker\x1b[0m \x1b[1;31mverification\x1b[0m") !=
          std::string::npos);
}

TEST_CASE("brief: a terminal width cuts the heading and wraps the snippet", "[output]") {
    std::string out = format(sample_result(), "brief", {.color = false, .width = 40});
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        // Columns, not bytes: a CJK character takes two.
        int width = 0;
        for (std::size_t i = 0; i < line.size();) {
            unsigned char c = static_cast<unsigned char>(line[i]);
            int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            width += len == 3 && c >= 0xE4 ? 2 : 1;
            i += len;
        }
        INFO(line);
        CHECK(width <= 40);
    }
    CHECK(out.find("…\n") != std::string::npos);
}

TEST_CASE("digest output reads back as the same papers, without a warning", "[output]") {
    const SearchResult r = sample_result();
    std::string md = format(r, "digest");
    CHECK(md.rfind("# 检索 speaker verification (37 篇, 1–4)\n\n#### [replaced 001] Re$^2$", 0) ==
          0);
    auto parsed = parse_digest(md, {"<search>", "2026-01-05", "search"});
    for (const auto& d : parsed.diagnostics) UNSCOPED_INFO(d.to_string());
    CHECK(parsed.diagnostics.empty());
    std::vector<Paper> expected;
    for (const auto& hit : r.hits) expected.push_back(hit.paper);
    check_same_papers(parsed.entries, expected);
    REQUIRE(parsed.entries.size() == 4);
    CHECK(parsed.entries[0].appearances.front().section == "replaced");
    CHECK(parsed.entries[1].appearances.front().section == "replaced");
    CHECK(parsed.entries[2].appearances.front().section == "new");  // no appearance: new
    CHECK(parsed.entries[0].appearances.front().number == 1);
    CHECK(parsed.entries[3].appearances.front().number == 4);
    CHECK(parsed.entries[0].version == 2);  // from the paper's own link
    CHECK(parsed.entries[2].version == 3);  // from https://arxiv.org/abs/<id>v<version>
}

TEST_CASE("summaries that cannot span lines still read back cleanly", "[output]") {
    SearchResult r;
    r.query = "q";
    Paper p = cjk_paper();
    std::vector<std::pair<std::string, std::string>> cases{
        // summary as stored -> as read back
        {"**粗体**开头的简介。", "**粗体**开头的简介。"},
        {"以粗体结尾 **LAP**", "以粗体结尾 **LAP**"},
        {"第一行以**结尾**\n第二行。", "第一行以**结尾** 第二行。"},
        {"第一行\n---\n第三行", "第一行 --- 第三行"},
        {"  前后空白  \n\n", "前后空白"},
    };
    for (const auto& [summary, expected] : cases) {
        INFO(summary);
        r.hits = {make_hit(p, 1, 1, 1, {})};
        r.hits[0].paper.summary = summary;
        auto parsed = parse_digest(format(r, "digest"), {"<s>", "2026-01-05", "s"});
        CHECK(parsed.diagnostics.empty());
        REQUIRE(parsed.entries.size() == 1);
        CHECK(parsed.entries[0].summary == expected);
    }
}

namespace {

// Every digest of a folder: parsed, printed as a search result, parsed again.
void check_round_trip(const std::filesystem::path& file) {
    INFO(file.string());
    REQUIRE(std::filesystem::exists(file));
    std::string text = read_file(file);
    DigestSource source{file.string(), date_from_path(file.string()),
                        topic_from_path(file.string())};
    auto original = parse_digest(text, source);
    REQUIRE(!original.entries.empty());
    SearchResult r;
    r.query = "round trip";
    r.total = static_cast<Xapian::doccount>(original.entries.size());
    int rank = 0;
    for (const auto& p : original.entries) r.hits.push_back(make_hit(p, ++rank, 1, 1, {}));
    std::string md = format(r, "digest");
    auto again = parse_digest(md, source);
    for (const auto& d : again.diagnostics) UNSCOPED_INFO(d.to_string());
    CHECK(again.diagnostics.empty());
    check_same_papers(again.entries, original.entries);
    for (std::size_t i = 0; i < again.entries.size() && i < original.entries.size(); ++i) {
        CHECK(again.entries[i].version == original.entries[i].version);
        CHECK(again.entries[i].appearances.front().section ==
              original.entries[i].appearances.front().section);
    }
}

}  // namespace

TEST_CASE("real digests survive the digest format", "[output]") {
    check_round_trip(std::filesystem::path(DIGEST_EXAMPLES) / "20251230_Tue" / "audio.md");
    // Multi-line summaries with </think>, MSC classes, brackets and LaTeX in titles.
    const std::filesystem::path days = std::filesystem::path(DIGEST_SHARED) / "corpus" /
                                       "advanced-cs__arXiv_daily" / "daily_papers";
    for (const char* day : {"20251002_Thu", "20260115_Thu"})
        for (const char* topic : {"audio.md", "text.md", "video.md", "robotics.md", "society.md"})
            if (std::filesystem::exists(days / day / topic)) check_round_trip(days / day / topic);
    REQUIRE(std::filesystem::exists(days / "20251002_Thu" / "text.md"));
}

TEST_CASE("snippets as Markdown", "[output]") {
    CHECK(snippet_markdown({}).empty());
    CHECK(snippet_markdown({{"a ", false}, {"b", true}, {" c", false}}) == "a **b** c");
    CHECK(snippet_markdown({{"x", true}, {"y", true}}) == "**xy**");  // adjacent: one span
    CHECK(snippet_markdown({{"该论文", false}, {"说话人验证", true}}) == "该论文**说话人验证**");
    CHECK(snippet_markdown({{"a", false}, {" b ", true}, {"c", false}}) == "a **b** c");
    CHECK(snippet_markdown({{"a", false}, {"", true}, {"c", false}}) == "ac");
}

TEST_CASE("CSV fields follow RFC 4180", "[output]") {
    auto field = [](std::string_view s) {
        std::ostringstream out;
        write_csv_field(out, s);
        return out.str();
    };
    CHECK(field("plain") == "plain");
    CHECK(field("") == "");
    CHECK(field("a,b") == "\"a,b\"");
    CHECK(field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(field("two\nlines") == "\"two\nlines\"");
    CHECK(field("cr\r") == "\"cr\r\"");
    CHECK(field("Işık; 张三") == "Işık; 张三");
}

TEST_CASE("links", "[output]") {
    CHECK(link_url("[https://arxiv.org/pdf/2512.22166v1](https://arxiv.org/pdf/2512.22166v1)") ==
          "https://arxiv.org/pdf/2512.22166v1");
    CHECK(link_url(" https://arxiv.org/pdf/2603.05507 ") == "https://arxiv.org/pdf/2603.05507");
    CHECK(link_url("<https://x.org/a>") == "https://x.org/a");
    CHECK(abs_url(old_style_paper()) == "https://arxiv.org/abs/quant-ph/0201082");
}

TEST_CASE("BibTeX escaping", "[output][bibtex]") {
    // Math and existing escapes are kept as written.
    CHECK(escape_bibtex_text("$\\mathcal{O}(T)$ time") == "$\\mathcal{O}(T)$ time");
    CHECK(escape_bibtex_text("Re$^2$") == "Re$^2$");
    CHECK(escape_bibtex_text("76.6\\% of \\$1.8 trillion") == "76.6\\% of \\$1.8 trillion");
    CHECK(escape_bibtex_text("$\\{0,1\\}^n$") == "$\\{0,1\\}^n$");
    // Specials outside math are escaped.
    CHECK(escape_bibtex_text("A & B_c #1 100%") == "A \\& B\\_c \\#1 100\\%");
    CHECK(escape_bibtex_text("~ ^ \\") ==
          "\\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
    CHECK(escape_bibtex_text("costs $5") == "costs \\$5");
    // Braces: pairs are kept, strays are drawn.
    CHECK(escape_bibtex_text("{GAN} models") == "{GAN} models");
    CHECK(escape_bibtex_text("a } b { c") == "a \\textbraceright{} b \\textbraceleft{} c");
    CHECK(escape_bibtex_text("set \\{a") == "set \\textbraceleft{}a");
    CHECK(escape_bibtex_text("$x^{2$ and }") == "$x^\\lbrace{}2$ and \\textbraceright{}");
    // Brackets, entities, non-ASCII and white space.
    CHECK(escape_bibtex_text("[b]=[d]-[t]+[p]: x") == "[b]=[d]-[t]+[p]: x");
    CHECK(escape_bibtex_text("&#177;0.2 &amp; &#x4E2D; &bogus;") == "±0.2 \\& 中 \\&bogus;");
    CHECK(escape_bibtex_text("Atakan Işık") == "Atakan Işık");
    CHECK(escape_bibtex_text(" two\n lines\t") == "two lines");
}

TEST_CASE("BibTeX years and keys", "[output][bibtex]") {
    CHECK(bibtex_year(old_style_paper()) == "2002");  // published
    Paper p = bracket_paper();
    CHECK(bibtex_year(p) == "2025");  // from the id
    p.id = "hep-th/9901001";
    CHECK(bibtex_year(p) == "1999");
    p.id = "math.GT/0309136";
    CHECK(bibtex_year(p) == "2003");
    p.id = "weird";
    CHECK(bibtex_year(p) == "2025");  // first appearance
    p.appearances.clear();
    CHECK(bibtex_year(p).empty());

    Paper a = latex_paper(), b = bracket_paper(), c = old_style_paper(), d = cjk_paper();
    Paper e = a;  // a third collision, and a base key that looks like a suffixed one
    Paper f = b;
    f.title = "Rea Units";
    f.authors = {"Atakan Işık"};
    Paper anon = b;
    anon.authors.clear();
    anon.title = "The $\\mathcal{O}(1)$ of it all";
    auto keys = bibtex_keys({&a, &b, &c, &d, &e, &f, &anon});
    // isik2025re collides three times; its first suffix would clash with f's own key.
    CHECK(keys == std::vector<std::string>{"isik2025reb", "lee2025self", "bennett2002quantum",
                                           "isik2025rec", "isik2025red", "isik2025rea",
                                           "anon2025"});
}

namespace {

// Papers whose text is hard on BibTeX and LaTeX.
std::vector<Paper> tricky_bibtex_papers() {
    std::vector<Paper> papers;
    Paper p = bracket_paper();
    p.id = "2601.00001";
    p.title = "Saving \\$1.8 trillion: 76.6\\% of it_all & #2 ~ ^ in \\emph{Deep} nets";
    p.authors = {"Aäron van den Oord", "R and D Team", "Smith, John", "张三"};
    papers.push_back(p);
    p.id = "2601.00002";
    p.title = "Set {a, b and an unbalanced } brace } or two {";
    p.authors = {"Hung-yi Lee"};
    papers.push_back(p);
    p.id = "2601.00003";
    p.title = "Cost $x^{2$ with a math brace left open, and a lone $ sign";
    p.doi = "10.1000/a_b{c}%20";
    p.journal_ref = "J. Odd Chars 1 (2026) 5-10 & 50% {more";
    papers.push_back(p);
    p.id = "2601.00004";
    p.title = "Ends with a backslash \\";
    p.journal_ref.clear();
    p.authors = {"Atakan Işık"};
    papers.push_back(p);
    return papers;
}

}  // namespace

TEST_CASE("BibTeX entries", "[output][bibtex]") {
    std::string bib = format(sample_result(), "bibtex");
    CHECK(bib.find("@misc{isik2025rea,\n"
                   "  title = {{Re$^2$-Attention: $\\mathcal{O}(T)$ Speaker Verification at "
                   "76.6\\% Cost \\& 50\\_50 \\#1 {Braces}}},\n"
                   "  author = {Atakan Işık and Hung-yi Lee and Aäron van den Oord and Jin Sob "
                   "Kim},\n"
                   "  year = {2025},\n"
                   "  eprint = {2512.22166},\n"
                   "  archivePrefix = {arXiv},\n"
                   "  primaryClass = {cs.SD},\n"
                   "  url = {https://arxiv.org/abs/2512.22166}\n"
                   "}\n") == 0);
    CHECK(bib.find("@article{bennett2002quantum,\n") != std::string::npos);
    CHECK(bib.find("  journal = {Phys. Rev. A 65, 012345 (2002)},\n") != std::string::npos);
    CHECK(bib.find("  doi = {10.1103/PhysRevA.65.012345},\n") != std::string::npos);
    CHECK(bib.find("@misc{isik2025reb,\n") != std::string::npos);

    std::ostringstream out;
    for (const auto& p : tricky_bibtex_papers()) write_bibtex_entry(out, p, "k" + p.id);
    std::string tricky = out.str();
    CHECK(tricky.find("author = {Aäron van den Oord and {R and D Team} and {Smith, John} and "
                      "张三}") != std::string::npos);
    CHECK(tricky.find("title = {{Saving \\$1.8 trillion: 76.6\\% of it\\_all \\& \\#2 "
                      "\\textasciitilde{} \\textasciicircum{} in \\textbackslash{}emph{Deep} "
                      "nets}}") != std::string::npos);
    CHECK(tricky.find("doi = {10.1000/a_b%7Bc%7D%20}") != std::string::npos);
}

TEST_CASE("BibTeX output passes the BibTeX checker", "[output][bibtex]") {
    SearchResult r = sample_result();
    for (auto& p : tricky_bibtex_papers())
        r.hits.push_back(make_hit(p, static_cast<int>(r.hits.size()) + 1, 1, 1, {}));
    std::string bib = format(r, "bibtex");
    CHECK(run_tool("check_bibtex.py", "--count 8", bib) == 0);

    // The checker must be able to fail.
    CHECK(run_tool("check_bibtex.py", "--count 9", bib, true) != 0);
    CHECK(run_tool("check_bibtex.py", "", bib + "\n" + bib, true) != 0);  // keys twice
    CHECK(run_tool("check_bibtex.py", "", bib.substr(0, bib.size() - 3), true) != 0);
    std::string unescaped = bib;
    unescaped.replace(unescaped.find("\\&"), 2, "&");
    CHECK(run_tool("check_bibtex.py", "", unescaped, true) != 0);
    std::string unbalanced = bib;
    unbalanced.replace(unbalanced.find("\\textbraceright{}"), 17, "}");
    CHECK(run_tool("check_bibtex.py", "", unbalanced, true) != 0);
}

TEST_CASE("JSON output", "[output][json]") {
    auto j = nlohmann::json::parse(format(sample_result(), "json"));
    CHECK(j["format_version"] == 1);
    CHECK(j["total"] == 37);
    REQUIRE(j["results"].size() == 4);
    const auto& first = j["results"][0];
    CHECK(first["snippet"] == "… we propose **speaker** **verification** with linear cost …");
    CHECK(first["links"][0] == "https://arxiv.org/pdf/2512.22166v2");
    CHECK(first["appearances"][1]["version"] == 2);
    const auto& second = j["results"][1];
    CHECK(second["version"].is_null());
    CHECK(second["snippet"].is_null());
    CHECK(second["summary"] == "");
    CHECK(second["appearances"][0]["version"].is_null());
    CHECK(j["results"][3]["snippet"] == "该论文属于**说话人验证**任务，提出LAP方法。");
    // Every result has the same keys, in the same order.
    std::vector<std::string> keys;
    for (const auto& [key, value] : first.items()) keys.push_back(key);
    for (const auto& result : j["results"]) {
        std::vector<std::string> these;
        for (const auto& [key, value] : result.items()) these.push_back(key);
        CHECK(these == keys);
    }
    // JSON lines: the same objects, one a line.
    std::istringstream lines(format(sample_result(), "jsonl"));
    std::string line;
    std::size_t n = 0;
    while (std::getline(lines, line)) {
        REQUIRE(n < 4);
        CHECK(nlohmann::json::parse(line) == j["results"][n++]);
    }
    CHECK(n == 4);
}

TEST_CASE("JSON and JSON lines pass the schema checker", "[output][json]") {
    const SearchResult r = sample_result();
    std::string json = format(r, "json");
    std::string jsonl = format(r, "jsonl");
    CHECK(run_tool("check_json_schema.py", "--count 4", json) == 0);
    CHECK(run_tool("check_json_schema.py", "--jsonl --count 4", jsonl) == 0);

    // The checker must be able to fail.
    CHECK(run_tool("check_json_schema.py", "--count 5", json, true) != 0);
    CHECK(run_tool("check_json_schema.py", "--jsonl", json, true) != 0);
    CHECK(run_tool("check_json_schema.py", "", jsonl, true) != 0);
    std::string bad = json;
    bad.replace(bad.find("\"percent\": 100"), 14, "\"percent\": 101");
    CHECK(run_tool("check_json_schema.py", "", bad, true) != 0);
    std::string missing = jsonl;
    missing.replace(missing.find("\"snippet\":null"), 14, "\"snippets\":null");
    CHECK(run_tool("check_json_schema.py", "--jsonl", missing, true) != 0);
}
