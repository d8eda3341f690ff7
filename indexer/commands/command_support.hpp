// What the commands of digest-index share: printing diagnostics and errors, elapsed times,
// and turning the project's exceptions into exit codes.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "digest/diagnostic.hpp"
#include "store/database.hpp"
#include "text/wording.hpp"
#include "writing/paper_writer.hpp"

namespace digest {

void print_diagnostics(const Diagnostics& ds);

// 3.2 s, 36 s
std::string seconds_text(double seconds);
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace digest
