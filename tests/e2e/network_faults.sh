#!/usr/bin/env bash
# Every network fault gives exit code 5, an error naming the URL, and a database exactly as it
# was (figures and file bytes), for `add`, `arxiv` and `rss`, against a local server.
. "$DIGEST_TESTS/tools/network_test_lib.sh"
start_server

DB="$WORK/db"
run 0 --db "$DB" -q add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md"
snapshot "$DB" >"$WORK/before"

# expect_fault EXIT URL-IN-MESSAGE MESSAGE-PART digest-index-arguments...
expect_fault() {
    local code=$1 url=$2 part=$3
    shift 3
    run "$code" --db "$DB" "$@"
    # One line names the URL (in full, or as the start of a request URL) and the fault.
    grep -F -- "$url" "$WORK/err" | grep -F ": error: " | grep -qF -- "$part" ||
        fail "no \"URL: error: ...$part\" line for $url"
    snapshot "$DB" >"$WORK/after"
    cmp -s "$WORK/before" "$WORK/after" || {
        diff "$WORK/before" "$WORK/after" >&2
        fail "the database changed after a failed $*"
    }
}

REFUSED="http://127.0.0.1:$(closed_port)/20251230_Tue/audio.md"
DNS="http://digest-search-test.invalid/20251230_Tue/audio.md"

# add: a digest by URL.
expect_fault 5 "$REFUSED" "cannot connect" add "${FAST[@]}" "$REFUSED"
expect_fault 5 "$DNS" "host not found" add "${FAST[@]}" "$DNS"
start=$SECONDS
expect_fault 5 "$BASE/hang" "timed out" add "${FAST[@]}" "$BASE/hang"
[ $((SECONDS - start)) -le 10 ] || fail "the 3 s --timeout did not stop a server that never answers"
expect_fault 5 "$BASE/404" "HTTP 404 Not Found" add "${FAST[@]}" "$BASE/404"
expect_fault 5 "$BASE/500" "HTTP 500 Internal Server Error (gave up after 2 attempts)" \
    add "${FAST[@]}" "$BASE/500"
expect_fault 5 "$BASE/503-retry-after" "HTTP 503 Service Unavailable (gave up after 2 attempts)" \
    add "${FAST[@]}" "$BASE/503-retry-after"
expect_fault 5 "$BASE/truncated" "cut off" add "${FAST[@]}" "$BASE/truncated"
expect_fault 5 "$BASE/html" "HTML page" add "${FAST[@]}" "$BASE/html"
expect_fault 5 "$BASE/huge" "larger than the limit of 1048576 bytes" add "${FAST[@]}" "$BASE/huge"
expect_fault 5 "$BASE/huge-chunked" "larger than the limit of 1048576 bytes" \
    add "${FAST[@]}" "$BASE/huge-chunked"
expect_fault 5 "$BASE/loop" "too many redirects" add "${FAST[@]}" "$BASE/loop"
[ "$(count_requests 'r["path"] == "/loop"')" -eq 6 ] || fail "a redirect loop is followed 5 times"
expect_fault 5 "$BASE/to-file" "only http:// and https://" add "${FAST[@]}" "$BASE/to-file"
# Not a download at all: an input error (1), refused before any request.
expect_fault 1 "ftp://127.0.0.1/audio.md" "only http:// and https://" \
    add "${FAST[@]}" "ftp://127.0.0.1/audio.md"

# arxiv: the query API.
q=(arxiv "${FAST[@]}" --delay 0 --query 'cat:cs.SD')
REFUSED_API="http://127.0.0.1:$(closed_port)/api/query"
expect_fault 5 "$REFUSED_API?search_query=" "cannot connect" "${q[@]}" --api-url "$REFUSED_API"
expect_fault 5 "$DNS?search_query=" "host not found" "${q[@]}" --api-url "$DNS"
expect_fault 5 "$BASE/hang?search_query=" "timed out" "${q[@]}" --api-url "$BASE/hang"
expect_fault 5 "$BASE/404?search_query=" "HTTP 404" "${q[@]}" --api-url "$BASE/404"
expect_fault 5 "$BASE/500?search_query=" "HTTP 500" "${q[@]}" --api-url "$BASE/500"
expect_fault 5 "$BASE/503-retry-after?search_query=" "HTTP 503" "${q[@]}" \
    --api-url "$BASE/503-retry-after"
expect_fault 5 "$BASE/truncated?search_query=" "cut off" "${q[@]}" --api-url "$BASE/truncated"
expect_fault 5 "$BASE/invalid-xml?search_query=" "invalid XML" "${q[@]}" \
    --api-url "$BASE/invalid-xml"
expect_fault 5 "$BASE/html?search_query=" "HTML page where an Atom feed" "${q[@]}" \
    --api-url "$BASE/html"
expect_fault 5 "$BASE/huge?search_query=" "larger than the limit" "${q[@]}" --api-url "$BASE/huge"
expect_fault 5 "$BASE/loop?search_query=" "too many redirects" "${q[@]}" --api-url "$BASE/loop"
expect_fault 5 "$BASE/rss/test?search_query=" "got an RSS feed" "${q[@]}" \
    --api-url "$BASE/rss/test"
# The API's error feed (HTTP 400) says what was wrong.
expect_fault 5 "$BASE/error-feed?id_list=2512.22166" \
    "HTTP 400 Bad Request: arXiv API error: incorrect id format for abc" \
    arxiv "${FAST[@]}" --delay 0 --id 2512.22166 --api-url "$BASE/error-feed"

# rss: the announcement listing.
r=(rss "${FAST[@]}" cs.SD)
expect_fault 5 "$BASE/rss/astroph" "arXiv RSS error: Bad archive 'astroph'" \
    rss "${FAST[@]}" --rss-url "$BASE/rss/" astroph
REFUSED_RSS="http://127.0.0.1:$(closed_port)/rss/"
expect_fault 5 "${REFUSED_RSS}cs.SD" "cannot connect" "${r[@]}" --rss-url "$REFUSED_RSS"
expect_fault 5 "http://digest-search-test.invalid/rss/cs.SD" "host not found" "${r[@]}" \
    --rss-url "http://digest-search-test.invalid/rss/"
for fault in hang 404 500 503-retry-after truncated invalid-xml html huge loop atom; do
    case $fault in
        hang) part="timed out" ;;
        404) part="HTTP 404" ;;
        500) part="HTTP 500" ;;
        503-retry-after) part="HTTP 503" ;;
        truncated) part="cut off" ;;
        invalid-xml) part="invalid XML" ;;
        html) part="HTML page where an arXiv RSS feed" ;;
        huge) part="larger than the limit" ;;
        loop) part="too many redirects" ;;
        atom) part="expected an RSS feed with a <channel>, got an Atom feed" ;;
    esac
    expect_fault 5 "$BASE/$fault/cs.SD" "$part" "${r[@]}" --rss-url "$BASE/$fault/"
done

# Usage errors change nothing either (exit 2).
run 2 --db "$DB" arxiv --id abc
expect_in "$WORK/err" "--id abc: not an arXiv id"
run 2 --db "$DB" arxiv
run 2 --db "$DB" arxiv --query x --api-url "file:///etc/hostname"
run 2 --db "$DB" rss "CS SD"
snapshot "$DB" >"$WORK/after"
cmp -s "$WORK/before" "$WORK/after" || fail "a usage error changed the database"
echo "network faults: ok"
