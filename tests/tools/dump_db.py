#!/usr/bin/env python3
"""Prints a canonical dump of a digest-search database: every document (ordered by its unique
Q term, so docids do not matter) with its data, values, and terms with wdf and positions;
then the database's term statistics and its spelling table (words and frequencies). Two databases holding the same papers, terms and
appearances give the same dump, however they were built.

Usage: dump_db.py DATABASE_DIR          the dump
       dump_db.py --files DATABASE_DIR  the digest files the database records as indexed
"""
import sys

import xapian


def main():
    if sys.argv[1] == '--files':
        db = xapian.Database(sys.argv[2])
        # A recorded name is the file system's bytes, which need not be UTF-8: written as the
        # file system would give them back (surrogate escapes), never an error.
        out = sys.stdout.buffer
        for key in db.metadata_keys(b'file:'):
            out.write(key[len(b'file:'):] + b'\n')
        out.flush()
        return
    db = xapian.Database(sys.argv[1])
    docs = []
    for post in db.postlist(''):
        doc = db.get_document(post.docid)
        terms = []
        qterm = None
        for t in doc.termlist():
            name = t.term.decode('utf-8', 'replace')
            if name.startswith('Q'):
                qterm = name
            positions = list(db.positionlist(post.docid, t.term))
            terms.append('%s wdf=%d pos=%s' % (name, t.wdf, ','.join(map(str, positions))))
        values = ['%d=%s' % (v.num, v.value.decode('utf-8', 'replace')) for v in doc.values()]
        docs.append((qterm, '\n'.join(['doc ' + str(qterm),
                                       'length %d' % db.get_doclength(post.docid),
                                       'values ' + ' '.join(values),
                                       'data ' + doc.get_data().decode('utf-8', 'replace')] +
                                      ['  ' + t for t in terms])))
    for _, text in sorted(docs):
        print(text)
    print('doccount %d' % db.get_doccount())
    print('total length %d' % db.get_total_length())
    for t in db.allterms():
        print('term %s termfreq=%d collfreq=%d' % (t.term.decode('utf-8', 'replace'), t.termfreq,
                                                   db.get_collection_freq(t.term)))
    for s in db.spellings():
        print('spelling %s freq=%d' % (s.term.decode('utf-8', 'replace'), s.termfreq))


if __name__ == '__main__':
    main()
