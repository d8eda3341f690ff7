// How numbers and lists are written in messages: one plural rule, one thousands separator,
// one join. Every message of both binaries goes through these.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

// 76700 -> "76,700"
std::string with_commas(std::size_t n);

// The plural of an English noun: "day" -> "days", "entry" -> "entries", "match" -> "matches".
std::string plural(std::string_view noun);

// "1 day", "145 days", "1,234 entries": the count with commas and the noun in agreement.
std::string counted(std::size_t n, std::string_view noun);

// The items joined by `separator`.
template <class Iterator>
std::string join(Iterator begin, Iterator end, std::string_view separator = " ") {
    std::string out;
    for (Iterator it = begin; it != end; ++it) {
        if (it != begin) out += separator;
        out += *it;
    }
    return out;
}
inline std::string join(const std::vector<std::string>& items, std::string_view separator = " ") {
    return join(items.begin(), items.end(), separator);
}

}  // namespace digest
