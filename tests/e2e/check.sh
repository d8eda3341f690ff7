#!/usr/bin/env bash
# `digest-index check` passes on a whole database and names each problem of a damaged one:
# a digest holding fewer papers than were written with it, a stub naming no generation, a
# damaged Xapian table. Exit 0 when whole, 6 with one line per problem otherwise.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_SHARED
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$corpus" ]] || die "the shared corpus is missing: $corpus"
mapfile -t days < <(ls -d "$corpus"/* | head -3)
db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "${days[@]}" || die "indexing failed"

run_cmd "$DIGEST_INDEX" --db "$db" check
check_eq "a whole database passes" "$rc" 0
gen=$(json_get "$("$DIGEST_INDEX" --db "$db" check --json)" generation)
check_match "and says what it checked" "$out" '^ok: .*\(gen-[0-9]+, schema [0-9]+\): Xapian.s check found no errors'
run_cmd "$DIGEST_INDEX" --db "$db" check --json
check_eq "--json: ok" "$(json_get "$out" ok)" True
check_eq "--json: every digest counted" "$(json_get "$out" digests_counted)" "$(json_get "$out" digests)"

run_cmd "$DIGEST_INDEX" --db "$scratch/none" check
check_eq "no database: exit 3" "$rc" 3

# A stub written but not renamed into place when a crash came: the next writer removes it.
cp -a "$db" "$scratch/tmpstub"
printf 'auto gen-999999\n' >"$scratch/tmpstub/XAPIANDB.tmp"
run_cmd "$DIGEST_INDEX" --db "$scratch/tmpstub" --quiet add "${days[0]}"
check_eq "a leftover XAPIANDB.tmp does not stop a writer" "$rc" 0
check_eq "... which removes it" "$(ls "$scratch/tmpstub" | grep -c '^XAPIANDB.tmp$')" 0
mkdir "$scratch/fresh" && printf 'auto gen-000001\n' >"$scratch/fresh/XAPIANDB.tmp"
run_cmd "$DIGEST_INDEX" --db "$scratch/fresh" --quiet add "${days[0]}"
check_eq "a first run stopped before its stub was in place is not 'a directory of other files'" "$rc" 0

# A digest recorded with more papers than it holds: the file is named.
cp -a "$db" "$scratch/short"
"$PYTHON" - "$scratch/short/$gen" <<'PY' || die "could not edit the metadata"
import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
key = next(k for k in db.metadata_keys(b'digest-papers:') if k.endswith(b'/audio'))
db.set_metadata(key, b'%d' % (int(db.get_metadata(key)) + 1))
db.commit()
PY
run_cmd "$DIGEST_INDEX" --db "$scratch/short" check
check_eq "a digest cut short: exit 6" "$rc" 6
check_match "the file named, with both counts" "$err" \
  "error: [^ ]*audio\.md: digest [0-9-]+/audio was written with [0-9]+ papers, the database holds [0-9]+ of them"
check_eq "one line per problem" "$(grep -c '^error:' <<<"$err")" 1

# The stub names a generation that is not there.
cp -a "$db" "$scratch/stub"
echo "auto gen-000009" >"$scratch/stub/XAPIANDB"
run_cmd "$DIGEST_INDEX" --db "$scratch/stub" check
check_eq "a stub naming no generation: exit 6" "$rc" 6
check_match "the stub named" "$err" "error: [^ ]*/XAPIANDB: names gen-000009, which is not a directory"

# A damaged table: Xapian's own check finds it.
cp -a "$db" "$scratch/table"
t="$scratch/table/$gen/termlist.glass"
size=$(stat -c %s "$t")
dd if=/dev/urandom of="$t" bs=8192 seek=1 count=1 conv=notrunc status=none
run_cmd "$DIGEST_INDEX" --db "$scratch/table" check
check_eq "a damaged table: exit 6" "$rc" 6
check_match "the generation named" "$err" "error: [^ ]*/$gen: Xapian's check"
check_eq "the file keeps its size" "$(stat -c %s "$t")" "$size"

# Leftovers of an interrupted write are noted, not problems.
cp -a "$db" "$scratch/left"
mkdir "$scratch/left/gen-000009"
run_cmd "$DIGEST_INDEX" --db "$scratch/left" check
check_eq "a leftover generation: still exit 0" "$rc" 0
check_match "and noted" "$err" "note: [^ ]*/gen-000009: left by an interrupted write"
finish
