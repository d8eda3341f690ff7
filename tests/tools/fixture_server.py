#!/usr/bin/env python3
"""A local HTTP server for the network tests of digest-index (standard library only).

It listens on 127.0.0.1 only, on a free port it picks itself, and writes that port to
--port-file once it accepts connections. Every request is appended to --log as one JSON
line: {"t": seconds, "path", "query": {name: [values]}, "headers": {lower-case name: value},
"status"}, so that tests can count requests and check what was asked.

Routes:
  /digests/<file>          a file under one of the --digests folders (the first that has
                           it), with ETag and Last-Modified; answers 304
                           to a matching If-None-Match or If-Modified-Since; gzip when asked
  /flaky/<n>/<route>       the first <n> requests get 503 with Retry-After: 1, then <route>
  /redirect/<route>        302 to /<route>
  /api/query               the arXiv query API: id_list is answered with the entries of
                           the recorded fixtures (and --extra-api files) having those ids;
                           search_query with synthetic pages of --api-total results made
                           from the recorded "all:testing" entries (ids renumbered)
  /error-feed              the API's recorded error feed (HTTP 400)
  /rss/<categories>        rss_mock_feed.xml; "astroph" gives the error feed, "test" the
                           empty one; ETag and 304 as for /digests/
  /fixture/<path>          a file under the shared arxiv-api fixtures, whatever the query
  /atom[/...]              a recorded Atom feed of the API (where RSS is expected)
Faults (the first path segment chooses; /hang/cs.SD hangs too, for --rss-url):
  /hang                    accepts the request and never answers
  /404, /500               that status with a small HTML body
  /503-retry-after         always 503 with Retry-After: 1
  /truncated               announces Content-Length 100000, sends 100 bytes, closes
  /invalid-xml             200 with a broken Atom document
  /html                    200 with an HTML page
  /huge, /huge-chunked     2 MiB of text, with Content-Length or chunked without it
  /loop                    redirects to itself forever
  /to-file                 redirects to file:///etc/hostname
"""

import argparse
import email.utils
import gzip
import hashlib
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ATOM_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/local-test</id>
  <title>arXiv Query: {title}</title>
  <updated>2026-04-12T22:09:27Z</updated>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
