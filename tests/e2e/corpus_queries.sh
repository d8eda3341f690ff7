#!/usr/bin/env bash
# Queries on the whole shared corpus with answers known from an independent reading of the
# digests (tests/tools/corpus_truth.py): title queries find their paper first; filters count
# exactly; Chinese queries of 1, 2 and 8 characters find every paper whose summary holds them,
# exact runs first; sorting; exit codes.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"
db="$DIGEST_CORPUS_DB"
truth="$scratch/truth.jsonl"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$truth" || die "corpus_truth.py failed"
check_eq "truth papers" "$(wc -l <"$truth")" 55266
q() { "$DIGEST_QUERY" --db "$db" "$@"; }
# check_first_papers WHAT FILE: each line "ids<TAB>query"; the query's first paper is one of
# the ids (papers with the same title).
check_first_papers() {
  local ids query first
  while IFS=$'\t' read -r ids query; do
    first=$(q -f ids -n 1 "$query")
    if [[ " $ids " == *" $first "* ]]; then
      pass "$1 first: $first"
    else
      fail "$1 [$query]: expected one of [$ids] first, got [$first]"
    fi
  done <"$2"
}

# --- A title query finds its paper first -------------------------------------------------
"$PYTHON" - "$truth" >"$scratch/titles.tsv" <<'EOF'
import json, random, re, sys
papers = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
random.Random(7).shuffle(papers)
by_title = {}
for p in papers:
    by_title.setdefault(p['title'].lower(), []).append(p['id'])
n = 0
for p in papers:
    # The title as a user would type it: words only, no query syntax.
    words = re.sub(r'[^\w$^.\s]', ' ', p['title']).split()
    words = [w.strip('.') for w in words if w.strip('.')]
    if len(words) < 3:
        continue
    print(' '.join(by_title[p['title'].lower()]) + '\t' + ' '.join(words))
    n += 1
    if n == 25:
        break
EOF
check_first_papers "title query" "$scratch/titles.tsv"

# Titles pasted as they are (colons, hyphens, LaTeX) find their paper first too.
"$PYTHON" - "$truth" >"$scratch/raw_titles.tsv" <<'EOF'
import json, random, sys
papers = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
random.Random(11).shuffle(papers)
by_title = {}
for p in papers:
    by_title.setdefault(p['title'].lower(), []).append(p['id'])
n = 0
for p in papers:
    t = p['title']
    if ':' not in t or any(c in t for c in '"()*'):
        continue
    print(' '.join(by_title[t.lower()]) + '\t' + t)
    n += 1
    if n == 10:
        break
EOF
check_first_papers "pasted title" "$scratch/raw_titles.tsv"

# --- Filters count exactly ------------------------------------------------------------------
count_truth() {
  "$PYTHON" -c '
import json, sys
expr = sys.argv[2]
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    if eval(expr):
        n += 1
print(n)' "$truth" "$1"
}
check_eq "cat:eess.AS" "$(q --count cat:eess.AS)" "$(count_truth '"eess.AS" in p["categories"]')"
check_eq "cat:cs (every cs.*)" "$(q --count cat:cs)" \
  "$(count_truth 'any(c.startswith("cs.") for c in p["categories"])')"
check_eq "primary:cs.SD" "$(q --count primary:cs.SD)" \
  "$(count_truth 'p["categories"][:1] == ["cs.SD"]')"
check_eq "date:2025-12-30" "$(q --count date:2025-12-30)" \
  "$(count_truth 'any(a["date"] == "2025-12-30" for a in p["appearances"])')"
check_eq "date:2025-12..2026-01" "$(q --count date:2025-12..2026-01)" \
  "$(count_truth 'any("2025-12-01" <= a["date"] <= "2026-01-31" for a in p["appearances"])')"
check_eq "date:2026-04.. (open end)" "$(q --count date:2026-04..)" \
  "$(count_truth 'any(a["date"] >= "2026-04-01" for a in p["appearances"])')"
check_eq "date:..2025-09 (open start)" "$(q --count date:..2025-09)" \
  "$(count_truth 'any(a["date"] <= "2025-09-30" for a in p["appearances"])')"
check_eq "date:2025" "$(q --count date:2025)" \
  "$(count_truth 'any(a["date"].startswith("2025") for a in p["appearances"])')"
check_eq "topic:audio" "$(q --count topic:audio)" \
  "$(count_truth 'any(a["topic"] == "audio" for a in p["appearances"])')"
