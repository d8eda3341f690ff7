// Trends as a table for people (a bar per count on a terminal), JSON and CSV for scripts.
#include <algorithm>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "formats/writers.hpp"
#include "text/display_width.hpp"
#include "text/escape.hpp"

namespace digest {

namespace {

std::string counted_by(const TrendResult& t) {
    return t.by_listing ? "listings" : "first_listed";
}

}  // namespace

void write_trend_table(std::ostream& out, const TrendResult& t, const OutputOptions& options) {
    const std::string_view by = trend_period_name(t.by);
    if (t.by_listing)
        out << "# listings per " << by;
    else
        out << "# papers per " << by << " (each in the " << by << " it was first listed)";
    out << ", " << t.first_day << " .. " << t.last_day << "\n";
    for (std::size_t i = 0; i < t.series.size(); ++i)
        out << "# [" << i + 1 << "] " << terminal_safe(t.series[i].query) << ": "
            << t.series[i].total << (t.by_listing ? " listings" : " papers")
            << (t.series[i].earlier
                    ? " (" + std::to_string(t.series[i].earlier) + " first listed earlier)"
                    : std::string())
            << "\n";
    std::size_t period_width = std::string_view(trend_period_name(t.by)).size();
    for (const auto& p : t.periods) period_width = std::max(period_width, p.size());
    std::vector<std::size_t> widths;
    Xapian::doccount most = 1;
    for (std::size_t i = 0; i < t.series.size(); ++i) {
        std::size_t w = std::to_string(i + 1).size() + 2;
        for (auto n : t.series[i].counts) {
            w = std::max(w, std::to_string(n).size());
            most = std::max(most, n);
        }
        widths.push_back(w);
    }
    auto pad_left = [](const std::string& s, std::size_t w) {
        return std::string(w > s.size() ? w - s.size() : 0, ' ') + s;
    };
    std::string_view name = trend_period_name(t.by);
    out << name << std::string(period_width - name.size(), ' ');
    for (std::size_t i = 0; i < t.series.size(); ++i)
        out << "  " << pad_left("[" + std::to_string(i + 1) + "]", widths[i]);
    out << "\n";
    // On a terminal, a bar for each query's count in the room left, against the largest count.
    int room = 0;
    if (options.width > 0 && !t.series.empty()) {
        int used = static_cast<int>(period_width);
        for (auto w : widths) used += static_cast<int>(w) + 2;
        room = std::max(4, (options.width - used - 2) / static_cast<int>(t.series.size()) - 1);
        room = std::min(room, 40);
    }
    static const char* kShades[] = {"\x1b[36m", "\x1b[35m", "\x1b[33m", "\x1b[32m"};
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
        std::ostringstream row;
        row << t.periods[p] << std::string(period_width - t.periods[p].size(), ' ');
        for (std::size_t i = 0; i < t.series.size(); ++i)
            row << "  " << pad_left(std::to_string(t.series[i].counts[p]), widths[i]);
        if (room > 0) {
            row << " ";
            for (std::size_t i = 0; i < t.series.size(); ++i) {
                const auto cells = static_cast<int>(std::lround(
                    static_cast<double>(room) * t.series[i].counts[p] / static_cast<double>(most)));
                std::string bar;
                const char* glyph = i % 2 == 0 ? "█" : "▒";
                for (int c = 0; c < cells; ++c) bar += glyph;
                if (i + 1 < t.series.size())
                    bar += std::string(static_cast<std::size_t>(room - cells), ' ');
                row << " " << (options.color ? kShades[i % 4] + bar + "\x1b[0m" : bar);
            }
        }
        std::string line = row.str();
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    }
}

void write_trend_json(std::ostream& out, const TrendResult& t, const OutputOptions&) {
    nlohmann::ordered_json j;
    j["format_version"] = kJsonFormatVersion;
    j["by"] = trend_period_name(t.by);
    j["counted"] = counted_by(t);
    j["first_day"] = t.first_day;
    j["last_day"] = t.last_day;
    j["periods"] = t.periods;
    j["series"] = nlohmann::ordered_json::array();
    for (const auto& s : t.series) {
        nlohmann::ordered_json one;
        one["query"] = s.query;
        one["total"] = s.total;
        one["earlier"] = s.earlier;
        one["counts"] = s.counts;
        j["series"].push_back(std::move(one));
    }
    out << json_text(j, 2) << "\n";
}

void write_trend_csv(std::ostream& out, const TrendResult& t, const OutputOptions& options) {
    auto cell = [&](std::string_view text) {
        write_csv_field(out, options.terminal ? terminal_safe(text) : std::string(text));
    };
    cell(trend_period_name(t.by));
    for (const auto& s : t.series) {
        out << ",";
        cell(s.query);
    }
    out << "\r\n";
    for (std::size_t p = 0; p < t.periods.size(); ++p) {
        out << t.periods[p];
        for (const auto& s : t.series) out << "," << s.counts[p];
        out << "\r\n";
    }
}

}  // namespace digest
