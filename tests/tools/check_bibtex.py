#!/usr/bin/python3
"""Checks `digest-query --format bibtex` output: it parses, keys are unique, fields are present.

Usage: check_bibtex.py [--count N] [--require TYPE:FIELD,FIELD ...] [FILE]

Reads FILE (or stdin) and checks that
  * a strict scan of the text finds well-formed entries whose braces balance (BibTeX counts
    every brace, escaped or not) and bibtexparser reads the same number of entries;
  * citation keys are unique (BibTeX compares them case-insensitively);
  * each entry has its required fields, non-empty (misc: title author year eprint
    archiveprefix url; article: title author journal year), and a four-digit year;
  * outside $...$ math, & % # _ in text fields are escaped with a backslash.
--count checks the number of entries. Exit status: 0 valid, 1 invalid, 2 usage or missing module.
"""

import argparse
import re
import sys

try:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
except ImportError:
    sys.exit("check_bibtex: python3-bibtexparser is not installed "
             "(apt-get install python3-bibtexparser)")

REQUIRED = {
    "misc": ["title", "author", "year", "eprint", "archiveprefix", "url"],
    "article": ["title", "author", "journal", "year"],
}
VERBATIM = {"url", "doi", "eprint"}  # not LaTeX text: no escaping expected
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:-]*")


class ScanError(Exception):
    pass


def scan_entries(text):
    """A strict reader of the subset of BibTeX the formatter writes: returns a list of
    (type, key, {field: raw value}) and raises ScanError at the first problem."""
    entries = []
    i = 0
    n = len(text)

    def skip_space(j):
        while j < n and text[j] in " \t\r\n":
            j += 1
        return j

    def where(j):
        return "line %d" % (text.count("\n", 0, j) + 1)

    while True:
        i = skip_space(i)
        if i >= n:
            break
        if text[i] != "@":
            raise ScanError("%s: text outside an entry" % where(i))
        m = NAME.match(text, i + 1)
        if not m:
            raise ScanError("%s: no entry type after @" % where(i))
        kind = m.group(0).lower()
        i = skip_space(m.end())
        if i >= n or text[i] != "{":
            raise ScanError("%s: no { after @%s" % (where(i), kind))
        comma = text.find(",", i)
        if comma < 0:
            raise ScanError("%s: no comma after the key" % where(i))
        key = text[i + 1:comma].strip()
        if not key or re.search(r"[\s{}(),=\"#%'~\\]", key):
            raise ScanError("%s: bad key %r" % (where(i), key))
        i = comma + 1
        fields = {}
        while True:
            i = skip_space(i)
            if i < n and text[i] == "}":
                i += 1
                break
            m = NAME.match(text, i)
            if not m:
                raise ScanError("%s: entry %s: expected a field name or }" % (where(i), key))
            name = m.group(0).lower()
            i = skip_space(m.end())
            if i >= n or text[i] != "=":
                raise ScanError("%s: entry %s: no = after %s" % (where(i), key, name))
            i = skip_space(i + 1)
            if i < n and text[i] == "{":
                depth = 0
                start = i
                while i < n:
                    if text[i] == "{":
                        depth += 1
                    elif text[i] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    i += 1
                if depth != 0:
                    raise ScanError("%s: entry %s: field %s: unbalanced braces"
                                    % (where(start), key, name))
                value = text[start + 1:i]
                i += 1
            else:
                m = re.compile(r"[0-9]+").match(text, i)
                if not m:
                    raise ScanError("%s: entry %s: field %s: value is neither {...} nor a number"
                                    % (where(i), key, name))
                value = m.group(0)
                i = m.end()
            if name in fields:
                raise ScanError("%s: entry %s: field %s repeated" % (where(i), key, name))
            fields[name] = value
            i = skip_space(i)
            if i < n and text[i] == ",":
                i += 1
            elif i < n and text[i] == "}":
                i += 1
                break
            else:
                raise ScanError("%s: entry %s: expected , or } after field %s"
                                % (where(i), key, name))
        entries.append((kind, key, fields))
    return entries


def unescaped_specials(value):
    """Characters & % # _ outside $...$ math that lack a backslash."""
    bad = []
    in_math = False
    i = 0
    while i < len(value):
        c = value[i]
        if c == "\\":
            i += 2
            continue
        if c == "$":
            in_math = not in_math
        elif not in_math and c in "&%#_":
            bad.append(c)
        elif in_math and c in "%#":
            bad.append(c)
        i += 1
    if in_math:
        bad.append("$ (unclosed math)")
    return bad


def parse_required(specs):
    required = {k: list(v) for k, v in REQUIRED.items()}
    for spec in specs or []:
        kind, _, fields = spec.partition(":")
        required[kind.lower()] = [f.strip().lower() for f in fields.split(",") if f.strip()]
    return required


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="input (default: stdin)")
    parser.add_argument("--count", type=int, help="expected number of entries")
    parser.add_argument("--require", action="append", metavar="TYPE:FIELD,...",
                        help="required fields of an entry type (replaces the default)")
    args = parser.parse_args()
    required = parse_required(args.require)

    if args.file:
        with open(args.file, encoding="utf-8") as f:
            text = f.read()
    else:
        text = sys.stdin.read()

    errors = []
    scan_ok = True
    try:
        scanned = scan_entries(text)
    except ScanError as e:
        errors.append(str(e))
        scanned = []
        scan_ok = False

    bib_parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False)
    database = bibtexparser.loads(text, bib_parser)
    parsed = database.entries
    if scan_ok and len(parsed) != len(scanned):
        errors.append("bibtexparser read %d entries, the strict scan %d"
                      % (len(parsed), len(scanned)))

    seen = {}
    for kind, key, fields in scanned:
        folded = key.lower()
        if folded in seen:
            errors.append("key %s used twice" % key)
        seen[folded] = True
        for name in required.get(kind, ["title"]):
            if not fields.get(name, "").strip():
                errors.append("entry %s (@%s): no %s" % (key, kind, name))
        year = fields.get("year")
        if year is not None and not re.fullmatch(r"[0-9]{4}", year):
            errors.append("entry %s: year %r is not four digits" % (key, year))
        for name, value in fields.items():
            if name in VERBATIM:
                continue
            bad = unescaped_specials(value)
            if bad:
                errors.append("entry %s: field %s: unescaped %s in %r"
                              % (key, name, " ".join(bad), value))
    parsed_keys = sorted(e["ID"] for e in parsed)
    scanned_keys = sorted(key for _, key, _ in scanned)
    if scan_ok and parsed_keys != scanned_keys:
        errors.append("bibtexparser keys %s differ from %s" % (parsed_keys, scanned_keys))

    if args.count is not None and len(scanned) != args.count:
        errors.append("expected %d entries, found %d" % (args.count, len(scanned)))
    for error in errors:
        print("check_bibtex: " + error, file=sys.stderr)
    if errors:
        return 1
    print("check_bibtex: %d entries valid" % len(scanned))
    return 0


if __name__ == "__main__":
    sys.exit(main())
