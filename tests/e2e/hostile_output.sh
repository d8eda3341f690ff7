#!/usr/bin/env bash
# A hostile digest through every output format: titles, authors, summaries, comments and
# abstracts holding escape sequences (CSI, OSC 52 clipboard writes, OSC 8 links, a bare ESC),
# C1 controls, bidi overrides, CSV formulas and forged digest headings. On a terminal (a
# pseudo-terminal here) no format emits any of them raw, with or without colour; written to a
# pipe, JSON reads back the exact strings, CSV too once the formula guard is dropped, BibTeX
# parses, and the digest output indexed again gives the same papers, no more.
source "$(dirname "$0")/lib/common.bash"
require_env DIGEST_INDEX DIGEST_QUERY DIGEST_TESTS
make_scratch

mkdir -p "$scratch/20260101_Thu"
digest="$scratch/20260101_Thu/audio.md"
"$PYTHON" - "$digest" <<'EOF'
import sys
esc = "\x1b"
title = ("Clear " + esc + "[2J" + esc + "]52;c;aGFja2Vk" + "\x07" + " osc8 " + esc +
         "]8;;http://evil.example/" + esc + "\\link" + esc + "]8;;" + esc + "\\" +
         " bare" + esc + " c1\u009b31m bidi \u202etxt.exe speech")
entries = [
    (title, "=HYPERLINK(\"http://evil.example\"); +Bob " + esc + "[31mRed; -Carol; @Dave",
     "=1+2 " + esc + "]0;title" + "\x07" + " #### [new 009] not a heading",
     "\tTab comment \u2066isolate\u2069",
     "An abstract about speech with " + esc + "[31m red " + esc + "[0m and \u0085 NEL."),
    ("-Minus title speech \u200f", "Ann Lee", "@sum", "+comment", "Speech abstract two."),
    ("'Quoted title speech", "Bo Li", "'x", "-", "Speech abstract three.\u2028more"),
]
out = ["# 音频 cs.SD", "", "## 最新发布", ""]
for n, (t, authors, summary, comments, abstract) in enumerate(entries, 1):
    out += ["#### [new %03d] %s" % (n, t), "- **分类: cs.SD**", "",
            "- **简介: %s**" % summary, "",
            "- **链接: [https://arxiv.org/pdf/2601.9900%dv1](https://arxiv.org/pdf/2601.9900%dv1)**"
            % (n, n), "",
            "> **作者:** " + authors, ">", "> **备注:** " + comments, ">",
            "> **摘要:** " + abstract, ">", "---"]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(out) + "\n")
EOF

db="$scratch/db"
run_cmd "$DIGEST_INDEX" --db "$db" add "$digest"
check_eq "the hostile digest is indexed" "$rc" 0
check_match "three entries" "$out" '^1 file, 3 entries → 3 papers'
q() { "$DIGEST_QUERY" --db "$db" "$@"; }

# Runs a command with standard output on a pseudo-terminal and prints what it wrote.
on_terminal() {
  "$PYTHON" -c '
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdout=slave, stdin=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
p.wait()
sys.stdout.buffer.write(out)
' "$@"
}

# Reads the output on stdin; prints what in it a terminal would act on (nothing: "inert").
# Colour codes of brief are allowed when asked for.
terminal_check() {
  "$PYTHON" -c '
import re, sys
data = sys.stdin.buffer.read()
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    print("invalid UTF-8: %s" % e); sys.exit()
if sys.argv[1] == "colour":
    text = re.sub("\x1b\\[(0|33|1|2|1;31)m", "", text)
bad = set()
for c in text:
    o = ord(c)
    if c in "\n\r\t":
        continue
    if o < 0x20 or 0x7f <= o < 0xa0 or o in (0x61c, 0x200e, 0x200f) or 0x202a <= o <= 0x202e \
            or 0x2066 <= o <= 0x2069:
        bad.add("U+%04X" % o)
print(" ".join(sorted(bad)) if bad else "inert")
' "$1"
}

for format in digest brief json jsonl csv bibtex ids; do
  for colour in never always; do
    got=$(on_terminal "$DIGEST_QUERY" --db "$db" --format "$format" --color "$colour" speech |
      terminal_check "$([[ $colour == always ]] && echo colour || echo plain)")
    check_eq "on a terminal, --format $format --color $colour: nothing raw" "$got" inert
  done
