#!/usr/bin/python3
"""How good are `like:ID` and `--like-text` on a database of the shared corpus?

like:ID has no answer key, so it is judged by what similar papers share with the paper asked
about, against ten random papers as the floor: a category, the primary category, an author.
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


def shares(source, others):
    cats = set(source["categories"])
    authors = {a.lower() for a in source["authors"]}
    n = max(len(others), 1)
    return (sum(bool(cats & set(o["categories"])) for o in others) / n,
            sum(o["primary"] == source["primary"] for o in others) / n,
            sum(bool(authors & {a.lower() for a in o["authors"]}) for o in others) / n)


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

    like = [0.0, 0.0, 0.0]
    chance = [0.0, 0.0, 0.0]
    rr = 0.0
    at1 = 0
    for k, p in enumerate(papers):
        got = query(binary, db_path, ["like:" + p["id"]])
        assert all(g["id"] != p["id"] for g in got), "like: returned the paper itself"
        for i, v in enumerate(shares(p, got)):
            like[i] += v / count
        for i, v in enumerate(shares(p, floor[10 * k:10 * k + 10])):
            chance[i] += v / count
        first = re.split(r"(?<=[.!?])\s", p["abstract"].strip(), maxsplit=1)[0]
        text = first
        ids = [g["id"] for g in query(binary, db_path, ["--like-text", "-"], stdin=text)]
        if p["id"] in ids:
            rank = ids.index(p["id"]) + 1
            rr += 1 / rank
            at1 += rank == 1

    print(f"{count} papers, top 10 of like:ID        share a category  same primary  share an author")
    print(f"  like:ID                                  {like[0]:16.3f}  {like[1]:12.3f}  {like[2]:15.3f}")
    print(f"  ten random papers (the floor)            {chance[0]:16.3f}  {chance[1]:12.3f}  {chance[2]:15.3f}")
    print(f"--like-text (first sentence of the abstract): MRR {rr / count:.3f}, success@1 {at1 / count:.3f}")


if __name__ == "__main__":
    main()
