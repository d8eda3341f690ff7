// A match spy sees every copy of a paper indexed in several databases (shards that overlap)
// before Xapian collapses the copies into one result; this lets a spy count each paper once.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_set>

namespace digest {

class OncePerId {
  public:
    // Off until given the slot of the id: one database holds each paper once.
    void enable(Xapian::valueno id_slot) { slot_ = id_slot; }
    // False for a copy of a paper seen before.
    bool first(const Xapian::Document& doc) {
        return slot_ == Xapian::BAD_VALUENO || seen_.insert(doc.get_value(slot_)).second;
    }

  private:
    Xapian::valueno slot_ = Xapian::BAD_VALUENO;
    std::unordered_set<std::string> seen_;
};

}  // namespace digest
