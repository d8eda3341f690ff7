// Parser of digest Markdown (see the README, "Digest format"): one Paper per entry, with
// diagnostics for whatever is malformed. Never throws on bad input.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "digest/diagnostic.hpp"
#include "fields/paper.hpp"

namespace digest {

struct DigestSource {
    std::string name;   // for diagnostics: the path or URL as given, or "<stdin>"
    std::string date;   // YYYY-MM-DD, or empty (then the digest is undated)
    std::string topic;  // or empty (then taken from the header title)
};

struct DigestHeader {
    std::string title;                    // 音频
    std::vector<std::string> categories;  // cs.SD, eess.AS
    int announced_new = -1;               // - **最新发布 N 篇**
    int announced_replaced = -1;          // - **更新 N 篇**
};

struct ParsedDigest {
    DigestHeader header;
    std::string date;
    std::string topic;
    std::vector<Paper> entries;  // each with exactly one appearance
    Diagnostics diagnostics;
    int headings = 0;       // `#### ` headings seen, valid or not
    bool rejected = false;  // the whole input was refused (binary, ...)

    int warnings() const;
    int errors() const;
};

// Lines longer than this are refused (a digest line is a few KiB at most).
inline constexpr std::size_t kMaxLineBytes = 1 << 20;

ParsedDigest parse_digest(std::string_view content, const DigestSource& source);

// Date from a path or URL: the last component named like 20251230_Tue or 2025-12-30
// (as a folder or as the file name's stem). Empty if none.
std::string date_from_path(std::string_view path);
// Topic from a file name: its stem when that is a plain word (audio.md -> audio).
std::string topic_from_path(std::string_view path);
// Topic from a header title: 音频 -> audio, 自然语言处理 -> text, ...; else the folded title.
std::string topic_from_title(std::string_view title);

// Validates and normalises a user-given date (2025-12-30 or 20251230); empty if invalid.
std::string normalise_date(std::string_view text);

// Extracts (id, version) from an arXiv link (abs or pdf, any era); empty id if none.
std::pair<std::string, int> arxiv_id_from_link(std::string_view url);

}  // namespace digest
