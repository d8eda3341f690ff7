#pragma once

namespace digest {

// Backs the heap with 2 MiB pages where the kernel offers them for the asking (transparent
// huge pages in "madvise" mode). A query that counts facets over every paper fills tables of
// several megabytes, and on a virtual machine each 4 KiB page first touched costs tens of
// microseconds: a quarter of a second over a whole-corpus author facet. A process calls this
// once, first thing in main; where huge pages are off it changes nothing.
void prefer_large_pages();

}  // namespace digest
