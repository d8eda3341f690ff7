#!/usr/bin/env bash
# Every query is answered within 2 s or refused at once (README, "Limits"): 300 random and
# mutated queries of scripts/query-torture on the whole corpus (no crash, none over 3 s, none
# over 200 MB), then each limit of a query on its own: nesting, words in a row, terms,
# wildcards and their prefixes, the time limit's partial results, the limits set by --query-limit and
# $DIGEST_QUERY_LIMITS, and `serve` holding its requests to the same limits.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_SOURCE DIGEST_CORPUS_DB
make_scratch

db="$DIGEST_CORPUS_DB"
q() { timeout 60 "$DIGEST_QUERY" --db "$db" "$@"; }
py() { "$PYTHON" -c "$@"; }

# --- the short torture run ------------------------------------------------------------------
# The 2 s bound is the script's (scripts/query-torture, its figures in the README); the suite
# runs beside other tests on a shared machine, so it allows 3 s, and a sanitized build (several
# times slower, its memory the sanitizers' own) 10 s and no memory bound.
max_s=3 max_mb=200
[[ -n ${ASAN_OPTIONS:-} ]] && max_s=10 max_mb=100000
run_cmd env DIGEST_SHARED_DIR="$DIGEST_SHARED" "$PYTHON" "$DIGEST_SOURCE/scripts/query-torture" \
  300 --seed 11 --db "$db" --max-seconds "$max_s" --max-rss-mb "$max_mb"
# Its summary is printed when it fails only: a passing run's figures are the README's.
[[ $rc == 0 ]] || echo "$out"
check_eq "300 random and mutated queries: no crash, none over ${max_s} s or ${max_mb} MB (exit 0)" "$rc" 0
check_contains "... crashes counted" "$out" "crashes:        0 "
check_contains "... none over ${max_s} s" "$out" "over ${max_s} s:       0"

# --- nesting --------------------------------------------------------------------------------
deep33="speech $(py "print('(' * 33 + 'audio' + ')' * 33)")"
run_cmd q --count -- "$deep33"
check_eq "33 nested brackets: exit 2" "$rc" 2
check_contains "... the limit and the column named" "$err" "nests more than 32 levels deep"
check_contains "... at the 33rd bracket" "$err" "(column 40)"
check_contains "... how to change it" "$err" "nesting:32 (--query-limit)"
run_cmd q --count -- "$(py "print('NOT ' * 40 + 'speech')")"
check_eq "40 NOTs in a row are nesting too: exit 2" "$rc" 2
run_cmd q --count --query-limit nesting:40 -- "$deep33"
check_eq "--query-limit nesting:40 takes it" "$rc:$out" "0:$(q --count 'speech audio')"
run_cmd env DIGEST_QUERY_LIMITS=nesting:2 "$DIGEST_QUERY" --db "$db" --count '((speech))'
check_eq "\$DIGEST_QUERY_LIMITS=nesting:2: two levels answered" "$rc" 0
run_cmd env DIGEST_QUERY_LIMITS=nesting:2 "$DIGEST_QUERY" --db "$db" --count '(((speech)))'
check_eq "... three refused" "$rc" 2
run_cmd env DIGEST_QUERY_LIMITS=nesting:2 "$DIGEST_QUERY" --db "$db" --count \
  --query-limit nesting:3 '(((speech)))'
check_eq "--query-limit over \$DIGEST_QUERY_LIMITS" "$rc" 0

# --- words in a row, terms, wildcards ---------------------------------------------------------
run_cmd q --count -- "\"$(py "print(' '.join(['model'] * 33))")\""
check_eq "a phrase of 33 words: exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "33 words in a row; at most 32 are matched as a phrase (the limit phrase:32)"
run_cmd q --count -- "$(py "print('语音识别' * 10)")"
check_eq "a Chinese run of 40 characters: exit 2" "$rc" 2
run_cmd q --count --query-limit phrase:40 -- "$(py "print('语音识别' * 10)")"
check_match "--query-limit phrase:40 takes it" "$rc" '^[01]$'
run_cmd q --count -- "$(py "print(' OR '.join(['model'] * 500))")"
check_eq "500 words ORed (2,500 terms): exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "at most 2000 are searched (the limit terms:2000)"
run_cmd q --count -- "$(py "print(' '.join(['spe*'] * 17))")"
check_eq "17 wildcards: exit 2" "$rc" 2
check_contains "... naming the limit" "$err" "the limit wildcards:16"
run_cmd q --count -- 'a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i* OR j* OR k* OR l*'
check_eq "a* OR b* OR ... OR l*: exit 2 at once" "$rc" 2
check_contains "... naming the limit and the column" "$err" "\`a*\`: a wildcard needs 3 characters before the \`*\` (the limit prefix:3) (column 1)"
run_cmd q --count --query-limit prefix:2 -- 'sp* OR sa*'
check_eq "--query-limit prefix:2 takes sp*" "$rc" 0

