#!/usr/bin/env bash
# The first SIGINT ends digest-index even during the final merge of a new generation (it used
# to be noted and ignored: the run committed and exited 0): exit 130, the message, the old
# database as it was, no generation or shard folder left behind.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
mkdir -p "$scratch/days"
for d in $(ls "$corpus" | head -40); do ln -s "$corpus/$d" "$scratch/days/$d"; done
db="$scratch/db"
X
  "$DIGEST_INDEX" --db "$db" --quiet add "$corpus/$(ls "$corpus" | head -1)/audio.md" ||
  die "the first, small database failed"
before=$("$DIGEST_QUERY" --db "$db" --count 'cat:cs OR cat:eess')

# A large addition rebuilds a generation: shards are indexed, then merged into gen-N. The
# merge has begun once gen-N exists beside its shard folder.
"$DIGEST_INDEX" --db "$db" --quiet add "$scratch/days" >"$scratch/out" 2>"$scratch/err" &
pid=$!
sent=no
for _ in $(seq 3000); do
  if compgen -G "$db/gen-*.shards" >/dev/null; then
    shards=$(compgen -G "$db/gen-*.shards" | head -1)
    if [[ -d ${shards%.shards} ]]; then
      kill -INT "$pid" && sent=yes
      break
    fi
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.02
done
wait "$pid"
rc=$?
[[ $sent == yes ]] || die "the merge was not caught (the run ended first); nothing was tested"
check_eq "SIGINT during the merge: exit 130" "$rc" 130
check_contains "... saying nothing was written" "$(cat "$scratch/err")" "interrupted: nothing from this run was written"
check_eq "the database is as it was" "$("$DIGEST_QUERY" --db "$db" --count 'cat:cs OR cat:eess')" "$before"
check_eq "no new generation or shard folder left" "$(ls "$db" | grep -c -E 'gen-.*(shards|[0-9])$')" 1
finish
