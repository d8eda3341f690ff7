#!/usr/bin/env bash
# Several databases searched as one: --db repeated, $DIGEST_DB with ':', and a shard served by
# Xapian's own server (xapian-tcpsrv, started here on 127.0.0.1) give the same answers as one
# database holding every paper; what a remote shard cannot do (facets, trends) is a clear error,
# and its missing spelling comes from a spelling table (digest-index spelling).
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SOURCE
make_scratch

# Two halves of the example digest, as two days: two shards with no paper in common.
mkdir -p "$scratch/a/20251230_Tue" "$scratch/b/20251231_Wed"
"$PYTHON" - "$DIGEST_SOURCE/examples/20251230_Tue/audio.md" "$scratch" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
parts = re.split(r"(?m)^(?=#### \[)", text)
half = len(parts) // 2
open(sys.argv[2] + "/a/20251230_Tue/audio.md", "w", encoding="utf-8").write(parts[0] + "".join(parts[1:half]))
open(sys.argv[2] + "/b/20251231_Wed/audio.md", "w", encoding="utf-8").write(parts[0] + "".join(parts[half:]))
EOF
for d in a b; do
  "$DIGEST_INDEX" --db "$scratch/db-$d" --quiet add "$scratch/$d" || die "indexing $d failed"
done
"$DIGEST_INDEX" --db "$scratch/db-all" --quiet add "$scratch/a" "$scratch/b" || die "indexing both failed"
one() { "$DIGEST_QUERY" --db "$scratch/db-all" "$@"; }
two() { "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/db-b" "$@"; }

for query in speech 'cat:eess.AS' 'speaker verification' 'au:"Jin Sob Kim"' 语音; do
  check_eq "[$query] two shards count as one database" "$(two --count "$query")" "$(one --count "$query")"
  check_eq "[$query] ... and list the same papers" \
    "$(two -f ids -n 0 --sort -date "$query" | sort)" "$(one -f ids -n 0 --sort -date "$query" | sort)"
done
check_eq "facets over two local shards = one database" \
  "$(two -f json -n 0 --facet category,author:5 speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')" \
  "$(one -f json -n 0 --facet category,author:5 speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')"
# The same order and scores as one database, ties included: every sort, every paper.
scores() { "$PYTHON" -c 'import json,sys; [print(h["id"], "%.9f" % h["score"]) for h in json.load(sys.stdin)["results"]]'; }
for query in speech 'cat:eess.AS' 'spee*' 'au:"Jin Sob Kim" OR 语音'; do
  for sort in relevance date -date first -first; do
    check_eq "[$query] --sort $sort: two shards give the ids in one database's order, scores to 1e-9" \
      "$(two -f json -n 0 --sort "$sort" "$query" | scores)" "$(one -f json -n 0 --sort "$sort" "$query" | scores)"
  done
done
check_eq "trend over two local shards = one database" "$(two trend --by month speech 'cat:eess.AS')" \
  "$(one trend --by month speech 'cat:eess.AS')"

# Shards that overlap (db-all holds every paper of db-b again): each paper shown and counted
# once, with a note, and the copy shown is the one of its newest listing.
overlap() { "$DIGEST_QUERY" --db "$scratch/db-b" --db "$scratch/db-all" "$@"; }
check_eq "overlapping shards count each paper once" "$(overlap --count speech)" "$(one --count speech)"
check_eq "... list each once" "$(overlap -f ids -n 0 speech | sort)" "$(one -f ids -n 0 speech | sort)"
check_eq "... facets count each once" \
  "$(overlap -f json -n 0 --facet category speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')" \
  "$(one -f json -n 0 --facet category speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')"
check_eq "... trends too" "$(overlap trend speech)" "$(one trend speech)"
run_cmd overlap -n 3 speech
check_eq "overlapping shards: exit 0" "$rc" 0
check_contains "... with a note" "$err" "indexed in more than one database; each is shown once"

# Shards that fold a text run differently (built with another ICU) are refused, not mixed.
cp -r "$scratch/db-all" "$scratch/db-odd"
"$PYTHON" - "$scratch/db-odd" <<'PY'
import json, sys, xapian
odd = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
folds = json.loads(odd.get_metadata(b'digest-search:folds') or b'{}')
assert folds, "the example digest has no folded run"
run = next(iter(folds))
folds[run] += '-odd'
odd.set_metadata(b'digest-search:folds', json.dumps(folds, ensure_ascii=False).encode())
odd.commit()
PY
[[ $? == 0 ]] || die "could not change a fold of db-odd"
run_cmd "$DIGEST_QUERY" --db "$scratch/db-all" --db "$scratch/db-odd" --count speech
check_eq "shards that fold a run differently: exit 2" "$rc" 2
check_contains "... named, with the fix" "$err" "digest-index reindex --db $scratch/db-odd"

