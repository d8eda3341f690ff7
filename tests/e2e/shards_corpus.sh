#!/usr/bin/env bash
# The whole shared corpus written as 2 and as 4 shards (`digest-index add --shards N`), and the
# 4 shards served by four xapian-tcpsrv processes on 127.0.0.1, and by one serving the sharded
# directory as one database, answer exactly as the one database of the corpus does: each paper in one shard only (the shard an independent FNV-1a of
# its id names), and for the queries of bench/queries.txt and more, the same ids in the same
# order, the same scores to 1e-9, the same counts, facets and trends. A shard server killed
# mid-run is an error naming it (exit 2), never fewer results.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_CORPUS_DB
make_scratch

corpus="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
queries_file="$DIGEST_SHARED/bench/queries.txt"
[[ -d "$corpus" && -f "$queries_file" ]] || die "the shared corpus or bench/queries.txt is missing"
one_db="$DIGEST_CORPUS_DB"

for n in 2 4; do
  "$DIGEST_INDEX" --db "$scratch/s$n" --quiet add --shards "$n" "$corpus" ||
    die "writing the corpus as $n shards failed"
done

# Every paper in exactly one shard, the one FNV-1a of its id names (computed here, apart from
# the tool), and together the papers of the one database.
"$PYTHON" - "$one_db" "$scratch/s2" "$scratch/s4" >"$scratch/placement" <<'PY'
import sys, xapian
def ids(path):
    db = xapian.Database(path)
    return [t.term[1:].decode() for t in db.allterms(b"Q")]
def fnv1a(s):
    h = 0xcbf29ce484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
whole = set(ids(sys.argv[1]))
for root, n in ((sys.argv[2], 2), (sys.argv[3], 4)):
    seen, misplaced, twice = set(), 0, 0
    for k in range(n):
        for i in ids("%s/shard-%d" % (root, k)):
            twice += i in seen
            seen.add(i)
            misplaced += fnv1a(i) % n != k
    print("%d shards: %s papers, %d in two shards, %d misplaced, same papers as one database: %s"
          % (n, len(seen), twice, misplaced, seen == whole))
PY
check_eq "2 shards hold each paper once, where its id says" "$(sed -n 1p "$scratch/placement")" \
  "2 shards: 55266 papers, 0 in two shards, 0 misplaced, same papers as one database: True"
check_eq "4 shards likewise" "$(sed -n 2p "$scratch/placement")" \
  "4 shards: 55266 papers, 0 in two shards, 0 misplaced, same papers as one database: True"
for n in 2 4; do
  run_cmd "$DIGEST_INDEX" --db "$scratch/s$n" check
  check_eq "check passes on $n shards" "$rc" 0
done

# The servers: one xapian-tcpsrv per shard of the 4, each in a session of its own, on loopback.
command -v xapian-tcpsrv >/dev/null || die "xapian-tcpsrv is missing (scripts/setup installs xapian-tools)"
pids=() remotes=()
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$scratch"' EXIT
for k in 0 1 2 3; do
  port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$scratch/s4/shard-$k" >"$scratch/srv$k.log" 2>&1 &
  pids+=($!)
  remotes+=(--db "tcp://127.0.0.1:$port")
  for _ in $(seq 100); do grep -q Listening "$scratch/srv$k.log" 2>/dev/null && break; sleep 0.1; done
done
# And one server for the whole sharded directory (Xapian follows its stub to the 4 shards): one
# connection per search, whose metadata (schema, folds, shard marker) is shard-0's.
port=$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$scratch/s4" >"$scratch/srv-all.log" 2>&1 &
pids+=($!)
whole="tcp://127.0.0.1:$port"
for _ in $(seq 100); do grep -q Listening "$scratch/srv-all.log" 2>/dev/null && break; sleep 0.1; done

mapfile -t queries < <(grep -v '^[[:space:]]*$' "$queries_file")
queries+=('spee* enhanc*' 'au:"Hung-yi Lee"' 'cat:cs.RO date:2025-11' '"speech enhancement" -diffusion'
  'ti:(world model) OR abs:robot*' '大语言模型' 'first:2025-10 topic:audio' 'section:replaced cat:eess.AS')
