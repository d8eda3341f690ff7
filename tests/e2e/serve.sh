#!/usr/bin/env bash
# digest-query serve on 127.0.0.1 and a free port: the JSON API returns exactly what
# --format json prints for the queries of the shared bench; bad requests get the CLI's message;
# the security headers and refusals hold; headless Chromium reads the page, follows a facet, an
# author and "similar papers", shows a hostile title as text; the server sees the indexer's
# commits and stops on SIGINT with exit 0.
# needs: corpus-db
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_SHARED DIGEST_SOURCE DIGEST_TESTS DIGEST_CORPUS_DB
make_scratch
source "$(dirname "$0")/lib/browser.bash"

start_server() {  # $1: database; sets $url and $server_pid
  "$DIGEST_QUERY" --db "$1" serve --port 0 --quiet >"$scratch/serve.out" 2>"$scratch/serve.err" &
  server_pid=$!
  for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$scratch/serve.out" 2>/dev/null || true)
    [[ -n $url ]] && return
    sleep 0.1
  done
  die "the server did not start: $(cat "$scratch/serve.err")"
}
stop_server() {
  kill -INT "$server_pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid"
    fail "the server did not stop on SIGINT"
  else
    wait "$server_pid"
    check_eq "SIGINT stops the server: exit 0" "$?" 0
  fi
}
# get PATH [HEADER...]: prints "STATUS\n<headers as JSON>\nBODY" of a GET (or METHOD=...).
get() {
  "$PYTHON" - "$url" "$@" <<'EOF'
import http.client, json, sys, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])
path, headers, method = sys.argv[2], {}, "GET"
for h in sys.argv[3:]:
    k, v = h.split(": ", 1)
    if k == "METHOD":
        method = v
    else:
        headers[k] = v
c = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
c.putrequest(method, path, skip_host="Host" in headers)
for k, v in headers.items():
    c.putheader(k, v)
c.endheaders()
r = c.getresponse()
body = r.read().decode("utf-8", "replace")
print(r.status)
print(json.dumps({k.lower(): v for k, v in r.getheaders()}))
sys.stdout.write(body)
EOF
}
status() { get "$@" | head -1; }
body() { get "$@" | tail -n +3; }
enc() { "$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# --- The API against the command line, on the whole corpus ---------------------------------
start_server "$DIGEST_CORPUS_DB"
wrong=0 n=0
while IFS= read -r query; do
  [[ -n $query ]] || continue
  ((n += 1))
  api=$(body "/api/search?q=$(enc "$query")&limit=10")
  cli=$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" -f json -n 10 "$query")
  if [[ $api != "$cli" ]]; then
    ((wrong += 1))
    echo "  [$query] differs: $(diff <(printf '%s\n' "$api") <(printf '%s\n' "$cli") | head -3)"
  fi
done <"$DIGEST_SHARED/bench/queries.txt"
check_eq "/api/search = --format json for each of the $n bench queries" "$wrong" 0
check_eq "/api/search with facets and paging = the CLI" \
  "$(body "/api/search?q=$(enc 'speech enhancement')&limit=3&offset=5&sort=-date&facet=category:3&facet=author:2")" \
  "$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" -f json -n 3 --offset 5 --sort -date --facet category:3,author:2 'speech enhancement')"
check_eq "/api/trend = trend --format json" "$(body "/api/trend?q=$(enc 'cat:eess.AS')&by=year")" \
  "$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" trend -f json --by year 'cat:eess.AS')"
check_eq "/api/authors = authors --format json" "$(body "/api/authors?name=povey")" \
  "$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" -f json authors povey)"
check_eq "/api/paper/ID: the paper" \
  "$(body /api/paper/2510.18744 | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["id"])')" 2510.18744
check_eq "/api/paper/ of no paper: 404" "$(status /api/paper/0000.00000)" 404

# Answers kept: the same request again is answered from the cache, byte for byte the same
# (and still the CLI's); a mistake is never kept.
wrong=0 hits=0
while IFS= read -r query; do
  [[ -n $query ]] || continue
  again=$(get "/api/search?q=$(enc "$query")&limit=10")
  [[ $(json_get "$(sed -n 2p <<<"$again")" x-digest-cache) == hit ]] && ((hits += 1))
  [[ $(tail -n +3 <<<"$again") == "$("$DIGEST_QUERY" --db "$DIGEST_CORPUS_DB" -f json -n 10 "$query")" ]] ||
    ((wrong += 1))
