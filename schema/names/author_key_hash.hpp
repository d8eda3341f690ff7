// What the author facet counts: each author key of a paper as fixed-size numbers in one value
// slot, made at index time, so that counting the authors of a large match reads no text and
// hashes nothing. The text of a key is found again, when a person is resolved, from the terms
// (XA) and from the authors of one paper listing it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

struct AuthorKeyHash {
    // The key's own hash ("povey|daniel povey"): a paper counts once per value of it. Two of a
    // database's ~10^6 keys share one with a chance of about 10^-7.
    std::uint64_t key = 0;
    // Where the key goes when authors are grouped into persons: the hash of its part (surname
    // and first initial, "povey|d", what author_groups.hpp groups) in the upper 24 bits, and of
    // its first given name ("povey|daniel") in the lower 8, 0 when that name is an initial.
    // Parts that share the 24 bits are told apart by their text when they are resolved.
    std::uint32_t group = 0;

    std::uint32_t part() const { return group >> 8; }
    std::uint32_t first_name() const { return group & 0xff; }
};

// The part of a key: its surname, the bar and the first byte after it ("povey|d").
std::string_view author_key_part(std::string_view key);
// The hashes of `key` (an AuthorName::index_key()). The same on every machine and in every
// build: they are stored in databases.
AuthorKeyHash author_key_hash(std::string_view key);

// A slot's bytes: 12 per key (the key hash, then the group, little-endian), in the order given.
inline constexpr std::size_t kAuthorKeyHashBytes = 12;
std::string encode_author_key_hashes(const std::vector<std::string>& keys);

// Calls `each(AuthorKeyHash)` for every key of an encoded slot; a damaged tail is ignored.
template <class Each>
void for_each_author_key_hash(std::string_view slot, Each each) {
    const auto* p = reinterpret_cast<const unsigned char*>(slot.data());
    for (std::size_t n = slot.size() / kAuthorKeyHashBytes; n > 0; --n, p += kAuthorKeyHashBytes) {
        AuthorKeyHash h;
        for (int i = 7; i >= 0; --i) h.key = (h.key << 8) | p[i];
        for (int i = 11; i >= 8; --i) h.group = (h.group << 8) | p[i];
        each(h);
    }
}

}  // namespace digest
