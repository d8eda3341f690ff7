#!/usr/bin/env bash
# digest-index on a folder of broken digests made at run time (a truncated copy of a real
# digest, invalid UTF-8, NUL bytes, a 10 MB line, a binary file, an empty file, entries with no
# title or no link) next to one good digest: every problem is reported as file:line, the bad
# entries are skipped, the rest is indexed and the database stays usable. Exit codes: 0 with
# warnings only, 1 when an input had an error, 4 with --strict (and nothing written).
source "${DIGEST_TESTS:?run this test through ctest}/e2e/lib/common.bash" || exit 1
require_env DIGEST_INDEX DIGEST_SOURCE DIGEST_TESTS
command -v perl >/dev/null || die "perl is needed to write the broken bytes"

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
fixtures="$DIGEST_TESTS/fixtures/digests"
[[ -f "$example" ]] || die "missing $example"
make_scratch

# Everything in one dated folder; each file's name is its topic, so that every file is a digest
# of its own (date/topic) and none replaces another's appearances.
bad="$scratch/bad"
day="$bad/20251230_Tue"
mkdir -p "$day"

# The example digest, whole: 22 entries.
cp "$example" "$day/good.md"
# The example cut in the middle of the abstract of [new 005] (line 74), no final newline: the
# four entries before it are kept (they are the good digest's papers too).
{
  head -n 73 "$example"
  sed -n 74p "$example" | head -c 100
} >"$day/truncated.md"
# Invalid UTF-8 (a lone FF byte) in the abstract of [replaced 001], line 32, column 17.
perl -pe 'substr($_, 16, 0) = "\xff" if $. == 32' \
  "$fixtures/variant-03-replaced-without-summary.md" >"$day/badutf.md"
# Two NUL bytes in the abstract of [new 002], line 32, column 15.
perl -pe 'substr($_, 14, 0) = "\0\0" if $. == 32' \
  "$fixtures/variant-05-comments-optional.md" >"$day/nulbytes.md"
# A 10 MB line: the abstract of [new 001], line 18, grows by 10,000,000 bytes.
perl -pe 's/\n/"x" x 10000000 . "\n"/e if $. == 18' \
  "$fixtures/variant-15-single-author.md" >"$day/longline.md"
# A binary file named .md: NULs at the start.
{
  printf '\0\0\0\0\x89PNG\r\n\x1a\n'
  head -c 4096 /dev/zero
} >"$day/binary.md"
: >"$day/empty.md"
cp "$fixtures/malformed/no-title.md" "$day/notitle.md"
cp "$fixtures/malformed/no-link.md" "$day/nolink.md"

# Sanity of the generated files themselves.
check_eq "the long line is 10 MB" "$(sed -n 18p "$day/longline.md" | wc -c)" 10000061
check_eq "the truncated copy ends mid-line" "$(tail -c 1 "$day/truncated.md" | wc -l)" 0

expected_warnings="$day/badutf.md:32: warning: entry [replaced 001]: invalid UTF-8 at column 17; entry skipped
$day/empty.md: warning: empty file: no entries
$day/longline.md:18: warning: entry [new 001]: line is 10000060 bytes long (limit 1 MiB); entry skipped
$day/nolink.md:21: warning: entry [new 002] has no link and no arXiv id; entry skipped
$day/notitle.md:21: warning: entry [new 002] has no title; entry skipped
$day/nulbytes.md:32: warning: entry [new 002]: NUL byte at column 15; entry skipped
$day/truncated.md:65: warning: entry [new 005] is cut off at the end of the file (truncated?); entry skipped
$day/truncated.md:3: warning: header announces 13 new entries but the file has 5
$day/truncated.md:5: warning: header announces 9 replaced entries but the file has 0"
binary_error="$day/binary.md: error: binary data (NUL bytes), not a digest; skipped"

# Good entries: good 22, truncated 4, badutf 2, nulbytes 1, longline 1, notitle 2, nolink 2.
# Papers: the 22 of the example (the truncated copy repeats 4 of them) + 8 others.
good_entries=34
good_papers=30
good_digests=7

