#include "core/large_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>

namespace digest {

void prefer_large_pages() {
    constexpr std::size_t kLarge = std::size_t{2} << 20;
    // The heap grows in one stretch of 64 MiB that is not given back, and allocations of up to
    // 32 MiB come from it rather than from a mapping of their own; the stretch is then marked
    // for huge pages. Pages untouched cost nothing: the resident size is what is used, rounded
    // up to 2 MiB.
    constexpr std::size_t kStretch = std::size_t{64} << 20;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, static_cast<int>(kStretch));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kStretch));
    // An allocation larger than any free space the heap may hold moves its end, so that the
    // stretch is marked before any page of it is touched (a 4 KiB page touched first keeps
    // its 2 MiB of address space to small pages).
    void* first = std::malloc(8 * kLarge);
    if (!first) return;
    const auto from = (reinterpret_cast<std::uintptr_t>(first) + kLarge - 1) & ~(kLarge - 1);
    const auto to = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(kLarge - 1);
    if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
    // The heap's start is not aligned: up to 2 MiB before `from` stay in 4 KiB pages, and a
    // query's first few hundred kilobytes of allocations would land there, a fault per page
    // (90 of them on the 10x corpus, 1-2 ms). The head is kept out of use instead: `first`
    // shrinks in place to end exactly at `from` and is never freed, so allocations begin on
    // the marked stretch. Its pages are never touched: it costs address space only.
    static void* head = nullptr;
    const auto at = reinterpret_cast<std::uintptr_t>(first);
    if (to > from && from - at >= 4096) head = std::realloc(first, from - at);
    if (!head) std::free(first);
}

}  // namespace digest
