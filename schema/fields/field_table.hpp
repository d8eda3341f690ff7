// The schema: one declarative table of fields. Each row says how its field is indexed (terms,
// positions, value slot), how the query language reads it, and where its values come from in
// a Paper. The indexer builds a document by looping over the table; the query parser is set
// up by one loop over it; `digest-query --help` prints it. Neither side spells a prefix or a
// slot itself.
//
// Adding a field is one row, one accessor (fields/field_values.cpp) and a golden-terms test.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

struct Paper;

// Bump when the terms, values or stored data of a document change; a database of another
// version is refused with a hint to rebuild it (`digest-index reindex`).
// 2: title word pairs (XB). 3: one term per listing (XL), the first listing (XF, first:),
// value slots for facets (categories, primary, topics, sections, author keys, first month
// and year). 4: every listing's text indexed (the stored texts of earlier listings), and
// Xapian's spelling table from the words of titles and abstracts. 5: the id in a value slot as
// well, so that papers of equal score (or date) come in one order whether the papers are in one
// database or in shards, and so that a paper indexed in two shards collapses to one result.
// 6: the author keys' slot holds their hashes (names/author_key_hash.hpp), not their text.
// 7: the id's slot and the date-then-id sort keys packed (packed_id, order_key), not text.
// 8: Chinese runs' 3- and 4-character grams (cjk_gram_runs), so that a run is found by its
// grams rather than by checking its characters' positions.
inline constexpr int kSchemaVersion = 8;

enum class FieldId : std::uint8_t {
    Id,
    Title,
    TitlePairs,
    Abstract,
    Summary,
    Comments,
    Author,
    AuthorName,
    Category,
    Primary,
    Class,
    Topic,
    Section,
    Date,
    Listing,
    LastListed,
    FirstListed,
    FirstMonth,
    FirstYear,
    LastListedOrder,
    FirstListedOrder,
    Digest,
    Doi,
    Like,
    Saved,
};

// How the indexer writes a field's values (DocumentBuilder decides from this alone).
enum class Indexing : std::uint8_t {
    None,       // no terms: a value slot only, or a field of the query language only
    Unique,     // the paper's unique term, Q<id>: replace_document() keys on it
    Text,       // free text: folded, tokenised and stemmed by Xapian's TermGenerator
    NameWords,  // author names as text, one run each; a hyphenated name also joined (hungyi)
    NameKey,    // one exact term per author: AuthorName::index_key() ("povey|daniel povey")
    WordPairs,  // each two neighbouring words of the text, stemmed ("XBspeech enhanc")
    Term,       // one boolean term per value, folded
    RawTerm,    // one boolean term per value, as the accessor gives it (dates, digest keys)
};

// How the query language reads `name:value`.
enum class Querying : std::uint8_t {
    None,      // not in the query language
    Words,     // words and phrases searched under the field's prefix, ranked
    Author,    // a name in any written form (D. Povey, Povey, Daniel), or one name word
    Id,        // an arXiv id, with or without version
    Category,  // an arXiv category; an archive alone (cat:cs) means every one of its categories
    Closed,    // one of the values the database holds (topic:audio, section:new): others are errors
    Filter,    // a boolean filter on the folded value
    Dates,     // a day, month or year, or a range of them
    Similar,   // papers like the paper named
    Saved,     // a saved query, by its name (digest-query save): its query in place
};

// Where a field's values come from: appends them for `paper` (fields/field_values.cpp).
using FieldValues = void (*)(const Paper& paper, std::vector<std::string>& out);

struct Field {
    FieldId id;
    std::string_view name;                  // query-language name (`title:`)
    std::array<std::string_view, 2> alias;  // short forms (`ti:`)
    std::string_view prefix;                // Xapian term prefix ("" for the abstract)
    int slot;                               // value slot (the first value), or -1
    Indexing index;
    Querying query;
    unsigned weight;    // wdf added per occurrence of a word (Text, NameWords, WordPairs)
    bool positions;     // keep word positions (phrase searches)
    bool bare;          // searched by bare words
    bool all_required;  // repeated filters must all hold (cat:cs.SD cat:eess.AS); else any
    // The slot holds every (distinct) value, encoded (fields/value_list); author keys as
    // fixed-size hashes instead (names/author_key_hash.hpp).
    bool slot_list;
    // The part of a listing (date 0, topic 1, section 2) the field is, or -1: filters on two
    // parts in one query must hold for one and the same listing (the XL terms).
    int listing_part;
    FieldValues values;  // nullptr: nothing to index (a field of the query language only)
    // The facet the field's slot counts (--facet NAME), or "": and the field whose filter
    // narrows a query to a facet value (cat:cs.SD; first:2025-12 for the month).
    std::string_view facet;
    FieldId facet_filter;
    std::string_view help;
    std::string_view example;
};

