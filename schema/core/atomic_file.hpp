// Files written whole or not at all: the text goes to a temporary file beside the target,
// is flushed to disk, then renamed over it, so a crash or a full disk leaves the old file (or
// none), never half of the new one. Used for every file the tools write that is not a
// database: charts, saved-query state, review reports.
#pragma once

#include <filesystem>
#include <string_view>

namespace digest {

// Throws digest::Error (exit code `exit_code`) naming the file and the system's reason.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           int exit_code = 2);

}  // namespace digest
