#!/usr/bin/env bash
# digest-query review on the example digest: golden report.md, papers.csv and refs.bib; a
# paper found by several queries listed once under its best-ranked query; every count equal
# to --count of the query as run; report.md read back by digest-index; re-running marks
# exactly the papers added since as new; bad plans are errors naming the file; report.html
# drawn by headless Chromium. DIGEST_UPDATE_GOLDEN=1 rewrites the golden files.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_TESTS
make_scratch

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
golden="$DIGEST_TESTS/golden/review"
db="$scratch/db"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# The example without its last three entries first; the whole of it later.
mkdir -p "$scratch/d/20251230_Tue"
"$PYTHON" - "$example" "$scratch/d/20251230_Tue/audio.md" "$scratch/removed.ids" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### \[)", text)
head, entries = parts[0], parts[1:]
open(sys.argv[2], "w", encoding="utf-8").write(head + "".join(entries[:-3]))
with open(sys.argv[3], "w") as out:
    for e in entries[-3:]:
        m = re.search(r"arxiv\.org/(?:pdf|abs)/(\d{4}\.\d{4,5})", e)
        cats = re.search(r"- \*\*分类: (.*?)\*\*", e).group(1)
        out.write("%s\t%s\n" % (m.group(1), cats))
EOF
"$DIGEST_INDEX" --db "$db" --quiet add "$scratch/d/20251230_Tue/audio.md" || die "indexing failed"

cat >"$scratch/plan.json" <<'EOF'
{
  "title": "Speech & audio <review>",
  "from": "2025-12",
  "by": "month",
  "papers": 4,
  "queries": [
    {"name": "speech", "query": "speech"},
    {"name": "eess-as", "query": "cat:eess.AS"},
    {"name": "speaker", "query": "speaker verification OR diarization"}
  ]
}
EOF
run_cmd q review "$scratch/plan.json" --out "$scratch/out"
check_eq "review: exit 0" "$rc:$err" "0:"
check_contains "... says what it wrote" "$out" "wrote trend.svg report.md report.html refs.bib papers.csv review.json in $scratch/out"
for f in report.md papers.csv refs.bib; do
  if [[ -n "${DIGEST_UPDATE_GOLDEN:-}" ]]; then
    mkdir -p "$golden"
    cp "$scratch/out/$f" "$golden/$f"
    pass "rewrote $f"
  else
    check_eq "golden $f" "$(diff "$scratch/out/$f" "$golden/$f" | head -20)" ""
  fi
done

# Counts are --count of the query as run; each paper is listed once, under its best rank.
"$PYTHON" - "$scratch/out/review.json" >"$scratch/checks.tsv" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
for q in r["queries"]:
    print("count", q["name"], q["searched"], q["total"], len(q["matched_ids"]), sep="\t")
ids = [p["id"] for p in r["papers"]]
print("unique", len(ids) == len(set(ids)), sep="\t")
rank = {}
for p in r["papers"]:
    for q in r["queries"]:
        if p["id"] in q["listed"]:
            assert q["name"] == p["query"]
print("listed-under-own", all(p["id"] in next(q for q in r["queries"] if q["name"] == p["query"])["listed"] for p in r["papers"]), sep="\t")
multi = [p for p in r["papers"] if len(p["queries"]) > 1]
print("multi", len(multi) > 0, sep="\t")
print("trend", all(sum(s["counts"]) + s["earlier"] == q["total"] for s, q in zip(r["trend"]["series"], r["queries"])), sep="\t")
EOF
while IFS=$'\t' read -r kind name searched total ids; do
  [[ $kind == count ]] || continue
  check_eq "[$name] the count is --count of '$searched', and every match is kept" \
    "$total $ids" "$(q --count "$searched") $(q --count "$searched")"
done <"$scratch/checks.tsv"
check_eq "a paper is listed once" "$(grep '^unique' "$scratch/checks.tsv" | cut -f2)" True
check_eq "... under the query that ranks it best" "$(grep '^listed-under-own' "$scratch/checks.tsv" | cut -f2)" True
check_eq "... and some are found by several queries (the plan tests that case)" "$(grep '^multi' "$scratch/checks.tsv" | cut -f2)" True
check_eq "the trend adds up to the counts" "$(grep '^trend' "$scratch/checks.tsv" | cut -f2)" True
check_eq "papers.csv: a row per listed paper, parseable" \
  "$("$PYTHON" -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$scratch/out/papers.csv")" \
  "$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["papers"]))' "$scratch/out/review.json")"
check_eq "refs.bib: one entry per paper, keys unique" \
  "$(grep -c '^@' "$scratch/out/refs.bib") $(grep '^@' "$scratch/out/refs.bib" | sort -u | wc -l)" \
  "$(tail -n +2 "$scratch/out/papers.csv" | wc -l) $(tail -n +2 "$scratch/out/papers.csv" | wc -l)"
check_eq "report.html needs nothing from elsewhere" \
  "$(grep -c -E '<script|<link|src=|url\(|@import' "$scratch/out/report.html")" 0
