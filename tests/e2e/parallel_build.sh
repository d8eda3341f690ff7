#!/usr/bin/env bash
# The same papers, terms, positions, values and appearances whatever way a database is built:
# a one-core build, a parallel build, and files added one at a time (one transaction each).
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_SHARED DIGEST_TESTS DIGEST_DUMP_DB
make_scratch

days="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$days" ]] || die "the shared corpus is missing: $days"
# Three days, 12 digests, 1,458 entries; papers listed on several of them merge.
inputs=("$days/20251230_Tue" "$days/20260105_Mon" "$days/20260106_Tue")
for d in "${inputs[@]}"; do [[ -d "$d" ]] || die "missing $d"; done

"$DIGEST_INDEX" --db "$scratch/one" --jobs 1 --quiet add "${inputs[@]}" || die "--jobs 1 failed"
"$DIGEST_INDEX" --db "$scratch/two" --jobs 2 --quiet add "${inputs[@]}" || die "--jobs 2 failed"
# One file at a time, newest day first: text and summaries must still come out newest-wins.
for f in $(find "${inputs[@]}" -name '*.md' | sort -r); do
  "$DIGEST_INDEX" --db "$scratch/each" --quiet add "$f" || die "adding $f failed"
done

dump() { "$DIGEST_DUMP_DB" "$1" >"$scratch/$2.dump" || die "dump of $1 failed"; }
dump "$scratch/one" one
dump "$scratch/two" two
dump "$scratch/each" each
papers=$(grep -c '^doc ' "$scratch/one.dump")
check_match "the build holds papers" "$papers" '^[0-9]{4}$'
if cmp -s "$scratch/one.dump" "$scratch/two.dump"; then
  pass "--jobs 1 and --jobs 2 give the same database ($papers papers)"
else
  fail "--jobs 1 and --jobs 2 differ: $(diff "$scratch/one.dump" "$scratch/two.dump" | head -10)"
fi
if cmp -s "$scratch/one.dump" "$scratch/each.dump"; then
  pass "one transaction per file gives the same database"
else
  fail "per-file build differs: $(diff "$scratch/one.dump" "$scratch/each.dump" | head -10)"
fi
# The dumps can differ: another database is told apart.
"$DIGEST_INDEX" --db "$scratch/less" --quiet add "${inputs[@]:0:2}" || die "smaller build failed"
dump "$scratch/less" less
check_eq "a different database dumps differently" "$(cmp -s "$scratch/one.dump" "$scratch/less.dump"; echo $?)" 1

finish