one() { "$DIGEST_QUERY" --db "$one_db" "$@"; }
s2() { "$DIGEST_QUERY" --db "$scratch/s2" "$@"; }
s4() { "$DIGEST_QUERY" --db "$scratch/s4" "$@"; }
r4() { "$DIGEST_QUERY" "${remotes[@]}" "$@"; }
o4() { "$DIGEST_QUERY" --db "$whole" "$@"; }
scores() { "$PYTHON" -c 'import json,sys; [print(h["id"], "%.9f" % h["score"]) for h in json.load(sys.stdin)["results"]]'; }
for query in "${queries[@]}"; do
  want_count=$(one --count "$query")
  want_ids=$(one -f ids -n 0 "$query")
  want_date=$(one -f ids -n 0 --sort -date "$query")
  want_scores=$(one -f json -n 100 "$query" | scores)
  for shards in s2 s4 r4 o4; do
    check_eq "[$query] $shards: count" "$($shards --count "$query")" "$want_count"
    check_eq "[$query] $shards: every id, in order" "$($shards -f ids -n 0 "$query")" "$want_ids"
    check_eq "[$query] $shards: every id by date, in order" "$($shards -f ids -n 0 --sort -date "$query")" "$want_date"
    check_eq "[$query] $shards: the first 100 scores to 1e-9" "$($shards -f json -n 100 "$query" | scores)" "$want_scores"
  done
done
check_eq "paging through 4 shards = paging through one database" \
  "$(s4 -f ids -n 20 --offset 40 'speech')" "$(one -f ids -n 20 --offset 40 'speech')"
# Papers of one score whose sums differ in the last bits between shards (神经网络 has four at
# ranks 113-116 here), and a tie of 73 papers, cut by pages: settled by id as one database does
# (remote shards by the ids their servers send with the scores, local ones by reading them).
for offset in 110 113 115; do
  for shards in s2 r4 o4; do
    check_eq "a page cutting a tie (神经网络, --offset $offset, $shards)" \
      "$($shards -f ids -n 3 --offset $offset 神经网络)" "$(one -f ids -n 3 --offset $offset 神经网络)"
  done
done
for offset in 3470 3500 3540; do
  for shards in s4 r4 o4; do
    check_eq "a page inside a tie of 73 (大语言模型, --offset $offset, $shards)" \
      "$($shards -f ids -n 10 --offset $offset 大语言模型)" "$(one -f ids -n 10 --offset $offset 大语言模型)"
  done
done

# Facets and trends, which count inside the match: local shards only (Xapian's server cannot run
# this project's match spy; through it they are an error, tests/e2e/shards.sh).
facets() { "$PYTHON" -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["facets"], sort_keys=True))'; }
for query in 'speech enhancement' 'cat:cs.RO' '语音'; do
  want=$(one -f json -n 0 --facet category,author:20,month,topic "$query" | facets)
  for shards in s2 s4; do
    check_eq "[$query] $shards: facets" "$($shards -f json -n 0 --facet category,author:20,month,topic "$query" | facets)" "$want"
  done
done
want=$(one trend --by month 'speech enhancement' 'world model' 'cat:cs.RO')
check_eq "2 shards: trend" "$(s2 trend --by month 'speech enhancement' 'world model' 'cat:cs.RO')" "$want"
check_eq "4 shards: trend" "$(s4 trend --by month 'speech enhancement' 'world model' 'cat:cs.RO')" "$want"
check_eq "4 shards: authors" "$(s4 authors povey)" "$(one authors povey)"

# The records printed through the one server are the one database's, paper for paper.
for query in 'speech enhancement' 'author:Povey' '语音识别'; do
  check_eq "[$query] o4: the digest printed" "$(o4 -n 5 "$query")" "$(one -n 5 "$query")"
done
check_eq "o4: BibTeX" "$(o4 -f bibtex -n 3 'world model')" "$(one -f bibtex -n 3 'world model')"

# A shard server killed mid-run: an error naming it, exit 2, no partial answer on stdout.
kill "${pids[2]}"
wait "${pids[2]}" 2>/dev/null
run_cmd r4 -f ids -n 5 speech
check_eq "a killed shard server: exit 2" "$rc" 2
check_eq "... nothing on standard output" "$out" ""
check_contains "... naming it" "$err" "${remotes[5]}"
finish