inline constexpr int kNoSlot = -1;

namespace field_values {
void id(const Paper&, std::vector<std::string>&);
void title(const Paper&, std::vector<std::string>&);
void abstract(const Paper&, std::vector<std::string>&);
void summary(const Paper&, std::vector<std::string>&);
void comments(const Paper&, std::vector<std::string>&);
void authors(const Paper&, std::vector<std::string>&);
void categories(const Paper&, std::vector<std::string>&);
void primary(const Paper&, std::vector<std::string>&);
void classes(const Paper&, std::vector<std::string>&);
void topics(const Paper&, std::vector<std::string>&);
void sections(const Paper&, std::vector<std::string>&);
void dates(const Paper&, std::vector<std::string>&);
void listings(const Paper&, std::vector<std::string>&);
void last_listed(const Paper&, std::vector<std::string>&);
void first_listed(const Paper&, std::vector<std::string>&);
void first_month(const Paper&, std::vector<std::string>&);
void first_year(const Paper&, std::vector<std::string>&);
void last_listed_order(const Paper&, std::vector<std::string>&);
void first_listed_order(const Paper&, std::vector<std::string>&);
void digests(const Paper&, std::vector<std::string>&);
void doi(const Paper&, std::vector<std::string>&);
}  // namespace field_values

// Prefix conventions follow Xapian Omega: A author, D date, Q unique id, S title (subject),
// X... project-specific. The abstract, by far the largest field, uses the empty prefix: it
// saves a byte in every posting, position and termlist entry of the biggest field.
// Weights are wdf increments measured by scripts/eval-ranking (README, "Ranking").
// The rows are indexed in this order: the positions of the text fields follow it.
// clang-format off
inline constexpr std::array<Field, 25> kFields{{
//   id                     name            aliases            prefix slot     index                 query               wt pos    bare   all    list   part values, facet, its filter
    {FieldId::Id,           "id",           {"", ""},          "Q",   9,       Indexing::Unique,    Querying::Id,        0, false, false, false, false, -1, field_values::id, "", FieldId::Id,
     "arXiv identifier, with or without version; old-style ids too", "id:2512.22166"},
    {FieldId::Title,        "title",        {"ti", ""},        "S",   kNoSlot, Indexing::Text,      Querying::Words,    16, true,  true,  false, false, -1, field_values::title, "", FieldId::Title,
     "words of the title", "ti:benchmark"},
    {FieldId::TitlePairs,   "title-pairs",  {"", ""},          "XB",  kNoSlot, Indexing::WordPairs, Querying::None,      1, false, false, false, false, -1, field_values::title, "", FieldId::TitlePairs,
     "two neighbouring words of the title, stemmed (`XBspeech enhanc`): ranks terms of art", ""},
    {FieldId::Abstract,     "abstract",     {"abs", ""},       "",    kNoSlot, Indexing::Text,      Querying::Words,     1, true,  true,  false, false, -1, field_values::abstract, "", FieldId::Abstract,
     "words of the English abstract", "abs:\"speech enhancement\""},
    {FieldId::Summary,      "summary",      {"zh", ""},        "XZ",  kNoSlot, Indexing::Text,      Querying::Words,     1, true,  true,  false, false, -1, field_values::summary, "", FieldId::Summary,
     "the Chinese summary (简介)", "zh:语音识别"},
    {FieldId::Comments,     "comment",      {"note", ""},      "XN",  kNoSlot, Indexing::Text,      Querying::Words,     1, false, true,  false, false, -1, field_values::comments, "", FieldId::Comments,
     "comments (备注): venue, pages", "note:interspeech"},
    {FieldId::Author,       "author",       {"au", ""},        "A",   kNoSlot, Indexing::NameWords, Querying::Author,    2, true,  true,  true,  false, -1, field_values::authors, "", FieldId::Author,
     "an author: full name, `Surname, Given`, initials, or one name", "au:\"D. Povey\""},
    {FieldId::AuthorName,   "author-name",  {"", ""},          "XA",  6,       Indexing::NameKey,   Querying::None,      0, false, false, false, true,  -1, field_values::authors, "author", FieldId::Author,
     "an author's name, `surname|given names surname`, folded (AuthorName::index_key)", ""},
    {FieldId::Category,     "cat",          {"category", ""},  "XC",  2,       Indexing::Term,      Querying::Category,  0, false, false, true,  true,  -1, field_values::categories, "category", FieldId::Category,
     "arXiv category, exact; `cat:cs` means every cs.*", "cat:eess.AS"},
    {FieldId::Primary,      "primary",      {"", ""},          "XP",  3,       Indexing::Term,      Querying::Category,  0, false, false, false, false, -1, field_values::primary, "primary", FieldId::Primary,
     "primary arXiv category (the first listed)", "primary:cs.SD"},
    {FieldId::Class,        "class",        {"msc", ""},       "XK",  kNoSlot, Indexing::Term,      Querying::Filter,    0, false, false, true,  false, -1, field_values::classes, "", FieldId::Class,
     "other subject classes listed with the categories (MSC, ACM)", "class:I.2.7"},
    {FieldId::Topic,        "topic",        {"", ""},          "XT",  4,       Indexing::Term,      Querying::Closed,    0, false, false, false, true,   1, field_values::topics, "topic", FieldId::Topic,
     "digest topic the paper was listed in", "topic:audio"},
    {FieldId::Section,      "section",      {"", ""},          "XS",  5,       Indexing::Term,      Querying::Closed,    0, false, false, false, true,   2, field_values::sections, "section", FieldId::Section,
     "digest section: new or replaced", "section:new"},
    {FieldId::Date,         "date",         {"", ""},          "D",   kNoSlot, Indexing::RawTerm,   Querying::Dates,     0, false, false, false, false,  0, field_values::dates, "", FieldId::Date,
     "digest date: YYYY, YYYY-MM, YYYY-MM-DD, or a range A..B (open ends allowed)", "date:2025-12..2026-01"},
    {FieldId::Listing,      "listing",      {"", ""},          "XL",  kNoSlot, Indexing::RawTerm,   Querying::None,      0, false, false, false, false, -1, field_values::listings, "", FieldId::Listing,
     "one listing: `YYYYMMDD|topic|section`, for date:, topic: and section: together", ""},
    {FieldId::LastListed,   "last-listed",  {"", ""},          "",    0,       Indexing::None,      Querying::None,      0, false, false, false, false, -1, field_values::last_listed, "", FieldId::LastListed,
     "value: date of the newest listing (YYYYMMDD), for sorting", ""},
    {FieldId::FirstListed,  "first",        {"", ""},          "XF",  1,       Indexing::RawTerm,   Querying::Dates,     0, false, false, false, false, -1, field_values::first_listed, "", FieldId::FirstListed,
     "date the paper was first listed; the same forms as date:", "first:2025-10.."},
    {FieldId::FirstMonth,   "first-month",  {"", ""},          "",    7,       Indexing::None,      Querying::None,      0, false, false, false, false, -1, field_values::first_month, "month", FieldId::FirstListed,
     "value: month of the first listing (YYYY-MM), for facets", ""},
    {FieldId::FirstYear,    "first-year",   {"", ""},          "",    8,       Indexing::None,      Querying::None,      0, false, false, false, false, -1, field_values::first_year, "year", FieldId::FirstListed,
     "value: year of the first listing (YYYY), for facets", ""},
    {FieldId::LastListedOrder, "last-listed-order", {"", ""},   "",    10,      Indexing::None,      Querying::None,      0, false, false, false, false, -1, field_values::last_listed_order, "", FieldId::LastListedOrder,
     "value: the newest listing's date, then the id (order_key, 8 bytes): --sort date, one order everywhere", ""},
    {FieldId::FirstListedOrder, "first-order", {"", ""},        "",    11,      Indexing::None,      Querying::None,      0, false, false, false, false, -1, field_values::first_listed_order, "", FieldId::FirstListedOrder,
     "value: the first listing's date, then the id (order_key): --sort first", ""},
    {FieldId::Digest,       "digest",       {"", ""},          "XG",  kNoSlot, Indexing::RawTerm,   Querying::None,      0, false, false, false, false, -1, field_values::digests, "", FieldId::Digest,
     "digest the paper appeared in (date/topic)", ""},
    {FieldId::Doi,          "doi",          {"", ""},          "XD",  kNoSlot, Indexing::Term,      Querying::Filter,    0, false, false, false, false, -1, field_values::doi, "", FieldId::Doi,
     "DOI, when arXiv lists one", "doi:10.1109/icassp.2025.1"},
    {FieldId::Like,         "like",         {"similar", ""},   "",    kNoSlot, Indexing::None,      Querying::Similar,   0, false, false, false, false, -1, nullptr, "", FieldId::Like,
     "papers like this one (an id): its most telling title and abstract words", "like:2512.22148"},
    {FieldId::Saved,        "query",        {"saved", ""},     "",    kNoSlot, Indexing::None,      Querying::Saved,     0, false, false, false, false, -1, nullptr, "", FieldId::Saved,
     "a saved query, by its name (digest-query save NAME QUERY)", "query:se-diffusion"},
}};
// clang-format on

