#!/usr/bin/env bash
# "Did you mean" and no silent empty result: a query that matches nothing says so on standard
# error in one line, with a correction that finds papers when there is one (words from the
# spelling table of titles and abstracts, au: names from the author keys); -q silences it;
# the exit code is 1 and standard output holds only a script format's empty document.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_TESTS
make_scratch

db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md" ||
  die "indexing the example failed"
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# A typo in each word.
run_cmd q spech enhancment
check_eq "a typo: exit 1" "$rc" 1
check_eq "a typo: nothing on stdout" "$out" ""
check_eq "a typo: one line, with the correction" "$err" \
  'no paper matches "spech enhancment"; did you mean: speech enhancement'
run_cmd q speech enhancement
check_eq "the correction finds papers" "$rc" 0

run_cmd q -q spech enhancment
check_eq "-q: exit 1" "$rc" 1
check_eq "-q: nothing on stderr" "$err" ""
check_eq "-q: nothing on stdout" "$out" ""

for format in digest brief ids; do
  run_cmd q -f "$format" spech enhancment
  check_eq "$format: exit 1" "$rc" 1
  check_eq "$format: nothing on stdout" "$out" ""
done

run_cmd q -f json spech enhancment
check_eq "json: exit 1" "$rc" 1
check_eq "json: total 0" "$(json_get "$out" total)" 0
check_eq "json: the suggestion" "$(json_get "$out" suggestion)" "speech enhancement"
check_contains "json: the line on stderr too" "$err" "did you mean: speech enhancement"
"$PYTHON" "$DIGEST_TESTS/tools/check_json_schema.py" --count 0 <<<"$out" >/dev/null 2>&1
check_eq "json: the empty document follows the schema" "$?" 0
run_cmd q -f json speech enhancement
check_eq "json: no suggestion when papers match" "$(json_get "$out" suggestion)" ""

run_cmd q -c -f json spech enhancment
check_eq "count json: the suggestion" "$(json_get "$out" suggestion)" "speech enhancement"

run_cmd q -f csv spech enhancment
check_eq "csv: exit 1" "$rc" 1
check_eq "csv: the header only" "$(printf '%s\n' "$out" | wc -l)" 1
check_contains "csv: a header" "$out" "rank,id"

# Mistyped words inside a phrase and a field are corrected in place, operators kept.
run_cmd q '"speach recognition"'
check_contains "a phrase is corrected in place" "$err" 'did you mean: "speech recognition"'
run_cmd q 'ti:spech'
check_contains "a field's words too" "$err" "did you mean: ti:speech"

# An author's name: from the author keys, with the person's full name.
run_cmd q au:povy
check_eq "au:povy: exit 1" "$rc" 1
check_eq "au:povy: suggests povey" "$err" \
  'no paper matches "au:povy"; did you mean: au:povey (Daniel Povey)'
run_cmd q -f json au:povy
check_eq "au:povy: JSON suggestion" "$(json_get "$out" suggestion)" "au:povey"

run_cmd q authors Povy
check_eq "authors Povy: exit 1" "$rc" 1
check_eq "authors Povy: says so, with the name" "$err" \
  'no author matches "Povy"; did you mean: Povey (Daniel Povey)'
run_cmd q authors -f json Povy
check_eq "authors json: total 0" "$(json_get "$out" total)" 0
check_eq "authors json: the suggestion" "$(json_get "$out" suggestion)" "Povey (Daniel Povey)"
run_cmd q authors -q Povy
check_eq "authors -q: nothing on stderr" "$err" ""

# --explain shows the correction.
run_cmd q --explain spech enhancment
check_contains "--explain shows the correction" "$err" "corrected:   speech enhancement"

# No close spelling: the line still says nothing matched.
run_cmd q speech zzqqxx
check_eq "no suggestion: exit 1" "$rc" 1
check_eq "no suggestion: the line alone" "$err" 'no paper matches "speech zzqqxx"'

# A word that is no title or abstract word but an author's is no typo.
run_cmd q -f ids povey
check_eq "a name is not corrected" "$rc" 0

finish
