#!/usr/bin/python3
"""@file bench/corpus_meta.py
@brief Corpus figures the benchmark divides by: docs, JSONL MB, text MB, date range, main language.

Usage: corpus_meta.py CORPUS.jsonl OUT.json

text_mb, date_lo and date_hi are computed exactly as ../shared/peer-bench/common/prep.py does
(text = UTF-8 bytes of title + body after control characters become spaces; date_lo/date_hi =
25th/75th percentile of the YYYY-MM-DD dates), so that Dalil's "text MB/s" and its date-filtered
queries are comparable with the peers' figures. Lines that are not JSON objects are counted in
bad_lines and otherwise ignored (dalil-index skips them too).
"""
import json
import os
import re
import sys

CTRL = re.compile('[\x00-\x1f\x7f]')
DAY = re.compile(r'(\d{4})-(\d{2})-(\d{2})')


def clean(s):
    return CTRL.sub(' ', s or '')


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    docs = bad = text_bytes = 0
    dates, langs, sources = [], {}, {}
    with open(corpus, encoding='utf-8', errors='replace') as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if not isinstance(d, dict):
                bad += 1
                continue
            docs += 1
            title, body = d.get('title'), d.get('body')
            text_bytes += len(clean(title if isinstance(title, str) else '').encode('utf-8'))
            text_bytes += len(clean(body if isinstance(body, str) else '').encode('utf-8'))
            date = d.get('date')
            m = DAY.fullmatch(date[:10]) if isinstance(date, str) else None
            if m:
                dates.append(int(''.join(m.groups())))
            lang = d.get('lang') if isinstance(d.get('lang'), str) else ''
            langs[lang] = langs.get(lang, 0) + 1
            source = d.get('source') if isinstance(d.get('source'), str) else ''
            sources[source] = sources.get(source, 0) + 1
    dates.sort()
    named_langs = {k: v for k, v in langs.items() if k}
    meta = {
        'docs': docs,
        'bad_lines': bad,
        'input_mb': round(os.path.getsize(corpus) / 1e6, 3),
        'text_mb': round(text_bytes / 1e6, 3),
        'date_lo': dates[len(dates) // 4] if dates else 0,
        'date_hi': dates[(len(dates) * 3) // 4] if dates else 0,
        'main_lang': max(named_langs, key=named_langs.get) if named_langs else '',
        'langs': langs,
        'sources': dict(sorted(sources.items(), key=lambda kv: -kv[1])[:50]),
    }
    with open(out, 'w', encoding='utf-8') as fh:
        json.dump(meta, fh, ensure_ascii=False)


if __name__ == '__main__':
    main()
