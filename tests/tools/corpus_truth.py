#!/usr/bin/env python3
"""Ground truth for the corpus tests: an independent, plain reading of the digests into one
record per paper, merged the way the README says digest-index merges them (the newest digest
by date, then topic, supplies the text; the newest non-empty summary is kept).

Usage: corpus_truth.py DIGEST_DIR > papers.jsonl
Each line: {"id", "title", "authors": [...], "abstract", "summary", "categories": [...],
            "appearances": [{"date", "topic", "section"}],
            "texts": [every distinct title, abstract, summary and comment any listing gave],
            "summaries": [every distinct summary any listing gave],
            "titles": [every distinct title any listing gave]}
"""
import json
import os
import re
import sys

HEADING = re.compile(r'^#### \[(\w+) (\d+)\] (.*)$')
LINK_ID = re.compile(r'arxiv\.org/(?:pdf|abs)/([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})(?:v\d+)?')
DAY = re.compile(r'^(\d{4})(\d{2})(\d{2})(_\w+)?$')


def entries(path):
    """Yields dicts for the entries of one digest."""
    lines = open(path, encoding='utf-8').read().split('\n')
    cur = None
    pending = None  # a - ** field whose closing ** is still to come
    for line in lines:
        if pending is not None:
            text = line.strip()
            if text.endswith('**'):
                cur[pending] += '\n' + text[:-2].rstrip()
                pending = None
            else:
                cur[pending] += '\n' + text
            continue
        m = HEADING.match(line)
        if m:
            if cur:
                yield cur
            cur = dict(section=m.group(1), title=m.group(3).strip(), authors='', summary='',
                       categories='', link='', abstract='', comments='')
            continue
        if cur is None:
            continue
        for key, label in (('categories', '分类'), ('summary', '简介'), ('link', '链接')):
            prefix = '- **' + label + ': '
            if line.startswith(prefix):
                value = line[len(prefix):].rstrip()
                if value.endswith('**'):
                    cur[key] = value[:-2].strip()
                else:
                    cur[key] = value.strip()
                    pending = key
        if line.startswith('> **作者:** '):
            cur['authors'] = line[len('> **作者:** '):].strip()
        if line.startswith('> **备注:** '):
            cur['comments'] = line[len('> **备注:** '):].strip()
        if line.startswith('> **摘要:** '):
            cur['abstract'] = line[len('> **摘要:** '):].strip()
    if cur:
        yield cur


def main():
    root = sys.argv[1]
    papers = {}
    for folder, _, files in os.walk(root):
        day = DAY.match(os.path.basename(folder))
        if not day:
            continue
        date = '%s-%s-%s' % day.group(1, 2, 3)
        for name in sorted(files):
            if not name.endswith('.md'):
                continue
            topic = name[:-3]
            for e in entries(os.path.join(folder, name)):
                m = LINK_ID.search(e['link'])
                if not m:
                    continue
                pid = m.group(1)
                key = (date, topic)
                p = papers.setdefault(pid, dict(id=pid, appearances=[], text_key=None,
                                                summary_key=None, summary='', texts=[],
                                                summaries=[], titles=[]))
                if e['title'] not in p['titles']:
                    p['titles'].append(e['title'])
                if e['summary'] and e['summary'] not in p['summaries']:
                    p['summaries'].append(e['summary'])
                for field in ('title', 'abstract', 'summary', 'comments'):
                    if e[field] and e[field] not in p['texts']:
                        p['texts'].append(e[field])
                p['appearances'].append(dict(date=date, topic=topic, section=e['section']))
                if p['text_key'] is None or key >= p['text_key']:
                    p['text_key'] = key
                    p['title'] = e['title']
                    p['abstract'] = e['abstract']
                    p['authors'] = [a.strip() for a in e['authors'].split(';') if a.strip()]
                    p['categories'] = [c.strip() for c in e['categories'].replace('\n', ' ').split(';')
                                       if c.strip()]
                if e['summary'] and (p['summary_key'] is None or key >= p['summary_key']):
                    p['summary_key'] = key
                    p['summary'] = e['summary']
    for pid in sorted(papers):
        p = papers[pid]
        del p['text_key'], p['summary_key']
        print(json.dumps(p, ensure_ascii=False))


if __name__ == '__main__':
    main()