"""

ENTRY_RE = re.compile(r"<entry>.*?</entry>", re.S)
ENTRY_ID_RE = re.compile(r"<id>https?://arxiv\.org/abs/([^<]+?)(v\d+)?</id>")
ID_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.counters = {}
        self.t0 = time.monotonic()
        self.log = open(args.log, "a", encoding="utf-8")
        api = os.path.join(args.shared, "fixtures", "arxiv-api", "query-api")
        self.fixtures = os.path.join(args.shared, "fixtures", "arxiv-api")
        # Entries of every recorded response, by id without version.
        self.entries = {}
        files = []
        for sub in ("legacy-2016", "recorded-2026"):
            d = os.path.join(api, sub)
            files += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".xml")]
        if args.extra_api:
            files += [os.path.join(args.extra_api, f) for f in sorted(os.listdir(args.extra_api))
                      if f.endswith(".xml")]
        for path in files:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for entry in ENTRY_RE.findall(text):
                m = ENTRY_ID_RE.search(entry)
                if m:
                    self.entries.setdefault(m.group(1), entry)
        # Template entries for synthetic search pages.
        self.templates = []
        for name in sorted(os.listdir(os.path.join(api, "recorded-2026"))):
            if name.startswith("q_testing") and name.endswith(".body.xml"):
                with open(os.path.join(api, "recorded-2026", name), encoding="utf-8") as f:
                    self.templates += ENTRY_RE.findall(f.read())
        with open(os.path.join(api, "recorded-2026",
                               "id_abc_s0_m100_b79c8dcf6bc3.body.xml"), "rb") as f:
            self.error_feed = f.read()

    def count(self, key):
        with self.lock:
            self.counters[key] = self.counters.get(key, 0) + 1
            return self.counters[key]

    def record(self, handler, status):
        url = urlsplit(handler.path)
        line = {
            "t": round(time.monotonic() - self.t0, 3),
            "path": url.path,
            "query": parse_qs(url.query, keep_blank_values=True),
            "headers": {k.lower(): v for k, v in handler.headers.items()},
            "status": status,
        }
        with self.lock:
            self.log.write(json.dumps(line) + "\n")
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture-server"

    def log_message(self, fmt, *args):  # the JSON log replaces the default stderr lines
        pass

    @property
    def state(self):
        return self.server.state

    def reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=None,
              compress=False):
        self.state.record(self, status)
        if compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers = dict(headers or {}, **{"Content-Encoding": "gzip"})
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def html(self, status, text):
        body = f"<!DOCTYPE html><html><head><title>{text}</title></head>" \
               f"<body><h1>{text}</h1></body></html>".encode()
        self.reply(status, body, "text/html; charset=utf-8")

    def conditional_file(self, path, content_type):
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            return self.html(404, "Not Found")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        mtime = email.utils.formatdate(os.stat(path).st_mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": mtime}
        if self.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in self.headers and
                self.headers.get("If-Modified-Since") == mtime):
            self.state.record(self, 304)
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.reply(200, body, content_type, headers, compress=True)

    def do_GET(self):
        try:
            self.route(urlsplit(self.path).path, parse_qs(urlsplit(self.path).query))
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, path, query):
        st = self.state
        m = re.match(r"^/flaky/(\d+)(/.*)$", path)
        if m:
            if st.count(path) <= int(m.group(1)):
                st.record(self, 503)
                body = b"busy, try again"
                self.send_response(503)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            return self.route(m.group(2), query)
        if path.startswith("/redirect/"):
            st.record(self, 302)
            self.send_response(302)
            self.send_header("Location", path[len("/redirect"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.startswith("/digests/"):
            rel = unquote(path[len("/digests/"):])
            for root in st.args.digests:
                full = os.path.realpath(os.path.join(root, rel))
                if full.startswith(os.path.realpath(root) + os.sep) and os.path.isfile(full):
                    return self.conditional_file(full, "text/markdown; charset=utf-8")
            return self.html(404, "Not Found")
        if path == "/api/query":
            return self.api(query)
        if path == "/error-feed":
            return self.reply(400, st.error_feed, "application/atom+xml; charset=utf-8")
        if path.startswith("/rss/"):
            cats = unquote(path[len("/rss/"):])
            name = {"astroph": "error_rss_mock_feed.xml",
                    "test": "empty_rss_mock_feed.xml"}.get(cats, "rss_mock_feed.xml")
            return self.conditional_file(os.path.join(st.fixtures, "rss", name),
                                         "application/rss+xml; charset=utf-8")
        if path.startswith("/fixture/"):
            full = os.path.realpath(os.path.join(st.fixtures, unquote(path[len("/fixture/"):])))
            if not full.startswith(os.path.realpath(st.fixtures) + os.sep):
                return self.html(404, "Not Found")
            try:
                with open(full, "rb") as f:
                    return self.reply(200, f.read(), "application/atom+xml; charset=utf-8")
            except OSError:
                return self.html(404, "Not Found")
        head = "/" + path.split("/")[1]
        if head == "/atom":
            name = os.path.join(st.fixtures, "query-api", "recorded-2026",
                                "id_1605.08386_s0_m100_199195aa31ad.body.xml")
            with open(name, "rb") as f:
                return self.reply(200, f.read(), "application/atom+xml; charset=utf-8")
        if head == "/hang":
            st.record(self, 0)
            time.sleep(600)
            return
        if head == "/404":
            return self.html(404, "Not Found")
        if head == "/500":
            return self.html(500, "Internal Server Error")
        if head == "/503-retry-after":
            st.record(self, 503)
            body = b"<html><body>Service Unavailable</body></html>"
            self.send_response(503)
            self.send_header("Content-Type", "text/html")
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if head == "/truncated":
            st.record(self, 200)
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                             + b" " * 40)
            self.wfile.flush()
            self.close_connection = True
            return
        if head == "/invalid-xml":
            body = b"<?xml version='1.0'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n" \
                   b"  <entry><title>Unclosed</entry>\n</feed>\n"
            return self.reply(200, body, "application/atom+xml")
        if head == "/html":
            return self.html(200, "Welcome")
        if head in ("/huge", "/huge-chunked"):
            chunk = (b"#" * 1023 + b"\n") * 64  # 64 KiB
            if head == "/huge":
                return self.reply(200, chunk * 32)
            st.record(self, 200)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(32):
                self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if head == "/loop":
            st.record(self, 302)
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if head == "/to-file":
            st.record(self, 302)
            self.send_response(302)
            self.send_header("Location", "file:///etc/hostname")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        return self.html(404, "Not Found")

    def api(self, query):
        st = self.state
        start = int(query.get("start", ["0"])[0])
        count = int(query.get("max_results", ["10"])[0])
        ids = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
        if ids:
            if not all(ID_RE.match(i) for i in ids):
                return self.reply(400, st.error_feed, "application/atom+xml; charset=utf-8")
            found = [st.entries[ID_RE.match(i).group(1)] for i in ids
                     if ID_RE.match(i).group(1) in st.entries]
            entries, total = found, len(found)
        else:
            total = st.args.api_total
            entries = []
            for k in range(start, min(total, start + count)):
                template = st.templates[k % len(st.templates)]
                new_id = f"2601.{k + 1:05d}"
                entries.append(re.sub(r"\d{4}\.\d{4,5}(v\d+)", new_id + r"\1", template))
        head = ATOM_HEAD.format(title="local test", per_page=count, total=total, start=start)
        body = (head + "".join("  " + e + "\n" for e in entries) + "</feed>\n").encode()
        self.reply(200, body, "application/atom+xml; charset=utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--shared", required=True, help="the shared test data folder")
    ap.add_argument("--digests", required=True, action="append",
                    help="folder served under /digests/ (may be repeated)")
    ap.add_argument("--extra-api", help="folder of more Atom files answered by /api/query")
    ap.add_argument("--api-total", type=int, default=250,
                    help="totalResults of search_query requests")
    args = ap.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)  # the port appears whole, once the socket listens
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
