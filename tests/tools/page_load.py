#!/usr/bin/env python3
"""Loads pages of `digest-query serve` in headless Chromium, driven over WebDriver
(chromedriver, on a free port of 127.0.0.1), and prints the browser's own Navigation Timing of
each load: from the start of the navigation to the end of the load event (every resource of the
page fetched, styles applied, the chart drawn), and the part spent waiting for the server's
first byte.

Usage: page_load.py BASE_URL QUERY...
Prints one JSON object: {"cold": {...}, "first": {...}, "loads": [{...}, ...]}. "cold" is the
first page a fresh browser loads, the empty search form (BASE_URL): what the browser's own
start costs (a new renderer, fonts), whatever the page; "first" is the first query's page loaded
next (BASE_URL/?q=FIRST QUERY), as a person opens the page and asks; "loads" every query's page
after it.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self):
        exe = shutil.which('chromedriver')
        if not exe:
            sys.exit('page_load: chromedriver is missing (scripts/setup installs chromium-driver)')
        self.port = free_port()
        self.proc = subprocess.Popen([exe, '--port=%d' % self.port, '--allowed-ips=127.0.0.1'],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = 'http://127.0.0.1:%d' % self.port
        for _ in range(100):
            try:
                self.call('GET', '/status')
                break
            except OSError:
                time.sleep(0.1)
        else:
            self.proc.kill()
            sys.exit('page_load: chromedriver did not start')
        self.profile = tempfile.mkdtemp(prefix='page-load-')
        args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-extensions',
                '--no-first-run', '--window-size=1280,900', '--user-data-dir=' + self.profile]
        caps = {'capabilities': {'alwaysMatch': {
            'browserName': 'chrome',
            'goog:chromeOptions': {'binary': shutil.which('chromium') or '/usr/bin/chromium',
                                   'args': args}}}}
        self.session = self.call('POST', '/session', caps)['sessionId']

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r).get('value')

    def load(self, url):
        self.call('POST', '/session/%s/url' % self.session, {'url': url})
        t = self.call('POST', '/session/%s/execute/sync' % self.session, {
            'script': "const n = performance.getEntriesByType('navigation')[0];"
                      "return {load: n.loadEventEnd, server: n.responseStart - n.requestStart,"
                      " dom: n.domContentLoadedEventEnd, bytes: n.transferSize,"
                      " resources: performance.getEntriesByType('resource').length,"
                      " status: n.responseStatus || 0};",
            'args': []})
        return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in t.items()}

    def close(self):
        try:
            self.call('DELETE', '/session/%s' % self.session)
        except OSError:
            pass
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    if len(sys.argv) < 3:
        sys.exit('usage: page_load.py BASE_URL QUERY...')
    base = sys.argv[1].rstrip('/') + '/'
    pages = [base + '?q=' + urllib.parse.quote(q) for q in sys.argv[2:]]
    driver = Driver()
    try:
        cold = driver.load(base)
        first = driver.load(pages[0])
        loads = [driver.load(p) for p in pages]
    finally:
        driver.close()
    json.dump({'cold': cold, 'first': first, 'loads': loads}, sys.stdout)
    print()


if __name__ == '__main__':
    os.environ.setdefault('LANG', 'C.UTF-8')
    main()