check_eq "\$DIGEST_DB with ':' = --db twice" \
  "$(DIGEST_DB="$scratch/db-a:$scratch/db-b" "$DIGEST_QUERY" --count speech)" "$(one --count speech)"
# A stub file (Xapian's format) given where a database directory is: the databases it lists,
# relative to its folder or absolute, each opened on its own as --db would open them.
printf '# the two halves\nauto db-a\nauto %s\n' "$scratch/db-b" >"$scratch/both.stub"
stubfile() { "$DIGEST_QUERY" --db "$scratch/both.stub" "$@"; }
check_eq "a stub file counts as the databases it lists" "$(stubfile --count speech)" "$(one --count speech)"
check_eq "... ranks as one database, scores to 1e-9" \
  "$(stubfile -f json -n 0 'speaker verification' | scores)" "$(one -f json -n 0 'speaker verification' | scores)"
check_eq "... counts facets as one database" \
  "$(stubfile -f json -n 0 --facet category speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')" \
  "$(one -f json -n 0 --facet category speech | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["facets"])')"
check_eq "... and in \$DIGEST_DB" "$(DIGEST_DB="$scratch/both.stub" "$DIGEST_QUERY" --count speech)" "$(one --count speech)"
printf 'auto db-all\nauto db-odd\n' >"$scratch/odd.stub"
run_cmd "$DIGEST_QUERY" --db "$scratch/odd.stub" --count speech
check_eq "a stub file of databases that fold a run differently: exit 2" "$rc" 2
check_contains "... the odd one named" "$err" "$scratch/db-odd"
echo "auto loop.stub" >"$scratch/loop.stub"
run_cmd "$DIGEST_QUERY" --db "$scratch/loop.stub" --count speech
check_eq "a stub file that lists itself: exit 2" "$rc" 2
check_contains "... saying so" "$err" "does one list itself"
# A line naming no database is the stub file's mistake, told with its line (not as a database
# to create); so is one naming a folder that holds no database.
mkdir -p "$scratch/not-a-db"
printf '# two databases\nauto db-a\nauto no-such-db\n' >"$scratch/missing.stub"
printf 'auto db-a\n\nauto not-a-db\n' >"$scratch/folder.stub"
for bad in missing folder; do
  run_cmd "$DIGEST_QUERY" --db "$scratch/$bad.stub" --count speech
  check_eq "a stub file with a line naming no database ($bad): exit 2" "$rc" 2
  check_contains "... naming the stub file and the line" "$err" "$scratch/$bad.stub:3: "
  [[ $err != *"digest-index add"* ]] || die "a stub file's wrong line ($bad) asks to create a database: $err"
done
check_contains "... a folder without a database said so" "$err" "not-a-db is not a digest-search database"
check_contains "... a missing database said so, the paths as the stub file gives them" \
  "$(cd "$scratch" && "$DIGEST_QUERY" --db missing.stub --count speech 2>&1)" \
  "missing.stub:3: no-such-db does not exist"
# Xapian follows stubs into stubs without end (its stack overflows): a loop is refused first,
# through a directory's stub and behind a program line as well.
mkdir -p "$scratch/stub-self"
echo "auto ." >"$scratch/stub-self/XAPIANDB"
printf 'remote :xapian-progsrv %s\nauto loop-prog.stub\n' "$scratch/db-b" >"$scratch/loop-prog.stub"
for looped in "$scratch/stub-self" "$scratch/loop-prog.stub"; do
  run_cmd "$DIGEST_QUERY" --db "$looped" --count speech
  check_eq "[$looped] a stub that leads back to itself: exit 2, not a crash" "$rc" 2
  check_contains "... saying so" "$err" "does one list itself"
done
run_cmd "$DIGEST_INDEX" --db "$scratch/both.stub" add "$scratch/a"
check_eq "writing to a stub file: refused, exit 2" "$rc" 2
check_contains "... saying where to write" "$err" "is a stub file"
check_eq "... the stub file unchanged" "$(head -1 "$scratch/both.stub")" "# the two halves"
run_cmd "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/nonexistent" speech
check_eq "a missing shard: exit 2" "$rc" 2
check_contains "... named" "$err" "no database at $scratch/nonexistent"

