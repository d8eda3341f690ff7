#!/usr/bin/env bash
# digest-index add --shards N: the example digest and a few corpus days built into one database
# and into 2 and 3 shards. Each paper is in exactly one shard, the one a 64-bit FNV-1a of its id
# (computed here in Python) names; the shards searched as one give the one database's answers,
# and dump as it does; every writer command works on them; a run killed at any moment is
# finished by the next, shard for shard as an uninterrupted one.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_SOURCE DIGEST_DUMP_DB
make_scratch

days="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$days" ]] || die "the shared corpus is missing: $days"
mapfile -t all < <(ls -d "$days"/2025*)
base=("$DIGEST_SOURCE/examples" "${all[@]:0:2}") # the example and two days, ~1,600 entries
later=("${all[@]:2:1}")                          # one more day
small=("${all[@]:3:2}")                          # two more, one transaction per file
dump() { "$DIGEST_DUMP_DB" "$@"; }
index() { "$DIGEST_INDEX" --quiet "$@"; }

index --db "$scratch/one" add "${base[@]}" || die "building one database failed"
for n in 2 3; do
  run_cmd "$DIGEST_INDEX" --db "$scratch/s$n" add --shards "$n" "${base[@]}"
  check_eq "add --shards $n: exit code" "$rc" 0
done

# --- the layout -------------------------------------------------------------------------------
check_eq "the stub lists the shards" "$(cat "$scratch/s3/XAPIANDB")" \
  "$(printf 'auto shard-0\nauto shard-1\nauto shard-2')"
for k in 0 1 2; do
  [[ -f "$scratch/s3/shard-$k/XAPIANDB" && -f "$scratch/s3/shard-$k/lock" ]] ||
    fail "shard-$k is a database directory of its own"
done
check_eq "xapian-delve reads the shards as one" \
  "$(xapian-delve "$scratch/s3" | sed -n 's/^number of documents = //p')" \
  "$(xapian-delve "$scratch/one" | sed -n 's/^number of documents = //p')"

