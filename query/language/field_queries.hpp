// What `field:value` means for the fields whose meaning is more than a term prefix: one
// function per Querying kind of the field table (authors, ids, categories, closed sets, dates,
// similar papers). The query builder calls them with the value folded.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "fields/field_table.hpp"
#include "language/query_parser.hpp"

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
// topic:audio, section:new: one of the values the database holds; another is an error that
// lists them (FieldValueError).
Xapian::Query closed_query(const Xapian::Database& db, const Field& field,
                           const std::string& value);
// date:2025, date:2025-12, date:2025-12-30 and ranges A..B, A.., ..B: the field's date terms
// of the database that fall in the period.
Xapian::Query dates_query(const Xapian::Database& db, const Field& field, const std::string& value);
// Filters on parts of a listing (date:, topic:, section:: the field table's listing_part) that
// must hold for one and the same listing: `date:2026-03 section:new` is "listed as new in
// March 2026", not "listed in March and listed as new some time". Each filter is its field
// and its folded value; filters on one field are alternatives. The listing terms (XL) of the
// database that meet them all.
struct ListingFilter {
    const Field* field;
    std::string value;
};
Xapian::Query listing_query(const Xapian::Database& db, const std::vector<ListingFilter>& filters);

// like:2512.22148: papers like that one, the paper itself left out.
Xapian::Query similar_query(const Xapian::Database& db, const std::string& value);

// The date period a `date:` value names, as inclusive YYYYMMDD bounds: "2025" ->
// [20250101, 20251231], "2025-12" -> [20251201, 20251231], "2025-12-30" -> the day.
// Returns false when the value is not a date.
bool date_period(std::string_view value, std::string& first, std::string& last);

// The inclusive YYYYMMDD bounds of a date value: a period (2025, 2025-12, 2025-12-30) or a
// range of them (A..B, A.., ..B: open ends are 00000000 and 99999999). Throws
// FieldValueError when it is not one.
void date_bounds(const std::string& text, std::string& first, std::string& last);

// The days a query keeps to: the intersection of the date: and first: filters every match
// must pass (those ANDed at the top of the query). Returns false when there are none.
bool required_date_range(const QueryNode& root, std::string& first, std::string& last);

}  // namespace digest
