#!/usr/bin/env bash
# Every listing's text is searchable (README, "Every text a paper was listed with"): a paper
# listed twice with a changed title or summary is found by words only its older text holds,
# its JSON carries the older text in "history" and says where a snippet came from; a digest
# read again removes only the texts it gave. Small digests made here, then the whole corpus
# against an independent reading (tests/tools/corpus_truth.py).
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

example="$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
mkdir -p "$scratch/d/20251230_Tue" "$scratch/d/20260106_Tue"
cp "$example" "$scratch/d/20251230_Tue/audio.md"
# A week later the first paper is listed again, renamed, with a new summary.
"$PYTHON" - "$example" "$scratch/d/20260106_Tue/audio.md" <<'PY'
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
first = text.index('#### [')
second = text.index('#### [', first + 1)
entry = text[first:second]
entry = re.sub(r'^#### \[new 001\] .*$', '#### [replaced 001] Quokka Vocoder Renamed', entry,
               flags=re.M)
entry = re.sub(r'(- \*\*简介: ).*?(\*\*)', r'\1该论文提出袋鼠合成器。\2', entry, flags=re.S)
open(sys.argv[2], 'w', encoding='utf-8').write(text[:first] + entry)
PY
grep -q "Quokka" "$scratch/d/20260106_Tue/audio.md" || die "the fixture edit failed"
id=$(grep -o 'arxiv.org/pdf/[0-9]*\.[0-9]*' "$example" | head -1 | sed 's|.*/||')
old_title=$(grep -m1 '^#### \[' "$example" | sed 's/^#### \[[a-z]* [0-9]*\] //')
old_word=$(sed -n '/^#### \[/,$p' "$example" | grep -m1 -o '简介: [^*]*' | "$PYTHON" -c '
import re, sys
runs = re.findall(r"[\u4e00-\u9fff]{4}", sys.stdin.read())
print(runs[-1])')
db="$scratch/db"
idx() { "$DIGEST_INDEX" --db "$db" "$@"; }
q() { "$DIGEST_QUERY" --db "$db" "$@"; }
run_cmd idx add "$scratch/d"
check_eq "the added digests" "$rc" 0

check_eq "the newest title is shown" "$(q -f json "id:$id" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["title"])')" "Quokka Vocoder Renamed"
check_eq "the old title's words find the paper" "$(q -f ids "ti:\"$old_title\"")" "$id"
check_eq "the new title's words find it too" "$(q -f ids 'ti:quokka')" "$id"
check_eq "a run of the older summary finds it" "$(q -f ids "zh:$old_word" | grep -c "^$id$")" 1
verdict=$(q -f json "zh:$old_word id:$id" | "$PYTHON" -c '
import json, sys
r = json.load(sys.stdin)["results"][0]
h = r["history"]
print(len(h), h[0]["date"], h[0]["topic"], "title" in h[0], "summary" in h[0], r["snippet_from"])')
check_eq "JSON: history and the snippet's source" "$verdict" \
  "1 2025-12-30 audio True True {'date': '2025-12-30', 'topic': 'audio', 'field': 'summary'}"
check_contains "brief marks an earlier text" "$(q -f brief "zh:$old_word id:$id")" "[earlier summary, 2025-12-30 audio]"
q -f json "zh:$old_word" >"$scratch/r.json"
check_eq "the JSON validates" "$("$PYTHON" "$DIGEST_TESTS/tools/check_json_schema.py" "$scratch/r.json" >/dev/null 2>&1; echo $?)" 0

# The older digest read again without the paper: its title and summary go with it.
"$PYTHON" - "$scratch/d/20251230_Tue/audio.md" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding='utf-8').read()
first = text.index('#### [')
second = text.index('#### [', first + 1)
open(path, 'w', encoding='utf-8').write(text[:first] + text[second:])
PY
run_cmd idx add "$scratch/d"
check_eq "the re-read digest" "$rc" 0
check_eq "the removed digest's title no longer finds the paper" "$(q -f ids "ti:\"$old_title\""; echo "exit $?")" "exit 1"
check_eq "the removed digest's summary neither" "$(q -f ids "zh:$old_word id:$id"; echo "exit $?")" "exit 1"
check_eq "the paper stays, with the newer text" "$(q -f ids 'ti:quokka')" "$id"
check_eq "no history is left" "$(q -f json "id:$id" | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["results"][0]["history"]))')" 0

# --- The whole corpus: a v1 title and an older summary still find their paper -------------
corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$scratch/truth.jsonl" || die "corpus_truth.py failed"
"$PYTHON" - "$scratch/truth.jsonl" >"$scratch/old.tsv" <<'PY'
import json, random, re, sys
papers = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
random.Random(12).shuffle(papers)
titles = summaries = 0
for p in papers:
    old_titles = [t for t in p['titles'] if t != p['title'] and t.count(' ') >= 3]
    if titles < 15 and old_titles:
        # Words of the old title that the newest title lacks.
        new = set(re.findall(r'\w+', p['title'].lower()))
        words = [w for w in re.findall(r'[A-Za-z]{5,}', old_titles[0]) if w.lower() not in new]
        if len(words) >= 2:
            print(p['id'] + '\tti:"' + ' '.join(re.findall(r'[\w]+', old_titles[0])) + '"')
            titles += 1
    if summaries < 15 and len(p['summaries']) > 1:
        runs = [r for s in p['summaries'][:-1] for r in re.findall(r'[\u4e00-\u9fff]{6,}', s)
                if r not in p['summary']]
        if runs:
            print(p['id'] + '\tzh:' + runs[0][:8])
            summaries += 1
    if titles == 15 and summaries == 15:
        break
print('#', titles, summaries, file=sys.stderr)
PY
check_eq "corpus: older titles and summaries to try" "$(grep -c . "$scratch/old.tsv")" 30
while IFS=$'\t' read -r id query; do
  found=$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" -f ids -n 0 "$query")
  if grep -qx "$id" <<<"$found"; then
    pass "corpus: $query finds $id"
  else
    fail "corpus: $query does not find $id"
  fi
done <"$scratch/old.tsv"
finish
