// Escapers: text made safe for the place it is written to. Each is a small unit with its own
// tests of hostile strings (tests/unit/test_escape.cpp); the output formats of both binaries
// write through them.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>

namespace digest {

// One CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF. A field that
// begins with = + - @, a tab, a CR or a single quote gets a single quote before it (and
// quotes around it) against formula injection: drop it to read the text back.
std::string csv_field(std::string_view field);
void write_csv_field(std::ostream& out, std::string_view field);

// JSON text of a document; invalid UTF-8 in a stored text becomes U+FFFD rather than abort
// the output. Every control character (C0, DEL, C1, bidirectional) is a \u escape, so that
// the text is safe on a terminal and a parser reads back the exact string. `indent` < 0: one
// line.
std::string json_text(const nlohmann::ordered_json& document, int indent);
std::string json_text(const nlohmann::json& document, int indent);

// Characters that drive a terminal or reorder what it shows: C0 controls, DEL, C1 controls
// (U+0080-U+009F) and the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
// U+2066-U+2069).
bool is_terminal_control(char32_t c);
// How such a character is shown: `\x1b` for C0 and DEL, `\u009b` or `\u202e` for the others.
std::string shown_control(char32_t c);

// Text safe to print on a terminal: every terminal control is shown (shown_control), but for
// tabs and, with `keep_line_breaks`, line feeds and the CR of a CR LF; invalid UTF-8 becomes
// U+FFFD. Nothing else changes.
std::string terminal_safe(std::string_view text, bool keep_line_breaks = true);

// A file name as `ls --quoting-style=shell-escape` writes it: as it is when it holds only
// letters, digits and `._-+/:,@%=` (and UTF-8); else in single quotes; with a control
// character or invalid UTF-8, as $'...' with escapes (\e, \n, \xHH), so that a crafted
// name can neither forge a line of diagnostics nor drive the terminal.
std::string shell_quoted(std::string_view name);

// Text for HTML or XML (a page, an SVG chart): control characters neutralised as on a
// terminal, and & < > " ' as entities, so that it is safe in content and in attributes.
std::string markup_text(std::string_view text);

}  // namespace digest
