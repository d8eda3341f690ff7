// The digest Markdown format (README, "Digest format"): the labels and layout that its reader
// (digest_parser) and its writer (digest_writer) share, so that what one writes the other
// reads back.
//
//   # 音频 cs.SD; eess.AS                  header: topic title and categories
//   - **最新发布 13 篇**                    announced counts
//   ## 最新发布                             section: new (更新: replaced)
//   #### [new 001] Title                   an entry: section word, number, title
//   - **分类: cs.SD; eess.AS**              bullet fields
//   - **简介: …**
//   - **链接: [URL](URL)**
//   > **作者:** A; B                        quoted fields
//   >
//   > **备注:** …
//   >
//   > **摘要:** …
//   >
//   ---
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace digest {

enum class DigestField : std::uint8_t { Categories, Summary, Link, Authors, Comments, Abstract };

// `- **分类: value**` (a bullet, bold around label and value) or `> **作者:** value` (a quote).
enum class DigestLayout : std::uint8_t { Bullet, Quote };

struct DigestFieldRow {
    DigestField field;
    std::string_view label;
    DigestLayout layout;
};

// In the order an entry lists them.
inline constexpr std::array<DigestFieldRow, 6> kDigestFields{{
    {DigestField::Categories, "分类", DigestLayout::Bullet},
    {DigestField::Summary, "简介", DigestLayout::Bullet},
    {DigestField::Link, "链接", DigestLayout::Bullet},
    {DigestField::Authors, "作者", DigestLayout::Quote},
    {DigestField::Comments, "备注", DigestLayout::Quote},
    {DigestField::Abstract, "摘要", DigestLayout::Quote},
}};

constexpr const DigestFieldRow& digest_field(DigestField f) {
    return kDigestFields[static_cast<std::size_t>(f)];
}
static_assert([] {
    for (std::size_t i = 0; i < kDigestFields.size(); ++i)
        if (static_cast<std::size_t>(kDigestFields[i].field) != i) return false;
    return true;
}());

// The row of a label (`分类`), or nullptr.
constexpr const DigestFieldRow* digest_field_labelled(std::string_view label) {
    for (const auto& row : kDigestFields)
        if (row.label == label) return &row;
    return nullptr;
}

// Section titles (`## 最新发布`) and the section words of entry tags (`[new 001]`).
inline constexpr std::string_view kNewSectionTitle = "最新发布";
inline constexpr std::string_view kReplacedSectionTitle = "更新";
inline constexpr std::string_view kNewSection = "new";
inline constexpr std::string_view kReplacedSection = "replaced";

// The header of a digest of search results: `# 检索 QUERY (N 篇, A–B)`.
inline constexpr std::string_view kSearchTitle = "检索";
inline constexpr std::string_view kCountWord = "篇";  // `- **最新发布 13 篇**`, `(37 篇, 1–10)`

// A colon after a label: ASCII or full-width.
inline constexpr std::string_view kFullWidthColon = "：";

}  // namespace digest
