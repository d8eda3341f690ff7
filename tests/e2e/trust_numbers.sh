#!/usr/bin/env bash
# Numbers a script can trust, on the whole shared corpus: every total is the exact number of
# matching papers (checked against the list of all matches and against an independent reading
# of the digests), ranks count the offset in every format, counts never relax a query unless
# asked, empty results are still parseable, every hint's command runs as written.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
db="$DIGEST_CORPUS_DB"
truth="$scratch/truth.jsonl"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$truth" || die "corpus_truth.py failed"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# --- Exact totals ---------------------------------------------------------------------------
# The total of the digest header, of JSON and of --count is the number of papers that --all
# lists, for queries whose estimate used to be far off (200 for 155, 4000 for 2,698).
for query in '"speech enhancement"' speech 'speech enhancement' 'cat:cs.SD' 语音 'diffusion OR flow'; do
  listed=$(q -f ids --all "$query" | wc -l)
  check_eq "[$query] --count = papers listed by --all" "$(q --count "$query")" "$listed"
  json=$(q -f json -n 3 "$query")
  check_eq "[$query] JSON total" "$(json_get "$json" total)" "$listed"
  check_eq "[$query] JSON total_is_exact" "$(json_get "$json" total_is_exact)" True
  header=$(q -n 3 "$query" | head -1)
  check_contains "[$query] digest header total" "$header" "($listed 篇, 1–3)"
done
count_truth() {
  "$PYTHON" -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    if eval(sys.argv[2]):
        n += 1
print(n)' "$truth" "$1"
}
n=$(count_truth '"eess.AS" in p["categories"]')
check_eq "cat:eess.AS: JSON total = papers in the digests" "$(json_get "$(q -f json -n 1 cat:eess.AS)" total)" "$n"
check_contains "cat:eess.AS: digest header = papers in the digests" "$(q -n 1 cat:eess.AS | head -1)" "($n 篇, 1–1)"

# --- Ranks = offset + position, in every format ---------------------------------------------------
query='speaker verification'
q -f json -n 30 "$query" >"$scratch/all.json"
for step in 1 3 10; do
  verdict=$(
    for ((offset = 0; offset < 30; offset += step)); do
      q -f json -n "$step" --offset "$offset" "$query"
    done | "$PYTHON" -c '
import json, sys
whole = json.load(open(sys.argv[1]))["results"]
want = [(r["rank"], r["id"]) for r in whole]
dec = json.JSONDecoder()
text = sys.stdin.read()
got, pos = [], 0
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    doc, pos = dec.raw_decode(text, pos)
    got += [(r["rank"], r["id"]) for r in doc["results"]]
print("ok" if got == want and [r for r, _ in got] == list(range(1, 31)) else "differs: %s" % got[:6])
' "$scratch/all.json"
  )
  check_eq "paging in steps of $step: JSON ranks and ids = one unpaged run" "$verdict" ok
done
ids=$(q -f ids -n 30 "$query")
page=$(q -f brief --color never -n 2 --offset 5 "$query")
check_match "brief: ranks 6 and 7" "$(grep -oE '^ *[0-9]+\.' <<<"$page" | tr -d ' ' | tr '\n' ' ')" '^6\. 7\. $'
check_contains "brief: rank 6 is the sixth paper" "$page" "6. $(sed -n 6p <<<"$ids")"
page=$(q -n 2 --offset 5 "$query")
check_contains "digest: header range" "$(head -1 <<<"$page")" "篇, 6–7)"
check_eq "digest: tags number the ranks" "$(grep -oE '^#### \[[a-z]+ [0-9]+\]' <<<"$page" | grep -oE '[0-9]+' | tr '\n' ' ')" "006 007 "
check_eq "csv: rank column" "$(q -f csv -n 2 --offset 5 "$query" | tail -n +2 | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" "6 7 "
check_eq "jsonl: ranks" "$(q -f jsonl -n 2 --offset 5 "$query" | "$PYTHON" -c 'import json,sys; print(" ".join(str(json.loads(l)["rank"]) for l in sys.stdin))')" "6 7"

