#include "search/trend.hpp"

#include <algorithm>
#include <cstdio>

#include "fields/field_table.hpp"
#include "fields/paper.hpp"

namespace digest {

namespace {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
long days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
}

void civil_from_days(long z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2);
}

// YYYYMMDD or YYYY-MM-DD -> days; false when it is neither.
bool day_number(std::string_view day, long& days) {
    std::string digits;
    for (char c : day)
        if (c != '-') digits += c;
    if (digits.size() != 8 || digits.find_first_not_of("0123456789") != std::string::npos)
        return false;
    const int y = std::stoi(digits.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(digits.substr(4, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(digits.substr(6, 2)));
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    // A range's end may be the 31st of any month (date:..2026-02): the month's last day.
    const unsigned month_days = static_cast<unsigned>(
        days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - days_from_civil(y, m, 1));
    days = days_from_civil(y, m, std::min(d, month_days));
    return true;
}

// ISO 8601: the week belongs to the year of its Thursday; weeks start on Monday.
std::string iso_week(long days) {
    const long weekday = ((days + 3) % 7 + 7) % 7;  // 0 = Monday (1970-01-01 was a Thursday)
    const long thursday = days - weekday + 3;
    int y;
    unsigned m, d;
    civil_from_days(thursday, y, m, d);
    const long week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-W%02ld", y, week);
    return buf;
}

}  // namespace

std::optional<TrendPeriod> trend_period_named(std::string_view name) {
    if (name == "week") return TrendPeriod::Week;
    if (name == "month") return TrendPeriod::Month;
    if (name == "year") return TrendPeriod::Year;
    return std::nullopt;
}

std::string_view trend_period_name(TrendPeriod by) {
    switch (by) {
        case TrendPeriod::Week:
            return "week";
        case TrendPeriod::Month:
            return "month";
        case TrendPeriod::Year:
            return "year";
    }
    return "month";
}

std::string period_of(std::string_view day, TrendPeriod by) {
    const std::string d = compact_date(day);
    if (d.size() != 8) return {};
    switch (by) {
        case TrendPeriod::Year:
            return d.substr(0, 4);
        case TrendPeriod::Month:
            return d.substr(0, 4) + "-" + d.substr(4, 2);
        case TrendPeriod::Week: {
            long days;
            return day_number(d, days) ? iso_week(days) : std::string();
        }
    }
    return {};
}

std::vector<std::string> periods_between(std::string_view first_day, std::string_view last_day,
                                         TrendPeriod by) {
    std::vector<std::string> out;
    long first, last;
    if (!day_number(first_day, first) || !day_number(last_day, last) || first > last) return out;
    int y;
    unsigned m, d;
    civil_from_days(first, y, m, d);
    int last_y;
    unsigned last_m, last_d;
    civil_from_days(last, last_y, last_m, last_d);
    char buf[32];
    switch (by) {
        case TrendPeriod::Year:
            for (int year = y; year <= last_y; ++year) {
                std::snprintf(buf, sizeof buf, "%04d", year);
                out.emplace_back(buf);
            }
            break;
        case TrendPeriod::Month:
            for (int year = y, month = static_cast<int>(m);
                 year < last_y || (year == last_y && month <= static_cast<int>(last_m));) {
                std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
                out.emplace_back(buf);
                if (++month > 12) month = 1, ++year;
            }
            break;
        case TrendPeriod::Week: {
            const long monday = first - ((first + 3) % 7 + 7) % 7;
            for (long day = monday; day <= last; day += 7) out.push_back(iso_week(day));
            break;
        }
    }
    return out;
}

PeriodSpy::PeriodSpy(const TrendResult& frame, TrendSeries& series)
    : first_listed_(static_cast<Xapian::valueno>(field(FieldId::FirstListed).slot)),
      frame_(frame),
      series_(series),
      first_(compact_date(frame.first_day)),
      last_(compact_date(frame.last_day)) {
    series_.counts.assign(frame.periods.size(), 0);
}

void PeriodSpy::add(std::string_view day) {
    const std::string d = compact_date(day);
    if (d < first_) {
        ++series_.earlier;
        return;
    }
    if (d > last_) return;
    const std::string period = period_of(d, frame_.by);
    auto it = std::lower_bound(frame_.periods.begin(), frame_.periods.end(), period);
    if (it != frame_.periods.end() && *it == period)
        ++series_.counts[static_cast<std::size_t>(it - frame_.periods.begin())];
}

void PeriodSpy::operator()(const Xapian::Document& doc, double) {
    if (!once_.first(doc)) return;
    if (!frame_.by_listing) {
        ++series_.total;
        add(first_listed_.value(doc));
        return;
    }
    std::vector<Appearance> appearances;
    read_authors_and_appearances(doc.get_data(), appearances_authors_, appearances);
    for (const auto& a : appearances) {
        if (a.date.empty()) continue;
        const std::string d = compact_date(a.date);
        if (d < first_ || d > last_) continue;
        ++series_.total;
        add(d);
    }
}

}  // namespace digest
