#!/usr/bin/python3
"""@file bench/make_passages.py
@brief Builds a passage set of N documents from real JSONL corpora for the scale curve.

Usage: make_passages.py N OUT.jsonl IN1.jsonl [IN2.jsonl ...]

A passage is one paragraph of a document's body (a block between blank lines); each becomes a
document of its own with id `<doc id>#p<k>`, the title, date, language, source and type of its
document, and the paragraph as body. The inputs are read in the order given and passages are
taken in order; when they run out before N, they are taken again from the start under new ids
(`r<round>:<doc id>#p<k>`), so every set of size N is a prefix of the larger ones. Writes to
OUT (never to the repository: the corpora's text is under research licences).
"""
import json
import sys

KEEP = ('title', 'date', 'lang', 'source', 'type')


def passages(paths):
    for path in paths:
        with open(path, encoding='utf-8') as fh:
            for line in fh:
                if not line.strip():
                    continue
                doc = json.loads(line)
                body = doc.get('body') or ''
                base = {k: doc[k] for k in KEEP if doc.get(k) is not None}
                k = 0
                for block in body.replace('\r\n', '\n').split('\n\n'):
                    block = block.strip()
                    if not block:
                        continue
                    out = dict(base)
                    out['id'] = '%s#p%d' % (doc['id'], k)
                    out['body'] = block
                    k += 1
                    yield out


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    n, out_path, ins = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    written = 0
    round_no = 0
    text_bytes = 0
    with open(out_path, 'w', encoding='utf-8') as out:
        while written < n:
            before = written
            for p in passages(ins):
                if written >= n:
                    break
                if round_no:
                    p['id'] = 'r%d:%s' % (round_no, p['id'])
                text_bytes += len(p.get('title', '').encode()) + len(p['body'].encode())
                out.write(json.dumps(p, ensure_ascii=False) + '\n')
                written += 1
            if written == before:
                sys.exit('make_passages: no passages in the inputs')
            round_no += 1
    print('%d passages (%d rounds, %.1f MB of title + body text) -> %s'
          % (written, round_no, text_bytes / 1e6, out_path), file=sys.stderr)


if __name__ == '__main__':
    main()