# --- Counting never changes the question -----------------------------------------------------------
# A month in which no paper holds every word used to count the papers holding any (3,334).
words='generative speech enhancement hallucination'
for m in 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 2026-04; do
  strict=$(q --count "generative AND speech AND enhancement AND hallucination AND date:$m")
  check_eq "--count '$words date:$m' = every word required" "$(q --count "$words date:$m")" "$strict"
done

# --- A listing is one thing --------------------------------------------------------------------------
# For every month: papers with a `new` listing in that month, and papers first listed in it,
# against the independent reading of the digests.
"$PYTHON" - "$truth" >"$scratch/months.tsv" <<'EOF'
import collections, json, sys
new, first = collections.Counter(), collections.Counter()
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    for m in {a["date"][:7] for a in p["appearances"] if a["section"] == "new"}:
        new[m] += 1
    first[min(a["date"] for a in p["appearances"])[:7]] += 1
for m in sorted(set(new) | set(first)):
    print(m, new[m], first[m])
EOF
[[ $(wc -l <"$scratch/months.tsv") -ge 7 ]] || die "fewer months than the corpus has"
while read -r m n_new n_first; do
  check_eq "section:new date:$m = papers with a new listing in $m" "$(q --count "section:new date:$m")" "$n_new"
  check_eq "first:$m = papers first listed in $m" "$(q --count "first:$m")" "$n_first"
done <"$scratch/months.tsv"
check_eq "a paper new in 2025-10 and replaced in 2026-03 is not new in 2026-03" \
  "$(q --count 'id:2510.04157 date:2026-03 section:new' || true)" 0
check_eq "... but it was listed in 2026-03" "$(q --count 'id:2510.04157 date:2026-03')" 1
check_eq "... and new in 2025-10" "$(q --count 'id:2510.04157 date:2025-10 section:new')" 1
check_eq "a negated part stays per paper: date:M NOT section:new" \
  "$(q --count 'date:2026-03 NOT section:new')" \
  "$("$PYTHON" -c '
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    if any(a["date"].startswith("2026-03") for a in p["appearances"]) and not any(a["section"] == "new" for a in p["appearances"]):
        n += 1