# Each shard's paper ids (its Q terms), and where FNV-1a puts each of them.
shard_ids() { xapian-delve -A Q -1 "$1" | sed -n 's/^Q//p'; }
placement() { # DB N: prints "ok" when every paper is in the shard FNV-1a names, and only there
  local db=$1 n=$2 k
  for ((k = 0; k < n; k++)); do shard_ids "$db/shard-$k" | sed "s/^/$k /"; done >"$scratch/placed"
  shard_ids "$scratch/one" >"$scratch/one.ids"
  "$PYTHON" - "$scratch/placed" "$scratch/one.ids" "$n" <<'EOF'
import sys
def fnv1a_64(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
n = int(sys.argv[3])
seen = {}
for line in open(sys.argv[1]):
    k, pid = line.split()
    if pid in seen:
        print(f"{pid} is in shard-{seen[pid]} and shard-{k}"); sys.exit()
    seen[pid] = int(k)
    if fnv1a_64(pid) % n != int(k):
        print(f"{pid} is in shard-{k}, FNV-1a says shard-{fnv1a_64(pid) % n}"); sys.exit()
one = set(open(sys.argv[2]).read().split())
if one != set(seen):
    print(f"{len(one - set(seen))} papers missing, {len(set(seen) - one)} too many"); sys.exit()
counts = [list(seen.values()).count(k) for k in range(n)]
print("ok" if min(counts) > 0 else f"an empty shard: {counts}")
EOF
}
dump "$scratch/one" >"$scratch/one.dump"
same_dump() { # DB: the shards dumped as one = the one database
  dump "$1" | cmp -s - "$scratch/one.dump" && echo same || echo different
}
for n in 2 3; do
  check_eq "--shards $n: each paper in exactly the shard FNV-1a names" \
    "$(placement "$scratch/s$n" "$n")" ok
  check_eq "--shards $n: the shards dump as the one database (papers, terms, spelling)" \
    "$(same_dump "$scratch/s$n")" same
done

# --- a paper listed on two days is in one shard --------------------------------------------
twice=$("$PYTHON" -c '
import json, sys
for line in sys.stdin:
    if line.startswith("data "):
        p = json.loads(line[5:])
        if len({a["date"] for a in p.get("appearances", [])}) > 1:
            print(p["id"]); break' <"$scratch/one.dump")
[[ -n "$twice" ]] || die "no paper of the base days is listed on two days"
holders=$(for k in 0 1 2; do shard_ids "$scratch/s3/shard-$k" | grep -qxF "$twice" && echo "$k"; done)
check_eq "$twice, listed on two days, is in one shard" "$(wc -l <<<"$holders")" 1

# --- queries: the one database's answers -----------------------------------------------------
one() { "$DIGEST_QUERY" --db "$scratch/one" "$@"; }
facets() { "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])'; }
for n in 2 3; do
  shq() { "$DIGEST_QUERY" --db "$scratch/s$n" "$@"; }
  for query in speech 'speaker verification' 'cat:cs.RO' 'ti:diffusion' 'au:"Jin Sob Kim"' 语音 \
    'date:2025-09-23'; do
    check_eq "--shards $n [$query]: count" "$(shq --count "$query")" "$(one --count "$query")"
    check_eq "--shards $n [$query]: the papers" "$(shq -f ids -n 0 "$query" | sort)" \
      "$(one -f ids -n 0 "$query" | sort)"
  done
  check_eq "--shards $n: facets" "$(shq -f json -n 0 --facet category,author:5,topic speech | facets)" \
    "$(one -f json -n 0 --facet category,author:5,topic speech | facets)"
  check_eq "--shards $n: trend" "$(shq trend --by month speech 2>&1)" "$(one trend --by month speech 2>&1)"
done
check_eq "DIGEST_DB naming a sharded directory" \
  "$(DIGEST_DB="$scratch/s3" "$DIGEST_QUERY" -f ids -n 0 robot | sort)" "$(one -f ids -n 0 robot | sort)"

# --- stats and check ------------------------------------------------------------------------
stats_of() { "$DIGEST_INDEX" --db "$1" stats --json; }
for figure in papers appearances digests days files_recorded first_date last_date; do
  check_eq "stats $figure: the sum over the shards" "$(json_get "$(stats_of "$scratch/s3")" "$figure")" \
    "$(json_get "$(stats_of "$scratch/one")" "$figure")"
done
check_eq "stats: shards 3" "$(json_get "$(stats_of "$scratch/s3")" shards)" 3
check_eq "stats: a plain database has shards 1" "$(json_get "$(stats_of "$scratch/one")" shards)" 1
check_contains "stats text names the shards" "$("$DIGEST_INDEX" --db "$scratch/s3" stats)" "3 shards"
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" check
check_eq "check: exit 0" "$rc" 0
check_match "check: the whole" "$out" "^ok: .*s3 \(3 shards, schema [0-9]+\)"

# --- adding again, and a later day -------------------------------------------------------------
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" add "${base[@]}"
check_match "adding again: every input skipped" "$out" "^([0-9]+) files \(\1 unchanged, skipped\), 0 entries"
index --db "$scratch/one" add "${later[@]}" || die "adding the later day to one failed"
dump "$scratch/one" >"$scratch/one.dump"
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" add "${later[@]}"
check_eq "a later day, without --shards: exit 0" "$rc" 0
check_eq "the later day: each paper in its shard" "$(placement "$scratch/s3" 3)" ok
check_eq "the later day: the shards dump as the one database" "$(same_dump "$scratch/s3")" same

# --- errors -------------------------------------------------------------------------------
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" add --shards 2 "${later[@]}"
check_eq "--shards 2 on a database of 3: exit 2" "$rc" 2
check_contains "... says so" "$err" "database $scratch/s3 has 3 shards, not the 2 --shards asks for"
run_cmd "$DIGEST_INDEX" --db "$scratch/one" add --shards 2 "${later[@]}"
check_eq "--shards on a plain database: exit 2" "$rc" 2
check_contains "... cannot split it in place" "$err" "cannot split a database in place"
# A shard takes papers only through its sharded directory, which puts each in its shard: one
# written to alone could take another shard's papers, and a search would find them twice.
run_cmd "$DIGEST_INDEX" --db "$scratch/s3/shard-1" add "${later[@]}"
check_eq "adding to a shard alone: exit 2" "$rc" 2
check_contains "... names the directory to write to" "$err" "digest-index --db $scratch/s3 "
check_eq "... and writes nothing" "$(same_dump "$scratch/s3")" same
for bad in 0 257 two; do
  run_cmd "$DIGEST_INDEX" --db "$scratch/new" add --shards "$bad" "${later[@]}"
  check_eq "--shards $bad: exit 2" "$rc" 2
  check_contains "... names the option" "$err" "--shards"
done
[[ -e "$scratch/new" ]] && fail "a refused --shards created nothing"
mkdir "$scratch/other" && touch "$scratch/other/notes.txt"
run_cmd "$DIGEST_INDEX" --db "$scratch/other" add --shards 2 "${later[@]}"
check_eq "--shards into a directory holding other files: exit 3" "$rc" 3

# --- reindex and compact keep the answers --------------------------------------------------
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" reindex
check_eq "reindex: exit 0" "$rc" 0
check_contains "reindex: over the shards" "$out" "in 3 shards"
check_eq "after reindex: the same dump" "$(same_dump "$scratch/s3")" same
run_cmd "$DIGEST_INDEX" --db "$scratch/s3" compact
check_eq "compact: exit 0" "$rc" 0
check_eq "after compact: the same dump" "$(same_dump "$scratch/s3")" same
check_eq "after reindex and compact: check passes" \
  "$("$DIGEST_INDEX" --db "$scratch/s3" --quiet check; echo $?)" 0

# --- reindex goes from the last shard to the first -----------------------------------------
# A server given the sharded directory (xapian-tcpsrv DIR) gives shard-0's metadata for the
# whole: shard-0 is reindexed last, so that it is at this schema version only when every shard
# is. A reindex of an older database stopped at shard-1 (its lock held) has done shard-2 only.
cp -a "$scratch/s3" "$scratch/old3"
"$PYTHON" - "$scratch/old3" <<'PY'
import sys, xapian
for k in range(3):
    db = xapian.WritableDatabase("%s/shard-%d" % (sys.argv[1], k), xapian.DB_OPEN)
    db.set_metadata("digest-search:schema", "0")
    db.commit()
PY
"$PYTHON" -c 'import fcntl, sys, time
f = open(sys.argv[1], "a"); fcntl.flock(f, fcntl.LOCK_EX); print("held", flush=True); time.sleep(60)' \
  "$scratch/old3/shard-1/lock" >"$scratch/holder.out" &
holder=$!
for _ in $(seq 50); do grep -q held "$scratch/holder.out" && break; sleep 0.1; done
run_cmd "$DIGEST_INDEX" --db "$scratch/old3" --wait 0 reindex
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
check_eq "a reindex that cannot lock shard-1: exit 3" "$rc" 3
schemas=$("$PYTHON" - "$scratch/old3" <<'PY'
import sys, xapian
print(" ".join(xapian.Database("%s/shard-%d" % (sys.argv[1], k)).get_metadata("digest-search:schema").decode() for k in range(3)))
PY
)
check_eq "... has reindexed shard-2 alone, shard-0 keeps the old version" "$schemas" \
  "0 0 $("$PYTHON" - "$scratch/s3" <<'PY'
import sys, xapian
print(xapian.Database(sys.argv[1] + "/shard-0").get_metadata("digest-search:schema").decode())
PY
)"
mkdir -p "$scratch/served-old3"
echo "remote :xapian-progsrv $scratch/old3" >"$scratch/served-old3/XAPIANDB"
run_cmd "$DIGEST_QUERY" --db "$scratch/served-old3" --count speech
check_eq "the directory served as one is refused (shard-0's version): exit 2" "$rc" 2
check_contains "... with the command that rebuilds it" "$err" "digest-index reindex"
check_contains "... run where the directory is" "$err" "on the machine that serves it"
run_cmd "$DIGEST_INDEX" --db "$scratch/old3" reindex
check_eq "the same reindex again: exit 0" "$rc" 0
check_eq "... every shard as before" "$(same_dump "$scratch/old3")" same
# Served as one database, the sharded directory answers as the one database.
echo "remote :xapian-progsrv $scratch/s3" >"$scratch/served-old3/XAPIANDB"
for query in speech 'cat:eess.AS' 语音; do
  check_eq "[$query] the sharded directory served as one: the one database's ids" \
    "$("$DIGEST_QUERY" --db "$scratch/served-old3" -f ids -n 0 "$query")" \
    "$("$DIGEST_QUERY" --db "$scratch/one" -f ids -n 0 "$query")"
done

# --- a crash at any moment is finished by the next run, shard for shard ---------------------
per_shard() { for k in 0 1 2; do dump "$1/shard-$k"; done; }
index --db "$scratch/ref" add --shards 3 "${base[@]}" "${small[@]}" || die "reference build failed"
per_shard "$scratch/ref" >"$scratch/ref.dump"
# A first build (a new generation per shard) killed early or late, and a small add (one
# transaction per file in each shard) killed in its middle.
for delay in 0.3; do
  rm -rf "$scratch/k"
  "$DIGEST_INDEX" --quiet --db "$scratch/k" add --shards 3 "${base[@]}" "${small[@]}" &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [[ -f "$scratch/k/XAPIANDB" ]]; then
    check_eq "first build killed after ${delay}s: check passes" \
      "$("$DIGEST_INDEX" --db "$scratch/k" --quiet check; echo $?)" 0
  fi
  index --db "$scratch/k" add --shards 3 "${base[@]}" "${small[@]}" || fail "re-run after ${delay}s failed"
  check_eq "first build killed after ${delay}s, then run again: each shard as uninterrupted" \
    "$(per_shard "$scratch/k" | cmp -s - "$scratch/ref.dump" && echo same)" same
done
# Between two shards, for certain: killed as soon as shard-0 has switched to its new generation.
after_shard_0() { # SIGNAL: sends it to a first build once shard-0 is complete; leaves $pid
  rm -rf "$scratch/k"
  "$DIGEST_INDEX" --quiet --db "$scratch/k" add --shards 3 "${base[@]}" "${small[@]}" \
    >/dev/null 2>"$scratch/between.err" &
  pid=$!
  for ((i = 0; i < 1500; i++)); do
    grep -qs gen-000002 "$scratch/k/shard-0/XAPIANDB" && break
    sleep 0.01
  done
  kill "-$1" "$pid" 2>/dev/null
  wait "$pid"
}
after_shard_0 KILL
check_eq "killed between shards: shard-0 holds its papers, shard-2 none yet" \
  "$([[ -n "$(shard_ids "$scratch/k/shard-0")" && -z "$(shard_ids "$scratch/k/shard-2")" ]] && echo yes)" yes
check_eq "killed between shards: check passes" \
  "$("$DIGEST_INDEX" --db "$scratch/k" --quiet check; echo $?)" 0
run_cmd "$DIGEST_INDEX" --db "$scratch/k" add "${base[@]}" "${small[@]}"
check_match "killed between shards, run again: the inputs are read for the shards that lack them" \
  "$out" "^[0-9]+ files, [1-9]"
check_eq "... and each shard is as uninterrupted" \
  "$(per_shard "$scratch/k" | cmp -s - "$scratch/ref.dump" && echo same)" same
after_shard_0 INT
check_eq "SIGINT between shards: exit 130" "$?" 130
check_contains "... says which shards are complete" "$(cat "$scratch/between.err")" \
  "interrupted: shard-0 of 3 is complete"
check_contains "... and that running again finishes" "$(cat "$scratch/between.err")" \
  "run the same command again to add the rest"
index --db "$scratch/k" add "${base[@]}" "${small[@]}" || fail "re-run after SIGINT between shards failed"
check_eq "... then each shard is as uninterrupted" \
  "$(per_shard "$scratch/k" | cmp -s - "$scratch/ref.dump" && echo same)" same

for delay in 0.6; do
  rm -rf "$scratch/k"
  index --db "$scratch/k" add --shards 3 "${base[@]}" || die "base build failed"
  "$DIGEST_INDEX" --quiet --db "$scratch/k" add "${small[@]}" &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check_eq "small add killed after ${delay}s: check passes" \
    "$("$DIGEST_INDEX" --db "$scratch/k" --quiet check; echo $?)" 0
  index --db "$scratch/k" add "${small[@]}" || fail "re-run after ${delay}s failed"
  check_eq "small add killed after ${delay}s, then run again: each shard as uninterrupted" \
    "$(per_shard "$scratch/k" | cmp -s - "$scratch/ref.dump" && echo same)" same
done
# SIGINT: the message says what is in, and the next run finishes.
rm -rf "$scratch/k"
index --db "$scratch/k" add --shards 3 "${base[@]}" || die "base build failed"
"$DIGEST_INDEX" --db "$scratch/k" add "${small[@]}" >/dev/null 2>"$scratch/int.err" &
pid=$!
sleep 0.5
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
check_eq "SIGINT: exit 130" "$rc" 130
check_match "SIGINT: says which shards are in" "$(cat "$scratch/int.err")" \
  "interrupted: (no shard of 3 is complete|shard-0 .*complete|the signal came after the last commit)"
index --db "$scratch/k" add "${small[@]}" || fail "re-run after SIGINT failed"
check_eq "after SIGINT and a re-run: each shard as uninterrupted" \
  "$(per_shard "$scratch/k" | cmp -s - "$scratch/ref.dump" && echo same)" same

finish
