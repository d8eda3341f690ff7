// The Paper record: everything known about one arXiv paper, merged from every digest (and
// arXiv feed) that listed it. It is stored as JSON in the Xapian document data, so the query
// side prints results without re-parsing any Markdown.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace digest {

// One listing of a paper in one digest.
struct Appearance {
    std::string date;     // YYYY-MM-DD, empty when unknown
    std::string topic;    // audio, text, video, robotics, society, ...
    std::string section;  // new, replaced (or cross, from arXiv RSS)
    int number = 0;       // the 001 of `[new 001]`
    int version = 0;      // version listed, 0 when unknown

    // The digest this appearance belongs to; one digest = one (date, topic).
    std::string digest_key() const;
    bool operator==(const Appearance&) const = default;
};

// The text one listing gave a paper: a digest's (keyed by its source_key()) or the arXiv
// API's ("arxiv"). A paper keeps one for each listing, so that every text it was ever listed
// with stays searchable; the paper's own title, abstract, summary and comments are the newest.
struct ListingText {
    std::string source;  // source_key() of the listing, or kArxivSource
    std::string title;
    std::string abstract;
    std::string summary;
    std::string comments;

    std::string date() const;   // YYYY-MM-DD of the listing, "" for the arXiv API
    std::string topic() const;  // its topic, "arxiv" for the arXiv API
    bool operator==(const ListingText&) const = default;
};

inline constexpr std::string_view kArxivSource = "arxiv";

// The date and topic of a listing's source key (ListingText::source): "" and "arxiv" for the
// arXiv API's text.
std::string source_date(std::string_view source);
std::string source_topic(std::string_view source);

struct Paper {
    std::string id;   // arXiv id without version: 2512.22166, quant-ph/0201082
    int version = 0;  // highest version seen, 0 when unknown
    std::string title;
    std::vector<std::string> authors;
    std::string abstract;
    std::string summary;                  // Chinese summary (简介)
    std::vector<std::string> categories;  // arXiv categories as written, primary first
    std::vector<std::string> classes;     // other codes listed with them (MSC, ACM)
    std::string primary;                  // primary category
    std::string comments;                 // 备注
    std::vector<std::string> links;       // as listed (PDF link first)
    std::string journal_ref;
    std::string doi;
    std::string published;  // YYYY-MM-DD (arXiv API)
    std::string updated;    // YYYY-MM-DD (arXiv API)
    std::vector<Appearance> appearances;

    // Which source supplied the text (title, abstract, authors, ...) and the summary, as a
    // sortable key: the newest source wins whatever the order inputs are added in.
    std::string text_source;
    std::string summary_source;
    bool from_arxiv = false;  // the arXiv API or RSS supplied metadata
    // What each listing said, sorted by source (the stored data leaves out what equals the
    // newest text; a paper listed once stores none).
    std::vector<ListingText> texts;

    bool operator==(const Paper&) const = default;

    // Newest and oldest appearance dates (YYYY-MM-DD), empty when none is dated.
    std::string newest_date() const;
    std::string first_date() const;

    // Every distinct non-empty value of one text field (&ListingText::title, ...): the
    // paper's own first, then the earlier listings' that differ, oldest first.
    std::vector<std::string> all_texts(std::string ListingText::*field) const;
    // The listings whose text differs from the paper's own in some field, newest first.
    std::vector<const ListingText*> earlier_texts() const;
};

// Date as stored in terms and values: 2025-12-30 -> 20251230.
std::string compact_date(std::string_view date);

// An id as its value slot holds it: a new-style id (2512.22166) in 5 bytes, its YYMM in 2 and
// its number in 3, big-endian, so that packed ids order as their text does; any other id
// (hep-th/9901001) as written, which sorts after every packed one, as in text. A match that
// orders papers by id (remote shards ranking, the sort keys below) reads the slot of every
// paper it passes, in blocks of 8 KiB: half the bytes are half the blocks. unpacked_id gives
// the text back.
std::string packed_id(std::string_view id);
std::string unpacked_id(std::string_view value);

// The sort key of a paper by a date (YYYYMMDD) and then its id, as value slots hold it for
// --sort date and --sort first: bytes that order as the text `YYYYMMDD|id` would, in 8 bytes
// for a new-style id (3 for the date, then packed_id) rather than 19. A date-sorted match
// reads the key of every paper it matches: `cat:cs.SD` on the 10x corpus read 1,667 blocks
// of 8 KiB with the text and 844 with this. A date that is not eight digits sorts first.
std::string order_key(std::string_view yyyymmdd, std::string_view id);
// The id (packed_id) in an order_key, "" if `key` is too short to hold one.
std::string id_in_order_key(std::string_view key);

// Sort key of a source: later digests sort higher; ties are broken by topic so that the
// result does not depend on input order.
std::string source_key(const Appearance& a);

// Merges `entry` (one listing, with exactly its own text) into `paper`. Returns true when
// something changed. Idempotent: merging the same entry twice changes nothing.
bool merge_paper(Paper& paper, const Paper& entry);

// Merges metadata from the arXiv API or RSS: the API's primary category, dates, DOI and
// journal reference are added; the digests' summary and appearances are kept.
bool merge_arxiv(Paper& paper, const Paper& arxiv);

// Removes the appearances and the texts that belong to the digest `key`; returns true if any
// did. When the paper's own text came from that digest, the newest remaining listing's text
// takes its place.
bool remove_digest(Paper& paper, std::string_view key);

// The URL of a link as digests write it, `[https://arxiv.org/pdf/2512.22166v1](https://…)`, or
// `<https://…>`; a bare URL is returned as it is.
std::string link_url(std::string_view link);

// The link a paper is cited by: https://arxiv.org/abs/<id> (no version: the latest).
std::string abs_url(const Paper& paper);

// Splits an id with an optional version (2512.22166v2) into id and version (0 if none).
std::pair<std::string, int> split_version(std::string_view id_with_version);

// A canonical arXiv id from user input: version dropped, case of old-style subject classes
// restored (math.gt/0309136 -> math.GT/0309136). Empty if it is not an id.
std::string canonical_id(std::string_view text);

// True for new-style (2512.22166) and old-style (quant-ph/0201082, math.GT/0309136) ids.
bool looks_like_arxiv_id(std::string_view id);

// True for a calendar day a digest can have (years 1990 to 2200): digest paths, --date and
// the query language's date: all check days with it.
bool valid_ymd(int year, int month, int day);

// True for arXiv category codes (cs.SD, eess.AS, hep-th, math.AG, q-bio.NC).
bool looks_like_category(std::string_view code);

void to_json(nlohmann::json& j, const Appearance& a);
void from_json(const nlohmann::json& j, Appearance& a);
void to_json(nlohmann::json& j, const Paper& p);
void from_json(const nlohmann::json& j, Paper& p);

// The authors and appearances of a stored paper only, without building the whole record:
// listing an author's papers reads thousands of them (`digest-query authors`). Returns false
// if the data is not a JSON object.
bool read_authors_and_appearances(std::string_view data, std::vector<std::string>& authors,
                                  std::vector<Appearance>& appearances);

std::string paper_to_data(const Paper& p);     // compact JSON for the document data
Paper paper_from_data(std::string_view data);  // throws digest::Error on damage

}  // namespace digest