// Whether a field writes terms of its own (value-only and query-only fields do not).
constexpr bool has_terms(const Field& f) {
    return f.index != Indexing::None;
}

// Whether a field's words feed the spelling table ("did you mean"): the English free text of
// titles and abstracts. Not the Chinese summary (its n-grams are no words to correct to), not
// comments (venues, page counts), not author names (suggested from the author keys instead).
constexpr bool feeds_spelling(const Field& f) {
    return f.id == FieldId::Title || f.id == FieldId::Abstract;
}

// Whether a field is in the query language.
constexpr bool queryable(const Field& f) {
    return f.query != Querying::None;
}

constexpr std::size_t index_of(FieldId id) {
    return static_cast<std::size_t>(id);
}

constexpr const Field& field(FieldId id) {
    return kFields[index_of(id)];  // every FieldId has its row, in order (checked below)
}

// A field's term prefix as a string, ready to prepend to a term.
inline std::string prefix_of(FieldId id) {
    return std::string(field(id).prefix);
}

// The unique term of a paper ("Q2512.22166").
inline std::string unique_term(std::string_view id) {
    return prefix_of(FieldId::Id) + std::string(id);
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

// The fields bare words search, weightiest first (title, author, abstract, ...): the order in
// which a bare word's terms are searched and listed.
const std::vector<const Field*>& bare_fields();

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
constexpr bool rows_consistent() {
    for (const auto& f : kFields) {
        // A field that is indexed or has a slot needs values; one that has none is only part
        // of the query language.
        if ((has_terms(f) || f.slot != kNoSlot) != (f.values != nullptr)) return false;
        // Bare words and phrases are searched among the terms of the free text fields.
        if ((f.bare || f.positions) &&
            !(f.index == Indexing::Text || f.index == Indexing::NameWords))
            return false;
        // Only the free text fields have an empty prefix (the abstract).
        if (f.prefix.empty() && has_terms(f) && f.index != Indexing::Text) return false;
        // A facet counts a slot's values and narrows by a field of the query language.
        if (!f.facet.empty() &&
            (f.slot == kNoSlot || !queryable(kFields[static_cast<std::size_t>(f.facet_filter)])))
            return false;
        // A list of values needs a slot; a part of a listing is a filter.
        if (f.slot_list && f.slot == kNoSlot) return false;
        if (f.listing_part >= 0 && f.query == Querying::Words) return false;
    }
    return true;
}
}  // namespace detail

