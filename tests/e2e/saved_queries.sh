#!/usr/bin/env bash
# Saved queries and "what is new": run --new after adding a day shows exactly the papers that
# day brought to the query (against an independent reading of the digests), --peek leaves
# them unseen, query:NAME works inside any query, and a broken file, an unknown name or a
# self-reference are clear errors; the state file is written whole.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_TESTS
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
export XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state"
db="$scratch/db"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }
config="$XDG_CONFIG_HOME/digest-search/queries"
state="$XDG_STATE_HOME/digest-search/seen.json"

# Three days, then a fourth.
mapfile -t days < <(ls "$corpus" | sort | head -4)
mkdir -p "$scratch/before" "$scratch/after"
link_day() { mkdir -p "$2/$1" && ln -s "$corpus/$1"/*.md "$2/$1/"; }
for d in "${days[@]:0:3}"; do link_day "$d" "$scratch/before"; done
for d in "${days[@]}"; do link_day "$d" "$scratch/after"; done
"$DIGEST_INDEX" --db "$db" add -q "$scratch/before" || die "indexing three days failed"
# The papers in eess.AS, by an independent reading of the digests of the days given.
truth() {
  "$PYTHON" "$DIGEST_TESTS/tools/corpus_truth.py" "$1" |
    "$PYTHON" -c '
import json, sys
for line in sys.stdin:
    p = json.loads(line)
    if "eess.AS" in p["categories"]:
        print(p["id"])' | sort
}
truth "$scratch/before" >"$scratch/before.ids"
truth "$scratch/after" >"$scratch/after.ids"
comm -13 "$scratch/before.ids" "$scratch/after.ids" >"$scratch/brought.ids"
[[ -s $scratch/brought.ids ]] || die "the fourth day brought no eess.AS paper: pick other days"

run_cmd q save eas 'cat:eess.AS'
check_eq "save: exit 0, says how many match" "$rc:$out" "0:saved eas: $(commas "$(wc -l <"$scratch/before.ids")") papers match now"
check_contains "the saved query is in the file, as written" "$(cat "$config")" "eas = cat:eess.AS"
q run eas --new --peek -f ids | sort >"$scratch/peek.ids"
check_eq "run --new --peek: every match is new" "$(diff "$scratch/peek.ids" "$scratch/before.ids")" ""
check_eq "--peek leaves no state" "$([[ -e $state ]] && echo written || echo none)" none
q run eas --new -f ids | sort >"$scratch/first.ids"
check_eq "run --new: every match the first time (not only 10)" "$(diff "$scratch/first.ids" "$scratch/before.ids")" ""
run_cmd q run eas --new -f ids
check_eq "run --new again: nothing new, exit 1" "$rc:$out" "1:"

"$DIGEST_INDEX" --db "$db" add -q "$scratch/after" || die "indexing the fourth day failed"
json=$(q saved -f json)
check_eq "saved: matches now and not yet shown" \
  "$(json_get "$json" 0.matches) $(json_get "$json" 0.new)" \
  "$(wc -l <"$scratch/after.ids") $(wc -l <"$scratch/brought.ids")"
q run eas --new -f ids | sort >"$scratch/new.ids"
check_eq "after a day: run --new shows exactly what the day brought ($(wc -l <"$scratch/brought.ids") papers)" \
  "$(diff "$scratch/new.ids" "$scratch/brought.ids")" ""
run_cmd q run eas --new -f ids
check_eq "and then nothing" "$rc" 1
check_eq "run without --new: every match" "$(q run eas -n 0 -f ids | wc -l)" "$(wc -l <"$scratch/after.ids")"
check_eq "the state file is whole JSON, no temporary file left" \
  "$("$PYTHON" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["seen"]["eas"]))' "$state") $(ls -A "$(dirname "$state")" | wc -l)" \
  "$(wc -l <"$scratch/after.ids") 1"

# query:NAME inside a query.
check_eq "query:NAME in a query = its text" "$(q --count 'query:eas speech')" "$(q --count 'cat:eess.AS speech')"
q save sp 'query:eas speech' >/dev/null
check_eq "a saved query using another" "$(q --count 'query:sp')" "$(q --count 'cat:eess.AS speech')"
csv=$(q saved -f csv)
check_eq "saved -f csv: header and a row per query" "$(head -1 <<<"$csv" | tr -d '\r') $(wc -l <<<"$csv")" "name,query,matches,new 3"

# Mistakes.
run_cmd q save eas 'query:sp'
check_eq "a query referring to itself through another: exit 2" "$rc" 2
check_contains "... naming the chain" "$err" "refers to itself: eas -> sp -> eas"
check_contains "... and the file keeps the old one" "$(cat "$config")" "eas = cat:eess.AS"
run_cmd q save 'bad name' speech
check_eq "a bad name: exit 2" "$rc" 2
run_cmd q save x 'cat:cs.SD (speech'
check_eq "a query with a mistake is not saved" "$rc:$(grep -c '^x ' "$config")" "2:0"
run_cmd q run nosuch
check_eq "an unknown name: exit 2" "$rc" 2
check_contains "... said so" "$err" "no saved query named nosuch"
run_cmd q --count 'query:nosuch speech'
check_eq "query:unknown in a query: exit 2" "$rc" 2
cp "$config" "$scratch/config.good"
printf 'broken line\n' >>"$config"
line=$(wc -l <"$config")
run_cmd q saved
check_eq "a broken line in the file: exit 2" "$rc" 2
check_contains "... naming the file and line" "$err" "$config:$line: expected NAME = QUERY"
check_eq "... and the file is left as it is" "$(tail -1 "$config")" "broken line"
run_cmd q --count speech
check_eq "queries without query: still work" "$rc" 0
cp "$scratch/config.good" "$config"
printf 'eas = speech\n' >>"$config"
run_cmd q saved
check_contains "a name given twice" "$err" "a second query named eas"
cp "$scratch/config.good" "$config"
printf '{"seen": ' >"$state"
run_cmd q run eas --new
check_eq "a damaged state file: exit 2, never a silent reset" "$rc" 2
check_contains "... naming it" "$err" "$state: damaged"
rm -f "$state"
run_cmd q forget sp
check_eq "forget" "$rc:$out" "0:forgot sp"
run_cmd q forget sp
check_eq "forget an unknown one: exit 2" "$rc" 2
finish
