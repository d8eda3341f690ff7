#!/usr/bin/env bash
# scripts/serve-shards: two databases of a few corpus days each, served by xapian-tcpsrv on
# 127.0.0.1 and searched through the addresses the script prints, give the same counts and
# papers as the two local directories; a shard that times out or is down is an error naming
# it (exit 2); a non-loopback interface is refused without --allow-remote, before anything
# starts; a server that cannot start stops the others; SIGTERM stops every server (exit 0); a
# database digest-query refuses (a shard at another schema version) is not served; --spelling
# writes a spelling table that gives the served shards the corrections their server cannot.
# Nothing listens beyond loopback.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_SOURCE
make_scratch
serve="$DIGEST_SOURCE/scripts/serve-shards"
command -v xapian-tcpsrv >/dev/null || die "xapian-tcpsrv is missing (scripts/setup installs xapian-tools)"

days="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
[[ -d "$days" ]] || die "the shared corpus is missing: $days"
mapfile -t all < <(ls -d "$days"/*/)
"$DIGEST_INDEX" --db "$scratch/db-a" --quiet add "${all[@]:0:3}" || die "indexing shard a failed"
"$DIGEST_INDEX" --db "$scratch/db-b" --quiet add "${all[@]:3:3}" || die "indexing shard b failed"

# Every server this test may have started names a database of $scratch: kill any left over.
servers() { pgrep -f "^xapian-tcpsrv .*$scratch/db-" || true; }
server_pid() { pgrep -f "^xapian-tcpsrv .*--port $1 $scratch/db-" || true; }
cleanup() {
  local p
  [[ -n "${sspid:-}" ]] && kill -TERM "$sspid" 2>/dev/null
  for p in $(servers); do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT

# Two consecutive free ports on loopback (and a third pair for the refusals).
free_ports() {
  "$PYTHON" -c '
import socket
for _ in range(200):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    try:
        b = socket.socket(); b.bind(("127.0.0.1", p + 1))
    except OSError:
        continue
    print(p); break
'
}
port=$(free_ports)
[[ -n "$port" ]] || die "no two free consecutive ports"

# --- refused before anything starts ----------------------------------------------------------
for iface in 0.0.0.0 192.0.2.1; do
  run_cmd "$serve" --interface "$iface" --port-base "$port" "$scratch/db-a" "$scratch/db-b"
  check_eq "--interface $iface without --allow-remote: exit 2" "$rc" 2
  check_contains "... saying tcpsrv has no authentication" "$err" "no authentication"
  check_contains "... and how to do it anyway" "$err" "--allow-remote"
  check_eq "... no address printed" "$out" ""
  check_eq "... no server started" "$(servers)" ""
done
run_cmd "$serve" --port-base "$port" "$scratch/db-a" "$scratch/nonexistent"
check_eq "a directory that is not a database: exit 2" "$rc" 2
check_contains "... named" "$err" "$scratch/nonexistent"
check_eq "... no server started" "$(servers)" ""

# A port already taken: the first server starts, the second cannot, and the first is stopped.
"$PYTHON" -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
print("bound", flush=True); time.sleep(120)
' "$((port + 1))" >"$scratch/squatter.out" &
squatter=$!
for _ in $(seq 100); do grep -q bound "$scratch/squatter.out" && break; sleep 0.1; done
run_cmd "$serve" --port-base "$port" "$scratch/db-a" "$scratch/db-b"
check_eq "a port already in use: exit 2" "$rc" 2
check_contains "... naming the database" "$err" "$scratch/db-b did not start"
check_eq "... and the server already started is stopped" "$(servers)" ""
kill "$squatter"
wait "$squatter" 2>/dev/null

# --- serving ---------------------------------------------------------------------------------
# start_serving DB...: serve-shards in the background ($sspid), once it has printed its
# addresses (into $scratch/serve.out).
start_serving() {
  "$serve" --port-base "$port" "$@" >"$scratch/serve.out" 2>"$scratch/serve.err" &
  sspid=$!
  for _ in $(seq 200); do
    grep -q '^DIGEST_DB=' "$scratch/serve.out" 2>/dev/null && break
    kill -0 "$sspid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q '^DIGEST_DB=' "$scratch/serve.out" || die "serve-shards did not start: $(cat "$scratch/serve.err")"
}
start_serving "$scratch/db-a" "$scratch/db-b"
a="tcp://127.0.0.1:$port"
b="tcp://127.0.0.1:$((port + 1))"
check_eq "one --db address per database, in order" \
  "$(grep -o '^--db [^ ]*' "$scratch/serve.out")" "$(printf -- '--db %s\n--db %s' "$a" "$b")"
digest_db=$(sed -n 's/^DIGEST_DB=//p' "$scratch/serve.out")
check_eq "a ready-made DIGEST_DB line" "$digest_db" "$a:$b"
check_eq "two servers running" "$(servers | wc -l)" 2
listening=$(ss -Hltn | awk -v a="$port" -v b="$((port + 1))" '{ n = split($4, x, ":"); if (x[n] == a || x[n] == b) print $4 }' | sort)
check_eq "both listen on 127.0.0.1 only" "$listening" "$(printf '127.0.0.1:%s\n127.0.0.1:%s' "$port" "$((port + 1))" | sort)"

local_q() { "$DIGEST_QUERY" --db "$scratch/db-a" --db "$scratch/db-b" "$@"; }
remote_q() { DIGEST_DB="$digest_db" "$DIGEST_QUERY" "$@"; }
for query in speech 'cat:cs.RO' 'large language models' 'au:Wang' 'ti:robot* AND NOT cat:cs.CV'; do
  count=$(local_q --count "$query")
  check_eq "[$query] the served shards count as the local directories ($count)" "$(remote_q --count "$query")" "$count"
  check_eq "[$query] ... list the same papers" \
    "$(remote_q -f ids -n 0 --sort -date "$query" | sort)" "$(local_q -f ids -n 0 --sort -date "$query" | sort)"
  # A wildcard is expanded by each server on its own, so its weights (not its matches) differ
  # through a remote shard: the ranking is compared for the other queries only.
  [[ "$query" == *'*'* ]] && continue
  check_eq "[$query] ... and rank the same first ten" "$(remote_q -f ids -n 10 "$query")" "$(local_q -f ids -n 10 "$query")"
done
check_eq "one served shard through --db = its directory" \
  "$("$DIGEST_QUERY" --db "$a" --count speech)" "$("$DIGEST_QUERY" --db "$scratch/db-a" --count speech)"
((count > 0)) || fail "the last query found nothing: the comparison proves little"

# A server that does not answer (stopped, not killed): a timeout naming it.
pid_b=$(server_pid "$((port + 1))")
[[ -n "$pid_b" ]] || die "no server on port $((port + 1))"
kill -STOP "$pid_b"
run_cmd remote_q --count speech
kill -CONT "$pid_b"
check_eq "a shard that times out: exit 2" "$rc" 2
check_contains "... named" "$err" "$b"
check_eq "... and answers again once resumed" "$(remote_q --count speech)" "$(local_q --count speech)"

# A server that is down: an error naming it.
kill -TERM -- "-$pid_b"
for _ in $(seq 50); do [[ -z "$(server_pid "$((port + 1))")" ]] && break; sleep 0.1; done
run_cmd remote_q --count speech
check_eq "a shard that is down: exit 2" "$rc" 2
check_contains "... named" "$err" "$b"
check_contains "... with a hint" "$err" "hint:"
for _ in $(seq 30); do grep -q 'stopped' "$scratch/serve.err" && break; sleep 0.1; done
check_contains "serve-shards says which server stopped" "$(cat "$scratch/serve.err")" "$scratch/db-b ($b) stopped"
check_eq "the other shard still answers" \
  "$("$DIGEST_QUERY" --db "$a" --count speech)" "$("$DIGEST_QUERY" --db "$scratch/db-a" --count speech)"

# --- SIGTERM stops everything ----------------------------------------------------------------
kill -TERM "$sspid"
wait "$sspid"
check_eq "serve-shards stopped by SIGTERM: exit 0" "$?" 0
sspid=
check_eq "no xapian-tcpsrv left" "$(servers)" ""
check_eq "nothing listens on the ports any more" \
  "$(ss -Hltn | awk -v a="$port" -v b="$((port + 1))" '{ n = split($4, x, ":"); if (x[n] == a || x[n] == b) print $4 }')" ""
# --- a sharded directory: one server for all its shards ---------------------------------------
# The same six days written as 2 shards: one server follows the directory's stub to both, one
# connection per search, and answers as the directory searched here does (not quite as db-a
# and db-b: a paper listed in both is one paper here, two copies there).
"$DIGEST_INDEX" --db "$scratch/db-s" --quiet add --shards 2 "${all[@]:0:6}" || die "indexing the sharded directory failed"
# With --spelling, a spelling table of its words is written first and ends the DIGEST_DB line:
# the corrections Xapian's server cannot give come from it.
start_serving --spelling "$scratch/spelling" "$scratch/db-s"
check_eq "a sharded directory: one server" "$(servers | wc -l)" 1
digest_db=$(sed -n 's/^DIGEST_DB=//p' "$scratch/serve.out")
check_eq "... one address, then the spelling table" "$digest_db" "tcp://127.0.0.1:$port:$scratch/spelling"
whole_q() { "$DIGEST_QUERY" --db "tcp://127.0.0.1:$port" "$@"; }
sharded_q() { "$DIGEST_QUERY" --db "$scratch/db-s" "$@"; }
suggestion() { "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("suggestion") or "")'; }
typo='robot manipulaton'
expected=$(sharded_q -f json -n 1 "$typo" | suggestion)
[[ -n $expected ]] || die "the sharded directory suggests nothing for [$typo]"
check_eq "[$typo] the server alone: no correction" "$(whole_q -f json -n 1 "$typo" | suggestion)" ""
check_eq "[$typo] DIGEST_DB as printed: the directory's correction" \
  "$(DIGEST_DB="$digest_db" "$DIGEST_QUERY" -f json -n 1 "$typo" | suggestion)" "$expected"
check_eq "... and its count" "$(DIGEST_DB="$digest_db" "$DIGEST_QUERY" --count speech)" "$(sharded_q --count speech)"
for query in speech 'cat:cs.RO' 'large language models' 语音; do
  check_eq "[$query] the sharded directory served as one counts as the directory here" \
    "$(whole_q --count "$query")" "$(sharded_q --count "$query")"
  check_eq "[$query] ... and ranks the same first ten" "$(whole_q -f ids -n 10 "$query")" "$(sharded_q -f ids -n 10 "$query")"
done
check_eq "... the same papers by date, read from the match's sort keys" \
  "$(whole_q -f ids -n 0 --sort -date 'cat:cs.RO')" "$(sharded_q -f ids -n 0 --sort -date 'cat:cs.RO')"
kill -TERM "$sspid"
wait "$sspid"
sspid=
check_eq "no xapian-tcpsrv left" "$(servers)" ""

# A shard that disagrees with the others is refused before anything is served: through one
# server a search reads shard-0's metadata only, and would not see it.
cp -a "$scratch/db-s" "$scratch/db-half"
"$PYTHON" - "$scratch/db-half/shard-1" <<'PY'
import sys, xapian
db = xapian.WritableDatabase(sys.argv[1], xapian.DB_OPEN)
db.set_metadata("digest-search:schema", "0")
db.commit()
PY
run_cmd "$serve" --port-base "$port" "$scratch/db-a" "$scratch/db-half"
check_eq "a sharded directory whose shard-1 is at another schema: exit 2" "$rc" 2
check_contains "... naming the shard" "$err" "$scratch/db-half/shard-1 has schema version 0"
check_contains "... and how to rebuild it" "$err" "digest-index reindex"
check_eq "... nothing served" "$out" ""
check_eq "... no server started, not even the good one's" "$(servers)" ""
finish
