#!/usr/bin/env bash
# Inputs read whole have limits and clear errors, never an abort or a read without end;
# inputs that could block are refused or end at the first signal; file names in diagnostics
# are shell-escaped. (README, "Limits".)
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_TESTS DIGEST_DUMP_DB
make_scratch

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "$example" || die "indexing the example failed"
q() { timeout 60 "$DIGEST_QUERY" --db "$db" "$@"; }
idx() { timeout 60 "$DIGEST_INDEX" --db "$db" "$@"; }

# --- digest-query -----------------------------------------------------------------------
run_cmd q --like-text /dev/zero
check_eq "--like-text /dev/zero: exit 2, no endless read" "$rc" 2
check_contains "... says it is a device" "$err" "/dev/zero: a device, not a file"
run_cmd q --like-text "$scratch"
check_eq "--like-text FOLDER: exit 2" "$rc" 2
check_contains "... says it is a folder" "$err" "a folder, not a file"
head -c $((5 << 20)) /dev/zero | tr '\0' 'a' >"$scratch/big.txt"
run_cmd q --like-text "$scratch/big.txt"
check_eq "--like-text of 5 MiB: exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "larger than 4 MiB"
run_cmd q --like-text - < <(head -c $((5 << 20)) /dev/zero | tr '\0' 'a')
check_eq "--like-text - of 5 MiB from a pipe: exit 2" "$rc" 2
long=$(head -c 20000 /dev/zero | tr '\0' 'a')
run_cmd q "$long"
check_eq "a query of 20,000 bytes: exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "at most 16 KiB"
run_cmd q "$("$PYTHON" -c "print(' OR '.join(['w%d' % i for i in range(600)]))")"
check_eq "a query of 1,199 tokens: exit 2" "$rc" 2
check_contains "... said so" "$err" "at most 1000 are read"
run_cmd q "$("$PYTHON" -c "print(' OR '.join(['spe*'] * 17))")"
check_eq "17 wildcards: exit 2" "$rc" 2
check_contains "... said so" "$err" "more than 16 wildcards"
run_cmd q --count "$("$PYTHON" -c "print(' OR '.join(['spe*'] * 16))")"
check_eq "16 wildcards: answered" "$rc" 0
run_cmd q --count "$("$PYTHON" -c "print('(' * 32 + 'speech' + ')' * 32)")"
check_eq "32 nested brackets: answered" "$rc:$out" "0:$(q --count speech)"
run_cmd q --count "$("$PYTHON" -c "print('(' * 300 + 'speech' + ')' * 300)")"
check_eq "300 nested brackets: exit 2" "$rc" 2
check_contains "... naming the limit and the column" "$err" "nests more than 32 levels deep (brackets, field groups, NOT, - and +) (column 33)"

run_cmd q '   '
check_eq "a query of blanks is no query: exit 2" "$rc" 2
check_contains "... said so" "$err" "error: no query"

# Date bounds are the same in every form: any year of four digits, the calendar checked.
check_eq "date:1989-12-31..2026-01-01 = date:1970..2038 on this database" \
  "$(q --count 'date:1989-12-31..2026-01-01')" "$(q --count 'date:1970..2038')"
run_cmd q --count 'date:2025-02-29'
check_eq "a day the calendar does not have: exit 2" "$rc" 2
run_cmd q --count 'date:2000-02-29'
check_eq "a leap day: a date (no paper then: exit 1)" "$rc" 1

# --- digest-index -----------------------------------------------------------------------
mkfifo "$scratch/fifo.md"
run_cmd idx add "$scratch/fifo.md"
check_eq "a FIFO named as an input: refused at once, exit 1" "$rc" 1
check_contains "... saying what it is" "$err" "not a regular file (a FIFO)"
ln -s "$scratch/loop" "$scratch/loop"
run_cmd idx add "$scratch/loop"
check_contains "a symlink loop is not 'no such file'" "$err" "Too many levels of symbolic links"
run_cmd idx add - < <(head -c $((65 << 20)) /dev/zero | tr '\0' 'a')
check_eq "65 MiB on standard input: exit 1" "$rc" 1
check_contains "... naming the limit" "$err" "larger than 64 MiB"
head -c $((17 << 20)) /dev/zero | tr '\0' '#' >"$scratch/list.txt"
run_cmd idx add --from-list "$scratch/list.txt"
check_eq "--from-list of 17 MiB: exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "larger than 16 MiB"

# A read waiting on standard input ends at the first SIGINT.
mkfifo "$scratch/stdin"
exec 7<>"$scratch/stdin"  # held open: the reader waits, and never sees an end
"$DIGEST_INDEX" --db "$db" add - <"$scratch/stdin" >"$scratch/sig.out" 2>"$scratch/sig.err" &
pid=$!
sleep 1
kill -INT "$pid"
for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  kill -KILL "$pid"
  fail "the first SIGINT did not end a read waiting on standard input"
else
  wait "$pid"
  check_eq "the first SIGINT ends a read waiting on standard input: exit 130" "$?" 130
  check_contains "... saying nothing was written" "$(cat "$scratch/sig.err")" "interrupted: nothing was read"
fi
exec 7>&-

# File names with control characters are shell-escaped in diagnostics.
mkdir -p "$scratch/names/20251230_Tue"
bad_name=$'evil\e[31m\nforged.md:1: error: x.md'
printf '#### [new 001] Broken entry without anything\n' >"$scratch/names/20251230_Tue/$bad_name"
run_cmd idx add "$scratch/names/20251230_Tue/$bad_name"
check_eq "no raw ESC in the diagnostics" "$(printf '%s' "$err" | grep -c $'\e')" 0
check_contains "the name written as \$'...'" "$err" "/evil\\e[31m\\nforged.md:1: error: x.md':1: warning:"
check_eq "... on one line per diagnostic (nothing forged)" "$(printf '%s\n' "$err" | grep -c '^forged')" 0

# A recorded file name that is not UTF-8 is listed as its bytes by the test tool.
mkdir -p "$scratch/raw/20251230_Tue"
cp "$example" "$scratch/raw/20251230_Tue/$(printf 'a\xffb.md')"
"$DIGEST_INDEX" --db "$scratch/rawdb" --quiet add "$scratch/raw" 2>/dev/null
check_eq "dump_db --files on a name that is not UTF-8" \
  "$("$DIGEST_DUMP_DB" --files "$scratch/rawdb" | od -An -c | tr -s ' ' | grep -c '377')" 1
finish
