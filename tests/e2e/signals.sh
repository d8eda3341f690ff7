#!/usr/bin/env bash
# SIGINT, SIGTERM and a double SIGINT during every writer command: `add` (one transaction per
# file), `reindex` and `compact` (a new generation), `arxiv` (between two API requests) and
# `rss` (a download that never ends, from the local fixture server on 127.0.0.1). Each signal is
# sent once the run has reached a known stage (a first commit, a new generation folder, a logged
# request), not after a fixed sleep. After each: exit 130 (SIGINT) or 143 (SIGTERM); the message
# says which inputs are in, and the database agrees with it; `digest-index check` passes; and
# running the same command again gives what an uninterrupted run gives (the figures of `stats`
# and the set of papers).
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_SOURCE
make_scratch

# Requests go to 127.0.0.1 directly, never through a proxy of the environment.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

pid=
server=
cleanup() {
  [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
  [[ -n $server ]] && kill "$server" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d $corpus ]] || die "the shared corpus is missing: $corpus"
mapfile -t all < <(ls -d "$corpus"/*/)
base=("${all[@]:0:1}")  # one day, ~500 entries
more=("${all[@]:1:4}")  # four days, 20 files, ~2,000 entries: one transaction per file

idx() { "$DIGEST_INDEX" --db "$@"; }

# What an uninterrupted run is judged by: the figures of `stats` but the run record and the
# size, and the set of papers.
summary() {
  local stats
  stats=$(idx "$1" stats --json) || return 1
  json_without "$stats" last_run size_bytes database
  "$PYTHON" -c '
import sys, xapian
db = xapian.Database(sys.argv[1])
print("papers:", " ".join(sorted(t.term.decode() for t in db.allterms("Q"))))' "$1" | md5sum
}
files_recorded() { json_get "$(idx "$1" stats --json)" files_recorded; }

# --- the databases every case starts from, and what uninterrupted runs give ----------------
idx "$scratch/base" --quiet add "${base[@]}" || die "building the base database failed"
cp -a "$scratch/base" "$scratch/full"
idx "$scratch/full" --quiet add "${more[@]}" || die "adding four days failed"
summary "$scratch/base" >"$scratch/base.summary"
summary "$scratch/full" >"$scratch/full.summary"
base_files=$(files_recorded "$scratch/base")
full_files=$(files_recorded "$scratch/full")
((full_files == base_files + 20)) || die "expected 20 more files recorded, got $base_files -> $full_files"

# The fixture server (tests/tools/fixture_server.py): 127.0.0.1 only, on a port it picks.
"$PYTHON" "$DIGEST_TESTS/tools/fixture_server.py" --port-file "$scratch/port" \
  --log "$scratch/requests.jsonl" --shared "$DIGEST_SHARED" \
  --digests "$DIGEST_SOURCE/examples" --extra-api "$DIGEST_TESTS/fixtures/net/api" \
  2>"$scratch/server.err" &
server=$!
for _ in $(seq 100); do
  [[ -s $scratch/port ]] && break
  kill -0 "$server" 2>/dev/null || die "the fixture server died: $(cat "$scratch/server.err")"
  sleep 0.1
done
[[ -s $scratch/port ]] || die "the fixture server did not start within 10 s"
url="http://127.0.0.1:$(cat "$scratch/port")"
arxiv_args=(arxiv --query 'all:testing' --max 250 --api-url "$url/api/query")
rss_args=(rss cs.SD eess.AS)
cp -a "$scratch/base" "$scratch/arxiv-ref"
idx "$scratch/arxiv-ref" --quiet "${arxiv_args[@]}" --delay 0 || die "the uninterrupted arxiv run failed"
summary "$scratch/arxiv-ref" >"$scratch/arxiv.summary"
cp -a "$scratch/base" "$scratch/rss-ref"
idx "$scratch/rss-ref" --quiet "${rss_args[@]}" --rss-url "$url/rss/" || die "the uninterrupted rss run failed"
summary "$scratch/rss-ref" >"$scratch/rss.summary"

# --- the stages a signal is sent at ---------------------------------------------------------
current_gen() { sed -n 's/^auto //p' "$db/XAPIANDB"; }
# add: the current generation has taken a commit since the run began.
first_commit() { [[ $(cksum <"$db/$gen0/iamglass") != "$iam0" ]]; }
# reindex, compact: a generation (or its shard folder) is being written beside the current one.
new_generation() {
  local g
  for g in "$db"/gen-*; do [[ $g != "$db/$gen0" ]] && return 0; done
  return 1
}
# arxiv, rss: the server has logged a request to PATH (the first API page; the hanging feed).
requested() { [[ -s $scratch/requests.jsonl && $(cat "$scratch/requests.jsonl") == *"\"path\": \"$1"* ]]; }
api_requested() { requested /api/query; }
feed_requested() { requested /hang/; }

# interrupt STAGE SIGNAL CMD...: runs CMD, sends SIGNAL (INT, TERM, or INT2: two SIGINTs 50 ms
# apart) as soon as STAGE holds, and leaves the exit code in $rc and standard error in $msg.
interrupt() {
  local stage=$1 signal=$2 caught=no
  shift 2
  : >"$scratch/requests.jsonl"
  "$@" >"$scratch/run.out" 2>"$scratch/run.err" &
  pid=$!
  for _ in $(seq 6000); do
    if $stage; then
      caught=yes
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  if [[ $caught == yes ]]; then
    case $signal in
      INT | TERM) kill -"$signal" "$pid" ;;
      INT2) kill -INT "$pid" && sleep 0.05 && kill -INT "$pid" 2>/dev/null ;;
    esac
  fi
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 600)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid"
    fail "$case: still running 60 s after the signal"
  fi
  wait "$pid"
  rc=$?
  pid=
  msg=$(cat "$scratch/run.err")
  [[ $caught == yes ]] || die "$case: the run ended before the stage '$stage' was seen; nothing was tested ($(cat "$scratch/run.out") $msg)"
}

expected_rc() { if [[ $1 == TERM ]]; then echo 143; else echo 130; fi; }

# after_signal DB SIGNAL: the exit code, and a message unless a second SIGINT ended the process
# at once; then `check`.
after_signal() {
  echo "$case: exit $rc: ${msg:-(no message)}"
  check_eq "$case: exit code" "$rc" "$(expected_rc "$2")"
  if [[ $2 != INT2 ]]; then
    check_match "$case: the message says what is in" "$msg" '(^|'$'\n'')interrupted'
  fi
  run_cmd idx "$1" check
  check_eq "$case: check passes afterwards" "$rc" 0
  [[ $rc == 0 ]] || echo "$err" >&2
}

converged() {  # converged WHAT DB REFERENCE-SUMMARY
  check_eq "$case: $1 gives what an uninterrupted run gives" "$(summary "$2")" "$(cat "$3")"
}

for signal in INT TERM INT2; do
  # --- add: one transaction per file --------------------------------------------------------
  case="add, SIG$signal"
  db="$scratch/add-$signal"
  cp -a "$scratch/base" "$db"
  gen0=$(current_gen)
  iam0=$(cksum <"$db/$gen0/iamglass")
  interrupt first_commit "$signal" "$DIGEST_INDEX" --db "$db" --quiet -j1 add "${more[@]}"
  after_signal "$db" "$signal"
  now=$(files_recorded "$db")
  if [[ $msg =~ ([0-9]+)\ of\ 20\ inputs\ were\ committed ]]; then
    check_eq "$case: the inputs the message counts are the ones recorded" "$now" \
      "$((base_files + BASH_REMATCH[1]))"
  elif [[ $msg == *"everything this run had to write is in the database"* ]]; then
    check_eq "$case: every input recorded, as the message says" "$now" "$full_files"
  elif [[ $signal == INT2 ]]; then
    ((now >= base_files && now <= full_files)) || fail "$case: $now files recorded"
  else
    fail "$case: a message that says which inputs are in: [$msg]"
  fi
  ((now < full_files)) || echo "note: $case: the signal came after the last commit"
  idx "$db" --quiet add "${more[@]}" || fail "$case: adding again failed"
  converged "adding again" "$db" "$scratch/full.summary"

  # --- reindex and compact: a new generation, switched to at the end ------------------------
  for writer in reindex compact; do
    case="$writer, SIG$signal"
    db="$scratch/$writer-$signal"
    cp -a "$scratch/full" "$db"
    gen0=$(current_gen)
    opts=()
    [[ $writer == reindex ]] && opts=(-j1)
    interrupt new_generation "$signal" "$DIGEST_INDEX" --db "$db" --quiet "${opts[@]}" "$writer"
    after_signal "$db" "$signal"
    if [[ $msg == *"nothing from this run was written"* ]]; then
      check_eq "$case: the old generation still in use" "$(current_gen)" "$gen0"
    fi
    converged "the interrupted run" "$db" "$scratch/full.summary"
    idx "$db" --quiet "$writer" || fail "$case: $writer again failed"
    converged "$writer run again" "$db" "$scratch/full.summary"
    check_eq "$case: one generation left" "$(ls "$db" | grep -c '^gen-')" 1
  done

  # --- arxiv: signalled while it waits --delay between two API requests --------------------
  case="arxiv, SIG$signal"
  db="$scratch/arxiv-$signal"
  cp -a "$scratch/base" "$db"
  interrupt api_requested "$signal" "$DIGEST_INDEX" --db "$db" --quiet "${arxiv_args[@]}" --delay 30
  after_signal "$db" "$signal"
  if [[ $signal != INT2 ]]; then
    check_contains "$case: says nothing was written" "$msg" "nothing was written"
  fi
  converged "the interrupted run (nothing written)" "$db" "$scratch/base.summary"
  idx "$db" --quiet "${arxiv_args[@]}" --delay 0 || fail "$case: the arxiv run again failed"
  converged "running again" "$db" "$scratch/arxiv.summary"

  # --- rss: signalled during a download that never ends ------------------------------------
  case="rss, SIG$signal"
  db="$scratch/rss-$signal"
  cp -a "$scratch/base" "$db"
  interrupt feed_requested "$signal" "$DIGEST_INDEX" --db "$db" --quiet "${rss_args[@]}" --rss-url "$url/hang/" --timeout 30
  after_signal "$db" "$signal"
  if [[ $signal != INT2 ]]; then
    check_contains "$case: says nothing was written" "$msg" "nothing was written"
  fi
  converged "the interrupted run (nothing written)" "$db" "$scratch/base.summary"
  idx "$db" --quiet "${rss_args[@]}" --rss-url "$url/rss/" || fail "$case: the rss run again failed"
  converged "running again" "$db" "$scratch/rss.summary"
done
finish
