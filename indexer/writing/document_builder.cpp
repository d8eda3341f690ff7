#include "writing/document_builder.hpp"

#include <algorithm>

#include "fields/value_list.hpp"
#include "names/author_key_hash.hpp"
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

void add_boolean(Xapian::Document& doc, const std::string& term) {
    if (term.size() <= kMaxTermBytes) doc.add_boolean_term(term);
}

}  // namespace

DocumentBuilder::DocumentBuilder(const FieldWeights& weights)
    : weights_(weights), tg_(make_term_generator()), stemmer_(make_stemmer()) {}

Xapian::Document DocumentBuilder::build(const Paper& p) {
    Xapian::Document doc;
    tg_.set_document(doc);
    tg_.set_termpos(0);
    for (const Field& f : kFields) {
        if (!f.values) continue;
        values_.clear();
        f.values(p, values_);
        add(doc, f, values_);
    }
    doc.set_data(paper_to_data(p));
    return doc;
}

void DocumentBuilder::add(Xapian::Document& doc, const Field& f,
                          const std::vector<std::string>& values) {
    const std::string prefix(f.prefix);
    switch (f.index) {
        case Indexing::None:
            break;
        case Indexing::Unique:
        case Indexing::RawTerm:
            for (const auto& v : values) add_boolean(doc, prefix + v);
            break;
        case Indexing::Term:
            for (const auto& v : values) {
                std::string term = prefix;
                fold_append(v, term);
                add_boolean(doc, term);
            }
            break;
        case Indexing::Text:
            // The paper's own text first, then what earlier listings said (field_values.cpp).
            // Earlier texts add their words and positions but no weight: they make the paper
            // findable by them, while ranking (wdf, document length) stays the newest text's.
            for (std::size_t i = 0; i < values.size(); ++i)
                add_text(doc, f, values[i], i == 0 ? weights_[index_of(f.id)] : 0);
            break;
        case Indexing::NameWords:
            for (const auto& v : values) add_name_words(doc, f, v);
            break;
        case Indexing::NameKey:
            keys_.clear();
            for (const auto& v : values)
                if (AuthorName name = parse_author_name(v); !name.empty())
                    keys_.push_back(name.index_key());
            for (const auto& k : keys_) add_boolean(doc, prefix + k);
            if (f.slot != kNoSlot) add_slot(doc, f, keys_);  // the keys, not the spellings
            return;
        case Indexing::WordPairs:
            // Neighbouring words as one term each: a query's "speech enhancement" ranks the
            // papers titled with the term of art first without reading positions.
            for (std::size_t i = 0; i < values.size(); ++i)
                for (const auto& pair : word_pairs(stemmer_, pair_words_of_text(folded(values[i]))))
                    // A word of hundreds of letters (a hostile title) makes no term of art.
                    if (prefix.size() + pair.size() <= kMaxTermBytes)
                        doc.add_term(prefix + pair, i == 0 ? weights_[index_of(f.id)] : 0);
            break;
    }
    if (f.slot != kNoSlot) add_slot(doc, f, values);
}

void DocumentBuilder::add_slot(Xapian::Document& doc, const Field& f,
                               const std::vector<std::string>& values) {
    if (values.empty()) return;
    const auto slot = static_cast<Xapian::valueno>(f.slot);
    if (!f.slot_list) {
        // The id packed (packed_id): matches that order papers by id read it for each one.
        doc.add_value(slot,
                      f.index == Indexing::Unique ? packed_id(values.front()) : values.front());
        return;
    }
    // Each value once, in the order given: a paper counts once per value in a facet.
    std::vector<std::string> distinct;
    for (const auto& v : values)
        if (std::find(distinct.begin(), distinct.end(), v) == distinct.end()) distinct.push_back(v);
    // Author keys as their hashes, for the author facet to count without text.
    doc.add_value(slot, f.index == Indexing::NameKey ? encode_author_key_hashes(distinct)
                                                     : encode_value_list(distinct));
}

const std::string& DocumentBuilder::folded(const std::string& text) {
    if (text != fold_source_ || fold_result_.empty()) {
        fold_source_ = text;
        fold_result_.clear();
        fold_append(text, fold_result_);
    }
    return fold_result_;
}

void DocumentBuilder::add_text(Xapian::Document& doc, const Field& f, const std::string& value,
                               unsigned weight) {
    const std::string prefix(f.prefix);
    const std::string& text = folded(value);
    if (f.positions && contains_cjk(text))
        index_mixed(doc, text, weight, prefix);
    else if (f.positions)
        tg_.index_text(text, weight, prefix);
    else
        tg_.index_text_without_positions(text, weight, prefix);
    tg_.increase_termpos();
}

void DocumentBuilder::add_name_words(Xapian::Document& doc, const Field& f,
                                     const std::string& name) {
    const unsigned weight = weights_[index_of(f.id)];
    const std::string prefix(f.prefix);
    const std::string& text = folded(name);
    tg_.index_text(text, weight, prefix);
    tg_.increase_termpos(kAuthorGap);
    // A hyphenated name is also its parts written together: Hung-yi -> hungyi, as people
    // type it (`au:hungyi`, `authors hungyi`). Most names have no hyphen: nothing to do.
    for (std::size_t dash = text.find('-'); dash != std::string::npos;) {
        std::size_t start = text.rfind(' ', dash);
        start = start == std::string::npos ? 0 : start + 1;
        std::size_t end = std::min(text.find(' ', dash), text.size());
        std::string word = text.substr(start, end - start);
        word.erase(std::remove(word.begin(), word.end(), '-'), word.end());
        if (!word.empty() && prefix.size() + word.size() <= kMaxTermBytes)
            doc.add_term(prefix + stem_word(stemmer_, word), weight);
        dash = end < text.size() ? text.find('-', end) : std::string::npos;
    }
}

void DocumentBuilder::index_mixed(Xapian::Document& doc, const std::string& text, unsigned weight,
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
        const Xapian::termpos before = tg_.get_termpos();
        tg_.index_text(Xapian::Utf8Iterator(text.data() + start, end - start), weight, prefix);
        if (in_cjk) {
            tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
            // Its 3- and 4-character grams (cjk_gram_runs), which find a query's run without
            // checking positions. They weigh nothing (wdf 0): the document's length, and so
            // every score, stays what the characters and pairs make it.
            const std::string_view run_text = std::string_view(text).substr(start, end - start);
            for (const auto& run : cjk_gram_runs(run_text))
                for (const auto& gram : cjk_grams(run)) doc.add_term(prefix + gram, 0);
        }
        // Punctuation or a space between two runs (语音、增强) gives no term: a gap keeps the
        // runs apart, so that a query's 语音增强 matches only the characters written in a row.
        if (!in_cjk && tg_.get_termpos() == before) tg_.increase_termpos(1);
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

}  // namespace digest