# --- the time limit -------------------------------------------------------------------------
# 58 common words ORed, with the author facet: every paper matches, and counting them all takes
# about a second; under time:0.1 the match stops counting at 0.1 s and ends at 0.15 s.
broad=$(py "print(' OR '.join('''model learning data language speech based method show results
  models performance propose approach large task tasks using network system video robot image
  training framework generation visual evaluation benchmark multimodal reasoning policy control
  dataset temporal spatial audio text high quality real world human robust efficient accuracy
  novel existing challenges address demonstrate significant improve across multiple different
  various information features'''.split()))")
run_cmd q -f json -n 3 --facet category,author --query-limit time:0.1 -- "$broad"
check_eq "a broad query under time:0.1: answered" "$rc" 0
check_contains "... the time limit said on stderr" "$err" "reached its time limit of 0.1 s (time:0.1, --query-limit)"
check_contains "... the results are partial" "$err" "the results are partial"
check_contains "... the facets too" "$err" "the facets count only the papers seen"
check_eq "... JSON: partial, the total not exact, results given" \
  "$(json_get "$out" partial) $(json_get "$out" total_is_exact) $(json_get "$out" results.2.rank)" \
  "True False 3"
run_cmd q --count -f json --facet author --query-limit time:0.1 -- "$broad"
check_eq "--count under time:0.1: the total said to be an estimate" \
  "$(json_get "$out" total_is_exact) $(json_get "$out" partial)" "False True"
run_cmd q -f json --query-limit time:0.0001 -- "$broad"
check_eq "nothing found in the time: exit 2, not 'no paper matches'" "$rc" 2
check_contains "... saying so" "$err" "before it had found a paper"
run_cmd q -f json --query-limit time:0 -n 3 -- "$broad"
check_eq "time:0: no limit, every match counted" \
  "$(json_get "$out" partial) $(json_get "$out" total_is_exact) $(json_get "$out" total)" \
  "False True $(q --count --query-limit time:0 -- "$broad")"
sixteen='con* OR pre* OR com* OR rec* OR tra* OR pro* OR per* OR int* OR dat* OR res* OR sta* OR mod* OR gen* OR lea* OR net* OR sys*'
start=$(date +%s%N)
run_cmd q -f ids -- "$sixteen"
ms=$((($(date +%s%N) - start) / 1000000))
check_eq "sixteen wildcards ORed: answered" "$rc" 0
check_match "... within ${max_s} s (${ms} ms)" "$ms" "^[0-9]+$"
((ms < max_s * 1000)) || fail "sixteen wildcards took ${ms} ms, over ${max_s} s"
run_cmd q -f json 'speaker verification'
check_eq "a plain query: exact, not partial, no note" \
  "$(json_get "$out" partial) $(json_get "$out" total_is_exact) $err" "False True "

# --- bad limits -----------------------------------------------------------------------------
run_cmd q --query-limit depth:3 speech
check_eq "an unknown limit: exit 2" "$rc" 2
check_contains "... the limits listed" "$err" "the limits are bytes, tokens, nesting, phrase, terms, wildcards, prefix, expansion, time"
run_cmd q --query-limit time:-1 speech
check_eq "a negative time: exit 2" "$rc" 2
run_cmd env DIGEST_QUERY_LIMITS=nesting:x "$DIGEST_QUERY" --db "$db" speech
check_eq "a bad \$DIGEST_QUERY_LIMITS: exit 2" "$rc" 2
check_contains "... saying where" "$err" "\$DIGEST_QUERY_LIMITS"

# --- serve: the same limits -------------------------------------------------------------------
"$DIGEST_QUERY" --db "$db" serve --port 0 --quiet --query-limit nesting:3,time:0.1 \
  >"$scratch/serve.out" 2>"$scratch/serve.err" &
server_pid=$!
url=""
for _ in $(seq 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$scratch/serve.out" 2>/dev/null || true)
  [[ -n $url ]] && break
  sleep 0.1
done
[[ -n $url ]] || die "the server did not start: $(cat "$scratch/serve.err")"
fetch() {  # fetch PATH: "STATUS BODY"
  "$PYTHON" - "$url" "$1" <<'EOF'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1].rstrip("/") + sys.argv[2], timeout=30)
    print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
EOF
}
response=$(fetch '/api/search?q=((((speech))))')
check_match "serve --query-limit nesting:3: four levels refused with 400" "$response" '^400 '
check_contains "... with the CLI's message" "$response" "nests more than 3 levels deep"
response=$(fetch "/api/search?facet=author&q=$(py "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$broad")")
json=${response#* }
check_eq "serve --query-limit time:0.1: a broad query partial, the total not exact" \
  "${response%% *} $(json_get "$json" partial) $(json_get "$json" total_is_exact)" "200 True False"
kill -INT "$server_pid"
wait "$server_pid"
check_eq "the server stopped: exit 0" "$?" 0
finish
