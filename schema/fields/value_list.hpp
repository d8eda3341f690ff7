// Several values in one value slot (a paper's categories, topics, author keys): each value's
// length as a varint, then its bytes. Facets read them back in one pass over the match set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace digest {

std::string encode_value_list(const std::vector<std::string>& values);

// Calls `each(value)` for every value of an encoded list; stops at damage.
template <class Each>
void for_each_listed_value(std::string_view list, Each each) {
    std::size_t i = 0;
    while (i < list.size()) {
        std::size_t length = 0;
        int shift = 0;
        for (;;) {
            if (i >= list.size() || shift > 28) return;
            unsigned char c = static_cast<unsigned char>(list[i++]);
            length |= static_cast<std::size_t>(c & 0x7f) << shift;
            if (!(c & 0x80)) break;
            shift += 7;
        }
        if (length > list.size() - i) return;
        each(list.substr(i, length));
        i += length;
    }
}

std::vector<std::string> decode_value_list(std::string_view list);

}  // namespace digest
