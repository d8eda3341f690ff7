#!/usr/bin/env bash
# Trends on the whole shared corpus: per month, week and year, papers counted in the period
# they were first listed (and listings by --by-listing), checked against an independent
# reading of the digests and against --count with first: added; the table, JSON, CSV and the
# SVG chart hold the same numbers.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
db="$DIGEST_CORPUS_DB"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$scratch/truth.jsonl" ||
  die "corpus_truth.py failed"
# truth BY LISTING CONDITION: period<TAB>count for the papers (or listings) meeting CONDITION
# (Python, on p), every period from the first first listing to the last listing, zeros too.
truth() {
  "$PYTHON" - "$scratch/truth.jsonl" "$1" "$2" "$3" <<'EOF'
import collections, datetime, json, sys
path, by, listing, condition = sys.argv[1:5]
papers = [json.loads(line) for line in open(path, encoding="utf-8")]
def period(day):
    d = datetime.date.fromisoformat(day)
    if by == "year":
        return "%04d" % d.year
    if by == "month":
        return "%04d-%02d" % (d.year, d.month)
    y, w, _ = d.isocalendar()
    return "%04d-W%02d" % (y, w)
days = [a["date"] for p in papers for a in p["appearances"]]
first = min(min(a["date"] for a in p["appearances"]) for p in papers)
last = max(days)
counts = collections.Counter()
for p in papers:
    if not eval(condition):
        continue
    if listing == "yes":
        for a in p["appearances"]:
            counts[period(a["date"])] += 1
    else:
        counts[period(min(a["date"] for a in p["appearances"]))] += 1
d = datetime.date.fromisoformat(first)
end = datetime.date.fromisoformat(last)
seen = []
while d <= end:
    if period(d.isoformat()) not in seen:
        seen.append(period(d.isoformat()))
    d += datetime.timedelta(days=1)
for s in seen:
    print(s, counts[s], sep="\t")
EOF
}
# The tool's CSV as period<TAB>count for its one query.
tool() { q trend -f csv "$@" | tail -n +2 | tr -d '\r' | tr ',' '\t'; }

for by in month week year; do
  truth $by no '"eess.AS" in p["categories"]' >"$scratch/truth.tsv"
  tool --by $by 'cat:eess.AS' >"$scratch/tool.tsv"
  [[ $(wc -l <"$scratch/truth.tsv") -ge 2 ]] || die "the digests gave too few periods"
  check_eq "cat:eess.AS per $by, by first listing, zeros included: as the digests have them" \
    "$(diff "$scratch/truth.tsv" "$scratch/tool.tsv" | head -5)" ""
done
truth month yes '"cs.SD" in p["categories"]' >"$scratch/truth.tsv"
tool --by month --by-listing 'cat:cs.SD' >"$scratch/tool.tsv"
check_eq "cat:cs.SD per month --by-listing: listings as the digests have them" \
  "$(diff "$scratch/truth.tsv" "$scratch/tool.tsv" | head -5)" ""

# A query of words: each month's count is --count of the query with first: that month.
query='diffusion "speech enhancement"'
wrong=0
while IFS=$'\t' read -r month n; do
  got=$(q --count "$query first:$month")
  [[ $got == "$n" ]] || { ((wrong += 1)); echo "  $month: trend $n, --count with first:$month $got"; }
done < <(tool "$query")
check_eq "[$query] every month = --count with first:MONTH" "$wrong" 0

# Two queries: one column each; JSON, CSV, table and chart agree.
q1='diffusion "speech enhancement"' q2='flow matching "speech enhancement"'
json=$(q trend -f json --plot "$scratch/se.svg" --title 'SE: diffusion vs flow matching' "$q1" "$q2")
check_eq "JSON: two series, totals = --count, counts add up to the totals" \
  "$(printf '%s' "$json" | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
print(len(d["series"]), [s["total"] for s in d["series"]],
      all(sum(s["counts"]) + s["earlier"] == s["total"] for s in d["series"]),
      len(d["periods"]) == len(d["series"][0]["counts"]), d["counted"])')" \
  "2 [$(q --count "$q1"), $(q --count "$q2")] True True first_listed"
check_eq "the SVG chart holds the JSON's numbers" \
  "$("$PYTHON" - "$scratch/se.svg" "$json" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
data = json.loads(sys.argv[2])
series = root.findall(".//s:g[@class='series']", ns)
ok = len(series) == len(data["series"])
for g, s in zip(series, data["series"]):
    ok &= g.get("data-query") == s["query"]
    ok &= [int(c.get("data-count")) for c in g.findall("s:circle", ns)] == s["counts"]
    ok &= [c.get("data-period") for c in g.findall("s:circle", ns)] == data["periods"]
ok &= "SE: diffusion vs flow matching" in (root.find("s:title", ns).text or "")
ok &= root.get("width") == "800" and root.get("height") == "400"
print(ok)
EOF
)" True
check_eq "the SVG needs nothing from elsewhere" "$(grep -c -E 'href=|<script|url\(' "$scratch/se.svg")" 0
# Looked at as a person would: Chromium draws the chart; the two series' colours are there
# (lines, not only the legend), and an empty chart is told apart.
source "$(dirname "$0")/lib/browser.bash"
render_png "$scratch/se.svg" "$scratch/se.png" 800 400
colours=$("$PYTHON" "$DIGEST_TESTS/tools/png_colours.py" "$scratch/se.png" '#0072B2' '#D55E00')
drawn=$(sed -n 's/^drawn=//p' <<<"$colours")
blue=$(sed -n 's/^#0072B2=//p' <<<"$colours")
orange=$(sed -n 's/^#D55E00=//p' <<<"$colours")
check_eq "the chart is drawn: text, axes, two coloured lines" \
  "$((drawn > 5000)) $((blue > 800)) $((orange > 800))" "1 1 1"
q trend --plot "$scratch/one.svg" "$q1" >/dev/null
render_png "$scratch/one.svg" "$scratch/one.png" 800 400
check_eq "a chart of one query has no second colour" \
  "$(( $("$PYTHON" "$DIGEST_TESTS/tools/png_colours.py" "$scratch/one.png" '#D55E00' | sed -n 's/^#D55E00=//p') < 50 ))" 1

table=$(q trend "$q1" "$q2")
check_match "the table: a column per query" "$table" $'month +\\[1\\] +\\[2\\]\n2025-09 +[0-9]+ +[0-9]+'
check_eq "CSV header: the period, then the queries" "$(q trend -f csv "$q1" "$q2" | head -1 | tr -d '\r')" \
  'month,"diffusion ""speech enhancement""","flow matching ""speech enhancement"""'

# A query's own date range: the periods are that range.
check_eq "date: narrows the periods to the query's range" \
  "$(q trend -f csv 'speech date:2026-01..2026-02' | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" \
  "month 2026-01 2026-02 "

# Errors and exit codes.
run_cmd q trend 'nosuchwordanywhere'
check_eq "no match anywhere: exit 1, the table still printed" "$rc:$(grep -c '^2025-09' <<<"$out")" "1:1"
run_cmd q trend --by day speech
check_eq "--by day: usage error" "$rc" 2
run_cmd q trend -f bibtex speech
check_eq "a format that cannot hold a trend: exit 2" "$rc" 2
check_contains "... naming those that can" "$err" "brief, json, csv"
run_cmd q trend --plot /nonexistent-dir/x.svg speech
check_eq "an unwritable --plot file: exit 2" "$rc" 2
check_contains "... naming the file" "$err" "/nonexistent-dir/x.svg"
run_cmd q trend 'cat:cs.SD (speech'
check_eq "a query error: exit 2" "$rc" 2
finish
