#!/usr/bin/python3
"""@file bench/compare_responses.py
@brief Fetches every request path of one or more lists from two dalil-searchd servers and
compares the response bodies byte for byte, with the "took_ms" member taken out of both.

Usage: compare_responses.py --a PORT --b PORT PATHS.txt [PATHS.txt ...] [--show 3]

A paths file has one request path a line (/api/search?q=...); blank lines and lines starting
with # are skipped. Prints the number of paths compared and of differences (the first --show of
them with the first differing bytes); exits 1 when any response differs, in status or body.
"""
import argparse
import http.client
import re
import sys

TOOK = re.compile(rb'"took_ms":-?[0-9.eE+-]+,?')


def fetch(conn, path):
    conn.request('GET', path)
    res = conn.getresponse()
    return res.status, TOOK.sub(b'', res.read())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--a', type=int, required=True, help='port of the reference server')
    ap.add_argument('--b', type=int, required=True, help='port of the server under test')
    ap.add_argument('--show', type=int, default=3)
    ap.add_argument('paths', nargs='+')
    args = ap.parse_args()
    a = http.client.HTTPConnection('127.0.0.1', args.a, timeout=60)
    b = http.client.HTTPConnection('127.0.0.1', args.b, timeout=60)
    compared = differ = 0
    statuses = {}
    for name in args.paths:
        with open(name, encoding='utf-8') as fh:
            paths = [l.strip() for l in fh if l.strip() and not l.startswith('#')]
        for path in paths:
            sa, ba = fetch(a, path)
            sb, bb = fetch(b, path)
            compared += 1
            statuses[sa] = statuses.get(sa, 0) + 1
            if sa == sb and ba == bb:
                continue
            differ += 1
            if differ <= args.show:
                at = next((i for i in range(min(len(ba), len(bb))) if ba[i] != bb[i]),
                          min(len(ba), len(bb)))
                print('DIFF', path, 'status', sa, sb, 'at byte', at)
                print('  a:', ba[max(0, at - 80):at + 120].decode('utf-8', 'replace'))
                print('  b:', bb[max(0, at - 80):at + 120].decode('utf-8', 'replace'))
    print('compared', compared, 'differences', differ, 'statuses',
          ' '.join('%d:%d' % kv for kv in sorted(statuses.items())))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
