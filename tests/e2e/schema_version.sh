#!/usr/bin/env bash
# A database of another schema version is refused, by both tools, with the command that
# rebuilds it; `digest-index reindex` rebuilds it from the papers it stores, losing nothing.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE DIGEST_TESTS DIGEST_DUMP_DB
make_scratch

db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md" ||
  die "indexing the example failed"
"$DIGEST_DUMP_DB" "$db" >"$scratch/before.dump"

# An older schema, as an earlier release would have left it.
"$PYTHON" - "$db" <<'PY'
import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
db.set_metadata('digest-search:schema', '0')
db.commit()
PY
run_cmd "$DIGEST_QUERY" --db "$db" speech
check_eq "digest-query refuses another schema: exit 2" "$rc" 2
check_contains "and says which versions" "$err" "has schema version 0, this build uses version"
check_contains "and how to rebuild" "$err" "hint: rebuild it from the papers it stores: digest-index reindex --db $db"
run_cmd "$DIGEST_INDEX" --db "$db" add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
check_eq "digest-index add refuses it too: exit 3" "$rc" 3

run_cmd "$DIGEST_INDEX" --db "$db" reindex
check_eq "reindex succeeds" "$rc" 0
check_contains "reindex reports the papers" "$out" "reindexed 22 papers"
"$DIGEST_DUMP_DB" "$db" >"$scratch/after.dump"
check_eq "reindex restores every paper, term and value" "$(cmp -s "$scratch/before.dump" "$scratch/after.dump"; echo $?)" 0
run_cmd "$DIGEST_QUERY" --db "$db" --count speech
check_eq "the database is usable again" "$rc" 0

# Not a digest-search database at all.
mkdir -p "$scratch/plain"
"$PYTHON" -c 'import sys, xapian; xapian.WritableDatabase(sys.argv[1], xapian.DB_CREATE).commit()' "$scratch/plain"
run_cmd "$DIGEST_QUERY" --db "$scratch/plain" speech
check_contains "a plain Xapian database is named as such" "$err" "is a plain Xapian database"

finish