# A remote shard on Xapian's own server, on loopback only.
command -v xapian-tcpsrv >/dev/null || die "xapian-tcpsrv is missing (scripts/setup installs xapian-tools)"
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# In a session of its own: when stopped, the server signals its whole process group.
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$scratch/db-b" >"$scratch/tcpsrv.log" 2>&1 &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do grep -q "Listening" "$scratch/tcpsrv.log" 2>/dev/null && break; sleep 0.1; done
remote() { "$DIGEST_QUERY" --db "$scratch/db-a" --db "tcp://127.0.0.1:$port" "$@"; }
for query in speech 'cat:eess.AS' 'speaker verification'; do
  check_eq "[$query] a local and a remote shard count as one database" "$(remote --count "$query")" "$(one --count "$query")"
  check_eq "[$query] ... and rank the same papers" "$(remote -f ids -n 5 "$query")" "$(one -f ids -n 5 "$query")"
  for sort in relevance -date first; do
    check_eq "[$query] --sort $sort through a remote shard: one database's order and scores" \
      "$(remote -f json -n 0 --sort "$sort" "$query" | scores)" "$(one -f json -n 0 --sort "$sort" "$query" | scores)"
  done
done
printf 'auto db-a\nremote 127.0.0.1:%s\n' "$port" >"$scratch/mixed.stub"
check_eq "a stub file of a local and a remote shard: one database's order and scores" \
  "$("$DIGEST_QUERY" --db "$scratch/mixed.stub" -f json -n 0 speech | scores)" "$(one -f json -n 0 speech | scores)"
check_eq "a wildcard through a remote shard: one database's order and scores" \
  "$(remote -f json -n 0 'spee*' | scores)" "$(one -f json -n 0 'spee*' | scores)"
run_cmd remote --facet category speech
check_eq "facets with a remote shard: exit 2" "$rc" 2
check_contains "... saying why" "$err" "cannot run"
run_cmd remote trend speech
check_eq "trend with a remote shard: exit 2" "$rc" 2
kill $srv
wait $srv 2>/dev/null
run_cmd remote --count speech
check_eq "a remote shard that is down: exit 2" "$rc" 2
check_contains "... named, with a hint" "$err" "tcp://127.0.0.1:$port"
run_cmd remote --allow-partial -f json -n 0 speech
check_eq "--allow-partial: the shard that is down is left out (exit 0)" "$rc" 0
check_eq "... the results are those of the others" "$(json_get "$out" total)" "$("$DIGEST_QUERY" --db "$scratch/db-a" --count speech)"
check_eq "... marked partial" "$(json_get "$out" partial)" True
check_contains "... naming what is missing" "$(json_get "$out" missing_shards)" "tcp://127.0.0.1:$port"
run_cmd remote --allow-partial --count speech
check_contains "... and saying so in a note" "$err" "partial: the remote shard tcp://127.0.0.1:$port"
run_cmd "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/nonexistent" --allow-partial --count speech
check_eq "--allow-partial never leaves out a local database that is missing: exit 2" "$rc" 2
# A shard behind a stub naming a program (what `remote :ssh HOST xapian-progsrv DIR` runs; the
# same protocol on one machine): searched like the others, facets refused with the reason, and
# a stub whose server cannot serve its database named with a hint about the server.
command -v xapian-progsrv >/dev/null || die "xapian-progsrv is missing (scripts/setup installs xapian-tools)"
mkdir -p "$scratch/stub-b" "$scratch/stub-bad"
echo "remote :xapian-progsrv $scratch/db-b" >"$scratch/stub-b/XAPIANDB"
echo "remote :xapian-progsrv $scratch/nonexistent" >"$scratch/stub-bad/XAPIANDB"
viaprog() { "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/stub-b" "$@"; }
check_eq "a shard behind a program stub counts as one database" "$(viaprog --count speech)" "$(one --count speech)"
check_eq "... and ranks the same papers" "$(viaprog -f ids -n 5 speech)" "$(one -f ids -n 5 speech)"
run_cmd viaprog --facet category speech
check_eq "facets through a program stub: exit 2" "$rc" 2
check_contains "... saying why, naming the shard" "$err" "remote shard $scratch/stub-b cannot run"
# One server given two databases that overlap (db-all holds db-b's papers again): one remote
# database here, whose uuid names both; each paper still shown and counted once.
mkdir -p "$scratch/stub-both"
echo "remote :xapian-progsrv $scratch/db-b $scratch/db-all" >"$scratch/stub-both/XAPIANDB"
both() { "$DIGEST_QUERY" --db "$scratch/stub-both" "$@"; }
check_eq "one server for two overlapping databases counts each paper once" \
  "$(both --count speech)" "$(one --count speech)"
check_eq "... lists each once" "$(both -f ids -n 0 speech | sort)" "$(one -f ids -n 0 speech | sort)"
run_cmd both -n 3 speech
check_contains "... with the note" "$err" "indexed in more than one database; each is shown once"
# Spelling through remote shards: Xapian's server keeps none, so remote shards alone offer no
# correction; a spelling table of their words (digest-index spelling), given as one more --db,
# offers the one database's correction and changes no result.
mkdir -p "$scratch/stub-a"
echo "remote :xapian-progsrv $scratch/db-a" >"$scratch/stub-a/XAPIANDB"
"$DIGEST_INDEX" --db "$scratch/spelling" --quiet spelling "$scratch/db-a" "$scratch/db-b" ||
  die "digest-index spelling failed"
