#include "search/slot_reader.hpp"

namespace digest {

void SlotReader::stream_from(const Xapian::Database& db) {
    streaming_ = false;
    if (db.size() != 1) return;
    try {
        at_ = db.valuestream_begin(slot_);
        end_ = db.valuestream_end(slot_);
        last_ = 0;
        streaming_ = true;
    } catch (const Xapian::UnimplementedError&) {
        // a backend without value streams (remote): looked up one by one
    }
}

std::string SlotReader::value(const Xapian::Document& doc) {
    const Xapian::docid id = doc.get_docid();
    if (!streaming_ || id < last_) return doc.get_value(slot_);
    last_ = id;
    if (at_ == end_) return {};
    if (at_.get_docid() < id) at_.skip_to(id);
    if (at_ == end_ || at_.get_docid() != id) return {};
    return *at_;
}

}  // namespace digest
