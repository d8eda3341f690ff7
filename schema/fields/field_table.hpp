// The schema: one declarative table of fields. Term prefixes, value slots, weights and the
// query language's field names all come from here; the indexer and the query side never spell
// a prefix or a slot themselves.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace digest {

// Bump when the terms, values or stored data of a document change; a database of another
// version is refused with a hint to rebuild it (`digest-index reindex`).
inline constexpr int kSchemaVersion = 2;  // 2: title word pairs (XB)

enum class FieldId : std::uint8_t {
    Id,
    Title,
    Author,
    AuthorName,
    Abstract,
    Summary,
    Comments,
    Category,
    Primary,
    Class,
    Topic,
    Section,
    Date,
    FirstSeen,
    Digest,
    Doi,
    Like,
    TitlePairs,
};

enum class FieldKind : std::uint8_t {
    Text,      // free text: folded, tokenised, stemmed; positions when `positions` is set
    Exact,     // boolean filter terms, folded (`cat:cs.sd`)
    Id,        // the unique term of a paper (`Q2512.22166`)
    Names,     // author names: stemmed words for bare-word search, exact keys for `au:`
    Date,      // per-appearance date terms and a sortable value
    Internal,  // terms used by the tools, not by the query language
    Similar,   // no terms of its own: the query side turns a paper into its telling words
};

struct Field {
    FieldId id;
    std::string_view name;                  // query-language name (`title:`)
    std::array<std::string_view, 2> alias;  // short forms (`ti:`)
    std::string_view prefix;                // Xapian term prefix ("" for the abstract)
    int slot;                               // value slot, or -1
    FieldKind kind;
    unsigned weight;  // wdf added per occurrence of a word (Text and Names)
    bool positions;   // keep word positions (phrase searches)
    bool bare;        // searched by bare words
    std::string_view help;
    std::string_view example;
};

inline constexpr int kNoSlot = -1;

// Prefix conventions follow Xapian Omega: A author, D date, Q unique id, S title (subject),
// X... project-specific. The abstract, by far the largest field, uses the empty prefix: it
// saves a byte in every posting, position and termlist entry of the biggest field.
// Weights are wdf increments measured by scripts/eval-ranking (README, "Ranking").
// clang-format off
inline constexpr std::array<Field, 18> kFields{{
//   id                        name               aliases               prefix slot     kind                 wt pos    bare
    {FieldId::Id,              "id",              {"", ""},             "Q",   kNoSlot, FieldKind::Id,       0, false, false,
     "arXiv identifier, with or without version; old-style ids too", "id:2512.22166"},
    {FieldId::Title,           "title",           {"ti", ""},           "S",   kNoSlot, FieldKind::Text,    16, true,  true,
     "words of the title", "ti:benchmark"},
    {FieldId::Author,          "author",          {"au", ""},           "A",   kNoSlot, FieldKind::Names,    2, true,  true,
     "an author: full name, `Surname, Given`, initials, or one name", "au:\"D. Povey\""},
    {FieldId::AuthorName,      "author-name",     {"", ""},             "XA",  kNoSlot, FieldKind::Internal, 0, false, false,
     "an author's name, `surname|given names surname`, folded (AuthorName::index_key)", ""},
    {FieldId::Abstract,        "abstract",        {"abs", ""},          "",    kNoSlot, FieldKind::Text,     1, true,  true,
     "words of the English abstract", "abs:\"speech enhancement\""},
    {FieldId::Summary,         "summary",         {"zh", ""},           "XZ",  kNoSlot, FieldKind::Text,     1, true,  true,
     "the Chinese summary (简介)", "zh:语音识别"},
    {FieldId::Comments,        "comment",         {"note", ""},         "XN",  kNoSlot, FieldKind::Text,     1, false, true,
     "comments (备注): venue, pages", "note:interspeech"},
    {FieldId::Category,        "cat",             {"category", ""},     "XC",  kNoSlot, FieldKind::Exact,    0, false, false,
     "arXiv category, exact; `cat:cs` means every cs.*", "cat:eess.AS"},
    {FieldId::Primary,         "primary",         {"", ""},             "XP",  kNoSlot, FieldKind::Exact,    0, false, false,
     "primary arXiv category (the first listed)", "primary:cs.SD"},
    {FieldId::Class,           "class",           {"msc", ""},          "XK",  kNoSlot, FieldKind::Exact,    0, false, false,
     "other subject classes listed with the categories (MSC, ACM)", "class:I.2.7"},
    {FieldId::Topic,           "topic",           {"", ""},             "XT",  kNoSlot, FieldKind::Exact,    0, false, false,
     "digest topic the paper was listed in", "topic:audio"},
    {FieldId::Section,         "section",         {"", ""},             "XS",  kNoSlot, FieldKind::Exact,    0, false, false,
     "digest section: new or replaced", "section:new"},
    {FieldId::Date,            "date",            {"", ""},             "D",   0,       FieldKind::Date,     0, false, false,
     "digest date: YYYY, YYYY-MM, YYYY-MM-DD, or a range A..B (open ends allowed)", "date:2025-12..2026-01"},
    {FieldId::FirstSeen,       "first-seen",      {"", ""},             "",    1,       FieldKind::Internal, 0, false, false,
     "value: date of the first appearance (YYYYMMDD)", ""},
    {FieldId::Digest,          "digest",          {"", ""},             "XG",  kNoSlot, FieldKind::Internal, 0, false, false,
     "digest the paper appeared in (date/topic)", ""},
    {FieldId::Doi,             "doi",             {"", ""},             "XD",  kNoSlot, FieldKind::Exact,    0, false, false,
     "DOI, when arXiv lists one", "doi:10.1109/icassp.2025.1"},
    {FieldId::Like,            "like",            {"similar", ""},      "",    kNoSlot, FieldKind::Similar,  0, false, false,
     "papers like this one (an id): its most telling title and abstract words", "like:2512.22148"},
    {FieldId::TitlePairs,      "title-pairs",     {"", ""},             "XB",  kNoSlot, FieldKind::Internal, 1, false, false,
     "two neighbouring words of the title, stemmed (`XBspeech enhanc`): ranks terms of art", ""},
}};
// clang-format on

