// Inputs read whole, with a limit: a digest, standard input, a list of inputs, the text of
// --like-text. A read never grows without bound (/dev/zero, a runaway pipe), and a stop
// signal ends a read that is waiting for input (a terminal, a pipe nobody writes to).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace digest {

// The documented limits (README, "Limits").
inline constexpr std::size_t kMaxDigestBytes = 64u << 20;   // a digest file or standard input
inline constexpr std::size_t kMaxListBytes = 16u << 20;     // digest-index add --from-list
inline constexpr std::size_t kMaxLikeTextBytes = 4u << 20;  // digest-query --like-text
inline constexpr std::size_t kMaxQueryBytes = 16u << 10;    // a query, all its words together

enum class ReadStatus {
    Ok,
    TooLarge,    // more than the limit: `out` holds the first `limit` bytes
    Failed,      // errno says why
    Stopped,     // SIGINT or SIGTERM while waiting
    NotRegular,  // a named path that is not a regular file (a folder, a FIFO, a device)
};

// Reads `fd` to its end.
ReadStatus read_bounded(int fd, std::size_t limit, std::string& out);

// Opens and reads a regular file (symbolic links followed); a folder, FIFO or device is
// NotRegular and is not opened, so that it cannot block.
ReadStatus read_file_bounded(const std::filesystem::path& path, std::size_t limit,
                             std::string& out);

// "a folder", "a FIFO", "a device", ...: what a path that is not a regular file is.
std::string file_kind(const std::filesystem::path& path);

// "4 MiB", "64 MiB", "16 KiB": a limit as the messages write it.
std::string size_text(std::size_t bytes);

}  // namespace digest
