// Turns a Paper into the Xapian document that stands for it: one loop over the field table,
// each field's values written as its row says (terms, positions, value slot).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"

namespace digest {

class DocumentBuilder {
  public:
    explicit DocumentBuilder(const FieldWeights& weights = table_weights());
    // Not thread-safe: one builder per thread (it owns a TermGenerator and a stemmer cache).
    Xapian::Document build(const Paper& paper);

  private:
    // Writes one field's values into the document being built.
    void add(Xapian::Document& doc, const Field& field, const std::vector<std::string>& values);
    // Free text: folded, then tokenised (runs of CJK characters so that phrases of them match).
    void add_text(Xapian::Document& doc, const Field& field, const std::string& value,
                  unsigned weight);
    void add_slot(Xapian::Document& doc, const Field& field,
                  const std::vector<std::string>& values);
    void add_name_words(Xapian::Document& doc, const Field& field, const std::string& name);
    void index_mixed(Xapian::Document& doc, const std::string& text, unsigned weight,
                     const std::string& prefix);
    // The folded form of `text`, computed once for the fields that read the same text.
    const std::string& folded(const std::string& text);

    FieldWeights weights_;
    Xapian::TermGenerator tg_;
    Xapian::Stem stemmer_;
    std::vector<std::string> values_, keys_;
    std::string fold_source_, fold_result_;
};

}  // namespace digest
