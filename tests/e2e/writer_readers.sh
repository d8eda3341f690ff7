#!/usr/bin/env bash
# A writer under readers: while digest-index adds days of the corpus to a database, 20 loops
# of digest-query (every output format, --count and --facet) search it continuously. Not one
# query may fail: each exits 0 or 1 (no match) with nothing on standard error, and every count
# lies between the count before the writer started and the count after it finished (the old
# state, the new one, or one of the committed states between). Xapian's DatabaseModifiedError,
# met when a commit replaces blocks a reader still needed, is retried inside the query library.
#
# The writer writes in the current generation, where readers meet DatabaseModifiedError: five
# single-day adds, then one add of ten days, each file one transaction committed under the
# readers' open database. (A switch to a new generation needs at least 5,000 new entries, too
# slow to build here under 20 readers; crash_safety.sh covers that path.) Each loop pauses
# WR_PAUSE seconds (0.5) between queries so that 20 loops leave the writer some of the cores;
# set WR_BASE_DAYS, WR_SMALL_ADDS and WR_LARGE_DAYS to write more.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED
make_scratch

days="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$days" ]] || die "the shared corpus is missing: $days"
mapfile -t all < <(ls -d "$days"/*/)
base_days=${WR_BASE_DAYS:-15}
small_adds=${WR_SMALL_ADDS:-5}
large_days=${WR_LARGE_DAYS:-10}
pause=${WR_PAUSE:-0.5}
((base_days + small_adds + large_days <= ${#all[@]})) || die "the corpus has only ${#all[@]} days"
base=("${all[@]:0:base_days}")
small=("${all[@]:base_days:small_adds}")
large=("${all[@]:base_days+small_adds:large_days}")
db="$scratch/db"
loops=20

start=$SECONDS
"$DIGEST_INDEX" --db "$db" --quiet add "${base[@]}" || die "building the first $base_days days failed"
echo "built $base_days days in $((SECONDS - start)) s"

# The queries (every kind of query: words, phrases, fields, ranges, boolean) and what the
# loops run them with: every format, --count, and facets.
queries=('speech' 'large language models' '"reinforcement learning"' 'cat:cs.RO' 'au:Wang'
  'ti:diffusion AND NOT cat:cs.CV' 'date:2025-10-01..2026-12-31 robot' '语音')
kinds=('-f digest -n 5' '-f brief -n 10' '-f json -n 10' '-f jsonl -n 10' '-f csv -n 10'
  '-f bibtex -n 5' '-f ids -n 50' '--count' '-f json -n 3 --facet category')
for q in "${queries[@]}"; do
  "$DIGEST_QUERY" --db "$db" --count "$q" >/dev/null 2>"$scratch/err"
  (($? <= 1)) && [[ ! -s "$scratch/err" ]] || die "[$q] fails before any writer: $(cat "$scratch/err")"
done
counts_before=()
for q in "${queries[@]}"; do counts_before+=("$("$DIGEST_QUERY" --db "$db" --count "$q")"); done

# reader N: runs one kind of query over every query until the writer is done; writes one line
# per query run ("ok", or "FAIL ..." with what went wrong) and each count it saw.
reader() {
  local n=$1 kind=${kinds[$1 % ${#kinds[@]}]} i=0 q rc
  local log="$scratch/reader-$n.log" err="$scratch/reader-$n.err" res="$scratch/reader-$n.out"
  : >"$log"
  while [[ ! -e "$scratch/done" ]]; do
    q=${queries[i % ${#queries[@]}]}
    # shellcheck disable=SC2086 # $kind is a list of options
    "$DIGEST_QUERY" --db "$db" $kind "$q" >"$res" 2>"$err"
    rc=$?
    if ((rc > 1)) || [[ -s "$err" ]]; then
      echo "FAIL [$kind] [$q] exit $rc: $(head -c 300 "$err" | tr '\n' ' ')" >>"$log"
    elif [[ $kind == --count ]]; then
      echo "count $((i % ${#queries[@]})) $(cat "$res")" >>"$log"
    else
      echo "ok" >>"$log"
    fi
    i=$((i + 1))
    sleep "$pause"
  done
}

pids=()
for n in $(seq 0 $((loops - 1))); do
  reader "$n" &
  pids+=($!)
done
trap 'touch "$scratch/done"; kill "${pids[@]}" 2>/dev/null; wait; rm -rf "$scratch"' EXIT

gen_base=$(cat "$db/XAPIANDB")
writer_start=$SECONDS
writer_ok=1
for day in "${small[@]}"; do
  "$DIGEST_INDEX" --db "$db" --quiet add "$day" || { writer_ok=0; break; }
done
gen_before=$(cat "$db/XAPIANDB")
((writer_ok)) && { "$DIGEST_INDEX" --db "$db" --quiet add "${large[@]}" || writer_ok=0; }
gen_after=$(cat "$db/XAPIANDB")
writer_s=$((SECONDS - writer_start))
touch "$scratch/done"
wait "${pids[@]}"
trap 'rm -rf "$scratch"' EXIT
((writer_ok)) || die "the writer failed"
check_eq "the single-day adds wrote in the current generation, under the readers" "$gen_before" "$gen_base"
[[ "$gen_before" == "$gen_after" ]] && how="in the current generation" || how="as a new generation"

counts_after=()
for q in "${queries[@]}"; do counts_after+=("$("$DIGEST_QUERY" --db "$db" --count "$q")"); done

total=$(cat "$scratch"/reader-*.log | wc -l)
failed=$(cat "$scratch"/reader-*.log | grep -c '^FAIL' || true)
grep -h '^FAIL' "$scratch"/reader-*.log | sort | uniq -c | sort -rn | head -10 >&2
out_of_range=$(cat "$scratch"/reader-*.log | awk -v before="${counts_before[*]}" -v after="${counts_after[*]}" '
  BEGIN { split(before, lo, " "); split(after, hi, " ") }
  $1 == "count" { i = $2 + 1; if ($3 < lo[i] || $3 > hi[i]) { bad++; print "count of query " $2 ": " $3 " not in " lo[i] ".." hi[i] > "/dev/stderr" } }
  END { print bad + 0 }')
counted=$(cat "$scratch"/reader-*.log | grep -c '^count' || true)
days_written=$((small_adds + large_days))
echo "writer: $days_written days added in $writer_s s ($small_adds single-day adds, then $large_days days $how) onto $base_days days"
echo "readers: $loops loops, $total queries run, $failed failed, $counted counts all between before and after: $((counted - out_of_range))/$counted"
for i in "${!queries[@]}"; do
  ((counts_after[i] >= counts_before[i])) &&
    pass "[${queries[$i]}] ${counts_before[$i]} papers before the writer, ${counts_after[$i]} after" ||
    fail "[${queries[$i]}] fewer papers after the writer (${counts_before[$i]} -> ${counts_after[$i]})"
done
check_eq "no query failed while the writer ran" "$failed" 0
check_eq "every count was the old state, the new one or one between" "$out_of_range" 0
((total >= 300)) && pass "$total queries ran (at least 300)" || fail "only $total queries ran: too few to mean anything"
((counted > 0)) && pass "$counted counts were checked" || fail "no count was checked"
finish
