#!/usr/bin/env bash
# Two files of one digest (audio.md and "audio (1).md" of one day name the same date and
# topic) never silently replace each other: the one that holds the digest keeps it, the other
# is refused with an error naming both (exit 1), in one run or across runs; re-reading the
# same file still replaces its own listings; --force lets a file take the digest over; the
# same bytes elsewhere are the same digest: a copy is passed over, a moved folder takes over.
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
ids() { "$DIGEST_QUERY" --db "$db" -f ids -n 0 topic:audio | sort; }
refusals() { grep -c "names the same digest" <<<"$err" || true; }
# without_last_entry SRC [DST]: the digest SRC without its last entry, written to DST (SRC).
without_last_entry() {
  "$PYTHON" - "$1" "${2:-$1}" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### \[)", text)
open(sys.argv[2], "w", encoding="utf-8").write(parts[0] + "".join(parts[1:-1]))
PY
}

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
without_last_entry "$day/audio.md"
run_cmd idx add "$day/audio.md"
check_eq "re-reading the file that holds the digest: its own listings replaced" "$rc:$(papers)" "0:10"

# In one run: the first in name order keeps it.
rm -rf "$db"
run_cmd idx add "$scratch/d"
check_eq "both in one run: exit 1" "$rc" 1
check_contains "... the second named against the first" "$err" "read before it in this run"

run_cmd idx add --force "$day/audio.md"
check_eq "--force: this file takes the digest over" "$rc:$(papers)" "0:10"

# A folder of digests moved elsewhere: the same bytes at a new path are the same digest.
rm -rf "$db" "$scratch/d/20260701_Wed/audio (1).md"
run_cmd idx add "$scratch/d"
check_eq "the folder read: 10 papers" "$rc:$(papers)" "0:10"
ids_before=$(ids)
mkdir -p "$scratch/moved"
mv "$day" "$scratch/moved/"
moved="$scratch/moved/20260701_Wed"
run_cmd idx add "$scratch/moved"
check_eq "the moved folder read again: exit 0, no error" "$rc" 0
check_eq "... no claim refused" "$(refusals)" 0
check_eq "... the same papers" "$(ids)" "$ids_before"
run_cmd idx add "$scratch/moved"
check_contains "... then skipped as unchanged: the new path holds the digest" "$out" "1 unchanged, skipped"
run_cmd "$DIGEST_INDEX" check --db "$db"
check_eq "... and check finds the database whole" "$rc" 0
# A copy that differs from the holder is still a second claim, named against the new path.
mkdir -p "$scratch/other/20260701_Wed"
without_last_entry "$moved/audio.md" "$scratch/other/20260701_Wed/audio.md"
run_cmd idx add "$scratch/other"
check_eq "a changed copy elsewhere: exit 1" "$rc" 1
check_contains "... refused against the folder that now holds it" "$err" "as $moved/audio.md, read by an earlier run"
check_eq "... nothing lost" "$(papers)" 10

# A copy of the holder while the holder stays: the same papers, passed over without an
# error, and the holder keeps the digest (a change to it still replaces its own listings).
cp -r "$scratch/moved" "$scratch/copy"
run_cmd idx add "$scratch/copy"
check_eq "an identical copy beside the holder: exit 0" "$rc" 0
check_eq "... no claim refused" "$(refusals)" 0
check_eq "... the same papers" "$(ids)" "$ids_before"
without_last_entry "$moved/audio.md"
run_cmd idx add "$moved/audio.md"
check_eq "... the holder changed: its own listings replaced" "$rc:$(papers)" "0:9"
run_cmd idx add "$scratch/copy"
check_eq "... and the stale copy is now a second claim: exit 1" "$rc" 1

# Two identical files of one digest in one run (a download saved twice): read once.
rm -rf "$db"
mkdir -p "$scratch/twins/20260701_Wed"
cp "$scratch/copy/20260701_Wed/audio.md" "$scratch/twins/20260701_Wed/audio.md"
cp "$scratch/copy/20260701_Wed/audio.md" "$scratch/twins/20260701_Wed/audio (1).md"
run_cmd idx add "$scratch/twins"
check_eq "identical twins in one run: exit 0, read once" "$rc:$(papers)" "0:10"
check_contains "... the entries counted once" "$out" "10 entries → 10 papers"
finish
