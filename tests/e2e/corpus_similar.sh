#!/usr/bin/env bash
# Similar papers on the whole shared corpus: like:ID returns papers on the same subject and in
# the same field, never the paper itself; it combines with filters; --like-text finds a paper
# from one sentence of its abstract; what cannot be compared is an error that says why.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch
db="$DIGEST_CORPUS_DB"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# Papers whose title names a narrow subject: their ten most similar papers must be about it too
# (the subject's words in their title or abstract), and must not include the paper itself.
for subject in "spoofing" "sign language" "grasp"; do
  source_id=$(q -f ids -n 1 "ti:\"$subject\"")
  [[ -n "$source_id" ]] || die "no paper titled with \"$subject\""
  q -f json -n 10 "like:$source_id" >"$scratch/like.json"
  verdict=$("$PYTHON" - "$scratch/like.json" "$source_id" "$subject" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
source, subject = sys.argv[2], sys.argv[3].split()[-1][:5]
if len(res) != 10:
    print("expected 10 papers, got %d" % len(res)); sys.exit()
if any(r["id"] == source for r in res):
    print("the paper itself is among its similar papers"); sys.exit()
about = sum(subject in (r["title"] + " " + r["abstract"]).lower() for r in res)
print("ok" if about >= 8 else "only %d of 10 mention %r" % (about, subject))
EOF
)
  check_eq "like:$source_id ($subject): similar papers are about $subject" "$verdict" ok
done

# The telling words of a paper on speech enhancement: its subject, not the words of how it is
# written ("too", "once", "call", "fashion" once brought papers on G-buffers and Dijkstra).
explained=$(q --explain -n 10 -f json like:2510.18744 2>"$scratch/explain.txt")
words=$(grep '^xapian:' "$scratch/explain.txt")
check_contains "like: a paper's telling words: its title's (enhancement)" "$words" "enhanc)"
for generic in too onc call fashion; do
  check_eq "like: a paper's telling words: not '$generic'" "$(grep -c " $generic)" <<<"$words")" 0
done
verdict=$("$PYTHON" -c '
import json, sys
res = json.loads(sys.argv[1])["results"]
about = sum("speech" in (r["title"] + " " + r["abstract"]).lower() for r in res)
print("ok" if about >= 8 else "only %d of 10 are on speech" % about)
' "$explained")
check_eq "like:2510.18744 (speech enhancement): similar papers are on speech" "$verdict" ok

# How well similar papers stay in the field, on 100 papers drawn with a fixed seed
# (scripts/eval-similar; README, "Similar papers": 0.941, 0.785, 0.931 and MRR 0.616 on these
# 100 papers), with a small margin: like:ID's top ten share a category, the primary category and
# a rare title word; --like-text finds the paper of a sentence of its abstract.
"$PYTHON" "$DIGEST_TESTS/tools/eval_similar.py" "$DIGEST_QUERY" "$db" 100 >"$scratch/eval.txt" ||
  die "eval_similar.py failed"
verdict=$("$PYTHON" - "$scratch/eval.txt" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
like = [float(x) for x in re.search(r"^  like:ID\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)", text, re.M).groups()]
mrr = float(re.search(r"MRR (\S+),", text).group(1))
low = [f"{name} {got:.3f} < {floor}" for name, got, floor in
       (("share a category", like[0], 0.92), ("same primary", like[1], 0.75),
        ("a rare title word", like[2], 0.90), ("--like-text MRR", mrr, 0.58)) if got < floor]
print("ok" if not low else "; ".join(low))
EOF
)
check_eq "like:ID stays in the field and on the subject; --like-text finds the paper" "$verdict" ok

# Filters narrow similar papers: only papers listed before 2026 and in cs.SD.
source_id=$(q -f ids -n 1 'ti:"speaker verification"')
q -f json -n 20 "like:$source_id date:..2025-12 cat:cs.SD" >"$scratch/filtered.json"
verdict=$("$PYTHON" - "$scratch/filtered.json" <<'EOF'
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["results"]
bad = [r["id"] for r in res
       if "cs.SD" not in r["categories"] or min(a["date"] for a in r["appearances"]) > "2025-12-31"]
print("ok" if res and not bad else "outside the filters: %s" % bad[:3])
EOF
)
check_eq "like: with date: and cat: filters" "$verdict" ok
check_match "like: sorts by relevance" "$(json_get "$(q -f json -n 1 "like:$source_id")" sort)" '^relevance$'

# --like-text: the first sentence of a paper's abstract finds that paper first.
q -f json -n 1 'ti:"sign language"' >"$scratch/paper.json"
want=$(json_get "$(cat "$scratch/paper.json")" results.0.id)
"$PYTHON" -c '
import json, re, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))["results"][0]
print(re.split(r"(?<=[.!?])\s", p["abstract"].strip(), maxsplit=1)[0])
' "$scratch/paper.json" >"$scratch/sentence.txt"
check_eq "--like-text FILE: the paper of the sentence comes first" \
  "$(q -f ids -n 1 --like-text "$scratch/sentence.txt")" "$want"
check_eq "--like-text - (standard input)" \
  "$(q -f ids -n 1 --like-text - <"$scratch/sentence.txt")" "$want"
check_eq "--like-text with a query: among the papers the query finds" \
  "$(q -f ids -n 1 --like-text "$scratch/sentence.txt" "id:$want")" "$want"
# A Chinese text is compared through the summaries.
run_cmd q -f ids -n 10 --like-text - <<<"基于大语言模型的语音识别方法"
check_eq "--like-text in Chinese: exit 0" "$rc" 0
check_eq "--like-text in Chinese: ten papers" "$(wc -l <<<"$out")" 10

# Errors name what is wrong and exit 2.
run_cmd q like:2912.99999
check_eq "like: an id not in the database: exit 2" "$rc" 2
check_contains "like: an id not in the database: says so" "$err" "no such paper in the database"
check_contains "like: an id not in the database: says how to add it" "$err" "digest-index arxiv --id 2912.99999"
run_cmd q like:speech
check_eq "like: not an id: exit 2" "$rc" 2
check_contains "like: not an id: says so" "$err" "not an arXiv id"
run_cmd q --like-text "$scratch/missing.txt"
check_eq "--like-text missing file: exit 2" "$rc" 2
check_contains "--like-text missing file: names it" "$err" "$scratch/missing.txt"
printf '\xff\xfe\n' >"$scratch/latin1.txt"
run_cmd q --like-text "$scratch/latin1.txt"
check_eq "--like-text invalid UTF-8: exit 2" "$rc" 2
check_contains "--like-text invalid UTF-8: says where" "$err" "invalid UTF-8 at byte 1"
: >"$scratch/empty.txt"
run_cmd q --like-text "$scratch/empty.txt"
check_eq "--like-text empty file: exit 2" "$rc" 2

finish