done
brief=$(on_terminal "$DIGEST_QUERY" --db "$db" --format brief --color always speech)
check_contains "brief shows the CSI neutralised" "$brief" '\x1b[2J'
check_contains "brief shows the OSC 52 neutralised" "$brief" '\x1b]52;c;aGFja2Vk\x07'
check_contains "brief shows the bidi override neutralised" "$brief" '\u202etxt.exe'
check_contains "brief shows the C1 control neutralised" "$brief" '\u009b31m'
csv_tty=$(on_terminal "$DIGEST_QUERY" --db "$db" --format csv speech)
check_contains "csv on a terminal shows the OSC 8 link neutralised" "$csv_tty" '\x1b]8;;http://evil.example/\x1b\link'
got=$(on_terminal "$DIGEST_QUERY" --db "$db" authors bob | terminal_check plain)
check_eq "authors on a terminal: nothing raw" "$got" inert

# --- Written to a pipe: the exact strings ------------------------------------------------------
q --format json speech >"$scratch/r.json"
q --format csv speech >"$scratch/r.csv"
"$PYTHON" - "$digest" "$scratch/r.json" "$scratch/r.csv" >"$scratch/compare" <<'EOF'
import csv, json, sys
from collections import OrderedDict
# The digest as the parser reads it: fields trimmed, a 简介 ending at its line.
entries = OrderedDict()
current = None
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if line.startswith("#### [new "):
        current = {"title": line.split("] ", 1)[1]}
    elif line.startswith("- **链接: [") and current is not None:
        current["id"] = line.split("/pdf/")[1].split("v1")[0]
        entries[current["id"]] = current
    elif line.startswith("> **作者:** ") and current is not None:
        current["authors"] = [a.strip() for a in line[len("> **作者:** "):].split(";")]
    elif line.startswith("> **摘要:** ") and current is not None:
        current["abstract"] = line[len("> **摘要:** "):]
results = json.load(open(sys.argv[2], encoding="utf-8"))["results"]
for r in results:
    e = entries[r["id"]]
    print("json", r["id"], r["title"] == e["title"], r["authors"] == e["authors"],
          r["abstract"] == e["abstract"])
rows = list(csv.reader(open(sys.argv[3], newline="", encoding="utf-8")))
head = rows[0]
def unguard(cell):
    return cell[1:] if cell.startswith("'") else cell
for row in rows[1:]:
    cells = dict(zip(head, row))
    e = entries[unguard(cells["id"])]
    guarded = all(not c or c[0] not in "=+-@\t\r" for c in row)
    print("csv", e["id"], unguard(cells["title"]) == e["title"],
          unguard(cells["authors"]) == "; ".join(e["authors"]), guarded)
EOF
check_eq "JSON reads back the exact title, authors and abstract" \
  "$(grep -c '^json .* True True True$' "$scratch/compare")" 3
check_eq "CSV reads back the exact title and authors, no cell a formula" \
  "$(grep -c '^csv .* True True True$' "$scratch/compare")" 3
check_contains "CSV guards a formula with a quote" "$(cat "$scratch/r.csv")" \
  "\"'=HYPERLINK(\"\"http://evil.example\"\"); +Bob"

q --format bibtex speech >"$scratch/r.bib"
run_cmd "$PYTHON" "$DIGEST_TESTS/tools/check_bibtex.py" --count 3 "$scratch/r.bib"
check_eq "BibTeX of the hostile papers parses" "$rc" 0

q --format digest speech >"$scratch/again.md"
run_cmd "$DIGEST_INDEX" --db "$scratch/again" add --date 2026-01-01 --topic audio "$scratch/again.md"
check_eq "the digest output is indexed again" "$rc" 0
check_match "and gives the same three papers, no forged heading" "$out" '^1 file, 3 entries → 3 papers'
a=$("$DIGEST_QUERY" --db "$scratch/again" --format json -n 10 speech | "$PYTHON" -c '
import json, sys; print(sorted((r["id"], r["title"]) for r in json.load(sys.stdin)["results"]))')
b=$(q --format json -n 10 speech | "$PYTHON" -c '
import json, sys; print(sorted((r["id"], r["title"]) for r in json.load(sys.stdin)["results"]))')
check_eq "with the same titles" "$a" "$b"

finish
