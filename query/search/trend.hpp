// Trends: for each query, the matching papers per week, month or year, zeros included, over
// the database's dates (or the queries' own date: ranges). A paper counts once, in the period
// it was first listed; by listing, each listing counts in its own period.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/once_per_id.hpp"
#include "search/slot_reader.hpp"

namespace digest {

enum class TrendPeriod { Week, Month, Year };

std::optional<TrendPeriod> trend_period_named(std::string_view name);
std::string_view trend_period_name(TrendPeriod by);
// The period a day (YYYYMMDD or YYYY-MM-DD) falls in: 2025-W40 (ISO 8601 week), 2025-10, 2025.
std::string period_of(std::string_view day, TrendPeriod by);
// Every period from the one holding `first_day` to the one holding `last_day` (YYYYMMDD).
std::vector<std::string> periods_between(std::string_view first_day, std::string_view last_day,
                                         TrendPeriod by);

struct TrendRequest {
    std::vector<std::string> queries;
    TrendPeriod by = TrendPeriod::Month;
    bool by_listing = false;  // count listings, each in its own period, instead of papers
};

struct TrendSeries {
    std::string query;
    std::vector<Xapian::doccount> counts;  // one per period
    // The matching papers (by listing: their listings in the periods); `earlier` of them were
    // first listed before the first period (a query's date: range holds re-listed papers).
    Xapian::doccount total = 0;
    Xapian::doccount earlier = 0;
};

struct TrendResult {
    TrendPeriod by = TrendPeriod::Month;
    bool by_listing = false;
    std::string first_day, last_day;  // YYYY-MM-DD: the days the periods cover
    std::vector<std::string> periods;
    std::vector<TrendSeries> series;
    // A query's match reached the time limit before it had counted every paper: its counts
    // are short (README, "Limits").
    bool time_limited = false;
};

// Counts, during a match, each matching paper in the period of its first listing (slot 1), or
// each of its listings in the listing's period.
class PeriodSpy : public Xapian::MatchSpy {
  public:
    PeriodSpy(const TrendResult& frame, TrendSeries& series);
    void operator()(const Xapian::Document& doc, double weight) override;
    // Counts a paper indexed in several databases (shards that overlap) once.
    void count_each_id_once(Xapian::valueno id_slot) { once_.enable(id_slot); }
    // Reads the slots of `db`, the match's database, from value streams (slot_reader.hpp).
    void stream_from(const Xapian::Database& db) { first_listed_.stream_from(db); }

  private:
    void add(std::string_view day);
    OncePerId once_;
    SlotReader first_listed_;
    const TrendResult& frame_;
    TrendSeries& series_;
    std::string first_, last_;  // YYYYMMDD
    std::vector<std::string> appearances_authors_;
};

}  // namespace digest
