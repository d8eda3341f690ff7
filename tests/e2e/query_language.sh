#!/usr/bin/env bash
# The query language as people type it, on the whole shared corpus: OR binds its neighbours
# before AND; `-word` on the command line is a negated word; `--` ends the options; a pasted
# arXiv id or link is that paper; word pairs rank terms of art first whatever the operators.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

db="$DIGEST_CORPUS_DB"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }
truth="$scratch/truth.jsonl"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers" >"$truth" ||
  die "corpus_truth.py failed"

# --- OR binds its neighbours ------------------------------------------------------------------
tse='"target speaker extraction" lightweight OR efficient OR "low complexity"'
grouped='"target speaker extraction" (lightweight OR efficient OR "low complexity")'
check_eq "a b OR c = a (b OR c)" "$(q --count "$tse")" "$(q --count "$grouped")"
phrase_only=$(q --count '"target speaker extraction"')
check_match "the phrase is required: fewer papers than the phrase alone ($phrase_only)" \
  "$(q --count "$tse")" '^[0-9]+$'
(($(q --count "$tse") <= phrase_only)) && pass "OR does not swallow the phrase" ||
  fail "the OR-ed words swallowed the phrase: $(q --count "$tse") > $phrase_only"
check_eq "every paper found holds the phrase and a word (independent reading)" \
  "$(q -f ids --all "$tse" | "$PYTHON" -c '
import json, re, sys
papers = {}
for line in open(sys.argv[1], encoding="utf-8"):
    p = json.loads(line)
    papers[p["id"]] = (p["title"] + " " + p["abstract"]).lower()
ids = [l.strip() for l in sys.stdin if l.strip()]
bad = [i for i in ids if "target speaker extract" not in papers[i] or
       not re.search(r"lightweight|efficien|low[- ]complexit", papers[i])]
print("ok" if ids and not bad else "%d found, not holding both: %s" % (len(ids), bad[:5]))' "$truth")" ok
check_contains "--explain shows the grouping" "$(q --explain --count "$tse" 2>&1 >/dev/null)" \
  'understood:  "target speaker extraction" AND (lightweight OR efficient OR "low complexity")'
check_eq "a OR b c = (a OR b) c" "$(q --count 'diffusion OR flow matching')" \
  "$(q --count '(diffusion OR flow) matching')"

# --- -word on the command line -------------------------------------------------------------------
run_cmd q --count "speech enhancement" -diffusion
check_eq "-diffusion as an argument: a negated word" "$rc:$out" "0:$(q --count 'speech enhancement NOT diffusion')"
run_cmd q --count -speech enhancement
check_eq "-speech first: a negated word, not --sort" "$rc:$out" "0:$(q --count 'enhancement NOT speech')"
check_eq "options still work: -n 3" "$(q -n 3 -f ids speech | wc -l)" 3
check_eq "options still work: -n3" "$(q -n3 -f ids speech | wc -l)" 3
check_eq "-- ends the options" "$(q --count -- -speech enhancement)" "$(q --count 'enhancement NOT speech')"

# --- A pasted id, arXiv: id or link -----------------------------------------------------------------
id=$(head -1 "$truth" | "$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.read())["id"])')
for form in "$id" "${id}v2" "arXiv:$id" "https://arxiv.org/abs/$id" "https://arxiv.org/pdf/${id}v1"; do
  check_eq "pasted [$form] is the paper" "$(q -f ids "$form")" "$id"
done
check_eq "a number is not an id" "$(q --count 2024.1234 2>/dev/null || true)" 0

# --- Word pairs whatever the operators -----------------------------------------------------------------
check_contains "pairs with a NOT" "$(q --explain --count 'speech enhancement -diffusion' 2>&1 >/dev/null)" "XBspeech enhanc"
check_contains "pairs with an OR beside" "$(q --explain --count 'speech enhancement OR separation' 2>&1 >/dev/null)" "XBspeech enhanc"

finish
