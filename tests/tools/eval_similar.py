#!/usr/bin/python3
"""How good are `like:ID` and `--like-text` on a database of the shared corpus?

like:ID has no answer key, so it is judged by what similar papers share with the paper asked
about, against ten random papers as the floor: a category, the primary category, an author, and
a rare word of its title (held by under 1% of the papers) in their title or abstract, which
says whether the papers are on its subject and not only in its field.
--like-text is judged as a known-item search: the first sentence of a paper's abstract as the
text, and the rank at which the paper itself comes back (MRR, success@1).

usage: eval_similar.py DIGEST_QUERY DB [PAPERS]   (a fixed seed picks the papers)
"""
import json
import random
import re
import subprocess
import sys

import xapian


def query(binary, db, args, stdin=None):
    r = subprocess.run([binary, "--db", db, "-f", "json", "-n", "10"] + args,
                       input=stdin, capture_output=True, text=True)
    if r.returncode == 1:
        return []
    if r.returncode != 0:
        sys.exit(f"eval_similar: {' '.join(args)}: {r.stderr.strip()}")
    return json.loads(r.stdout)["results"]


def docid(db, paper):
    for p in db.postlist(("Q" + paper["id"]).encode()):
        return p.docid
    return None


def rare_title_words(db, paper):
    """The stemmed words of a paper's title that under 1% of the papers hold in their title."""
    out = set()
    for t in db.termlist(docid(db, paper)):
        term = t.term.decode()
        word = term[1:]
        if term.startswith("S") and word[:1].isalpha() and word[:1].islower() \
                and db.get_termfreq(t.term) < 0.01 * db.get_doccount():
            out.add(word)
    return out


def holds_any(db, paper, words):
    """Whether a paper holds one of the words in its title or its abstract."""
    terms = {t.term.decode() for t in db.termlist(docid(db, paper))}
    return any("S" + w in terms or w in terms for w in words)


def shares(db, source, others):
    cats = set(source["categories"])
    authors = {a.lower() for a in source["authors"]}
    rare = rare_title_words(db, source)
    n = max(len(others), 1)
    return (sum(bool(cats & set(o["categories"])) for o in others) / n,
            sum(o["primary"] == source["primary"] for o in others) / n,
            sum(bool(authors & {a.lower() for a in o["authors"]}) for o in others) / n,
            sum(holds_any(db, o, rare) for o in others) / n)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, db_path = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 120
    db = xapian.Database(db_path)
    rng = random.Random(7)
    last = db.get_lastdocid()

    def random_papers(n):
        out = []
        while len(out) < n:
            try:
                out.append(json.loads(db.get_document(rng.randint(1, last)).get_data()))
            except xapian.DocNotFoundError:
                pass
        return out

    papers = random_papers(count)
    floor = random_papers(10 * count)

    like = [0.0] * 4
    chance = [0.0] * 4
    rr = 0.0
    at1 = 0
    for k, p in enumerate(papers):
        got = query(binary, db_path, ["like:" + p["id"]])
        assert all(g["id"] != p["id"] for g in got), "like: returned the paper itself"
        for i, v in enumerate(shares(db, p, got)):
            like[i] += v / count
        for i, v in enumerate(shares(db, p, floor[10 * k:10 * k + 10])):
            chance[i] += v / count
        first = re.split(r"(?<=[.!?])\s", p["abstract"].strip(), maxsplit=1)[0]
        text = first
        ids = [g["id"] for g in query(binary, db_path, ["--like-text", "-"], stdin=text)]
        if p["id"] in ids:
            rank = ids.index(p["id"]) + 1
            rr += 1 / rank
            at1 += rank == 1

    print(f"{count} papers, top 10 of like:ID        share a category  same primary  share an author"
          "  a rare title word")
    for name, v in (("like:ID", like), ("ten random papers (the floor)", chance)):
        print(f"  {name:39s}{v[0]:16.3f}  {v[1]:12.3f}  {v[2]:15.3f}  {v[3]:17.3f}")
    print(f"--like-text (first sentence of the abstract): MRR {rr / count:.3f}, success@1 {at1 / count:.3f}")


if __name__ == "__main__":
    main()
