#!/usr/bin/env python3
"""Writes the seed inputs of one fuzz target into a folder, one file each (scripts/fuzz).

Seeds are cut from the shared test data and the repository's fixtures, never copied into the
repository: whole digests are 40-400 KiB and the RSS fixture 2.7 MiB, far more than a fuzzer
mutates usefully, so they are cut into small inputs that keep the format's frame (a digest's
header with a few entries of each section; a feed's head with a few entries)."""

import hashlib
import pathlib
import re
import sys

MAX_SEED = 16384  # bytes; scripts/fuzz passes the same -max_len


def write(out, data):
    if isinstance(data, str):
        data = data.encode()
    if not data or len(data) > MAX_SEED:
        return
    (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def digest_pieces(text, entries=3):
    """The header with the first entries of each section."""
    head, _, _ = text.partition("\n## ")
    pieces = []
    for section in re.split(r"\n(?=## )", text)[1:]:
        parts = re.split(r"\n(?=#### )", section)
        body = "\n".join(parts[: 1 + entries])
        pieces.append(head + "\n" + body + "\n")
    return pieces or [head]


def feed_pieces(text, tag, per_piece):
    """The feed's head, `per_piece` of its entries (<entry> or <item>) and its end."""
    start = text.find("<" + tag + ">")
    if start < 0:
        return [text]
    closing = "</" + tag + ">"
    end = text.rfind(closing) + len(closing)
    head, tail = text[:start], text[end:]
    entries = re.findall(r"<%s>.*?%s" % (tag, closing), text[start:end], re.S)
    return [
        head + "\n".join(entries[i : i + per_piece]) + tail
        for i in range(0, len(entries), per_piece)
    ]


def main():
    target, shared, source, out = sys.argv[1], *map(pathlib.Path, sys.argv[2:])
    out.mkdir(parents=True, exist_ok=True)
    fixtures = shared / "fixtures" / "arxiv-api"
    if target == "digest_parser":
        files = sorted((source / "tests" / "fixtures" / "digests").rglob("*.md"))
        files += sorted((source / "examples").rglob("*.md"))
        files += sorted((shared / "corpus").rglob("*.md"))
        for f in files:
            for piece in digest_pieces(f.read_text(encoding="utf-8", errors="replace")):
                write(out, piece)
    elif target == "atom_parser":
        files = sorted((fixtures / "query-api").rglob("*.xml"))
        files += sorted((source / "tests" / "fixtures" / "net").rglob("*.xml"))
        for f in files:
            text = f.read_text(encoding="utf-8", errors="replace")
            write(out, text)
            for piece in feed_pieces(text, "entry", 1):
                write(out, piece)
    elif target == "rss_parser":
        for f in sorted((fixtures / "rss").glob("*.xml")):
            text = f.read_text(encoding="utf-8", errors="replace")
            write(out, text)
            for piece in feed_pieces(text, "item", 3)[:300]:
                write(out, piece)
    elif target == "query":
        lines = (shared / "bench" / "queries.txt").read_text(encoding="utf-8").splitlines()
        lines += (source / "tests" / "fuzz" / "query_seeds.txt").read_text("utf-8").splitlines()
        for line in lines:
            write(out, line.strip())
    elif target == "normaliser":
        lines = (source / "tests" / "fuzz" / "normaliser_seeds.txt").read_text("utf-8")
        names = set(lines.splitlines())
        # Author names as written in real digests, every tenth digest of the corpus.
        for f in sorted((shared / "corpus").rglob("*.md"))[::10]:
            for m in re.finditer(r"^> \*\*作者[:：]\*\* (.*)$", f.read_text("utf-8"), re.M):
                names.update(n.strip() for n in m.group(1).split(";"))
        names = sorted(names)
        for name in names[:: max(1, len(names) // 3000)]:
            write(out, name)
    else:
        sys.exit("seed_corpus.py: unknown target " + target)
    if not any(out.iterdir()):
        sys.exit("seed_corpus.py: no seeds for %s (is %s the shared data?)" % (target, shared))


if __name__ == "__main__":
    main()