check_stats() {
  local what=$1 db=$2
  run_cmd "$DIGEST_INDEX" --db "$db" stats --json
  check_eq "$what: stats exit code" "$rc" 0
  check_eq "$what: papers" "$(json_get "$out" papers)" "$good_papers"
  check_eq "$what: appearances" "$(json_get "$out" appearances)" "$good_entries"
  check_eq "$what: digests" "$(json_get "$out" digests)" "$good_digests"
  check_eq "$what: dates" "$(json_get "$out" first_date) $(json_get "$out" last_date)" \
    "2025-12-30 2025-12-30"
  check_eq "$what: the example's papers are there" \
    "$(json_get "$out" topics.good.papers) $(json_get "$out" topics.truncated.papers)" "22 4"
}

# --- Warnings only (the binary file set aside): exit code 0.
mv "$day/binary.md" "$scratch/binary.md"
run_cmd "$DIGEST_INDEX" --db "$scratch/db1" add "$bad"
check_eq "warnings only: exit code" "$rc" 0
check_eq "warnings only: the diagnostics, file:line" "$err" "$expected_warnings"
check_match "warnings only: summary line" "$out" \
  "^8 files, $good_entries entries → $good_papers papers \(4 entries merged into papers already seen\), 9 warnings, [0-9.]+ s$"
check_stats "warnings only" "$scratch/db1"

# --- The binary file added to that database: an error, exit code 1, nothing else changes.
mv "$scratch/binary.md" "$day/binary.md"
run_cmd "$DIGEST_INDEX" --db "$scratch/db1" add "$day/binary.md"
check_eq "binary file: exit code" "$rc" 1
check_eq "binary file: the error" "$err" "$binary_error"
check_match "binary file: summary line" "$out" "^1 file, 0 entries → 0 papers .*, 0 warnings, 1 error, "
check_stats "after the binary file" "$scratch/db1"

# --- The whole folder, binary file included, into a new database: exit code 1.
run_cmd "$DIGEST_INDEX" --db "$scratch/db2" add "$bad"
check_eq "whole folder: exit code" "$rc" 1
# Files are read in name order: badutf, binary, empty, good, longline, ...
all_diagnostics="$(
  echo "$expected_warnings" | head -n 1
  echo "$binary_error"
  echo "$expected_warnings" | tail -n +2
)"
check_eq "whole folder: the diagnostics" "$err" "$all_diagnostics"
check_match "whole folder: summary line" "$out" \
  "^9 files, $good_entries entries → $good_papers papers .*, 9 warnings, 1 error, [0-9.]+ s$"
check_stats "whole folder" "$scratch/db2"
# The database is usable: the papers carry their data.
docid=$(xapian-delve -1 -t Q2512.90203 "$scratch/db2" 2>/dev/null | tail -n 1)
check_match "whole folder: 2512.90203 is stored" "$docid" '^[0-9]+$'
check_contains "whole folder: its title" "$(xapian-delve -r "$docid" -d "$scratch/db2" 2>/dev/null)" \
  '"title":"Whale Song Classification"'

# --- --strict on a new database: exit code 4, nothing written.
run_cmd "$DIGEST_INDEX" --db "$scratch/db3" add --strict "$bad"
check_eq "--strict: exit code" "$rc" 4
check_eq "--strict: the diagnostics, then why nothing was written" "$err" "$all_diagnostics
error: --strict: 9 warnings and 1 error; nothing was written"
check_eq "--strict: no summary line" "$out" ""
if [[ -e "$scratch/db3/XAPIANDB" ]]; then
  run_cmd "$DIGEST_INDEX" --db "$scratch/db3" stats --json
  check_eq "--strict: the database holds no paper" "$(json_get "$out" papers)" 0
  check_eq "--strict: and no file record" "$(json_get "$out" files_recorded)" 0
else
  pass "--strict: no database was created"
fi
# --strict with warnings only also writes nothing.
run_cmd "$DIGEST_INDEX" --db "$scratch/db4" add --strict "$day/notitle.md"
check_eq "--strict, one warning: exit code" "$rc" 4
check_eq "--strict, one warning: the messages" "$err" \
  "$day/notitle.md:21: warning: entry [new 002] has no title; entry skipped
error: --strict: 1 warning and 0 errors; nothing was written"

finish
