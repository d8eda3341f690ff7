// A trend as an SVG line chart: self-contained (no fonts, scripts or images from elsewhere),
// drawn for 800×400, every point carrying its number (data-count and a tooltip), so the
// picture holds the same numbers as the table.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "formats/format_registry.hpp"
#include "formats/trend_svg.hpp"
#include "text/escape.hpp"

namespace digest {

namespace {

// A tick step of 1, 2 or 5 times a power of ten giving at most `ticks` steps up to `most`.
long nice_step(long most, int ticks) {
    for (long power = 1;; power *= 10)
        for (long m : {1, 2, 5})
            if (m * power * ticks >= most) return m * power;
}

std::string fixed(double v) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(1);
    s << v;
    return s.str();
}

}  // namespace

// Colour-blind-safe colours (Okabe and Ito), one per query.
const char* const kSeriesColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};

std::string trend_svg(const TrendResult& t, std::string_view title) {
    const double width = 800, height = 400;
    const double left = 64, right = 40, top = 56;
    const double legend_rows = static_cast<double>(t.series.size());
    const double bottom = 64 + 18 * legend_rows;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    const double full_height = height;
    Xapian::doccount most = 0;
    for (const auto& s : t.series)
        for (auto n : s.counts) most = std::max(most, n);
    const long step = nice_step(std::max<long>(most, 1), 5);
    const long y_max = std::max<long>(step, (static_cast<long>(most) + step - 1) / step * step);
    const std::size_t n = t.periods.size();
    auto x_of = [&](std::size_t i) {
        return n <= 1 ? left + plot_w / 2 : left + plot_w * static_cast<double>(i) / (n - 1);
    };
    auto y_of = [&](double v) { return top + plot_h - plot_h * v / static_cast<double>(y_max); };

    std::ostringstream o;
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\""
      << full_height << "\" viewBox=\"0 0 " << width << " " << full_height
      << "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" data-by=\""
      << trend_period_name(t.by) << "\" data-counted=\""
      << (t.by_listing ? "listings" : "first_listed") << "\">\n";
    o << "<title>" << markup_text(title) << "</title>\n";
    o << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    o << "<text x=\"" << width / 2
      << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" "
         "font-weight=\"bold\">"
      << markup_text(title) << "</text>\n";
    // Axes, grid and their labels.
    o << "<g stroke=\"#dddddd\">\n";
    for (long v = 0; v <= y_max; v += step)
        o << "<line x1=\"" << left << "\" x2=\"" << left + plot_w << "\" y1=\""
          << fixed(y_of(static_cast<double>(v))) << "\" y2=\""
          << fixed(y_of(static_cast<double>(v))) << "\"/>\n";
    o << "</g>\n<g text-anchor=\"end\" fill=\"#333333\">\n";
    for (long v = 0; v <= y_max; v += step)
        o << "<text x=\"" << left - 6 << "\" y=\"" << fixed(y_of(static_cast<double>(v)) + 4)
          << "\">" << v << "</text>\n";
    o << "</g>\n";
    o << "<line x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << top << "\" y2=\""
      << top + plot_h << "\" stroke=\"#333333\"/>\n";
    o << "<line x1=\"" << left << "\" x2=\"" << left + plot_w << "\" y1=\"" << top + plot_h
      << "\" y2=\"" << top + plot_h << "\" stroke=\"#333333\"/>\n";
    const std::size_t label_every = std::max<std::size_t>(1, (n + 11) / 12);
    o << "<g text-anchor=\"middle\" fill=\"#333333\">\n";
    for (std::size_t i = 0; i < n; i += label_every)
        o << "<text x=\"" << fixed(x_of(i)) << "\" y=\"" << top + plot_h + 18 << "\">"
          << markup_text(t.periods[i]) << "</text>\n";
    o << "</g>\n";
    const std::string y_label = t.by_listing ? "listings" : "papers (by first listing)";
    o << "<text transform=\"translate(16 " << fixed(top + plot_h / 2)
      << ") rotate(-90)\" text-anchor=\"middle\" fill=\"#333333\">" << y_label << "</text>\n";
    o << "<text x=\"" << left + plot_w / 2 << "\" y=\"" << top + plot_h + 38
      << "\" text-anchor=\"middle\" fill=\"#333333\">" << trend_period_name(t.by) << " ("
      << t.first_day << " .. " << t.last_day << ")</text>\n";
    // One line per query, a dot per period holding its count.
    for (std::size_t s = 0; s < t.series.size(); ++s) {
        const char* colour = kSeriesColours[s % std::size(kSeriesColours)];
        const auto& series = t.series[s];
        o << "<g class=\"series\" data-query=\"" << markup_text(series.query) << "\" data-total=\""
          << series.total << "\" stroke=\"" << colour << "\" fill=\"" << colour << "\">\n";
        if (n > 1) {
            o << "<polyline fill=\"none\" stroke-width=\"2\" points=\"";
            for (std::size_t i = 0; i < n; ++i)
                o << (i ? " " : "") << fixed(x_of(i)) << ","
                  << fixed(y_of(static_cast<double>(series.counts[i])));
            o << "\"/>\n";
        }
        for (std::size_t i = 0; i < n; ++i)
            o << "<circle cx=\"" << fixed(x_of(i)) << "\" cy=\""
              << fixed(y_of(static_cast<double>(series.counts[i]))) << "\" r=\"3\" data-period=\""
              << markup_text(t.periods[i]) << "\" data-count=\"" << series.counts[i] << "\"><title>"
              << markup_text(t.periods[i]) << ": " << series.counts[i] << "</title></circle>\n";
        o << "</g>\n";
        // The legend, under the axis label.
        const double ly = top + plot_h + 58 + 18 * static_cast<double>(s);
        o << "<rect x=\"" << left << "\" y=\"" << ly - 9 << "\" width=\"18\" height=\"4\" fill=\""
          << colour << "\"/>\n";
        o << "<text x=\"" << left + 26 << "\" y=\"" << ly - 3 << "\" fill=\"#333333\">"
          << markup_text(series.query) << " (" << series.total << ")</text>\n";
    }
    o << "</svg>\n";
    return o.str();
}

}  // namespace digest
