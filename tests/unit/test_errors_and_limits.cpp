// The error path's translations and the small helpers of the limits: a full disk names its
// cause, file names are shell-escaped, trends count periods right.
#include <catch2/catch.hpp>

#include <cerrno>

#include "core/error.hpp"
#include "search/trend.hpp"
#include "text/escape.hpp"

using namespace digest;

TEST_CASE("a full disk is said as such, with what to do") {
    Error e("");
    try {
        throw Xapian::DatabaseError("Error writing block 143", "", ENOSPC);
    } catch (...) {
        e = from_xapian("db");
    }
    CHECK(std::string(e.what()) ==
          "database db: no space left on device (Error writing block 143)");
    CHECK(e.hint().find("free some space") != std::string::npos);
    CHECK(e.exit_code() == kExitDatabase);
}

TEST_CASE("another system error keeps its reason") {
    Error e("");
    try {
        throw Xapian::DatabaseError("Error reading block 7", "", EIO);
    } catch (...) {
        e = from_xapian("db");
    }
    CHECK(std::string(e.what()).find("(Input/output error)") != std::string::npos);
}

TEST_CASE("a table cut short is a damaged database, with check as the next step") {
    Error e("");
    try {
        throw Xapian::DatabaseError("EOF reading block 104");
    } catch (...) {
        e = from_xapian("db");
    }
    CHECK(std::string(e.what()) == "database db is damaged or unreadable: EOF reading block 104");
    CHECK(e.hint().find("digest-index check --db db") == 0);
    CHECK(e.exit_code() == kExitDatabase);
}

TEST_CASE("file names in diagnostics are shell-escaped as ls does") {
    CHECK(shell_quoted("2025/audio.md") == "2025/audio.md");
    CHECK(shell_quoted("语音/音频.md") == "语音/音频.md");
    CHECK(shell_quoted("audio (1).md") == "'audio (1).md'");
    CHECK(shell_quoted("it's.md") == "'it'\\''s.md'");
    CHECK(shell_quoted("a\x1b[31mb\nc.md") == "$'a\\e[31mb\\nc.md'");
    CHECK(shell_quoted("bad\xff.md") == "$'bad\\xff.md'");
    CHECK(shell_quoted("rtl\u202e.md").find("\u202e") == std::string::npos);
    CHECK(shell_quoted("") == "''");
}

TEST_CASE("trend periods: ISO weeks, months, years, zeros included") {
    CHECK(period_of("20260101", TrendPeriod::Week) == "2026-W01");
    CHECK(period_of("2024-12-30", TrendPeriod::Week) == "2025-W01");
    CHECK(period_of("2021-01-03", TrendPeriod::Week) == "2020-W53");
    CHECK(period_of("2025-12-31", TrendPeriod::Month) == "2025-12");
    CHECK(period_of("2025-12-31", TrendPeriod::Year) == "2025");
    CHECK(periods_between("20251130", "20260202", TrendPeriod::Month) ==
          std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"});
    CHECK(periods_between("20260101", "20260231", TrendPeriod::Month) ==
          std::vector<std::string>{"2026-01", "2026-02"});
    CHECK(periods_between("20251229", "20260111", TrendPeriod::Week) ==
          std::vector<std::string>{"2026-W01", "2026-W02"});
    CHECK(periods_between("20240101", "20251231", TrendPeriod::Year) ==
          std::vector<std::string>{"2024", "2025"});
    CHECK(periods_between("20260102", "20260101", TrendPeriod::Month).empty());
}

TEST_CASE("text for HTML and SVG: entities, and no raw control character") {
    CHECK(markup_text("<script>a & \"b\" 'c'</script>") ==
          "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;");
    CHECK(markup_text("a\x1b[31mb").find('\x1b') == std::string::npos);
    CHECK(markup_text("语音 speech") == "语音 speech");
}