done <"$DIGEST_SHARED/bench/queries.txt"
check_eq "the bench queries asked again: each from the cache, the same answer" "$hits $wrong" "$n 0"
for page in "/?q=speech" "/trend.svg?q=speech" "/author?name=povey" "/api/trend?q=speech" \
  "/api/authors?name=povey&limit=3"; do
  first=$(get "$page") second=$(get "$page")
  check_eq "$page twice: a miss, then a hit with the same body" \
    "$(json_get "$(sed -n 2p <<<"$first")" x-digest-cache) $(json_get "$(sed -n 2p <<<"$second")" x-digest-cache) $([[ $(tail -n +3 <<<"$first") == "$(tail -n +3 <<<"$second")" ]] && echo same)" \
    "miss hit same"
done
get "/api/search?q=$(enc 'cat:cs.SD (speech')" >/dev/null
again=$(get "/api/search?q=$(enc 'cat:cs.SD (speech')")
check_eq "a mistake asked again: not kept, 400 again" \
  "$(head -1 <<<"$again") $(grep -c '"x-digest-cache": "hit"' <<<"$(sed -n 2p <<<"$again")")" "400 0"
# Each response goes out at once on a kept-alive connection (TCP_NODELAY): with Nagle's
# algorithm the body of each waited 40 ms for the client's delayed acknowledgement.
median_ms=$("$PYTHON" - "$url" <<'EOF'
import http.client, statistics, sys, time, urllib.parse
base = urllib.parse.urlparse(sys.argv[1])
c = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
times = []
for _ in range(15):
    t = time.monotonic()
    c.request("GET", "/api/search?q=speech")
    c.getresponse().read()
    times.append((time.monotonic() - t) * 1000)
print(round(statistics.median(times)))
EOF
)
check_match "15 requests on one connection: no 40 ms wait each (median ${median_ms} ms)" \
  "$median_ms" '^([0-9]|[12][0-9])$'

# Mistakes: 400 with the CLI's message; refusals.
response=$(get "/api/search?q=$(enc 'cat:cs.SD (speech')")
check_eq "a query with a mistake: 400" "$(head -1 <<<"$response")" 400
check_eq "... with the CLI's message and column" \
  "$(tail -n +3 <<<"$response" | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(d["error"], d["column"])')" \
  "unclosed \`(\` 11"
check_eq "limit that is not a number: 400" "$(status '/api/search?q=speech&limit=x')" 400
check_eq "an unknown facet: 400" "$(status '/api/search?q=speech&facet=nosuch')" 400
check_eq "an unknown path: 404" "$(status /nosuch)" 404
check_eq "a path out of the tree: 404" "$(status /../../etc/passwd)" 404
check_eq "encoded dots: 404" "$(status /%2e%2e/%2e%2e/etc/passwd)" 404
check_eq "a query over 4 KiB: 414" "$(status "/api/search?q=$(head -c 5000 /dev/zero | tr '\0' a)")" 414
check_eq "POST: 405" "$(status / 'METHOD: POST')" 405
check_eq "another Host (DNS rebinding): 403" "$(status / 'Host: evil.example:80')" 403
check_eq "HEAD: 200" "$(status / 'METHOD: HEAD')" 200
headers=$(get "/?q=speech" | sed -n 2p)
check_eq "security headers" \
  "$("$PYTHON" -c 'import json,sys; h=json.loads(sys.argv[1]); print(h.get("content-security-policy"), h.get("x-content-type-options"))' "$headers")" \
  "default-src 'self' nosniff"
# A browser accepts brotli and gzip; answers go out as they are (compressing a page took longer
# than finding it), byte for byte what a client accepting nothing gets.
for path in "/?q=speech" /static/style.css "/api/search?q=speech&facet=author"; do
  plain=$(get "$path" | tail -n +3 | sha256sum)
  accepting=$(get "$path" 'Accept-Encoding: gzip, deflate, br')
  check_eq "$path: not compressed for a browser" \
    "$(echo "$accepting" | sed -n 2p | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("content-encoding", "none"))')" none
  check_eq "$path: the same bytes for a browser" "$(echo "$accepting" | tail -n +3 | sha256sum)" "$plain"
done
check_eq "HEAD: the page's length, no body" \
  "$(get "/?q=speech" 'METHOD: HEAD' | sed -n 2p | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin).get("content-length"))'):$(get "/?q=speech" 'METHOD: HEAD' | tail -n +3 | wc -c)" \
  "$(get "/?q=speech" | tail -n +3 | wc -c):0"
stop_server

# --- A small database with a hostile digest, in the browser ---------------------------------
db="$scratch/db"
"$DIGEST_INDEX" --db "$db" --quiet add "$DIGEST_SOURCE/examples/20251230_Tue/audio.md" || die "indexing failed"
mkdir -p "$scratch/h/20251231_Wed"
cat >"$scratch/h/20251231_Wed/audio.md" <<'EOF'
#### [new 001] <script>document.title='pwned'</script> Hostile speech <img src=x onerror=alert(1)>
- **分类: cs.SD**

