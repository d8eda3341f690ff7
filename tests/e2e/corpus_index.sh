#!/usr/bin/env bash
# Indexes the whole shared corpus (595 real digests) and checks the counts against ones made
# independently of the indexer (grep over the files): every entry is read, no warning is given,
# a second run skips every file, and re-adding one day with --force changes no count.
# Fails, never skips, when the corpus is missing.
source "${DIGEST_TESTS:?run this test through ctest}/e2e/lib/common.bash" || exit 1
require_env DIGEST_INDEX DIGEST_SHARED DIGEST_TESTS

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"
make_scratch
db="$scratch/db"
index=("$DIGEST_INDEX" --db "$db")

# --- Independent counts, straight from the files.
files=$(find "$corpus" -name '*.md' -type f | wc -l)
check_eq "digest files in the corpus" "$files" 595
headings=$(cat "$corpus"/*/*.md | grep -c '^#### \[')
check_eq "entries (#### [ headings)" "$headings" 76700
new_headings=$(cat "$corpus"/*/*.md | grep -c '^#### \[new ')
replaced_headings=$(cat "$corpus"/*/*.md | grep -c '^#### \[replaced ')
check_eq "new entries" "$new_headings" 46606
check_eq "replaced entries" "$replaced_headings" 30094
ids=$(cat "$corpus"/*/*.md | grep '^- \*\*链接:' | grep -o 'arxiv\.org/pdf/[0-9]*\.[0-9]*' |
  sort -u | wc -l)
check_eq "distinct arXiv ids" "$ids" 55266
# The header counts (- **最新发布 N 篇** / - **更新 N 篇**) add up to the headings.
announced_new=$(cat "$corpus"/*/*.md | sed -n 's/^- \*\*最新发布 \([0-9]*\) 篇\*\*$/\1/p' |
  awk '{ s += $1 } END { print s }')
announced_replaced=$(cat "$corpus"/*/*.md | sed -n 's/^- \*\*更新 \([0-9]*\) 篇\*\*$/\1/p' |
  awk '{ s += $1 } END { print s }')
check_eq "header counts of new entries" "$announced_new" 46606
check_eq "header counts of replaced entries" "$announced_replaced" 30094
# ... and match in every single file.
mismatched=0
for f in "$corpus"/*/*.md; do
  n=$(sed -n 's/^- \*\*最新发布 \([0-9]*\) 篇\*\*$/\1/p' "$f")
  r=$(sed -n 's/^- \*\*更新 \([0-9]*\) 篇\*\*$/\1/p' "$f")
  if [[ "$n" != "$(grep -c '^#### \[new ' "$f")" || "$r" != "$(grep -c '^#### \[replaced ' "$f")" ]]; then
    mismatched=$((mismatched + 1))
    echo "header counts differ from the entries: $f" >&2
  fi
done
check_eq "files whose header counts match their entries" "$((files - mismatched))" "$files"
days=$(find "$corpus" -mindepth 1 -maxdepth 1 -type d | wc -l)
check_eq "digest days" "$days" 145

# --- First run: everything is read.
run_cmd "${index[@]}" add "$corpus"
check_eq "first run: exit code" "$rc" 0
check_eq "first run: no diagnostics" "$err" ""
check_match "first run: summary line" "$out" \
  '^595 files, 76,700 entries → 55,266 papers \(21,434 entries merged into papers already seen\), 0 warnings, [0-9.]+ s$'

run_cmd "${index[@]}" stats --json
check_eq "stats: exit code" "$rc" 0
stats=$out
check_eq "stats: papers" "$(json_get "$stats" papers)" 55266
check_eq "stats: appearances" "$(json_get "$stats" appearances)" 76700
check_eq "stats: digests" "$(json_get "$stats" digests)" 595
check_eq "stats: days" "$(json_get "$stats" days)" 145
check_eq "stats: first date" "$(json_get "$stats" first_date)" 2025-09-22
check_eq "stats: last date" "$(json_get "$stats" last_date)" 2026-04-30
check_eq "stats: files recorded" "$(json_get "$stats" files_recorded)" 595
check_eq "stats: last run" "$(json_get "$stats" last_run.files) $(json_get "$stats" last_run.read) \
$(json_get "$stats" last_run.skipped) $(json_get "$stats" last_run.entries) \
$(json_get "$stats" last_run.warnings) $(json_get "$stats" last_run.errors)" "595 595 0 76700 0 0"
# Appearances per topic = the headings of that topic's files.
for topic in audio robotics society text video; do
  expected=$(cat "$corpus"/*/"$topic".md | grep -c '^#### \[')
  check_eq "stats: appearances of $topic" "$(json_get "$stats" "topics.$topic.appearances")" \
    "$expected"
done

# --- Second run: every file is unchanged and skipped; nothing changes.
run_cmd "${index[@]}" add "$corpus"
check_eq "second run: exit code" "$rc" 0
check_eq "second run: no diagnostics" "$err" ""
check_match "second run: summary line" "$out" \
  '^595 files \(595 unchanged, skipped\), 0 entries → 0 papers \(0 entries merged into papers already seen\), 0 warnings, [0-9.]+ s$'
run_cmd "${index[@]}" stats --json
check_eq "second run: stats apart from last_run and size" \
  "$(json_without "$out" last_run size_bytes)" "$(json_without "$stats" last_run size_bytes)"
check_eq "second run: last run skipped all" \
  "$(json_get "$out" last_run.read) $(json_get "$out" last_run.skipped)" "0 595"

# --- Re-adding one day with --force replaces that day's appearances: no count moves.
day="$corpus/20251230_Tue"
day_files=$(find "$day" -name '*.md' | wc -l)
day_entries=$(cat "$day"/*.md | grep -c '^#### \[')
run_cmd "${index[@]}" add --force "$day"
check_eq "--force one day: exit code" "$rc" 0
check_eq "--force one day: no diagnostics" "$err" ""
check_match "--force one day: summary line" "$out" \
  "^$day_files files, $(commas "$day_entries") entries → "
run_cmd "${index[@]}" stats --json
check_eq "--force one day: stats apart from last_run and size" \
  "$(json_without "$out" last_run size_bytes)" "$(json_without "$stats" last_run size_bytes)"

finish
