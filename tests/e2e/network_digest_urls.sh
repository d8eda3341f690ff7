#!/usr/bin/env bash
# Digests added by URL: parsed like local files (date and topic from the URL path), gzip,
# redirects, conditional requests (a second add downloads nothing), retries that honour
# Retry-After, and --from-list with bad URLs among good ones.
. "$DIGEST_TESTS/tools/network_test_lib.sh"
start_server

DB="$WORK/db"
URL="$BASE/digests/20251230_Tue/audio.md"

# First add: 22 entries (13 new, 9 replaced) dated by the URL's folder, topic from its file name.
run 0 --db "$DB" add "$URL"
expect_in "$WORK/out" "1 URL, 22 entries → 22 papers"
[ "$(stats_field "$DB" 'j["papers"]')" = 22 ] || fail "22 papers expected"
[ "$(stats_field "$DB" 'j["first_date"]')" = 2025-12-30 ] || fail "date from the URL path"
[ "$(stats_field "$DB" 'j["topics"]["audio"]["appearances"]')" = 22 ] || fail "topic from the URL"
[ "$(stats_field "$DB" 'j["sections"]["replaced"]')" = 9 ] || fail "9 replaced entries"
# It came gzip-compressed, with the tool's user agent and no validators.
first=$(requests 'r["path"] == "/digests/20251230_Tue/audio.md"')
echo "$first" | grep -q '"accept-encoding": "[^"]*gzip' || fail "gzip not offered"
echo "$first" | grep -q '"user-agent": "digest-search/0.1' || fail "user agent"
echo "$first" | grep -q 'if-none-match' && fail "the first request is not conditional"
echo "$first" | grep -q '"status": 200' || fail "first download: 200"
# The same entries as the local file gives.
run 0 --db "$WORK/local" -q add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
diff <(stats_field "$DB" 'sorted((k, v) for k, v in j.items() if k not in ("database", "last_run", "size_bytes", "files_recorded", "urls_recorded"))') \
    <(stats_field "$WORK/local" 'sorted((k, v) for k, v in j.items() if k not in ("database", "last_run", "size_bytes", "files_recorded", "urls_recorded"))') ||
    fail "a digest read by URL differs from the same file read locally"

# Second add: a conditional request, answered 304; nothing is downloaded or written.
data_before=$(paper_data "$DB" 2512.22166)
run 0 --db "$DB" add "$URL"
expect_in "$WORK/out" "1 URL (1 unchanged, skipped), 0 entries"
second=$(requests 'r["path"] == "/digests/20251230_Tue/audio.md"' | tail -1)
echo "$second" | grep -q '"if-none-match": "\\"' || fail "the second request sends If-None-Match"
echo "$second" | grep -q '"status": 304' || fail "the second request gets 304"
[ "$(paper_data "$DB" 2512.22166)" = "$data_before" ] || fail "an unchanged URL changed a paper"
# --force downloads again (unconditionally) and re-reads the digest without duplicating it.
run 0 --db "$DB" add --force "$URL"
requests 'r["path"] == "/digests/20251230_Tue/audio.md"' | tail -1 | grep -q '"status": 200' ||
    fail "--force downloads again"
[ "$(stats_field "$DB" 'j["appearances"]')" = 22 ] || fail "re-reading a digest duplicates it"

# A redirect is followed; the URL as given names date and topic.
run 0 --db "$WORK/redirected" add "$BASE/redirect/digests/20251230_Tue/text.md"
[ "$(stats_field "$WORK/redirected" 'list(j["topics"])')" = "['text']" ] || fail "topic text"

# Retries: 503 with Retry-After: 1 twice, then the digest; the waits are honoured.
run 0 --db "$WORK/retried" add --retries 3 "$BASE/flaky/2/digests/20251230_Tue/robotics.md"
times=$(requests 'r["path"] == "/flaky/2/digests/20251230_Tue/robotics.md"' |
    "$PYTHON" -c 'import json, sys; print(" ".join(str(json.loads(l)["t"]) for l in sys.stdin))')
