#include "names/author_key_hash.hpp"

#include "text/text_normalizer.hpp"

namespace digest {

namespace {

// FNV-1a over the bytes, then a 64-bit finaliser (splitmix64's) that spreads every input bit
// over every output bit: the upper bits of the part's hash are as good as the lower ones.
std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i, v >>= 8) out += static_cast<char>(v & 0xff);
}

}  // namespace

std::string_view author_key_part(std::string_view key) {
    const std::size_t bar = key.find('|');
    if (bar == std::string_view::npos) return key;
    return key.substr(0, bar + 2);
}

AuthorKeyHash author_key_hash(std::string_view key) {
    AuthorKeyHash h;
    h.key = stable_hash(key) | 1;  // odd: never 0, which marks an empty cell in a hash table
    const std::size_t bar = key.find('|');
    std::uint32_t first = 0;
    if (bar != std::string_view::npos) {
        const std::string_view name = key.substr(bar + 1, key.find(' ', bar) - bar - 1);
        std::size_t cp = 0;
        if (!name.empty()) next_codepoint(name, cp);
        if (cp < name.size())  // a written-out first name, not an initial
            first = 1 + static_cast<std::uint32_t>(
                            stable_hash(key.substr(0, bar + 1 + name.size())) % 255);
    }
    h.group = static_cast<std::uint32_t>(stable_hash(author_key_part(key)) >> 40) << 8 | first;
    return h;
}

std::string encode_author_key_hashes(const std::vector<std::string>& keys) {
    std::string out;
    out.reserve(keys.size() * kAuthorKeyHashBytes);
    for (const auto& k : keys) {
        const AuthorKeyHash h = author_key_hash(k);
        put_le(out, h.key, 8);
        put_le(out, h.group, 4);
    }
    return out;
}

}  // namespace digest
