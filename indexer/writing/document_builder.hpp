// Turns a Paper into the Xapian document that stands for it, following the field table.
#pragma once

#include <xapian.h>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"

namespace digest {

class DocumentBuilder {
  public:
    explicit DocumentBuilder(const FieldWeights& weights = table_weights());
    // Not thread-safe: one builder per thread (it owns a TermGenerator and a stemmer cache).
    Xapian::Document build(const Paper& paper);

  private:
    // Indexes text holding CJK characters so that phrases of them match.
    void index_mixed(const std::string& text, unsigned weight, const std::string& prefix);

    FieldWeights weights_;
    Xapian::TermGenerator tg_;
    Xapian::Stem stemmer_;
    std::string scratch_;
};

// The unique term of a paper ("Q2512.22166").
std::string id_term(std::string_view id);
// Date as stored in terms and values: 2025-12-30 -> 20251230.
std::string compact_date(std::string_view date);

}  // namespace digest