"$PYTHON" - $times <<'EOF' || fail "three requests, 1 s apart, expected; got: $times"
import sys
t = [float(x) for x in sys.argv[1:]]
assert len(t) == 3 and all(b - a >= 0.95 for a, b in zip(t, t[1:])), t
EOF
[ "$(stats_field "$WORK/retried" 'list(j["topics"])')" = "['robotics']" ] || fail "robotics"
# A server asking for a longer wait than --max-retry-wait is not retried.
run 5 --db "$WORK/retried" add --retries 3 --max-retry-wait 0.5 "$BASE/503-retry-after"
expect_in "$WORK/err" "the server asks to retry after 1 s, more than --max-retry-wait"
[ "$(count_requests 'r["path"] == "/503-retry-after"')" -eq 1 ] || fail "no retry expected"

# --from-list: files and URLs, comments and blank lines; bad URLs do not stop the others.
cat >"$WORK/list.txt" <<EOF
# digests of two days
$BASE/digests/20251229_Mon/audio.md

$BASE/404
$CORPUS/20251222_Mon/robotics.md
http://digest-search-test.invalid/20251230_Tue/video.md
$BASE/digests/20251230_Tue/video.md
EOF
run 5 --db "$WORK/listed" add "${FAST[@]}" --from-list "$WORK/list.txt"
expect_in "$WORK/err" "$BASE/404: error: HTTP 404 Not Found"
expect_in "$WORK/err" "http://digest-search-test.invalid/20251230_Tue/video.md: error: host not found"
[ "$(stats_field "$WORK/listed" 'j["digests"]')" = 3 ] || fail "three digests from the list"
[ "$(stats_field "$WORK/listed" 'sorted(j["topics"])')" = "['audio', 'robotics', 'video']" ] ||
    fail "topics of the list"
[ "$(stats_field "$WORK/listed" 'j["last_date"]')" = 2025-12-30 ] || fail "dates of the list"
# The list on standard input, without its two bad URLs (whole lines: the server's port may
# hold "404"); everything is unchanged now.
grep -v -x -F -e "$BASE/404" -e http://digest-search-test.invalid/20251230_Tue/video.md \
    "$WORK/list.txt" |
    "$DIGEST_INDEX" --db "$WORK/listed" add --from-list - >"$WORK/out" 2>"$WORK/err" ||
    fail "--from-list - failed"
expect_in "$WORK/out" "1 file and 2 URLs (3 unchanged, skipped)"
run 2 --db "$WORK/listed" add --from-list "$WORK/no-such-list.txt"
expect_in "$WORK/err" "--from-list $WORK/no-such-list.txt: cannot read"

# Into 3 shards: downloaded once for all of them, each shard its papers; the next add is one
# conditional request (every shard recorded the same response), answered 304.
URL2="$BASE/digests/20251229_Mon/audio.md"
before=$(count_requests 'r["path"] == "/digests/20251229_Mon/audio.md"')
run 0 --db "$WORK/sharded" add --shards 3 "$URL2"
[ "$(count_requests 'r["path"] == "/digests/20251229_Mon/audio.md"')" = $((before + 1)) ] ||
    fail "a URL is downloaded once for every shard"
run 0 --db "$WORK/one" -q add "$URL2"
[ "$(stats_field "$WORK/sharded" 'j["papers"], j["appearances"], j["urls_recorded"], j["shards"]')" = \
  "$(stats_field "$WORK/one" 'j["papers"], j["appearances"], j["urls_recorded"]') 3" ] ||
    fail "a URL into 3 shards: the one database's figures"
run 0 --db "$WORK/sharded" add "$URL2"
expect_in "$WORK/out" "1 URL (1 unchanged, skipped), 0 entries"
requests 'r["path"] == "/digests/20251229_Mon/audio.md"' | tail -1 | grep -q '"status": 304' ||
    fail "the second add into 3 shards gets 304"
"$DIGEST_INDEX" --db "$WORK/sharded" -q check || fail "check of the sharded database"
echo "digests by URL: ok"
