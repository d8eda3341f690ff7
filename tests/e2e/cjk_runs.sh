#!/usr/bin/env bash
# Chinese runs match as runs (README, "Chinese"): for 300 runs of 2 to 8 characters drawn at
# random (fixed seed) from the summaries, an independent substring scan of every text any
# listing gave (tests/tools/corpus_truth.py, NFKC and case folded as the normaliser folds)
# names the papers that hold each run. Recall must be 1.000 (every such paper found) and,
# when ten papers or more hold a run, all of the top ten hold it. A run no paper holds shows
# the papers holding its characters apart, marked partial, never silently.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"
truth="$scratch/truth.jsonl"
"$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$corpus" >"$truth" || die "corpus_truth.py failed"

verdict=$("$PYTHON" - "$truth" "$DIGEST_QUERY" "$DIGEST_CORPUS_DB" <<'PY'
import json, random, re, subprocess, sys, unicodedata
truth, query, db = sys.argv[1:4]
papers = [json.loads(l) for l in open(truth, encoding='utf-8')]
def norm(s):
    return unicodedata.normalize('NFKC', s).casefold()
texts = [(p['id'], norm('\n'.join(p['texts']))) for p in papers]
rng = random.Random(20261202)
runs = []
summaries = [p['summary'] for p in papers if p['summary']]
while len(runs) < 300:
    s = rng.choice(summaries)
    cjk = re.findall(r'[\u4e00-\u9fff]{2,}', s)
    if not cjk:
        continue
    r = rng.choice(cjk)
    n = rng.randint(2, min(8, len(r)))
    start = rng.randint(0, len(r) - n)
    run = r[start:start + n]
    if run not in runs:
        runs.append(run)
missed = holders_total = found_total = 0
top_bad = top_checked = 0
worst = []
for run in runs:
    want = {pid for pid, t in texts if norm(run) in t}
    out = subprocess.run([query, '--db', db, '-f', 'ids', '-n', '0', run],
                         capture_output=True, text=True)
    got = out.stdout.split()
    holders_total += len(want)
    miss = want - set(got)
    missed += len(miss)
    if miss and len(worst) < 5:
        worst.append('%s misses %s' % (run, sorted(miss)[:3]))
    extra = [g for g in got if g not in want]
    if len(want) >= 10:
        top_checked += 1
        if any(g not in want for g in got[:10]):
            top_bad += 1
            if len(worst) < 5:
                worst.append('%s: top ten holds %s' % (run, [g for g in got[:10] if g not in want]))
    elif extra:
        # Every match holds the run as written: extra papers are a mistake unless the run
        # was taken apart (no paper holds it), which this corpus's runs never need.
        if len(worst) < 5:
            worst.append('%s: %d papers that do not hold it' % (run, len(extra)))
        top_bad += 1
recall = 1 - missed / holders_total if holders_total else 1
print('runs=%d holders=%d recall=%.4f top10_checked=%d top10_bad=%d' % (
    len(runs), holders_total, recall, top_checked, top_bad))
for w in worst:
    print('  ' + w)
PY
) || die "the Chinese run check failed to run"
echo "$verdict"
line=$(head -1 <<<"$verdict")
check_eq "300 Chinese runs: every paper holding the run is found" "$(grep -o 'recall=[0-9.]*' <<<"$line")" "recall=1.0000"
check_eq "300 Chinese runs: no match lacks the run" "$(grep -o 'top10_bad=[0-9]*' <<<"$line")" "top10_bad=0"

# A run no paper holds: its characters apart, said so, and marked partial.
q() { "$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" "$@"; }
apart="识别语音增强模型识别"
check_eq "an unheld run, script formats: nothing" "$(q -f ids "$apart"; echo "exit $?")" "exit 1"
note=$(q -f brief -n 3 "$apart" 2>&1 >/dev/null)
check_contains "an unheld run for people: the note" "$note" "characters apart"
partial=$(q -f json --partial -n 3 "$apart" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(d["partial"], d["total"] > 0)')
check_eq "an unheld run with --partial: JSON says partial" "$partial" "True True"
finish
