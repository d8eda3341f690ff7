// A trend as a self-contained SVG line chart (trend_svg.cpp).
#pragma once

#include <string>
#include <string_view>

#include "search/trend.hpp"

namespace digest {

// One line per query and a dot per period carrying its count (data-count, and a tooltip);
// titled `title`, drawn for 800x400, with labelled axes and a legend; nothing from elsewhere.
std::string trend_svg(const TrendResult& trend, std::string_view title);

}  // namespace digest
