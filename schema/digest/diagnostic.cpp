#include "digest/diagnostic.hpp"

#include "text/escape.hpp"

namespace digest {

std::string Diagnostic::to_string() const {
    // A file name is shown shell-escaped: a crafted one cannot forge a line or drive the
    // terminal; <stdin> and URLs as they are when they are plain.
    std::string out = file.starts_with('<') ? file : shell_quoted(file);
    if (line > 0) out += ":" + std::to_string(line);
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    return out;
}

}  // namespace digest
