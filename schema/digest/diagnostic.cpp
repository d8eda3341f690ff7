#include "digest/diagnostic.hpp"

namespace digest {

std::string Diagnostic::to_string() const {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

}  // namespace digest