# A spelling table's words with their frequencies, its papers and metadata, read with Xapian's
# own bindings through the stub (not with this tool).
dump_table() {
  "$PYTHON" - "$1" <<'EOF'
import sys, xapian
db = xapian.Database(sys.argv[1])
print("papers", db.get_doccount())
for w in db.spellings():
    print("word", w.term.decode(), w.termfreq)
for k in db.metadata_keys():
    print("meta", k.decode(), db.get_metadata(k).decode())
EOF
}
suggestion() { "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("suggestion") or "")'; }
allremote() { "$DIGEST_QUERY" --db "$scratch/stub-a" --db "$scratch/stub-b" "$@"; }
withtable() { allremote --db "$scratch/spelling" "$@"; }
typo='speach enhancment'
expected=$(one -f json -n 1 "$typo" | suggestion)
[[ -n $expected ]] || die "one database suggests nothing for [$typo]"
check_eq "remote shards alone: no correction (their server keeps no spelling)" \
  "$(allremote -f json -n 1 "$typo" | suggestion)" ""
check_eq "remote shards and a spelling table: the one database's correction" \
  "$(withtable -f json -n 1 "$typo" | suggestion)" "$expected"
for query in speech 'speaker verification' 'cat:eess.AS'; do
  check_eq "[$query] a spelling table changes no result: one database's order and scores" \
    "$(withtable -f json -n 0 "$query" | scores)" "$(one -f json -n 0 "$query" | scores)"
  check_eq "[$query] ... nor the count" "$(withtable --count "$query")" "$(one --count "$query")"
done
# A spelling table takes no papers (it would become a database searched beside the ones it
# serves) and no reindex (rebuilt from its papers, none, it would lose its words); compact keeps it.
table_before=$(dump_table "$scratch/spelling")
run_cmd "$DIGEST_INDEX" --db "$scratch/spelling" add "$scratch/a"
check_eq "papers added to a spelling table: refused, exit 2" "$rc" 2
check_contains "... saying what it is" "$err" "$scratch/spelling is a spelling table"
check_contains "... with the command that writes it again" "$err" \
  "digest-index --db $scratch/spelling spelling $scratch/db-a $scratch/db-b"
run_cmd "$DIGEST_INDEX" --db "$scratch/spelling" reindex
check_eq "a spelling table reindexed: refused, exit 2" "$rc" 2
check_contains "... saying what it is" "$err" "is a spelling table"
check_eq "... the table as it was (words, frequencies, metadata)" "$(dump_table "$scratch/spelling")" \
  "$table_before"
"$DIGEST_INDEX" --db "$scratch/spelling" --quiet compact || die "compacting a spelling table failed"
check_eq "a spelling table compacted: the same words, frequencies and metadata" \
  "$(dump_table "$scratch/spelling")" "$table_before"
check_eq "... and still lends its correction" "$(withtable -f json -n 1 "$typo" | suggestion)" \
  "$expected"
run_cmd "$DIGEST_QUERY" --db "$scratch/spelling" --count speech
check_eq "a spelling table alone: exit 2" "$rc" 2
check_contains "... saying what is missing" "$err" "only spelling tables"
papers=$(one --count speech)
run_cmd "$DIGEST_INDEX" --db "$scratch/db-all" spelling "$scratch/db-a"
check_eq "a spelling table over a database of papers: refused, exit 2" "$rc" 2
check_contains "... saying why" "$err" "holds"
check_eq "... the database untouched" "$(one --count speech)" "$papers"
run_cmd "$DIGEST_INDEX" --db "$scratch/spelling-2" spelling "$scratch/db-all" "$scratch/db-odd"
check_eq "a spelling table of databases that fold a run differently: refused, exit 3" "$rc" 3
check_contains "... the odd one named, with the fix" "$err" "digest-index reindex --db $scratch/db-odd"
[[ ! -e $scratch/spelling-2 ]] || die "a refused spelling table left $scratch/spelling-2 behind"
run_cmd "$DIGEST_INDEX" --db "$scratch/spelling-2" spelling "$scratch/stub-b"
check_eq "a spelling table of a remote database: refused, exit 2" "$rc" 2
check_contains "... saying why" "$err" "served remotely"
[[ ! -e $scratch/spelling-2 ]] || die "a refused spelling table left $scratch/spelling-2 behind"
run_cmd "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/stub-bad" --count speech
check_eq "a program stub whose database is missing: exit 2" "$rc" 2
check_contains "... named" "$err" "$scratch/stub-bad"
check_contains "... with a hint about the server, not about creating a database" "$err" \
  "names a remote database: is its server reachable"
finish
