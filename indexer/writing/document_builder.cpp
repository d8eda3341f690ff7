#include "writing/document_builder.hpp"

#include <algorithm>

#include "fields/field_table.hpp"
#include "names/author_name.hpp"
#include "text/text_indexing.hpp"
#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// Xapian refuses terms over 245 bytes; longer exact values are not worth a term anyway.
constexpr std::size_t kMaxTermBytes = 240;

// Author names are indexed as one positional run each; the gap keeps a phrase such as
// au:"John Smith" from matching the end of one name and the start of the next.
constexpr Xapian::termpos kAuthorGap = 100;

void add_exact(Xapian::Document& doc, FieldId f, std::string_view value) {
    if (value.empty()) return;
    std::string term(field(f).prefix);
    fold_append(value, term);
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

void add_raw(Xapian::Document& doc, FieldId f, std::string_view value) {
    if (value.empty()) return;
    std::string term(field(f).prefix);
    term += value;
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

}  // namespace

void DocumentBuilder::index_mixed(const std::string& text, unsigned weight,
                                  const std::string& prefix) {
    // Xapian 1.4 gives every CJK n-gram a position when stemming is on (STEM_ALL), so the
    // characters of a run are two positions apart and a phrase of them never matches. Runs of
    // CJK characters are therefore indexed without stemming (unigrams at consecutive positions,
    // bigrams without), the words between them stemmed as everywhere else.
    std::size_t i = 0, start = 0;
    bool in_cjk = false;
    auto flush = [&](std::size_t end) {
        if (end <= start) return;
        if (in_cjk) tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
        tg_.index_text(Xapian::Utf8Iterator(text.data() + start, end - start), weight, prefix);
        if (in_cjk) tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
        start = end;
    };
    while (i < text.size()) {
        std::size_t at = i;
        bool cjk = is_cjk_codepoint(next_codepoint(text, i));
        if (cjk != in_cjk) {
            flush(at);
            in_cjk = cjk;
        }
    }
    flush(text.size());
}

std::string id_term(std::string_view id) {
    return prefix_of(FieldId::Id) + std::string(id);
}

std::string compact_date(std::string_view date) {
    std::string out;
    for (char c : date)
        if (c != '-') out += c;
    return out;
}

DocumentBuilder::DocumentBuilder(const FieldWeights& weights)
    : weights_(weights), tg_(make_term_generator()), stemmer_(make_stemmer()) {}

Xapian::Document DocumentBuilder::build(const Paper& p) {
    Xapian::Document doc;
    tg_.set_document(doc);
    tg_.set_termpos(0);

    auto text = [&](FieldId f, std::string_view value) {
        if (value.empty()) return;
        const Field& fd = field(f);
        scratch_.clear();
        fold_append(value, scratch_);
        if (fd.positions && contains_cjk(scratch_))
            index_mixed(scratch_, weights_[static_cast<std::size_t>(f)], std::string(fd.prefix));
        else if (fd.positions)
            tg_.index_text(scratch_, weights_[static_cast<std::size_t>(f)], std::string(fd.prefix));
        else
            tg_.index_text_without_positions(scratch_, weights_[static_cast<std::size_t>(f)],
                                             std::string(fd.prefix));
        tg_.increase_termpos();
    };

    doc.add_boolean_term(id_term(p.id));
    text(FieldId::Title, p.title);
    // Neighbouring title words as one term each: a query's "speech enhancement" ranks the
    // papers titled with the term of art first without reading positions.
    // text() left the folded title in scratch_.
    const std::string pair_prefix(field(FieldId::TitlePairs).prefix);
    if (!p.title.empty())
        for (const auto& pair : word_pairs(stemmer_, pair_words_of_text(scratch_)))
            doc.add_term(pair_prefix + pair,
                         weights_[static_cast<std::size_t>(FieldId::TitlePairs)]);
    text(FieldId::Abstract, p.abstract);
    text(FieldId::Summary, p.summary);
    text(FieldId::Comments, p.comments);

    const Field& author = field(FieldId::Author);
    for (const auto& a : p.authors) {
        scratch_.clear();
        fold_append(a, scratch_);
        tg_.index_text(scratch_, weights_[static_cast<std::size_t>(FieldId::Author)],
                       std::string(author.prefix));
        tg_.increase_termpos(kAuthorGap);
        // A hyphenated name is also its parts written together: Hung-yi -> hungyi, as people
        // type it (`au:hungyi`, `authors hungyi`). Most names have no hyphen: nothing to do.
        for (std::size_t dash = scratch_.find('-'); dash != std::string::npos;) {
            std::size_t start = scratch_.rfind(' ', dash);
            start = start == std::string::npos ? 0 : start + 1;
            std::size_t end = std::min(scratch_.find(' ', dash), scratch_.size());
            std::string word = scratch_.substr(start, end - start);
            word.erase(std::remove(word.begin(), word.end(), '-'), word.end());
            if (!word.empty())
                doc.add_term(std::string(author.prefix) + stem_word(stemmer_, word),
                             weights_[static_cast<std::size_t>(FieldId::Author)]);
            dash = end < scratch_.size() ? scratch_.find('-', end) : std::string::npos;
        }
        AuthorName name = parse_author_name(a);
        if (!name.empty()) add_raw(doc, FieldId::AuthorName, name.index_key());
    }

    for (const auto& c : p.categories) add_exact(doc, FieldId::Category, c);
    for (const auto& c : p.classes) add_exact(doc, FieldId::Class, c);
    add_exact(doc, FieldId::Primary, p.primary);
    add_exact(doc, FieldId::Doi, p.doi);

    for (const auto& a : p.appearances) {
        add_exact(doc, FieldId::Topic, a.topic);
        add_exact(doc, FieldId::Section, a.section);
        add_raw(doc, FieldId::Date, compact_date(a.date));
        add_raw(doc, FieldId::Digest, a.digest_key());
    }
    // A paper known only from arXiv (no digest listed it) is dated by its submission.
    if (p.appearances.empty()) add_raw(doc, FieldId::Date, compact_date(p.published));

    // Sort values: the newest and the first digest date; papers known only from the arXiv API
    // sort by their arXiv dates.
    std::string newest = p.newest_date();
    std::string first = p.first_date();
    if (newest.empty()) newest = !p.updated.empty() ? p.updated : p.published;
    if (first.empty()) first = !p.published.empty() ? p.published : newest;
    doc.add_value(static_cast<Xapian::valueno>(field(FieldId::Date).slot), compact_date(newest));
    doc.add_value(static_cast<Xapian::valueno>(field(FieldId::FirstSeen).slot),
                  compact_date(first));

    doc.set_data(paper_to_data(p));
    return doc;
}

}  // namespace digest