check_contains "report.html: the title escaped" "$(cat "$scratch/out/report.html")" "<title>Speech &amp; audio &lt;review&gt;</title>"

# report.md is the digest format: digest-index reads every listed paper back.
"$DIGEST_INDEX" --db "$scratch/back" --quiet add "$scratch/out/report.md" 2>/dev/null
check_eq "report.md read back by digest-index: every listed paper" \
  "$("$DIGEST_QUERY" --db "$scratch/back" -f ids -n 0 'section:new OR section:replaced' | sort)" \
  "$("$PYTHON" -c 'import json,sys; print("\n".join(sorted(p["id"] for p in json.load(open(sys.argv[1]))["papers"])))' "$scratch/out/review.json")"

# Re-running: nothing new; after the rest of the digest, exactly the added papers.
bibkeys_before=$(grep '^@' "$scratch/out/refs.bib")
run_cmd q review "$scratch/plan.json" --out "$scratch/out"
check_contains "again at once: nothing new" "$out" "eess-as: "
check_eq "... 0 new for every query" \
  "$("$PYTHON" -c 'import json,sys; print([q["new"] for q in json.load(open(sys.argv[1]))["queries"]])' "$scratch/out/review.json")" "[0, 0, 0]"
check_eq "... and the BibTeX keys are the same" "$(grep '^@' "$scratch/out/refs.bib")" "$bibkeys_before"
# The same file, now whole (another file naming the same digest would be refused).
cp "$example" "$scratch/d/20251230_Tue/audio.md"
"$DIGEST_INDEX" --db "$db" --quiet add "$scratch/d/20251230_Tue/audio.md" || die "indexing the whole example failed"
expected=$(awk -F'\t' '$2 ~ /eess\.AS/' "$scratch/removed.ids" | wc -l)
q review "$scratch/plan.json" --out "$scratch/out" >/dev/null
check_eq "after the rest of the digest: eess-as counts exactly the added eess.AS papers as new" \
  "$("$PYTHON" -c 'import json,sys; print(next(q["new"] for q in json.load(open(sys.argv[1]))["queries"] if q["name"] == "eess-as"))' "$scratch/out/review.json")" \
  "$expected"
check_eq "... and marks them new in the papers listed" \
  "$("$PYTHON" - "$scratch/out/review.json" "$scratch/removed.ids" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
added = {line.split("\t")[0] for line in open(sys.argv[2])}
print(all(p["new"] == (p["id"] in added) for p in r["papers"]))
EOF
)" True
check_eq "no temporary file left in the folder" "$(ls -A "$scratch/out" | grep -c '^\.')" 0

# Bad plans.
bad_plan() {  # $1: what, $2: JSON, $3: text the error must hold
  printf '%s' "$2" >"$scratch/bad.json"
  run_cmd q review "$scratch/bad.json" --out "$scratch/bad-out"
  check_eq "$1: exit 2, nothing written" "$rc:$([[ -e $scratch/bad-out ]] && echo written)" "2:"
  check_contains "$1: the error names the file" "$err" "$scratch/bad.json: $3"
}
bad_plan "not JSON" '{"title": ' "not JSON"
bad_plan "an unknown key" '{"title": "t", "queries": [{"name": "a", "query": "b"}], "extra": 1}' 'unknown key "extra"'
bad_plan "no queries" '{"title": "t", "queries": []}' '"queries" is a list'
bad_plan "a bad name" '{"title": "t", "queries": [{"name": "a b", "query": "x"}]}' 'queries[0].name "a b" is not a name'
bad_plan "a name twice" '{"title": "t", "queries": [{"name": "a", "query": "x"}, {"name": "a", "query": "y"}]}' 'queries[1].name "a" is given twice'
bad_plan "a query with a mistake" '{"title": "t", "queries": [{"name": "a", "query": "(x"}]}' 'queries[0].query: '
bad_plan "a bad date" '{"title": "t", "from": "2025-13", "queries": [{"name": "a", "query": "x"}]}' '"2025-13" is not a date'
run_cmd q review "$scratch/nonexistent.json" --out "$scratch/bad-out"
check_eq "a missing plan: exit 2" "$rc" 2

# Looked at in a browser: the page and its chart are drawn.
source "$(dirname "$0")/lib/browser.bash"
render_png "$scratch/out/report.html" "$scratch/report.png" 1000 1400
colours=$("$PYTHON" "$DIGEST_TESTS/tools/png_colours.py" "$scratch/report.png" '#0072B2' '#D55E00' '#009E73')
check_eq "report.html is drawn: text, and the chart's three series" \
  "$(( $(sed -n 's/^drawn=//p' <<<"$colours") > 20000 )) $(( $(sed -n 's/^#0072B2=//p' <<<"$colours") > 300 )) $(( $(sed -n 's/^#D55E00=//p' <<<"$colours") > 100 )) $(( $(sed -n 's/^#009E73=//p' <<<"$colours") > 100 ))" \
  "1 1 1 1"
finish
