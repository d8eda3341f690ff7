// Escapers: text made safe for the place it is written to. Each is a small unit with its own
// tests of hostile strings (tests/unit/test_escape.cpp); the output formats of both binaries
// write through them.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace digest {

// One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view field);
void write_csv_field(std::ostream& out, std::string_view field);

// JSON text of a document; invalid UTF-8 in a stored text becomes U+FFFD rather than abort
// the output. `indent` < 0: one line.
std::string json_text(const nlohmann::ordered_json& document, int indent);

}  // namespace digest