print(n)' "$truth")"
verdict=$(q -f json -n 40 --sort first 'cat:eess.AS' | "$PYTHON" -c '
import json, sys
res = json.load(sys.stdin)["results"]
firsts = [r["first_listed"] for r in res]
truth = [min(a["date"] for a in r["appearances"]) for r in res]
print("ok" if firsts == sorted(firsts) and firsts == truth and len(res) == 40 else firsts[:5])')
check_eq "--sort first: oldest first listing first; first_listed is the first listing" "$verdict" ok
verdict=$(q -f json -n 40 --sort -first 'cat:eess.AS' | "$PYTHON" -c '
import json, sys
firsts = [r["first_listed"] for r in json.load(sys.stdin)["results"]]
print("ok" if firsts == sorted(firsts, reverse=True) else firsts[:5])')
check_eq "--sort -first: newest first listing first" "$verdict" ok

# --- Empty results are still output -----------------------------------------------------------------
none='zzqqxxnotaword'
run_cmd q -f json "$none"
check_eq "json, no match: exit 1" "$rc" 1
check_eq "json, no match: total 0" "$(json_get "$out" total)" 0
check_eq "json, no match: empty results" "$(json_get "$out" results)" "[]"
run_cmd "$PYTHON" "$DIGEST_TESTS/tools/check_json_schema.py" --count 0 <(q -f json "$none")
check_eq "json, no match: valid against the schema" "$rc" 0
run_cmd q -f csv "$none"
check_eq "csv, no match: exit 1" "$rc" 1
check_eq "csv, no match: the header" "$(tr -d '\r' <<<"$out")" \
  "rank,id,version,date,title,authors,primary,categories,score,url,summary,first_listed,last_listed,abstract,comments"
for f in jsonl ids bibtex digest brief; do
  run_cmd q -f "$f" "$none"
  check_eq "$f, no match: exit 1, nothing printed" "$rc:$out" "1:"
done
run_cmd q --count -f json "$none"
check_eq "--count -f json, no match: a document" "$(json_get "$out" total):$rc" "0:1"
check_eq "--count -f json: query and total" "$(json_get "$(q --count -f json cat:eess.AS)" total)" \
  "$(q --count cat:eess.AS)"
run_cmd q --count -f csv speech
check_eq "--count with a format that cannot say a count: exit 2" "$rc" 2
n=$(q --count 'cat:eess.AS date:2025-12-30')
check_eq "-n 0 prints every match" "$(q -f ids -n 0 'cat:eess.AS date:2025-12-30' | wc -l)" "$n"
check_eq "--all prints every match" "$(q -f ids --all 'cat:eess.AS date:2025-12-30' | wc -l)" "$n"
run_cmd q -f ids --offset "$n" 'cat:eess.AS date:2025-12-30'
check_eq "paging past the end: exit 1, nothing printed" "$rc:$out" "1:"
check_contains "paging past the end: a note says so" "$err" "past the end"

# --- Pages printed without a total ------------------------------------------------------------
# ids, csv, bibtex, jsonl and brief print no total, and their match stops once the page is sure
# instead of counting every paper: the page is the one that JSON (which counts) prints, for the
# benchmark's queries at three page depths, and the "past the end" note's number is exact.
json_ids() {
  "$PYTHON" -c '
import json, sys
for r in json.load(sys.stdin)["results"]: print(r["id"])'
}
bench_queries=()
while IFS= read -r line; do [ -n "$line" ] && bench_queries+=("$line"); done <"$DIGEST_SHARED/bench/queries.txt"
((${#bench_queries[@]} >= 10)) || die "fewer than 10 queries in bench/queries.txt"
for query in "${bench_queries[@]}" 'speech OR audio' 'date:2025-12'; do
  for offset in 0 7 95; do
    check_eq "[$query] --offset $offset: -f ids = JSON's page" \
      "$(q -f ids -n 12 --offset "$offset" "$query")" \
      "$(q -f json -n 12 --offset "$offset" "$query" | json_ids)"
  done
done
check_eq "-f csv lists JSON's page" "$(q -f csv -n 20 speech enhancement | "$PYTHON" -c '
import csv, sys
for r in csv.DictReader(sys.stdin): print(r["id"])')" \
  "$(q -f json -n 20 speech enhancement | json_ids)"
n=$(q --count speech)
run_cmd q -f ids --offset "$n" speech
check_contains "-f ids past the end: the note's total is the count" "$err" "matches $n papers"

# --- Messages that work ----------------------------------------------------------------------------
check_contains "stats: plural of day" "$("$DIGEST_INDEX" --db "$db" stats)" "(145 days)"
run_cmd "$DIGEST_QUERY" --db "$scratch/new-db" speech
check_eq "missing database: exit 2" "$rc" 2
hint=$(sed -n 's/^hint: create it with: //p' <<<"$err")
check_contains "missing database: the hint names digest-index add" "$hint" "digest-index add --db $scratch/new-db"
# The hint's command, as written, with real files for its placeholder.
cmd=${hint/<digest files or folders>/$DIGEST_SOURCE/examples/20251230_Tue/audio.md}
cmd=${cmd/digest-index/$DIGEST_INDEX}
run_cmd bash -c "$cmd --quiet"
check_eq "the hint's command runs" "$rc" 0
run_cmd "$DIGEST_QUERY" --db "$scratch/new-db" --count speaker
check_eq "... and makes the database the query wanted" "$rc" 0
for cmd in "stats --db $scratch/new-db" "compact --db $scratch/new-db --quiet" \
  "reindex --db $scratch/new-db --quiet" "add --db $scratch/new-db --quiet --force $DIGEST_SOURCE/examples/20251230_Tue/audio.md"; do
  run_cmd "$DIGEST_INDEX" $cmd
  check_eq "options after the command: digest-index $cmd" "$rc" 0
done

finish
