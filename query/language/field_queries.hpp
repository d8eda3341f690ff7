// What `field:value` means for the fields whose meaning is more than a term prefix: one
// function per Querying kind of the field table (authors, ids, categories, closed sets, dates,
// similar papers). The query builder calls them with the value folded.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "fields/field_table.hpp"

namespace digest {

// A value a field cannot take: the builder turns it into a query error at the field's column.
struct FieldValueError {
    std::string message;
    std::string hint;
};

// au:"Daniel Povey", au:"D. Povey", au:"Povey, Daniel", au:povey, au:hung-yi, au:张三
Xapian::Query author_query(const Xapian::Database& db, const std::string& name);
// id:2512.22166, id:2512.22166v2, id:quant-ph/0201082
Xapian::Query id_query(const std::string& value);
// cat:eess.AS (exact), cat:cs (every cs.*); primary: likewise.
Xapian::Query category_query(const Xapian::Database& db, const Field& field,
                             const std::string& value);
// section:new: one of the values a field can have.
Xapian::Query closed_query(const Field& field, const std::string& value);
// date:2025, date:2025-12, date:2025-12-30 and ranges A..B, A.., ..B: the field's date terms
// of the database that fall in the period.
Xapian::Query dates_query(const Xapian::Database& db, const Field& field, const std::string& value);
// like:2512.22148: papers like that one, the paper itself left out.
Xapian::Query similar_query(const Xapian::Database& db, const std::string& value);

// The date period a `date:` value names, as inclusive YYYYMMDD bounds: "2025" ->
// [20250101, 20251231], "2025-12" -> [20251201, 20251231], "2025-12-30" -> the day.
// Returns false when the value is not a date.
bool date_period(std::string_view value, std::string& first, std::string& last);

}  // namespace digest
