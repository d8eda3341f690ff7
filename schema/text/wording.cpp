#include "text/wording.hpp"

namespace digest {

std::string with_commas(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string plural(std::string_view noun) {
    auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
    std::string s(noun);
    if (s.size() >= 2 && s.back() == 'y' && !vowel(s[s.size() - 2]))
        return s.substr(0, s.size() - 1) + "ies";  // entry -> entries; day -> days
    if (s.ends_with("s") || s.ends_with("x") || s.ends_with("ch") || s.ends_with("sh"))
        return s + "es";
    return s + "s";
}

std::string counted(std::size_t n, std::string_view noun) {
    return with_commas(n) + " " + (n == 1 ? std::string(noun) : plural(noun));
}

}  // namespace digest