// Whether a field writes terms of its own (value-only and query-only fields do not).
constexpr bool has_terms(const Field& f) {
    return !(f.prefix.empty() && (f.kind == FieldKind::Internal || f.kind == FieldKind::Similar));
}

constexpr const Field& field(FieldId id) {
    for (const auto& f : kFields)
        if (f.id == id) return f;
    throw "unknown field";  // unreachable: every FieldId has a row (checked below)
}

// A field's term prefix as a string, ready to prepend to a term.
inline std::string prefix_of(FieldId id) {
    return std::string(field(id).prefix);
}

// Per-field wdf increments, indexed by FieldId: the table's, or others for ranking experiments
// (scripts/eval-ranking).
using FieldWeights = std::array<unsigned, kFields.size()>;
constexpr FieldWeights table_weights() {
    FieldWeights w{};
    for (std::size_t i = 0; i < kFields.size(); ++i) w[i] = kFields[i].weight;
    return w;
}

// Looks a field up by its query-language name or alias; nullptr if none.
const Field* find_field(std::string_view name);

namespace detail {
constexpr bool every_id_has_one_row() {
    for (std::size_t i = 0; i < kFields.size(); ++i)
        if (static_cast<std::size_t>(kFields[i].id) != i) return false;
    return true;
}
constexpr bool prefixes_distinct() {
    // Two fields may not share a prefix, except the empty one (abstract terms and value-only
    // fields). Terms after a prefix are folded to lower case, so "XA" and "XAB" could never
    // collide; the check is stricter than Xapian needs and keeps the table readable.
    for (std::size_t i = 0; i < kFields.size(); ++i)
        for (std::size_t j = i + 1; j < kFields.size(); ++j) {
            const auto& a = kFields[i];
            const auto& b = kFields[j];
            if (has_terms(a) && has_terms(b) && a.prefix == b.prefix) return false;
        }
    return true;
}
constexpr bool slots_distinct() {
    for (std::size_t i = 0; i < kFields.size(); ++i)
        for (std::size_t j = i + 1; j < kFields.size(); ++j)
            if (kFields[i].slot != kNoSlot && kFields[i].slot == kFields[j].slot) return false;
    return true;
}
constexpr bool names_distinct() {
    // Every name and alias, of every field, once.
    for (std::size_t i = 0; i < kFields.size() * 3; ++i)
        for (std::size_t j = i + 1; j < kFields.size() * 3; ++j) {
            std::string_view a = i % 3 == 0 ? kFields[i / 3].name : kFields[i / 3].alias[i % 3 - 1];
            std::string_view b = j % 3 == 0 ? kFields[j / 3].name : kFields[j / 3].alias[j % 3 - 1];
            if (!a.empty() && a == b) return false;
        }
    return true;
}
constexpr bool prefixes_well_formed() {
    // Xapian convention: a prefix is upper case ASCII, so a folded (lower case) term never
    // looks like a prefixed one.
    for (const auto& f : kFields)
        for (char c : f.prefix)
            if (c < 'A' || c > 'Z') return false;
    return true;
}
}  // namespace detail

static_assert(detail::every_id_has_one_row(), "kFields must list every FieldId once, in order");
static_assert(detail::prefixes_distinct(), "two fields share a term prefix");
static_assert(detail::slots_distinct(), "two fields share a value slot");
static_assert(detail::names_distinct(), "two fields share a name or alias");
static_assert(detail::prefixes_well_formed(), "prefixes are upper case ASCII");

// Metadata keys kept in the database.
inline constexpr std::string_view kMetaSchema = "digest-search:schema";
inline constexpr std::string_view kMetaFilePrefix = "file:";  // + absolute path
inline constexpr std::string_view kMetaLastRun = "digest-search:last-run";
inline constexpr std::string_view kMetaUrlPrefix = "url:";    // + URL (conditional requests)
inline constexpr std::string_view kMetaFoldPrefix = "fold:";  // + text run -> its folded form

}  // namespace digest
