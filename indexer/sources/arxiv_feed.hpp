// Parsers of arXiv's machine-readable listings: the query API's Atom feed (the current format
// and the one before the 2025 rewrite) and the RSS 2.0 announcement feed of rss.arxiv.org.
// Like the digest parser they never throw on bad input: problems come back as diagnostics.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "digest/diagnostic.hpp"
#include "fields/paper.hpp"

namespace digest {

struct ArxivFeed {
    std::vector<Paper> papers;     // in feed order
    Diagnostics diagnostics;       // errors concern the whole feed, warnings single entries
    long long total_results = -1;  // Atom: opensearch:totalResults; -1 when absent
    long long start_index = -1;    // Atom: opensearch:startIndex; -1 when absent
    std::string date;              // RSS: the announcement date (YYYY-MM-DD)
    int entries_seen = 0;          // <entry>/<item> elements, parsed or skipped

    // An error was found: the feed as a whole is unusable and nothing of it may be written.
    bool failed() const;
    // The first error's message (empty when none).
    std::string error_message() const;
};

// The Atom feed of http://export.arxiv.org/api/query. `source` names the feed in
// diagnostics (its URL). The API's error feed (an entry whose id is
// https://arxiv.org/api/errors#...) becomes an error, as do invalid XML and HTML pages.
// Papers get no appearance; `from_arxiv` is set.
ArxivFeed parse_arxiv_atom(std::string_view xml, const std::string& source);

// The RSS feed of https://rss.arxiv.org/rss/<categories>. Each item becomes a Paper with one
// Appearance: date = the feed's announcement date, topic = `topic`, section = new, replaced
// or cross (from arxiv:announce_type), number = the item's position (1-based). The
// "Feed error for query" channel arXiv sends for a bad category becomes an error.
ArxivFeed parse_arxiv_rss(std::string_view xml, const std::string& source,
                          const std::string& topic);

// The topic of an RSS listing: "arxiv-" + the folded categories joined by "+"
// ({"cs.SD", "eess.AS"} -> "arxiv-cs.sd+eess.as").
std::string rss_topic(const std::vector<std::string>& categories);

// True for codes shaped like arXiv categories: archive[.subject] (cs.SD, hep-th, math,
// cond-mat.stat-mech, test). The check is by shape only: arXiv's feeds hold categories and
// ACM/MSC classes (I.2.7, 68T05), which never start with a lower-case letter, and no free text
// (looks_like_category in schema/paper.hpp guards the digests' 分类 lines with a list of
// archives; a shape check does not go stale when arXiv adds an archive).
bool is_arxiv_category_code(std::string_view code);

// Collapses every run of whitespace (line breaks of wrapped titles and abstracts included)
// to one space and trims both ends.
std::string collapse_whitespace(std::string_view text);

// Undoes UTF-8 that was decoded as Latin-1 and encoded again ("WÃ¼bben" -> "Wübben"), as
// some HTTP clients and recorders do when a response names no charset. Text with any
// character above U+00FF, or whose Latin-1 bytes are not valid UTF-8, is returned unchanged,
// so correct text (including genuine Latin-1 letters such as "Müller") is never altered.
std::string repair_double_utf8(std::string text);

// The date part of an RFC 822 date ("Thu, 28 Nov 2024 00:00:00 -0500" -> "2024-11-28"),
// as written (no time-zone conversion); empty when unparsable.
std::string date_from_rfc822(std::string_view text);

}  // namespace digest
