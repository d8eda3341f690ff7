// The digest format module: what its writer writes, its reader reads back, label for label
// (the labels and layout are one table, digest/digest_format.hpp).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "digest/digest_format.hpp"
#include "digest/digest_parser.hpp"
#include "digest/digest_writer.hpp"

using namespace digest;

namespace {

Paper full_paper() {
    Paper p;
    p.id = "2512.22166";
    p.version = 2;
    p.title = "Re$^2$-Attention: [b]=[d] **bold** and `code`";
    p.authors = {"Atakan Işık", "Hung-yi Lee", "Aäron van den Oord"};
    p.abstract = "{An abstract} with **stars**, __underscores__ and 76.6\\% of \\$1.8.";
    p.summary = "该论文属于说话人验证任务。\n第二行：提出LAP方法。";
    p.categories = {"cs.SD", "eess.AS"};
    p.classes = {"68T07", "I.2.7"};
    p.primary = "cs.SD";
    p.comments = "10 pages, accepted to Interspeech 2025";
    p.links = {"https://arxiv.org/pdf/2512.22166v2"};
    Appearance a;
    a.date = "2026-01-05";
    a.topic = "audio";
    a.section = std::string(kReplacedSection);
    a.number = 7;
    a.version = 2;
    p.appearances = {a};
    return p;
}

std::string entry_of(const Paper& p, int number) {
    std::ostringstream out;
    write_digest_entry(out, p, number);
    return out.str();
}

}  // namespace

TEST_CASE("digest format: every label is written in its layout", "[digest]") {
    std::string md = entry_of(full_paper(), 7);
    CHECK(md.rfind("#### [replaced 007] Re$^2$-Attention", 0) == 0);
    for (const auto& row : kDigestFields) {
        INFO(row.label);
        std::string opening = row.layout == DigestLayout::Bullet
                                  ? "\n- **" + std::string(row.label) + ": "
                                  : "\n> **" + std::string(row.label) + ":** ";
        CHECK(md.find(opening) != std::string::npos);
    }
    CHECK(md.ends_with("---\n"));
}

TEST_CASE("digest format: an entry reads back as the paper it was written from", "[digest]") {
    const Paper p = full_paper();
    std::ostringstream out;
    write_digest_header(out, "q", 1, 1, 1);
    out << entry_of(p, 7);
    auto parsed = parse_digest(out.str(), {"<test>", "2026-01-05", "audio"});
    for (const auto& d : parsed.diagnostics) UNSCOPED_INFO(d.to_string());
    CHECK(parsed.diagnostics.empty());
    REQUIRE(parsed.entries.size() == 1);
    const Paper& back = parsed.entries.front();
    CHECK(back.id == p.id);
    CHECK(back.version == p.version);
    CHECK(back.title == p.title);
    CHECK(back.authors == p.authors);
    CHECK(back.abstract == p.abstract);
    CHECK(back.summary == p.summary);
    CHECK(back.categories == p.categories);
    CHECK(back.classes == p.classes);
    CHECK(back.comments == p.comments);
    CHECK(back.appearances.front().section == "replaced");
    CHECK(back.appearances.front().number == 7);
}

TEST_CASE("digest format: the example digest survives a round trip", "[digest]") {
    const std::filesystem::path file =
        std::filesystem::path(DIGEST_EXAMPLES) / "20251230_Tue" / "audio.md";
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    DigestSource source{file.string(), "2025-12-30", "audio"};
    auto original = parse_digest(text.str(), source);
    REQUIRE(original.entries.size() > 10);
    std::ostringstream out;
    int n = 0;
    for (const auto& p : original.entries) write_digest_entry(out, p, ++n);
    auto again = parse_digest(out.str(), source);
    CHECK(again.diagnostics.empty());
    REQUIRE(again.entries.size() == original.entries.size());
    for (std::size_t i = 0; i < again.entries.size(); ++i) {
        INFO(original.entries[i].id);
        CHECK(again.entries[i].title == original.entries[i].title);
        CHECK(again.entries[i].authors == original.entries[i].authors);
        CHECK(again.entries[i].abstract == original.entries[i].abstract);
        CHECK(again.entries[i].summary == original.entries[i].summary);
        CHECK(again.entries[i].comments == original.entries[i].comments);
        CHECK(again.entries[i].categories == original.entries[i].categories);
        CHECK(again.entries[i].appearances.front().section ==
              original.entries[i].appearances.front().section);
    }
}

namespace {

// Text that tries to break out of its field: headings, section titles, field labels, entry
// ends, bold markers, every kind of line break, control characters.
std::string hostile_text(std::mt19937& rng) {
    static const std::vector<std::string> pieces{"\n#### [new 999] Forged\n",
                                                 "#### [new 998] ",
                                                 "\r#### [new 997] Forged",
                                                 "\r\n#### [new 996] x",
                                                 "\n## 更新\n",
                                                 "\n# 音频 cs.SD\n",
                                                 "\n---\n",
                                                 "---",
                                                 "**",
                                                 "\n- **分类: cs.AI**\n",
                                                 "\n> **摘要:** x",
                                                 "\n>\n",
                                                 "\n",
                                                 "\r",
                                                 "\r\n",
                                                 "\v",
                                                 "\f",
                                                 "\u0085",
                                                 "\u2028",
                                                 "\x1b[2J",
                                                 "\x1b]8;;http://e.x\x07",
                                                 "\t",
                                                 " ",
                                                 "word",
                                                 "简介",
                                                 "$x$",
                                                 "[",
                                                 "]",
                                                 "(",
                                                 ")",
                                                 ";",
                                                 ":",
                                                 "#"};
    std::string s;
    std::size_t n = rng() % 8;
    for (std::size_t k = 0; k < n; ++k) s += pieces[rng() % pieces.size()];
    return s;
}

}  // namespace

TEST_CASE("digest format: no field's text injects an entry heading when read back",
          "[digest][hostile]") {
    std::mt19937 rng(14);
    for (int round = 0; round < 1000; ++round) {
        std::ostringstream out;
        write_digest_header(out, hostile_text(rng), 3, 1, 3);
        std::vector<std::string> ids;
        for (int k = 0; k < 3; ++k) {
            Paper p = full_paper();
            p.id = "2512.2216" + std::to_string(k);
            p.title = "T" + hostile_text(rng);
            p.authors = {hostile_text(rng), "A" + hostile_text(rng)};
            p.abstract = hostile_text(rng);
            p.summary = hostile_text(rng);
            p.comments = hostile_text(rng);
            p.categories = {"cs.SD", hostile_text(rng)};
            p.classes = {hostile_text(rng)};
            p.links = {"https://arxiv.org/abs/" + p.id + hostile_text(rng)};
            p.appearances.front().section = "new" + hostile_text(rng);
            ids.push_back(p.id);
            write_digest_entry(out, p, k + 1);
        }
        auto parsed = parse_digest(out.str(), {"<test>", "2026-01-05", "audio"});
        INFO(out.str());
        std::string diagnostics;
        for (const auto& d : parsed.diagnostics) diagnostics += d.to_string() + "\n";
        INFO(diagnostics);
        CHECK(parsed.headings == 3);
        REQUIRE(parsed.entries.size() == 3);
        for (int k = 0; k < 3; ++k) CHECK(parsed.entries[k].id == ids[k]);
    }
}