static_assert(detail::every_id_has_one_row(), "kFields must list every FieldId once, in order");
static_assert(detail::prefixes_distinct(), "two fields share a term prefix");
static_assert(detail::slots_distinct(), "two fields share a value slot");
static_assert(detail::names_distinct(), "two fields share a name or alias");
static_assert(detail::prefixes_well_formed(), "prefixes are upper case ASCII");
static_assert(detail::rows_consistent(), "a row's indexing, slot and values disagree");

// Metadata keys kept in the database.
inline constexpr std::string_view kMetaSchema = "digest-search:schema";
inline constexpr std::string_view kMetaFilePrefix = "file:";  // + absolute path
inline constexpr std::string_view kMetaLastRun = "digest-search:last-run";
inline constexpr std::string_view kMetaUrlPrefix = "url:";  // + URL (conditional requests)
// Every text run the indexer transliterated -> its folded form, one JSON object: read in one
// request (a remote shard answers it in one round trip).
inline constexpr std::string_view kMetaFolds = "digest-search:folds";
// + text run -> its folded form: a key each, as databases written before kMetaFolds keep them
// (read, and moved into kMetaFolds by the indexer's next transaction).
inline constexpr std::string_view kMetaFoldPrefix = "fold:";
// In each shard of a sharded database: "K/N", shard K of N, which holds only the papers
// shard_of() gives it. Shards that say so of distinct K and one N hold no paper twice, so a
// search of them need not look for copies (QuerySession).
inline constexpr std::string_view kMetaShard = "digest-search:shard";
// In a spelling table (digest-index spelling): a database of no papers that holds only the
// spelling table of other databases, for a search whose databases have none of their own
// (Xapian's remote backend has no spelling). Its value lists those databases, one a line.
inline constexpr std::string_view kMetaSpellingOf = "digest-search:spelling-of";
// + digest key (date/topic) -> the input holding it (a file: or url: key, or <stdin>)
inline constexpr std::string_view kMetaDigestSourcePrefix = "digest-source:";
// + digest key -> how many papers that digest lists, written with it: `check` counts them
inline constexpr std::string_view kMetaDigestPapersPrefix = "digest-papers:";

}  // namespace digest
