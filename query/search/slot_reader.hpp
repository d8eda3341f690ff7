// A value slot read for each paper a match spy is shown. Document::get_value looks the value
// up afresh in the database's value chunks every time; a match passes its papers in increasing
// document order, so a value stream moved forward reads each chunk once.
#pragma once

#include <xapian.h>

#include <string>

namespace digest {

class SlotReader {
  public:
    explicit SlotReader(Xapian::valueno slot) : slot_(slot) {}
    // Streams the slot from `db` when it is a single local database. Of a combined database,
    // Xapian 1.4 gives the spy documents numbered within their own part, which does not tell
    // the part: each value is then looked up on its own, as without this.
    void stream_from(const Xapian::Database& db);
    // The slot's value for `doc` ("" when it has none). A document before one already read is
    // looked up on its own: the result never depends on the order.
    std::string value(const Xapian::Document& doc);

  private:
    Xapian::valueno slot_;
    bool streaming_ = false;
    Xapian::ValueIterator at_, end_;
    Xapian::docid last_ = 0;  // the latest document asked for
};

}  // namespace digest
