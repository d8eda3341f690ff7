// The heap asks for huge pages (core/large_pages.hpp) where the kernel grants them on request.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/large_pages.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define DIGEST_OWN_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DIGEST_OWN_ALLOCATOR 1
#endif
#endif

namespace {

std::string huge_page_mode() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(in, line);
    const auto open = line.find('['), close = line.find(']');
    return open == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

// Whether the mapping that holds `p` is marked for huge pages (VmFlags "hg" in smaps).
[[maybe_unused]] bool marked_for_huge_pages(const void* p) {
    const auto at = reinterpret_cast<unsigned long>(p);
    std::ifstream smaps("/proc/self/smaps");
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        unsigned long from = 0, to = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx ", &from, &to) == 2 &&
            line.find(':') > line.find(' ')) {
            inside = from <= at && at < to;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return line.find(" hg") != std::string::npos;
    }
    return false;
}

}  // namespace

TEST_CASE("the heap is marked for huge pages and stays usable") {
    const std::string mode = huge_page_mode();
    digest::prefer_large_pages();
    // A table of a few megabytes, as a whole-corpus facet fills, comes from the marked heap.
    auto* table = static_cast<char*>(std::malloc(std::size_t{8} << 20));
    REQUIRE(table != nullptr);
    std::memset(table, 1, std::size_t{8} << 20);
    CHECK(table[(std::size_t{8} << 20) - 1] == 1);
#ifdef DIGEST_OWN_ALLOCATOR
    WARN("AddressSanitizer allocates from its own mappings: the heap is not in use");
#else
    if (mode == "madvise" || mode == "always") {
        CHECK(marked_for_huge_pages(table + (std::size_t{4} << 20)));
        // The heap's unaligned head (4 KiB pages) is kept out of use: a program's first
        // allocations come from the marked stretch too, not a page fault each. Checked in a
        // fresh process, since this one's heap holds what earlier tests freed.
        char exe[4096] = {};
        REQUIRE(readlink("/proc/self/exe", exe, sizeof exe - 1) > 0);
        const std::string fresh = std::string("'") + exe +
                                  "' 'a fresh heap serves its first allocations from huge "
                                  "pages' >/dev/null 2>&1";
        CHECK(std::system(fresh.c_str()) == 0);
    } else {
        WARN("transparent huge pages are " << (mode.empty() ? "absent" : mode)
                                           << " here: nothing to mark");
    }
#endif
    std::free(table);
}

// Run by the test above in a process of its own.
TEST_CASE("a fresh heap serves its first allocations from huge pages", "[.]") {
    digest::prefer_large_pages();
    auto* early = static_cast<char*>(std::malloc(std::size_t{256} << 10));
    REQUIRE(early != nullptr);
    CHECK(marked_for_huge_pages(early));
    std::free(early);
}
