#!/usr/bin/env bash
# While another process holds the database's write lock, digest-index add fails at once with
# exit code 3 and says how to wait; with --wait it waits for the holder and succeeds.
source "${DIGEST_TESTS:?run this test through ctest}/e2e/lib/common.bash" || exit 1
require_env DIGEST_INDEX DIGEST_SOURCE DIGEST_TESTS
command -v flock >/dev/null || die "flock (util-linux) is needed"

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
[[ -f "$example" ]] || die "missing $example"
make_scratch
db="$scratch/db"

# A database with one digest in it, and a second digest (another day) to add under the lock.
run_cmd "$DIGEST_INDEX" --db "$db" add "$example"
check_eq "setup: exit code" "$rc" 0
[[ -f "$db/lock" ]] || die "no lock file in $db"
mkdir -p "$scratch/20251231_Wed"
cp "$example" "$scratch/20251231_Wed/audio.md"

# Holds the lock for HOLD seconds in the background; returns once the lock is really held.
holder=""
hold_lock() {
  local seconds=$1
  # -o: the lock belongs to flock itself, so killing it releases the lock; no output, so
  # nothing keeps the test's output open.
  flock -o "$db/lock" sleep "$seconds" >/dev/null 2>&1 &
  holder=$!
  local tries=0
  while flock -n "$db/lock" true; do
    tries=$((tries + 1))
    ((tries < 100)) || die "the background flock never took the lock"
    sleep 0.05
  done
}
trap '[[ -n "$holder" ]] && kill "$holder" 2>/dev/null; rm -rf "$scratch"' EXIT

# --- Without --wait: refused at once, exit code 3, a clear message and a hint.
hold_lock 4
start=$SECONDS
run_cmd "$DIGEST_INDEX" --db "$db" add "$scratch/20251231_Wed/audio.md"
elapsed=$((SECONDS - start))
check_eq "locked: exit code" "$rc" 3
check_eq "locked: the message" "$(echo "$err" | head -n 1)" \
  "error: database $db is locked by another writer"
check_contains "locked: the hint mentions --wait" "$(echo "$err" | sed -n 2p)" "--wait"
check_match "locked: the hint is a hint" "$(echo "$err" | sed -n 2p)" '^hint: '
check_eq "locked: fails fast" "$((elapsed <= 1))" 1
check_eq "locked: no summary line" "$out" ""
wait "$holder"
holder=""
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
check_eq "locked: nothing was added" "$(json_get "$out" digests) $(json_get "$out" appearances)" \
  "1 22"

# --- With --wait 10: waits for the holder (about 3 s), then adds.
hold_lock 3
start=$SECONDS
run_cmd "$DIGEST_INDEX" --db "$db" --wait 10 add "$scratch/20251231_Wed/audio.md"
elapsed=$((SECONDS - start))
check_eq "--wait: exit code" "$rc" 0
check_eq "--wait: no diagnostics" "$err" ""
check_match "--wait: summary line" "$out" '^1 file, 22 entries → 22 papers \(22 entries merged'
check_eq "--wait: it did wait for the holder" "$((elapsed >= 2))" 1
check_eq "--wait: and not for the whole 10 s" "$((elapsed < 9))" 1
wait "$holder" 2>/dev/null
holder=""
run_cmd "$DIGEST_INDEX" --db "$db" stats --json
check_eq "--wait: the second day is in" \
  "$(json_get "$out" digests) $(json_get "$out" appearances) $(json_get "$out" last_date)" \
  "2 44 2025-12-31"

# --- A --wait shorter than the hold: exit code 3 after waiting, saying how long it waited.
hold_lock 5
start=$SECONDS
run_cmd "$DIGEST_INDEX" --db "$db" --wait 1 add --force "$scratch/20251231_Wed/audio.md"
elapsed=$((SECONDS - start))
check_eq "--wait too short: exit code" "$rc" 3
check_eq "--wait too short: the message" "$(echo "$err" | head -n 1)" \
  "error: database $db is locked by another writer (waited 1 s)"
check_eq "--wait too short: gave up before the holder" "$((elapsed < 4))" 1
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
holder=""

finish