- **链接: [http://arxiv.org/pdf/2512.99999v1](http://arxiv.org/pdf/2512.99999v1)**

> **作者:** Mallory <b>Bold</b>
>
> **摘要:** A speech paper whose title holds a script.
>
---
EOF
start_server "$db"
dom() { timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$scratch/chromium-profile" --dump-dom "$url${1#/}" 2>/dev/null; }
# The page as Chromium built it: results, facet links, author and similar links.
read_page() {
  "$PYTHON" -c '
import html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.d = {"papers": [], "facets": {}, "authors": [], "similar": [], "scripts": 0, "total": None, "h2": [], "error": ""}
        self.facet = None; self.in_h2 = False; self.in_error = False
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "script": self.d["scripts"] += 1
        if tag == "li" and "data-id" in a: self.d["papers"].append(a["data-id"])
        if tag == "p" and a.get("id") == "total": self.d["total"] = int(a["data-total"])
        if tag == "section" and "data-facet" in a: self.facet = a["data-facet"]; self.d["facets"][self.facet] = []
        if tag == "a" and self.facet: self.d["facets"][self.facet].append(a["href"])
        if tag == "a" and a.get("href", "").startswith("/author?"): self.d["authors"].append(a["href"])
        if tag == "a" and a.get("class") == "similar": self.d["similar"].append(a["href"])
        if tag == "h2": self.in_h2 = True; self.d["h2"].append("")
        if tag == "div" and a.get("class") == "error": self.in_error = True
    def handle_endtag(self, tag):
        if tag == "section": self.facet = None
        if tag == "h2": self.in_h2 = False
        if tag == "div": self.in_error = False
    def handle_data(self, data):
        if self.in_h2: self.d["h2"][-1] += data
        if self.in_error: self.d["error"] += data
p = P(); p.feed(sys.stdin.read()); print(json.dumps(p.d))'
}
jget() { "$PYTHON" -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }

page=$(dom "/?q=speech" | read_page)
check_eq "the page lists the papers --count finds (first page)" \
  "$(jget "$page" 'd["total"]')" "$("$DIGEST_QUERY" --db "$db" --count speech)"
check_eq "... 20 a page at most, in the CLI's order" "$(jget "$page" 'd["papers"]')" \
  "$("$DIGEST_QUERY" --db "$db" -f ids -n 20 speech | "$PYTHON" -c 'import sys; print([l.strip() for l in sys.stdin])')"
facet=$(jget "$page" 'd["facets"]["category"][0]')
after=$(dom "$facet" | read_page)
filter=$("$PYTHON" -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query)["q"][0])' "$facet")
check_eq "clicking a category facet narrows the query ($filter)" \
  "$(jget "$after" 'd["total"]')" "$("$DIGEST_QUERY" --db "$db" --count "$filter")"
author=$(dom "$(jget "$page" 'd["authors"][0]')" | read_page)
check_eq "an author link opens the author page" "$(jget "$author" 'len(d["h2"]) >= 1')" True
similar=$(dom "$(jget "$page" 'd["similar"][0]')" | read_page)
check_eq "similar papers: a list without the paper itself" \
  "$(jget "$similar" 'len(d["papers"]) > 0')" True
bad=$(dom "/?q=$(enc 'cat:cs.SD (speech')" | read_page)
check_contains "a query with a mistake: the message on the page" "$(jget "$bad" 'd["error"]')" "unclosed"

before=$(body "/api/search?q=hostile")
"$DIGEST_INDEX" --db "$db" --quiet add "$scratch/h/20251231_Wed/audio.md" || die "adding the hostile digest failed"
check_eq "an answer kept before a commit is not given after it" \
  "$(json_get "$before" total) $(json_get "$(body "/api/search?q=hostile")" total)" "0 1"
hostile=$(dom "/?q=hostile" | read_page)
check_eq "a digest added while serving is found at once" "$(jget "$hostile" 'd["total"]')" 1
check_eq "a <script> in a title is shown as text, never run" \
  "$(jget "$hostile" 'd["scripts"]') $(jget "$hostile" '"<script>" in d["h2"][0]')" "0 True"
render_png "$url?q=speech" "$scratch/page.png" 1200 900
colours=$("$PYTHON" "$DIGEST_TESTS/tools/png_colours.py" "$scratch/page.png" '#0072B2' '#FFE58A')
check_eq "the page is drawn: text, the chart, highlighted words" \
  "$(( $(sed -n 's/^drawn=//p' <<<"$colours") > 30000 )) $(( $(sed -n 's/^#0072B2=//p' <<<"$colours") > 50 )) $(( $(sed -n 's/^#FFE58A=//p' <<<"$colours") > 200 ))" \
  "1 1 1"
stop_server
check_eq "nothing listened beyond loopback" "$(grep -c 'warning: listening' "$scratch/serve.err")" 0
finish
