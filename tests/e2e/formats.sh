#!/usr/bin/env bash
# digest-query's output formats on the example digest: golden outputs for every format, JSON
# and JSON lines valid against schema/results.schema.json, BibTeX parsed back, CSV read back,
# colour only when asked, and the digest round trip (results fed back to digest-index give
# the same papers). DIGEST_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_TESTS
make_scratch

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
golden="$DIGEST_TESTS/golden/cli"
db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "$example" || die "indexing the example failed"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# --- Golden outputs ------------------------------------------------------------------------
# Two queries per format: filters sorted by date (no scores), and words with a snippet.
check_golden() {
  local name=$1
  shift
  local got
  got=$(q "$@" 2>&1; echo "exit $?")
  if [[ -n "${DIGEST_UPDATE_GOLDEN:-}" ]]; then
    mkdir -p "$golden"
    printf '%s\n' "$got" >"$golden/$name"
    pass "rewrote $name"
  elif [[ ! -f "$golden/$name" ]]; then
    fail "missing golden file $golden/$name (DIGEST_UPDATE_GOLDEN=1 writes it)"
  elif [[ "$got" == "$(cat "$golden/$name")" ]]; then
    pass "golden $name"
  else
    fail "golden $name differs:$(diff <(printf '%s\n' "$got") "$golden/$name" | head -20)"
  fi
}
for f in digest brief json jsonl csv bibtex ids; do
  check_golden "filters.$f" --format "$f" --color never --sort -date -n 4 'cat:cs.SD section:new'
  check_golden "words.$f" --format "$f" --color never -n 3 'speaker verification'
done
check_golden "chinese.brief" --format brief --color always -n 2 语音识别
check_golden "count" --count 'topic:audio'
check_golden "explain" --explain --count 'au:"Jin Sob Kim" cat:cs.SD date:2025-12'

# --- JSON and JSON lines against the schema -----------------------------------------------------
schema_check="$DIGEST_TESTS/tools/check_json_schema.py"
for query in 'speech' 'cat:eess.AS' '语音' 'au:"Jin Sob Kim"' 'NOT speech'; do
  q --format json -n 50 "$query" >"$scratch/r.json"
  n=$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' "$scratch/r.json")
  run_cmd "$PYTHON" "$schema_check" --count "$n" "$scratch/r.json"
  check_eq "json valid for [$query] ($n results)" "$rc" 0
  q --format jsonl -n 50 "$query" >"$scratch/r.jsonl"
  run_cmd "$PYTHON" "$schema_check" --jsonl --count "$n" "$scratch/r.jsonl"
  check_eq "jsonl valid for [$query]" "$rc" 0
done
# The checker itself can fail: a result without its id.
q --format json -n 3 speech | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin); del d["results"][0]["id"]; print(json.dumps(d))' >"$scratch/bad.json"
run_cmd "$PYTHON" "$schema_check" "$scratch/bad.json"
check_eq "schema check rejects a result without id" "$rc" 1

# --- BibTeX parsed back, CSV read back ----------------------------------------------------------
total=$(q --count 'date:2025-12-30')
q --format bibtex -n 100 'date:2025-12-30' >"$scratch/all.bib"
run_cmd "$PYTHON" "$DIGEST_TESTS/tools/check_bibtex.py" --count "$total" "$scratch/all.bib"
check_eq "every BibTeX entry parses ($total)" "$rc" 0
q --format csv -n 100 'date:2025-12-30' >"$scratch/all.csv"
rows=$("$PYTHON" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
print(len(rows) - 1, set(len(r) for r in rows))' "$scratch/all.csv")
check_eq "CSV: one row per paper, 15 columns" "$rows" "$total {15}"
check_eq "CSV header (stable: scripts read columns by position)" "$(head -1 "$scratch/all.csv" | tr -d '\r')" \
  "rank,id,version,date,title,authors,primary,categories,score,url,summary,first_listed,last_listed,abstract,comments"

# --- authors and stats print through the same formats ----------------------------------------
run_cmd q authors kim --format json
check_eq "authors --format json: exit 0" "$rc" 0
names=$(json_get "$out" authors | "$PYTHON" -c 'import json,sys; print(sorted(a["name"] for a in json.load(sys.stdin)))')
check_eq "authors --format jsonl: the same authors" \
  "$(q authors kim --format jsonl | "$PYTHON" -c 'import json,sys; print(sorted(json.loads(l)["name"] for l in sys.stdin))')" "$names"
check_eq "authors --format csv: the same authors" \
  "$(q authors kim --format csv | "$PYTHON" -c 'import csv,sys; print(sorted(r["name"] for r in csv.DictReader(sys.stdin)))')" "$names"
check_eq "authors --format csv: papers column" \
  "$(q authors kim --format csv | "$PYTHON" -c 'import csv,sys; print(sum(int(r["papers"]) for r in csv.DictReader(sys.stdin)))')" \
  "$(json_get "$out" authors | "$PYTHON" -c 'import json,sys; print(sum(a["papers"] for a in json.load(sys.stdin)))')"
for f in digest bibtex ids; do
  run_cmd q authors kim --format "$f"
  check_eq "authors --format $f: an error, not another format" "$rc:$out" "2:"
  check_contains "authors --format $f: says which formats can" "$err" "brief, json, jsonl, csv"
done
stats_json=$("$DIGEST_INDEX" --db "$db" stats --format json)
check_eq "stats --json = stats --format json" "$("$DIGEST_INDEX" --db "$db" stats --json)" "$stats_json"
check_eq "stats --format csv: papers" \
  "$("$DIGEST_INDEX" --db "$db" stats --format csv | "$PYTHON" -c 'import csv,sys; print({r["figure"]: r["value"] for r in csv.DictReader(sys.stdin)}["papers"])')" \
  "$(json_get "$stats_json" papers)"
check_eq "stats --format csv: a topic's papers" \
  "$("$DIGEST_INDEX" --db "$db" stats --format csv | "$PYTHON" -c 'import csv,sys; print({r["figure"]: r["value"] for r in csv.DictReader(sys.stdin)}["topics:audio:papers"])')" \
  "$(json_get "$stats_json" topics.audio.papers)"
run_cmd "$DIGEST_INDEX" --db "$db" stats --format bibtex
check_eq "stats --format bibtex: exit 2" "$rc" 2

# --- Colour only when asked ------------------------------------------------------------------
esc=$'\e['
check_eq "--color never: no escape codes" "$(q --format brief --color never speech | grep -cF "$esc" || true)" 0
check_match "--color always: escape codes" "$(q --format brief --color always speech | grep -cF "$esc")" '^[1-9]'
check_eq "auto on a pipe: no escape codes" "$(q --format brief speech | grep -cF "$esc" || true)" 0

# --- The digest round trip ---------------------------------------------------------------------
q --format digest -n 100 'date:2025-12-30' >"$scratch/round.md"
run_cmd "$DIGEST_INDEX" --db "$scratch/db2" add --date 2025-12-30 --topic audio "$scratch/round.md"
check_eq "digest output indexes again" "$rc" 0
check_contains "digest output: no warnings" "$out" "0 warnings"
papers() {
  "$DIGEST_QUERY" --db "$1" --format jsonl -n 1000 --sort date 'date:2025-12-30' | "$PYTHON" -c '
import json, sys
for line in sys.stdin:
    p = json.loads(line)
    for k in ("rank", "score", "percent", "snippet", "appearances"):
        p.pop(k, None)
    print(json.dumps(p, sort_keys=True, ensure_ascii=False))' | sort
}
check_eq "round trip: the same $total papers" "$(papers "$scratch/db2")" "$(papers "$db")"

finish
