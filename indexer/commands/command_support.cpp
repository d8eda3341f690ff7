#include "commands/command_support.hpp"

#include <cstdio>

#include "commands/index_session.hpp"

namespace digest {

void print_diagnostics(const Diagnostics& ds) {
    for (const auto& d : ds) std::cerr << d.to_string() << "\n";
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, s < 10 ? "%.1f s" : "%.0f s", s);
    return buf;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace digest
