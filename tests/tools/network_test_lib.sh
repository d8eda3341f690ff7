# Shared set-up of the network end-to-end tests (sourced by tests/e2e/network_*.sh): a scratch
# folder, the local fixture server (tests/tools/fixture_server.py, 127.0.0.1 only, on a port
# it picks), and the checks the tests share. The server is stopped whenever the test exits.
set -u

: "${DIGEST_INDEX:?path of the digest-index binary}"
: "${DIGEST_SHARED:?folder of the shared test data}"
: "${DIGEST_SOURCE:?root of the source tree}"
: "${DIGEST_TESTS:?the tests folder}"
# The standard-library interpreter; the server needs nothing else.
PYTHON=${DIGEST_PYTHON:-/usr/bin/python3}

# Requests go to 127.0.0.1 directly, never through a proxy of the environment.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

WORK=$(mktemp -d "${TMPDIR:-/tmp}/digest-net.XXXXXX")
SERVER_PID=
CORPUS="$DIGEST_SHARED/corpus/advanced-cs__arXiv_daily/daily_papers"
# Small limits, so that faults show quickly.
FAST=(--connect-timeout 2 --timeout 3 --retries 1 --max-retry-wait 2 --max-bytes 1048576)

stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
        SERVER_PID=
    fi
}
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAIL: $*" >&2
    for f in "$WORK/out" "$WORK/err"; do
        [ -s "$f" ] && { echo "--- $(basename "$f"):" >&2; head -c 3000 "$f" >&2; }
    done
    exit 1
}

# Starts the fixture server and sets PORT and BASE (http://127.0.0.1:PORT).
start_server() {
    "$PYTHON" "$DIGEST_TESTS/tools/fixture_server.py" --port-file "$WORK/port" \
        --log "$WORK/requests.jsonl" --shared "$DIGEST_SHARED" \
        --digests "$DIGEST_SOURCE/examples" --digests "$CORPUS" \
        --extra-api "$DIGEST_TESTS/fixtures/net/api" "$@" 2>"$WORK/server.err" &
    SERVER_PID=$!
    for _ in $(seq 100); do
        [ -s "$WORK/port" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || fail "fixture server died: $(cat "$WORK/server.err")"
        sleep 0.1
    done
    [ -s "$WORK/port" ] || fail "fixture server did not start within 10 s"
    PORT=$(cat "$WORK/port")
    BASE="http://127.0.0.1:$PORT"
}

# A port on 127.0.0.1 that nothing listens on.
closed_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# run EXPECTED_EXIT digest-index-arguments...: output in $WORK/out and $WORK/err.
run() {
    local expected=$1
    shift
    "$DIGEST_INDEX" "$@" >"$WORK/out" 2>"$WORK/err"
    local code=$?
    [ "$code" -eq "$expected" ] || fail "digest-index $* exited $code, expected $expected"
}

# Everything that makes up the database: its figures and the bytes of every file.
snapshot() {
    "$DIGEST_INDEX" --db "$1" stats --json
    (cd "$1" && find . -type f ! -name lock -print0 | sort -z | xargs -0 md5sum)
}

# stats_field DB 'expression on j': a value from `stats --json`.
stats_field() {
    "$DIGEST_INDEX" --db "$1" stats --json | "$PYTHON" -c "import json, sys; j = json.load(sys.stdin); print($2)"
}

# requests 'condition on r': the logged requests that satisfy it, one JSON object per line.
requests() {
    "$PYTHON" - "$WORK/requests.jsonl" "$1" <<'EOF'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if eval(sys.argv[2], {}, {"r": r}):
        print(json.dumps(r))
EOF
}
count_requests() { requests "$1" | wc -l; }

# The document data (the Paper as JSON) of paper ID, read with xapian-delve.
paper_data() {
    local docid
    docid=$(xapian-delve -1 -t "Q$2" "$1" 2>/dev/null | tail -n +2 | head -1)
    [ -n "$docid" ] || fail "no document for $2 in $1"
    xapian-delve -d -r "$docid" "$1" | sed -n '2p'
}

expect_in() {  # expect_in FILE TEXT
    grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"
}
