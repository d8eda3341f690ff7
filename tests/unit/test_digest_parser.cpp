// The digest parser against one hand-written fixture per numbered variant of the digest format
// (tests/fixtures/digests/variant-NN-*.md), against malformed inputs, and the path, date and
// link helpers. Every check is an exact value: a parser that drifts fails here, not in a search.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "digest/digest_parser.hpp"

using namespace digest;
using Strings = std::vector<std::string>;

namespace {

std::string read_fixture(const std::string& name) {
    std::string path = std::string(DIGEST_FIXTURES) + "/digests/" + name;
    std::ifstream in(path, std::ios::binary);
    INFO("fixture " << path);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Diagnostics name the file by its bare name, so that messages are the same on every machine.
ParsedDigest parse_fixture(const std::string& name, const std::string& date,
                           const std::string& topic) {
    return parse_digest(read_fixture(name), DigestSource{name, date, topic});
}

Strings messages(const ParsedDigest& d) {
    Strings out;
    for (const auto& diag : d.diagnostics) out.push_back(diag.to_string());
    return out;
}

Strings ids(const ParsedDigest& d) {
    Strings out;
    for (const auto& p : d.entries) out.push_back(p.id);
    return out;
}

// A valid fixture parses with no diagnostic at all.
void require_clean(const ParsedDigest& d) {
    INFO("diagnostics:\n"
         << [&] {
                std::string all;
                for (const auto& m : messages(d)) all += m + "\n";
                return all;
            }());
    REQUIRE(d.diagnostics.empty());
    CHECK_FALSE(d.rejected);
}

const Appearance& only_appearance(const Paper& p) {
    REQUIRE(p.appearances.size() == 1);
    return p.appearances.front();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The fifteen variants real digests show (README, "Bad input"), one fixture each.

TEST_CASE("variant 1: header categories with a double space, eess.SP era", "[parser][variants]") {
    // No topic given: it comes from the header title.
    auto d = parse_fixture("variant-01-header-categories.md", "2025-10-13", "");
    require_clean(d);
    CHECK(d.header.title == "音频");
    CHECK(d.header.categories == Strings{"cs.SD", "eess.SP"});
    CHECK(d.header.announced_new == 1);
    CHECK(d.header.announced_replaced == 0);
    CHECK(d.topic == "audio");
    CHECK(d.date == "2025-10-13");
    CHECK(d.headings == 1);
    REQUIRE(ids(d) == Strings{"2509.10001"});
    const Paper& p = d.entries[0];
    CHECK(p.title == "Chirp Detection with Tiny Recurrent Networks");
    CHECK(p.categories == Strings{"cs.SD", "eess.SP"});
    CHECK(p.primary == "cs.SD");
    CHECK(p.classes.empty());
    const Appearance& a = only_appearance(p);
    CHECK(a.topic == "audio");
    CHECK(a.date == "2025-10-13");
    CHECK(a.section == "new");
    CHECK(a.number == 1);
    CHECK(p.text_source == source_key(a));

    // From 2025-10-14 on the header lists eess.AS, with the same double space.
    auto later = parse_fixture("variant-02-link-eras.md", "2026-03-02", "");
    CHECK(later.header.title == "音频");
    CHECK(later.header.categories == Strings{"cs.SD", "eess.AS"});
    CHECK(later.topic == "audio");
}

TEST_CASE("variant 2: links of three eras; no version means version 0", "[parser][variants]") {
    auto d = parse_fixture("variant-02-link-eras.md", "2026-03-02", "audio");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2509.20001", "2512.20002", "2603.20003"});
    CHECK(d.entries[0].version == 1);
    CHECK(d.entries[1].version == 3);
    CHECK(d.entries[2].version == 0);
    CHECK(only_appearance(d.entries[0]).version == 1);
    CHECK(only_appearance(d.entries[1]).version == 3);
    CHECK(only_appearance(d.entries[2]).version == 0);
    // The link is stored as the URL, not as the Markdown that wraps it.
    CHECK(d.entries[0].links == Strings{"http://arxiv.org/pdf/2509.20001v1"});
    CHECK(d.entries[1].links == Strings{"https://arxiv.org/pdf/2512.20002v3"});
    CHECK(d.entries[2].links == Strings{"https://arxiv.org/pdf/2603.20003"});
    CHECK(d.entries[1].categories == Strings{"eess.AS", "cs.SD"});
    CHECK(d.entries[1].primary == "eess.AS");
    CHECK(d.entries[1].authors == Strings{"Carl Dahl"});
    CHECK(d.entries[2].authors == Strings{"Eva Ek", "Carl Dahl"});
    CHECK(d.entries[2].abstract == "An https link without a version, as written from 2026-03 on.");
    CHECK(d.header.announced_new == 3);
    CHECK(d.header.announced_replaced == 0);
}

TEST_CASE("variant 3: replaced entries mostly have no summary", "[parser][variants]") {
    auto d = parse_fixture("variant-03-replaced-without-summary.md", "2025-12-30", "audio");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2512.30001", "2409.30002", "2505.30003"});
    CHECK(d.header.announced_new == 1);
    CHECK(d.header.announced_replaced == 2);

    const Paper& fresh = d.entries[0];
    CHECK(only_appearance(fresh).section == "new");
    CHECK(fresh.summary == "该论文属于声学参数估计任务，从一次拍手估计房间混响。");

    const Paper& plain = d.entries[1];
    CHECK(plain.title == "Music Tagging Revisited");
    CHECK(plain.summary.empty());
    CHECK(plain.version == 2);
    CHECK(plain.comments == "ISMIR 2025");
    CHECK(plain.categories == Strings{"cs.SD", "cs.IR"});
    CHECK(only_appearance(plain).section == "replaced");
    CHECK(only_appearance(plain).number == 1);

    const Paper& summarised = d.entries[2];
    CHECK(summarised.summary == "该论文属于歌词对齐任务，提出大规模对齐方法。");
    CHECK(summarised.version == 4);
    CHECK(summarised.authors == Strings{"Ines Moreau"});
    CHECK(only_appearance(summarised).section == "replaced");
    CHECK(only_appearance(summarised).number == 2);
}

TEST_CASE("variant 4: a new entry without a summary", "[parser][variants]") {
    auto d = parse_fixture("variant-04-new-without-summary.md", "2026-01-05", "robotics");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2601.40001", "2601.40002"});
    CHECK(d.header.title == "机器人");
    CHECK(d.header.categories == Strings{"cs.RO"});
    const Paper& p = d.entries[0];
    CHECK(p.summary.empty());
    CHECK(p.title == "Legged Robots on Ice");
    CHECK(p.comments == "8 pages, 5 figures");
    CHECK(p.abstract == "A quadruped learns to walk on ice without a summary being written.");
    CHECK(only_appearance(p).section == "new");
    CHECK(d.entries[1].summary == "该论文属于机器人抓取任务，研究柔软物体的抓取。");
    CHECK(d.entries[1].authors == Strings{"Ken Ito"});
}

TEST_CASE("variant 5: comments are optional", "[parser][variants]") {
    auto d = parse_fixture("variant-05-comments-optional.md", "2025-11-20", "text");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2511.50001", "2511.50002"});
    CHECK(d.entries[0].comments == "12 pages, Accepted to ACL 2026 Findings");
    CHECK(d.entries[1].comments.empty());
    CHECK(d.entries[1].abstract == "Tokenizers trained on mixed Hindi and English text.");
    CHECK(d.entries[1].authors == Strings{"Arjun Rao", "Mina Park"});
    CHECK(d.header.title == "自然语言处理");
}

TEST_CASE("variant 6: an empty section, `更新 0 篇` and a bare `## 更新`", "[parser][variants]") {
    auto d = parse_fixture("variant-06-empty-section.md", "2025-10-13", "");
    require_clean(d);
    CHECK(d.topic == "society");
    CHECK(d.header.announced_new == 1);
    CHECK(d.header.announced_replaced == 0);
    REQUIRE(ids(d) == Strings{"2510.60001"});
    CHECK(only_appearance(d.entries[0]).section == "new");
    CHECK(d.entries[0].categories == Strings{"cs.CY", "cs.HC"});
    CHECK(d.entries[0].abstract == "A survey of 2,000 users on reading terms of service.");
}

TEST_CASE("variant 7: no blank line between `---` and `## 更新`", "[parser][variants]") {
    auto d = parse_fixture("variant-07-no-blank-before-section.md", "2025-12-31", "audio");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2512.70001", "2507.70002"});
    CHECK(only_appearance(d.entries[0]).section == "new");
    CHECK(only_appearance(d.entries[1]).section == "replaced");
    CHECK(d.entries[0].abstract == "Beat tracking with 10 ms latency.");
    CHECK(d.entries[1].title == "Source Separation for Choirs");
    CHECK(d.entries[1].version == 2);
}

TEST_CASE("variant 8: MSC and ACM classes; a category line wrapped onto a second line",
          "[parser][variants]") {
    auto d = parse_fixture("variant-08-classes-and-wrapped-categories.md", "2025-10-27", "text");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2510.80001", "2509.80002"});

    const Paper& one = d.entries[0];
    CHECK(one.categories == Strings{"cs.CL", "cs.HC"});
    CHECK(one.primary == "cs.CL");
    // MSC codes come as a comma-separated list: each is a class of its own (class:68T07).
    CHECK(one.classes == Strings{"68T07", "92C50", "I.2.7", "J.3"});

    const Paper& wrapped = d.entries[1];
    CHECK(wrapped.categories == Strings{"cs.CV", "cs.AI", "stat.AP"});
    CHECK(wrapped.primary == "cs.CV");
    CHECK(wrapped.classes ==
          Strings{"60G35", "62M10", "68T45", "I.4", "I.4.8", "J.3", "H.2.8", "I.5.1"});
    // The field after the wrapped one is read normally.
    CHECK(wrapped.summary == "该论文属于肿瘤定位任务，分类行跨越两行。");
    CHECK(wrapped.comments == "6 pages");
    CHECK(wrapped.title == "Tumour Localisation with Many Codes");
}

TEST_CASE("variant 9: a summary over several lines, with a stray </think> line",
          "[parser][variants]") {
    auto d = parse_fixture("variant-09-multiline-summary.md", "2025-10-02", "text");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2510.90001", "2510.90002"});
    // Kept as written, line breaks included: the summary is machine-written text, and the
    // parser does not edit it.
    CHECK(d.entries[0].summary ==
          "该论文属于工具推理任务，解决小模型过度思考的问题。\n</think>\n\n"
          "该论文提出一种提前终止推理的方法，减少token消耗。");
    CHECK(d.entries[0].links == Strings{"http://arxiv.org/pdf/2510.90001v1"});
    CHECK(d.entries[0].authors == Strings{"Min Oh", "Jun Song"});
    CHECK(d.entries[0].abstract ==
          "Small reasoning models overthink; we stop them early at </think> boundaries.");
    CHECK(d.entries[1].summary == "第一行摘要。\n第二行摘要。");
    CHECK(d.entries[1].version == 2);
}

TEST_CASE("variant 10: an abstract starting with { and holding **, backticks and __",
          "[parser][variants]") {
    auto d = parse_fixture("variant-10-markdown-in-abstract.md", "2025-09-30", "robotics");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2509.10101", "2510.10102"});
    CHECK(d.entries[0].abstract ==
          "{Recognizing human interactions is essential for **social** robots; we call `plan()` "
          "from __init__ and keep *stars* and_underscores_.}");
    // An abstract that ends in bold keeps its closing **: only the label's ** is markup.
    CHECK(d.entries[1].abstract ==
          "Based on this hybrid graph... **For the full abstract, see the original paper.**");
}

TEST_CASE("variant 11: titles that start with brackets", "[parser][variants]") {
    auto d = parse_fixture("variant-11-bracketed-titles.md", "2026-03-13", "audio");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2603.11001", "2602.11002"});
    CHECK(d.entries[0].title == "[Re] Reproducing Speaker Diarisation Baselines");
    CHECK(only_appearance(d.entries[0]).number == 1);
    CHECK(d.entries[1].title == "[b]=[d]-[t]+[p]: Phonological Arithmetic in Toy Speech Models");
    CHECK(only_appearance(d.entries[1]).section == "replaced");
    CHECK(only_appearance(d.entries[1]).number == 41);
    CHECK(d.entries[1].version == 0);
}

TEST_CASE("variant 12: `this https URL` placeholders, bare and as Markdown links",
          "[parser][variants]") {
    auto d = parse_fixture("variant-12-hidden-urls.md", "2026-03-20", "video");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2603.12001", "2512.12002"});
    CHECK(d.entries[0].abstract ==
          "Code and data are available at this https URL. The benchmark is publicly available at "
          "[this https URL](this https URL).");
    CHECK(d.entries[1].comments ==
          "27 pages, Project Page at [this https URL](https://example.github.io/grounding/)");
    CHECK(d.entries[1].abstract ==
          "Project Page at [this https URL](https://example.github.io/grounding/).");
    CHECK(d.entries[1].links == Strings{"https://arxiv.org/pdf/2512.12002v1"});
}

TEST_CASE("variant 13: a summary with inner **", "[parser][variants]") {
    auto d = parse_fixture("variant-13-inner-bold-summary.md", "2025-09-22", "text");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2509.13001"});
    CHECK(d.entries[0].summary ==
          "该论文聚焦于**多模态讽刺理解任务**，旨在解决**跨模态讽刺检测问题**。");
    CHECK(d.entries[0].categories == Strings{"cs.CL", "cs.MM"});
}

TEST_CASE("variant 14: LaTeX and HTML entities are kept verbatim", "[parser][variants]") {
    auto d = parse_fixture("variant-14-latex.md", "2026-04-21", "video");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2604.14001", "2604.14002"});
    CHECK(d.entries[0].title == "Re$^2$Gen: Motion Generation with $\\mathcal{O}(T)$ Memory");
    CHECK(d.entries[0].abstract ==
          "Our model is $\\approx$ 3 times faster and costs \\$1.8 trillion less; accuracy is "
          "76.6\\% &#177; 0.4.");
    CHECK(d.entries[1].abstract ==
          "Errors of 5.2&#177;1.1% with $<10^{-3}$ outliers & $x_i^2$ terms.");
    CHECK(d.entries[1].authors == Strings{"Erik Sand"});
}

TEST_CASE("variant 15: a single author, no `;`", "[parser][variants]") {
    auto d = parse_fixture("variant-15-single-author.md", "2025-12-11", "text");
    require_clean(d);
    REQUIRE(ids(d) == Strings{"2512.15001", "2510.15002"});
    CHECK(d.entries[0].authors == Strings{"Binbin Xu"});
    CHECK(d.entries[1].authors == Strings{"Muneeb Ur Raheem Khan"});
    CHECK(only_appearance(d.entries[1]).section == "replaced");
}

TEST_CASE("the project's example digest parses cleanly", "[parser]") {
    std::ifstream in(std::string(DIGEST_EXAMPLES) + "/20251230_Tue/audio.md", std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream s;
    s << in.rdbuf();
    auto d = parse_digest(s.str(), DigestSource{"audio.md", "2025-12-30", "audio"});
    require_clean(d);
    CHECK(d.header.announced_new == 13);
    CHECK(d.header.announced_replaced == 9);
    CHECK(d.headings == 22);
    REQUIRE(d.entries.size() == 22);
    CHECK(d.entries.front().id == "2512.22166");
    CHECK(d.entries.front().authors == Strings{"HaeChun Chung"});
    CHECK(d.entries.front().comments == "10 pages, 6 figures, Accepted to AES AIMLA 2025");
    int fresh = 0, replaced = 0;
    for (const auto& p : d.entries) {
        const auto& section = p.appearances.front().section;
        fresh += section == "new";
        replaced += section == "replaced";
    }
    CHECK(fresh == 13);
    CHECK(replaced == 9);
}

TEST_CASE("words that are not arXiv categories go to classes", "[parser]") {
    // 分类 sometimes holds free words (`acmart`, `learning`, `None`); only real arXiv codes are
    // categories, or `cat:learning` would find papers.
    std::string digest =
        "# 音频 cs.SD;  eess.AS\n\n## 最新发布\n\n"
        "#### [new 001] Free Words in the Category Line\n"
        "- **分类: cs.SD; quant-ph; acmart; None**\n\n"
        "- **链接: [https://arxiv.org/pdf/2512.00001v1](https://arxiv.org/pdf/2512.00001v1)**\n\n"
        "> **作者:** Ann Lee\n>\n> **摘要:** Text.\n>\n---\n";
    auto d = parse_digest(digest, DigestSource{"x.md", "2025-12-30", "audio"});
    require_clean(d);
    REQUIRE(d.entries.size() == 1);
    CHECK(d.entries[0].categories == Strings{"cs.SD", "quant-ph"});
    CHECK(d.entries[0].classes == Strings{"acmart", "None"});
}

// ---------------------------------------------------------------------------------------------
// Malformed inputs: each is reported as file:line, the bad entry is skipped, the rest is kept.

TEST_CASE("malformed: an entry with no title", "[parser][malformed]") {
    auto d = parse_fixture("malformed/no-title.md", "2025-12-30", "audio");
    CHECK(
        messages(d) ==
        Strings{"malformed/no-title.md:21: warning: entry [new 002] has no title; entry skipped"});
    CHECK(ids(d) == Strings{"2512.90101", "2512.90103"});
    CHECK(d.warnings() == 1);
    CHECK(d.errors() == 0);
    CHECK_FALSE(d.rejected);
}

TEST_CASE("malformed: an entry with no link and no id", "[parser][malformed]") {
    auto d = parse_fixture("malformed/no-link.md", "2025-12-30", "audio");
    CHECK(messages(d) == Strings{"malformed/no-link.md:21: warning: entry [new 002] has no link "
                                 "and no arXiv id; entry skipped"});
    CHECK(ids(d) == Strings{"2512.90201", "2512.90203"});
}

TEST_CASE("malformed: a link that is not an arXiv link", "[parser][malformed]") {
    std::string text = read_fixture("malformed/no-link.md");
    std::string bad = "#### [new 002] An Entry Without Its Link\n";
    auto at = text.find(bad);
    REQUIRE(at != std::string::npos);
    text.insert(at + bad.size(),
                "- **链接: [https://example.org/paper.pdf](https://example.org/paper.pdf)**\n");
    auto d = parse_digest(text, DigestSource{"x.md", "2025-12-30", "audio"});
    CHECK(messages(d) ==
          Strings{"x.md:21: warning: entry [new 002] has no arXiv id in its link "
                  "`[https://example.org/paper.pdf](https://example.org/paper.pdf)`; entry "
                  "skipped"});
    CHECK(ids(d) == Strings{"2512.90201", "2512.90203"});
}

TEST_CASE("malformed: a file cut off in the middle of an entry", "[parser][malformed]") {
    std::string text = read_fixture("malformed/truncated.md");
    REQUIRE(text.back() != '\n');  // the fixture must stay cut mid-line
    auto d = parse_digest(text, DigestSource{"truncated.md", "2025-12-30", "audio"});
    CHECK(messages(d) == Strings{"truncated.md:33: warning: entry [new 003] is cut off at the end "
                                 "of the file (truncated?); entry skipped"});
    CHECK(ids(d) == Strings{"2512.90401", "2512.90402"});

    // Cut at a line end before the abstract: the same.
    std::string at_line = text.substr(0, text.find("> **作者:** Eve Stone"));
    auto d2 = parse_digest(at_line, DigestSource{"cut.md", "2025-12-30", "audio"});
    CHECK(messages(d2) == Strings{"cut.md:33: warning: entry [new 003] is cut off at the end of "
                                  "the file (truncated?); entry skipped"});
    CHECK(ids(d2) == Strings{"2512.90401", "2512.90402"});
}

TEST_CASE("malformed: invalid UTF-8 inside an entry", "[parser][malformed]") {
    std::string text = read_fixture("malformed/header-count-mismatch.md");
    // Line 30 is the abstract of [new 002]; spoil it with a lone continuation byte.
    std::string needle = "We classify whale songs.";
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    text.replace(at + 3, 1, "\xC3\x28");  // C3 must be followed by a continuation byte
    auto d = parse_digest(text, DigestSource{"bad-utf8.md", "2025-12-30", "audio"});
    CHECK(messages(d) ==
          Strings{"bad-utf8.md:30: warning: entry [new 002]: invalid UTF-8 at column 18; entry "
                  "skipped",
                  "bad-utf8.md:3: warning: header announces 3 new entries but the file has 2",
                  "bad-utf8.md:5: warning: header announces 1 replaced entries but the file has "
                  "0"});
    CHECK(ids(d) == Strings{"2512.90301"});
}

TEST_CASE("malformed: NUL bytes inside an entry", "[parser][malformed]") {
    std::string text = read_fixture("malformed/no-title.md");
    // Repair the title of [new 002] so that only the NULs are wrong, then put two NULs in its
    // summary (line 24).
    auto title = text.find("#### [new 002]\n");
    REQUIRE(title != std::string::npos);
    text.insert(title + 14, " Zeroes in the Summary");
    std::string needle = "该条目没有标题。";
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    text.insert(at, std::string("\0\0", 2));
    auto d = parse_digest(text, DigestSource{"nul.md", "2025-12-30", "audio"});
    CHECK(messages(d) ==
          Strings{"nul.md:24: warning: entry [new 002]: NUL byte at column 13; entry skipped"});
    CHECK(ids(d) == Strings{"2512.90101", "2512.90103"});
    CHECK_FALSE(d.rejected);
}

TEST_CASE("malformed: a binary file is rejected with an error", "[parser][malformed]") {
    std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20);
    for (int i = 0; i < 4000; ++i) binary += static_cast<char>((i * 7919) % 256);
    auto d = parse_digest(binary, DigestSource{"image.md", "2025-12-30", "audio"});
    CHECK(d.rejected);
    CHECK(messages(d) ==
          Strings{"image.md: error: binary data (NUL bytes), not a digest; skipped"});
    CHECK(d.entries.empty());
    CHECK(d.errors() == 1);

    std::string zeros(4096, '\0');
    zeros += read_fixture("variant-01-header-categories.md");
    auto z = parse_digest(zeros, DigestSource{"zeros.md", "2025-12-30", "audio"});
    CHECK(z.rejected);
    CHECK(messages(z) ==
          Strings{"zeros.md: error: binary data (NUL bytes), not a digest; skipped"});
    CHECK(z.entries.empty());
}

TEST_CASE("malformed: a 10 MB line inside an entry", "[parser][malformed]") {
    std::string text = read_fixture("malformed/header-count-mismatch.md");
    std::string needle = "> **摘要:** We classify whale songs.";
    auto at = text.find(needle);
    REQUIRE(at != std::string::npos);
    text.insert(at + needle.size(), std::string(10 * 1000 * 1000, 'a'));
    // Make the header counts right, so that only the long line is reported.
    text.replace(text.find("- **更新 1 篇**"), std::string("- **更新 1 篇**").size(),
                 "- **更新 0 篇**");
    text.replace(text.find("- **最新发布 3 篇**"), std::string("- **最新发布 3 篇**").size(),
                 "- **最新发布 2 篇**");
    auto d = parse_digest(text, DigestSource{"long.md", "2025-12-30", "audio"});
    CHECK(messages(d) == Strings{"long.md:30: warning: entry [new 002]: line is 10000038 bytes "
                                 "long (limit 1 MiB); entry skipped"});
    CHECK(ids(d) == Strings{"2512.90301"});
}

TEST_CASE("malformed: an empty file", "[parser][malformed]") {
    auto d = parse_fixture("malformed/empty.md", "2025-12-30", "audio");
    CHECK(messages(d) == Strings{"malformed/empty.md: warning: empty file: no entries"});
    CHECK(d.entries.empty());
    CHECK_FALSE(d.rejected);
    auto blank = parse_digest(" \n\n\t\r\n", DigestSource{"blank.md", "2025-12-30", "audio"});
    CHECK(messages(blank) == Strings{"blank.md: warning: empty file: no entries"});
}

TEST_CASE("malformed: header counts that do not match the entries", "[parser][malformed]") {
    auto d = parse_fixture("malformed/header-count-mismatch.md", "2025-12-30", "audio");
    CHECK(messages(d) ==
          Strings{"malformed/header-count-mismatch.md:3: warning: header announces 3 new entries "
                  "but the file has 2",
                  "malformed/header-count-mismatch.md:5: warning: header announces 1 replaced "
                  "entries but the file has 0"});
    // The entries themselves are fine and kept.
    CHECK(ids(d) == Strings{"2512.90301", "2512.90302"});
}

TEST_CASE("malformed: not a digest at all", "[parser][malformed]") {
    auto d = parse_digest("Just some notes.\n", DigestSource{"notes.md", "2025-12-30", "audio"});
    CHECK(messages(d) == Strings{"notes.md:1: warning: unexpected line outside an entry, ignored",
                                 "notes.md: warning: no digest entries found (is this a digest?)"});
    CHECK(d.entries.empty());
}

TEST_CASE("undated and untitled digests are reported", "[parser]") {
    std::string text = read_fixture("variant-15-single-author.md");
    auto d = parse_digest(text, DigestSource{"<stdin>", "", "text"});
    CHECK(messages(d) ==
          Strings{"<stdin>: warning: no date for this digest (name its folder YYYYMMDD or pass "
                  "--date); its papers are indexed undated"});
    REQUIRE(d.entries.size() == 2);
    CHECK(d.entries[0].appearances.front().date.empty());
}

// ---------------------------------------------------------------------------------------------
// Helpers: dates and topics from paths, user dates, arXiv ids from links.

TEST_CASE("date_from_path", "[parser][paths]") {
    CHECK(date_from_path("daily_papers/20251230_Tue/audio.md") == "2025-12-30");
    CHECK(date_from_path("/data/20260430_Thu/text.md") == "2026-04-30");
    CHECK(date_from_path("20251230/audio.md") == "2025-12-30");
    CHECK(date_from_path("notes/2025-12-30.md") == "2025-12-30");
    CHECK(date_from_path("2025-12-30/audio.md") == "2025-12-30");
    CHECK(date_from_path("https://example.org/daily/20251230_Tue/audio.md?raw=1") == "2025-12-30");
    // The last dated component wins.
    CHECK(date_from_path("20250101/20251230_Tue/audio.md") == "2025-12-30");
    CHECK(date_from_path("000_fb8c5de42a36f43f.txt").empty());
    CHECK(date_from_path("audio.md").empty());
    CHECK(date_from_path("").empty());
    CHECK(date_from_path("20251332_Tue/audio.md").empty());  // month 13
    CHECK(date_from_path("20250229_Sat/audio.md").empty());  // 2025 is not a leap year
    CHECK(date_from_path("20240229_Thu/audio.md") == "2024-02-29");
    CHECK(date_from_path("202512300/audio.md").empty());  // nine digits
    // A date inside a file name, set off by separators
    CHECK(date_from_path("archive/2026-01-07-audio.md") == "2026-01-07");
    CHECK(date_from_path("audio_20260107.md") == "2026-01-07");
    CHECK(date_from_path("20260107_Wed_text.md") == "2026-01-07");
    CHECK(date_from_path("digest 2026-01-07.md") == "2026-01-07");
    CHECK(date_from_path("x20260107.md").empty());        // not set off: part of a word
    CHECK(date_from_path("audio_202601071.md").empty());  // nine digits
    CHECK(date_from_path("fb20251230ab.txt").empty());
}

TEST_CASE("topic_from_path", "[parser][paths]") {
    CHECK(topic_from_path("daily_papers/20251230_Tue/audio.md") == "audio");
    CHECK(topic_from_path("robotics.md") == "robotics");
    CHECK(topic_from_path("Video.md") == "video");
    CHECK(topic_from_path("dir/my-topic.md") == "my-topic");
    CHECK(topic_from_path("000_fb8c5de42a36f43f.txt").empty());
    CHECK(topic_from_path("20251230.md").empty());
    CHECK(topic_from_path("archive/2026-01-07-audio.md") == "audio");
    CHECK(topic_from_path("text_20260107.md") == "text");
    CHECK(topic_from_path("20260107_Wed_robotics.md") == "robotics");
    CHECK(topic_from_path("2026-01-07.md").empty());
    CHECK(topic_from_path("").empty());
}

TEST_CASE("topic_from_title", "[parser][paths]") {
    CHECK(topic_from_title("音频") == "audio");
    CHECK(topic_from_title("自然语言处理") == "text");
    CHECK(topic_from_title("计算机视觉") == "video");
    CHECK(topic_from_title("机器人") == "robotics");
    CHECK(topic_from_title("计算机与社会") == "society");
    CHECK(topic_from_title(" 音频 ") == "audio");
    CHECK(topic_from_title("Quantum Physics") == "quantum-physics");  // one word for topic:
    CHECK(topic_from_title("机器 学习") == "机器-学习");
}

TEST_CASE("normalise_date", "[parser][paths]") {
    CHECK(normalise_date("2025-12-30") == "2025-12-30");
    CHECK(normalise_date("20251230") == "2025-12-30");
    CHECK(normalise_date(" 2026-04-30 ") == "2026-04-30");
    CHECK(normalise_date("2024-02-29") == "2024-02-29");
    CHECK(normalise_date("2025-02-29").empty());
    CHECK(normalise_date("2025-13-01").empty());
    CHECK(normalise_date("2025-12-32").empty());
    CHECK(normalise_date("2025/12/30").empty());
    CHECK(normalise_date("30-12-2025").empty());
    CHECK(normalise_date("yesterday").empty());
    CHECK(normalise_date("").empty());
}

TEST_CASE("arxiv_id_from_link", "[parser][paths]") {
    using Id = std::pair<std::string, int>;
    CHECK(arxiv_id_from_link("http://arxiv.org/pdf/2509.24907v1") == Id{"2509.24907", 1});
    CHECK(arxiv_id_from_link("https://arxiv.org/pdf/2512.22166v2") == Id{"2512.22166", 2});
    CHECK(arxiv_id_from_link("https://arxiv.org/pdf/2603.05507") == Id{"2603.05507", 0});
    CHECK(arxiv_id_from_link("https://arxiv.org/abs/2603.05507v12") == Id{"2603.05507", 12});
    CHECK(arxiv_id_from_link("https://arxiv.org/abs/2603.05507") == Id{"2603.05507", 0});
    CHECK(arxiv_id_from_link("https://arxiv.org/pdf/2512.22166v1.pdf") == Id{"2512.22166", 1});
    CHECK(arxiv_id_from_link("https://export.arxiv.org/abs/1501.00001") == Id{"1501.00001", 0});
    CHECK(arxiv_id_from_link("http://arxiv.org/abs/quant-ph/0201082v1") ==
          Id{"quant-ph/0201082", 1});
    CHECK(arxiv_id_from_link("https://arxiv.org/pdf/math.GT/0309136") == Id{"math.GT/0309136", 0});
    CHECK(arxiv_id_from_link(
              "[https://arxiv.org/pdf/2512.22166v1](https://arxiv.org/pdf/2512.22166v1)") ==
          Id{"2512.22166", 1});
    CHECK(arxiv_id_from_link("2512.22166v3") == Id{"2512.22166", 3});
    CHECK(arxiv_id_from_link("https://example.org/pdf/2512.22166v1") == Id{"", 0});
    CHECK(arxiv_id_from_link("https://github.com/user/repo") == Id{"", 0});
    CHECK(arxiv_id_from_link("https://arxiv.org/list/cs.SD/new") == Id{"", 0});
    CHECK(arxiv_id_from_link("this https URL") == Id{"", 0});
    CHECK(arxiv_id_from_link("") == Id{"", 0});
}

TEST_CASE("Windows line ends and a byte order mark change nothing", "[parser]") {
    std::string text = read_fixture("variant-08-classes-and-wrapped-categories.md");
    auto plain = parse_digest(text, DigestSource{"x.md", "2025-10-27", ""});
    require_clean(plain);

    std::string crlf;
    for (char c : text) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    auto windows = parse_digest(crlf, DigestSource{"x.md", "2025-10-27", ""});
    require_clean(windows);
    CHECK(windows.entries == plain.entries);
    CHECK(windows.topic == "text");

    // Editors on Windows start UTF-8 files with U+FEFF; the header line must still be read.
    auto bom = parse_digest("\xEF\xBB\xBF" + text, DigestSource{"x.md", "2025-10-27", ""});
    require_clean(bom);
    CHECK(bom.header.title == "自然语言处理");
    CHECK(bom.topic == "text");
    CHECK(bom.entries == plain.entries);
}
