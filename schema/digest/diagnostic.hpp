// Problems found in inputs: data, not exceptions. Printed as `file:line: warning: message`.
#pragma once

#include <string>
#include <vector>

namespace digest {

enum class Severity { Warning, Error };

struct Diagnostic {
    std::string file;  // as the user named it; "<stdin>" for standard input
    int line = 0;      // 1-based; 0 when the problem concerns the whole input
    Severity severity = Severity::Warning;
    std::string message;

    std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace digest
