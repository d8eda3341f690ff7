#!/usr/bin/env bash
# The short version of scripts/crash-test: `digest-index add` of the first 8 days of the shared
# corpus (a new generation) killed (SIGKILL) at 5 seeded moments, and an add of their last 2
# days (one transaction per file) into a database of the 6 before killed at 2 more. After each
# kill `check` passes, queries answer, and adding again gives exactly the database of the
# uninterrupted run. Few days, because comparing databases (dump_db reads every position)
# costs about 10 s per thousand papers: 8 days keep the test to a few minutes.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_SOURCE DIGEST_DUMP_DB
make_scratch

run_cmd env TMPDIR="$scratch" DIGEST_SHARED_DIR="$DIGEST_SHARED" \
  "$DIGEST_SOURCE/scripts/crash-test" 5 --seed 7 --days 8 --extra-days 2
echo "$out"
[[ -n "$err" ]] && echo "$err" >&2
check_eq "crash-test exits 0" "$rc" 0
check_match "seven kills, none failed, all converged" "$out" \
  'crash-test: 7 kills \(5 of the full add, 2 of the incremental add\), 0 failed, 7 converged'
check_eq "one line per kill" "$(grep -c ' kill [0-9]/[0-9] at ' <<<"$out")" 7
finish
