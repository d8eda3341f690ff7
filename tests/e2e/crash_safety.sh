#!/usr/bin/env bash
# A crash (SIGKILL) at any moment leaves nothing half-written: `compact` and a large `add`
# (a new generation) leave either the old or the new database; a small `add` (one
# transaction per file) leaves exactly the files it recorded, each one whole. The next writer
# clears the leftovers and finishes the job.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_SHARED DIGEST_TESTS DIGEST_DUMP_DB
make_scratch

days="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$days" ]] || die "the shared corpus is missing: $days"
mapfile -t all < <(ls -d "$days"/2026*)
base=("${all[@]:0:2}")     # ~1,000 entries
small=("${all[@]:2:4}")    # ~2,500 entries: one transaction per file
large=("${all[@]:6:12}")   # ~7,000 entries: more than a third of the database, a new generation
db="$scratch/db"
dump() { if (($#)); then "$DIGEST_DUMP_DB" "$@"; else "$DIGEST_DUMP_DB" "$db"; fi; }

"$DIGEST_INDEX" --db "$db" --quiet add "${base[@]}" || die "first build failed"
dump >"$scratch/old.dump"

# --- a small add: every recorded file is wholly in, nothing else ----------------------------
for delay in 0.3 1.0; do
  "$DIGEST_INDEX" --db "$db" --quiet add "${small[@]}" &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  mapfile -t recorded < <(dump --files "$db")
  rm -rf "$scratch/ref"
  "$DIGEST_INDEX" --db "$scratch/ref" --quiet add "${recorded[@]}" || die "reference build failed"
  check_eq "add killed after ${delay}s: exactly the ${#recorded[@]} recorded files are in" \
    "$(dump | cmp -s - <(dump "$scratch/ref"); echo $?)" 0
done
"$DIGEST_INDEX" --db "$db" --quiet add "${small[@]}" || die "finishing the small add failed"
dump >"$scratch/old.dump"

# --- a large add: the old or the new generation -----------------------------------------------
"$DIGEST_INDEX" --db "$scratch/full" --quiet add "${base[@]}" "${small[@]}" "${large[@]}" ||
  die "reference build failed"
dump "$scratch/full" >"$scratch/new.dump"
for delay in 0.5 1.5 3; do
  "$DIGEST_INDEX" --db "$db" --quiet add "${large[@]}" &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  dump >"$scratch/now.dump"
  if cmp -s "$scratch/now.dump" "$scratch/old.dump"; then
    pass "large add killed after ${delay}s: the old database"
  elif cmp -s "$scratch/now.dump" "$scratch/new.dump"; then
    pass "large add killed after ${delay}s: the new database"
    break
  else
    fail "large add killed after ${delay}s: neither the old nor the new database"
  fi
done
run_cmd "$DIGEST_INDEX" --db "$db" add "${large[@]}"
check_eq "adding again after the crashes succeeds" "$rc" 0
check_eq "then the database is the new one" "$(dump | cmp -s - "$scratch/new.dump"; echo $?)" 0
check_eq "no leftover generations or shards" "$(ls "$db" | grep -c '^gen-')" 1

# --- compact --------------------------------------------------------------------------------
before=$(du -sk "$db" | cut -f1)
run_cmd "$DIGEST_INDEX" --db "$db" compact
check_eq "compact succeeds" "$rc" 0
check_match "compact reports sizes" "$out" '^compacted .* MiB → .* MiB'
check_eq "compact keeps every paper, term and value" "$(dump | cmp -s - "$scratch/new.dump"; echo $?)" 0
check_eq "one generation after compact" "$(ls -d "$db"/gen-* | wc -l)" 1
after=$(du -sk "$db" | cut -f1)
check_eq "compact does not grow the database ($before -> $after KiB)" "$((after <= before))" 1
for delay in 0.02 0.08 0.2 0.4; do
  "$DIGEST_INDEX" --db "$db" --quiet compact &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check_eq "compact killed after ${delay}s: the database is whole" \
    "$(dump | cmp -s - "$scratch/new.dump"; echo $?)" 0
done

finish
