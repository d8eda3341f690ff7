#!/usr/bin/env bash
# Facets on the whole shared corpus: every count equals --count of the query with the value's
# filter added (every value of two queries, authors included), counts over the whole match set
# agree with an independent reading of the digests (categories, first-listed month and year),
# and JSON carries them in the documented shape.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
db="$DIGEST_CORPUS_DB"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# --- Every value's count is the count of its filter -----------------------------------------
# value<TAB>count<TAB>filter for every value of every facet of a query.
facet_rows() {
  q -f json -n 1 --facet category:0,primary:0,topic:0,section:0,month:0,year:0,author:0 "$1" |
    "$PYTHON" -c '
import json, sys
for name, values in json.load(sys.stdin)["facets"].items():
    for v in values:
        print(name, v["value"], v["count"], v["filter"], sep="\t")'
}
for query in 'diffusion "speech enhancement"' '"target speaker extraction"'; do
  facet_rows "$query" >"$scratch/rows.tsv"
  rows=$(wc -l <"$scratch/rows.tsv")
  [[ $rows -ge 100 ]] || die "[$query] only $rows facet values"
  wrong=0
  while IFS=$'\t' read -r name value count filter; do
    got=$(q --count "($query) $filter")
    if [[ $got != "$count" ]]; then
      ((wrong += 1))
      [[ $wrong -le 5 ]] && echo "  [$query] $name $value: facet $count, --count with $filter: $got"
    fi
  done <"$scratch/rows.tsv"
  check_eq "[$query] every one of $rows facet counts = --count with its filter" "$wrong" 0
  # Counted over every match, not the page: the categories of one paper cover every match.
  total=$(q --count "$query")
  biggest=$(awk -F'\t' '$1 == "year" { n += $3 } END { print n }' "$scratch/rows.tsv")
  check_eq "[$query] the years' counts add up to the total" "$biggest" "$total"
done

# --- Against the digests ------------------------------------------------------------------
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$scratch/truth.jsonl" ||
  die "corpus_truth.py failed"
truth_counts() {  # $1: a Python condition on p; prints facet<TAB>value<TAB>count, sorted
  "$PYTHON" - "$scratch/truth.jsonl" "$1" <<'EOF' | sort
import collections, json, re, sys
# arXiv categories: a known archive, with or without a subject class (MSC and ACM classes
# mixed into a 分类 line are not categories).
ARCHIVES = ("astro-ph cond-mat cs econ eess gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
            "nlin nucl-ex nucl-th physics q-bio q-fin quant-ph stat").split()
CATEGORY = re.compile(r"^(%s)(\.[A-Za-z-]{1,12})?$" % "|".join(map(re.escape, ARCHIVES)))
counts = collections.defaultdict(collections.Counter)
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    if not eval(sys.argv[2]):
        continue
    for c in set(c for c in p["categories"] if CATEGORY.match(c)):
        counts["category"][c] += 1
    first = min(a["date"] for a in p["appearances"])
    counts["month"][first[:7]] += 1
    counts["year"][first[:4]] += 1
for name, c in counts.items():
    for value, n in c.items():
        print(name, value, n, sep="\t")
EOF
}
tool_counts() {
  q -f json -n 1 --facet category:0,month:0,year:0 "$1" | "$PYTHON" -c '
import json, sys
for name, values in json.load(sys.stdin)["facets"].items():
    for v in values:
        print(name, v["value"], v["count"], sep="\t")' | sort
}
truth_counts '"eess.AS" in p["categories"]' >"$scratch/truth.tsv"
tool_counts 'cat:eess.AS' >"$scratch/tool.tsv"
[[ $(wc -l <"$scratch/truth.tsv") -ge 20 ]] || die "the digests gave too few values"
check_eq "cat:eess.AS: categories, months and years as the digests have them" \
  "$(diff "$scratch/truth.tsv" "$scratch/tool.tsv" | head -5)" ""
truth_counts 'True' >"$scratch/truth.tsv"
tool_counts 'cat:cs OR cat:eess OR cat:math OR cat:stat OR cat:physics OR cat:q-bio OR cat:econ OR cat:quant-ph OR cat:astro-ph OR cat:cond-mat OR cat:hep-th OR cat:gr-qc OR cat:nlin OR cat:q-fin OR cat:hep-ph OR cat:hep-ex OR cat:math-ph OR cat:nucl-th OR cat:hep-lat OR cat:nucl-ex' >"$scratch/tool.tsv"
total_truth=$(wc -l <"$scratch/truth.jsonl")
check_eq "every paper: years add up to the papers in the digests" \
  "$(awk -F'\t' '$1 == "year" { n += $3 } END { print n }' "$scratch/tool.tsv")" "$total_truth"
check_eq "every paper: months as the digests have them" \
  "$(diff <(grep '^month' "$scratch/truth.tsv") <(grep '^month' "$scratch/tool.tsv") | head -5)" ""

# --- Shapes --------------------------------------------------------------------------------
json=$(q -f json -n 2 --facet category:3 --facet author:4 'speech')
printf '%s' "$json" >"$scratch/facets.json"
run_cmd "$PYTHON" "$DIGEST_TESTS/tools/check_json_schema.py" --count 2 "$scratch/facets.json"
check_eq "JSON with facets follows schema/results.schema.json" "$rc:$err" "0:"
check_eq "JSON: the facets asked for, as many values as asked" \
  "$(printf '%s' "$json" | "$PYTHON" -c '
import json, sys
f = json.load(sys.stdin)["facets"]
print(sorted(f), len(f["category"]), len(f["author"]))')" "['author', 'category'] 3 4"
text=$(q -f brief -n 1 --facet category:3 'speech')
check_match "brief: a heading and aligned rows after the results" "$text" $'category \\(3 of [0-9]+\\)\n  cs\\.SD +[0-9]+'
count_json=$(q --count -f json --facet year 'speech')
check_eq "--count --format json carries the facets" \
  "$(printf '%s' "$count_json" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(sum(v["count"] for v in d["facets"]["year"]) == d["total"])')" True
run_cmd q --facet nosuch speech
check_eq "an unknown facet: usage error" "$rc" 2
check_contains "an unknown facet names the ones there are" "$err" "facets are author, category"
run_cmd q --facet category:x speech
check_eq "a facet size that is not a number: usage error" "$rc" 2
finish