check_eq "section:replaced" "$(q --count section:replaced)" \
  "$(count_truth 'any(a["section"] == "replaced" for a in p["appearances"])')"
check_eq "cat:eess.AS date:2025-12 (filters AND)" "$(q --count 'cat:eess.AS date:2025-12')" \
  "$(count_truth '"eess.AS" in p["categories"] and any(a["date"].startswith("2025-12") for a in p["appearances"])')"
check_eq "topic:audio NOT cat:cs.SD" "$(q --count 'topic:audio NOT cat:cs.SD')" \
  "$(count_truth 'any(a["topic"] == "audio" for a in p["appearances"]) and "cs.SD" not in p["categories"]')"

# --- Chinese: every paper whose summary (of any listing) holds the query -----------------
eight=$("$PYTHON" -c '
import json, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.search(r"[\u4e00-\u9fff]{8}", json.loads(line)["summary"][20:])
    if m:
        print(m.group(0)); break' "$truth")
[[ ${#eight} == 8 ]] || die "no 8-character Chinese run found in the summaries"
for zh in 语 语音 语音识别 "$eight"; do
  expected=$("$PYTHON" -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    if any(sys.argv[2] in s for s in p["summaries"]):
        print(p["id"])' "$truth" "$zh" | sort)
  n_expected=$(grep -c . <<<"$expected")
  found=$(q -f ids -n 100000 "zh:$zh" | sort)
  missing=$(comm -23 <(echo "$expected") <(echo "$found") | grep -c . || true)
  check_eq "zh:$zh finds all $n_expected papers whose summary holds it (missing)" "$missing" 0
  if ((${#zh} > 1)); then
    phrase=$(q -f ids -n 100000 "zh:\"$zh\"" | sort)
    check_eq "zh:\"$zh\" (phrase) finds exactly those papers" "$phrase" "$expected"
  fi
done
# Unquoted runs: only papers holding the exact run (in any listing's text), none scattered.
q -f json -n 400 语音识别 >"$scratch/zh.json"
order=$("$PYTHON" -c '
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
def texts(r):
    yield from (r["summary"], r["title"], r["abstract"], r["comments"])
    for h in r["history"]:
        yield from h.values()
flags = ["语音识别" in "\n".join(texts(r)) for r in res]
first_scattered = flags.index(False) if False in flags else len(flags)
print("ok" if all(not f for f in flags[first_scattered:]) else "exact run after scattered at %d" % first_scattered)
' "$scratch/zh.json")
check_eq "exact Chinese runs rank above scattered characters" "$order" ok

# Hyphenated words: papers holding the phrase come first.
q -f json -n 10 'text-to-speech zero-shot' >"$scratch/tts.json"
verdict=$("$PYTHON" -c '
import json, re, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
def has(r, words):
    text = (r["title"] + " " + r["abstract"]).lower()
    return re.search(r"\b" + r"[-\s]".join(words) + r"\b", text) is not None
ok = len(res) == 10 and all(has(r, ["text", "to", "speech"]) and has(r, ["zero", "shot"]) for r in res)
print("ok" if ok else [r["id"] for r in res])' "$scratch/tts.json")
check_eq "text-to-speech zero-shot: the top 10 hold both phrases" "$verdict" ok

# --- Sorting ----------------------------------------------------------------------------------
for sort in date -date; do
  q -f json -n 50 --sort "$sort" cat:cs.SD >"$scratch/sorted.json"
  verdict=$("$PYTHON" -c '
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
dates = [max(a["date"] for a in r["appearances"]) for r in res]
want = sorted(dates, reverse=(sys.argv[2] == "-date"))
print("ok" if dates == want and len(dates) == 50 else "not sorted: %s" % dates[:5])
' "$scratch/sorted.json" "$sort")
  check_eq "--sort $sort" "$verdict" ok
done
# Paging: --offset continues where --limit stopped.
all10=$(q -f ids -n 10 speaker verification)
page2=$(q -f ids -n 5 --offset 5 speaker verification)
check_eq "--offset 5 -n 5 = results 6..10" "$page2" "$(sed -n 6,10p <<<"$all10")"
# Papers of equal score (to 1e-9; hundreds of them in these queries) come in descending id
# order, and pages of any size, whose edges fall inside runs of equal scores, put together
# give the whole list.
for query in speech ti:benchmark zh:语音; do
  q -f json -n 0 "$query" >"$scratch/ranked.json"
  verdict=$("$PYTHON" -c '
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
keys = [(-round(r["score"] * 1e9), r["id"]) for r in res]
ties = sum(1 for a, b in zip(keys, keys[1:]) if a[0] == b[0])
# Ascending score key, then descending id: sort by id first, then stably by score.
want = sorted(sorted(keys, key=lambda k: k[1], reverse=True), key=lambda k: k[0])
print("ok" if keys == want and ties >= 20 else "ties %d, first out of order: %s" %
      (ties, next(((a, b) for a, b in zip(keys, want) if a != b), None)))
' "$scratch/ranked.json")
  check_eq "[$query] equal scores in descending id order" "$verdict" ok
  whole=$("$PYTHON" -c '
import json, sys
print("\n".join(r["id"] for r in json.load(open(sys.argv[1], encoding="utf-8"))["results"][:120]))
' "$scratch/ranked.json")
  for size in 7 13 40; do
    pages=$(for ((at = 0; at < 120; at += size)); do q -f ids -n "$size" --offset "$at" "$query"; done | head -120)
    check_eq "[$query] pages of $size put together = the whole list" "$pages" "$whole"
  done
done
# --format ids reads no paper's stored record, only its id: the same papers as the JSON's,
# ranked, sorted by date (filters only) or by first listing.
for args in "-n 30 --offset 10 speaker verification" "-n 30 --offset 10 cat:cs.SD" \
  "-n 30 --sort first diffusion"; do
  # shellcheck disable=SC2086
  from_json=$(q -f json $args | "$PYTHON" -c '
import json, sys
print("\n".join(r["id"] for r in json.load(sys.stdin)["results"]))')
  # shellcheck disable=SC2086
  check_eq "[$args] --format ids = the ids of --format json" "$(q -f ids $args)" "$from_json"
done

# --- Exit codes as grep -------------------------------------------------------------------------
run_cmd q zzqqxxnotaword
check_eq "no match: exit 1" "$rc" 1
check_eq "no match: nothing on stdout" "$out" ""
run_cmd q speech zzqqxxnotaword
check_eq "a word no paper has: exit 1" "$rc" 1
check_eq "a word no paper has: nothing on stdout" "$out" ""
# Three known words that no paper holds together: papers holding some, with a note, in the
# formats people read; never in counts or the formats scripts read, unless asked (--partial).
run_cmd q -f brief speech grasping teleportation
check_eq "no paper holds every word: exit 0" "$rc" 0
check_eq "no paper holds every word: ten papers" "$(grep -c '^ *[0-9]*\. ' <<<"$out")" 10
check_contains "no paper holds every word: says so" "$err" "no paper holds every word"
run_cmd q -f ids speech grasping teleportation
check_eq "ids never relax: exit 1" "$rc" 1
check_eq "ids never relax: nothing printed" "$out" ""
run_cmd q --count speech grasping teleportation
check_eq "--count never relaxes" "$out" 0
check_eq "--count never relaxes: exit 1" "$rc" 1
run_cmd q --count --partial speech grasping teleportation
check_match "--count --partial relaxes" "$out" '^[0-9]{3,}$'
check_contains "--count --partial says so" "$err" "no paper holds every word"
check_eq "--partial: ids relax too" "$(q -f ids --partial speech grasping teleportation | wc -l)" 10
check_eq "--partial: JSON says partial" \
  "$(json_get "$(q -f json --partial speech grasping teleportation 2>/dev/null)" partial)" True
run_cmd q -f brief --all-words speech grasping teleportation
check_eq "--all-words: digest and brief do not relax either" "$rc" 1
check_eq "every word held: JSON says not partial" \
  "$(json_get "$(q -f json speaker verification)" partial)" False
run_cmd q -f ids speech grasping
check_eq "two words no paper holds together: strict" "$(q --count speech grasping)" \
  "$(q --count 'speech AND grasping')"
# Stop words are left out of queries, not out of phrases.
check_eq "stop words are not required" "$(q --count 'the speaker verification of noise')" \
  "$(q --count 'speaker verification noise')"
# (Without them the phrase would be "state art", two words in a row, which few papers have.)
check_match "phrases keep their stop words" "$(q --count '"state of the art"')" '^[0-9]{4,}$'
check_match "... and \"state art\" is another phrase" "$(q --count '"state art"')" '^[0-9]{1,2}$'
run_cmd q 'speech AND'
check_eq "syntax error: exit 2" "$rc" 2
check_contains "syntax error says where" "$err" "column"
run_cmd "$DIGEST_QUERY" --db "$scratch/nowhere" speech
check_eq "missing database: exit 2" "$rc" 2
check_contains "missing database: says how to create one" "$err" "digest-index add"

finish
