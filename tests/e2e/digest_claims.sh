#!/usr/bin/env bash
# Two files of one digest (audio.md and "audio (1).md" of one day name the same date and
# topic) never silently replace each other: the one that holds the digest keeps it, the other
# is refused with an error naming both (exit 1), in one run or across runs; re-reading the
# same file still replaces its own listings; --force lets a file take the digest over.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE
make_scratch

day="$scratch/d/20260701_Wed"
mkdir -p "$day"
"$PYTHON" - "$DIGEST_SOURCE/examples/20251230_Tue/audio.md" "$day" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### \[)", text)
open(sys.argv[2] + "/audio.md", "w", encoding="utf-8").write(parts[0] + "".join(parts[1:12]))
open(sys.argv[2] + "/audio (1).md", "w", encoding="utf-8").write(parts[0] + "".join(parts[12:]))
PY
db="$scratch/db"
idx() { "$DIGEST_INDEX" --db "$db" "$@"; }
papers() { "$DIGEST_QUERY" --db "$db" --count 'topic:audio' 2>/dev/null || echo 0; }

run_cmd idx add "$day/audio.md"
check_eq "the first file: 11 papers" "$rc:$(papers)" "0:11"
run_cmd idx add "$day/audio (1).md"
check_eq "a second file of the same digest, in a later run: exit 1" "$rc" 1
check_contains "... naming both files" "$err" "names the same digest (2026-07-01/audio) as $day/audio.md, read by an earlier run"
check_contains "... the refused one shell-quoted" "$err" "'$day/audio (1).md': error:"
check_eq "... and nothing of the first is lost" "$(papers)" 11
run_cmd idx add "$day/audio (1).md"
check_eq "refused again on the next run (not recorded as read)" "$rc" 1

# The same file read again after a change still replaces its own listings.
"$PYTHON" - "$day/audio.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### \[)", text)
open(sys.argv[1], "w", encoding="utf-8").write(parts[0] + "".join(parts[1:-1]))
PY
run_cmd idx add "$day/audio.md"
check_eq "re-reading the file that holds the digest: its own listings replaced" "$rc:$(papers)" "0:10"

# In one run: the first in name order keeps it.
rm -rf "$db"
run_cmd idx add "$scratch/d"
check_eq "both in one run: exit 1" "$rc" 1
check_contains "... the second named against the first" "$err" "read before it in this run"

run_cmd idx add --force "$day/audio.md"
check_eq "--force: this file takes the digest over" "$rc:$(papers)" "0:10"
finish
