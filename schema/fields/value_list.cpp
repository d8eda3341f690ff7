#include "fields/value_list.hpp"

namespace digest {

std::string encode_value_list(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        std::size_t n = v.size();
        do {
            unsigned char c = n & 0x7f;
            n >>= 7;
            if (n) c |= 0x80;
            out += static_cast<char>(c);
        } while (n);
        out += v;
    }
    return out;
}

std::vector<std::string> decode_value_list(std::string_view list) {
    std::vector<std::string> out;
    for_each_listed_value(list, [&](std::string_view v) { out.emplace_back(v); });
    return out;
}

}  // namespace digest
