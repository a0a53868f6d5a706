#!/usr/bin/python3
"""@file bench/plot_scale.py
@brief Plots the scale curve of bench/scale.sh (PNG) and prints its Markdown table.

Usage: plot_scale.py SCALE.jsonl OUT.png

SCALE.jsonl holds one line per passage-set size (bench/scale.sh); for a size measured more than
once the last line counts. Four panels over the number of passages (log scale): indexing wall
and CPU seconds, index size after compaction and peak RSS, query latency p50/p99 (plain,
phrase, filtered), indexing text MB per wall second and per CPU second. Needs matplotlib (Debian python3-matplotlib).
"""
import json
import sys

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def load(path):
    rows = {}
    with open(path, encoding='utf-8') as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                rows[r['passages']] = r
    return [rows[k] for k in sorted(rows)]


def table(rows):
    head = ('| passages | text MB | index wall s | index CPU s | text MB/s | peak RSS MB | '
            'index MB (compacted) | plain p50 / p99 ms | phrase p50 / p99 ms | '
            'filtered p50 / p99 ms | server took p50 ms (plain) | errors |')
    out = [head, '|' + '---|' * (head.count('|') - 1)]
    for r in rows:
        def pair(name):
            return '%.2f / %.2f' % (r[name + '_p50_ms'], r[name + '_p99_ms'])
        errors = sum(r.get(s + '_errors', 0) for s in ('plain', 'phrase', 'filtered'))
        out.append('| {:,} | {:.1f} | {:.1f} | {:.1f} | {:.2f} | {:.0f} | {} | {} | {} | {} | {} | {} |'.format(
            r['passages'], r['text_mb'], r['index_wall_s'], r['index_cpu_s'], r['text_mb_per_s'],
            r['index_peak_rss_mb'], r['compacted_mb'], pair('plain'), pair('phrase'),
            pair('filtered'), r['plain_took_p50_ms'], errors))
    return '\n'.join(out)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    rows = load(sys.argv[1])
    if not rows:
        print('plot_scale: no rows in ' + sys.argv[1], file=sys.stderr)
        return 1
    n = [r['passages'] for r in rows]
    fig, ax = plt.subplots(2, 2, figsize=(11, 8))
    a = ax[0][0]
    a.plot(n, [r['index_wall_s'] for r in rows], 'o-', label='wall s')
    a.plot(n, [r['index_cpu_s'] for r in rows], 's--', label='CPU s')
    a.set_title('indexing time')
    a.set_yscale('log')
    a = ax[0][1]
    a.plot(n, [r['compacted_mb'] for r in rows], 'o-', label='index MB (compacted)')
    a.plot(n, [r['index_peak_rss_mb'] for r in rows], 's--', label='indexer peak RSS MB')
    a.plot(n, [r['server_hwm_mb'] for r in rows], '^:', label='server peak RSS MB')
    a.set_title('size and memory')
    a.set_yscale('log')
    a = ax[1][0]
    for name, style in (('plain', 'o'), ('phrase', 's'), ('filtered', '^')):
        a.plot(n, [r[name + '_p50_ms'] for r in rows], style + '-', label=name + ' p50')
        a.plot(n, [r[name + '_p99_ms'] for r in rows], style + ':', label=name + ' p99')
    a.set_title('query latency over HTTP, one client (ms)')
    a.set_yscale('log')
    a = ax[1][1]
    a.plot(n, [r['text_mb_per_s'] for r in rows], 'o-', label='text MB per wall s')
    # Per CPU second: what the indexer costs, less sensitive to other load on the machine.
    a.plot(n, [r['text_mb'] / r['index_cpu_s'] for r in rows], 's--', label='text MB per CPU s')
    a.set_title('indexing throughput (load average at end: %s)' % rows[-1]['loadavg_end'].split()[0])
    a.set_ylim(bottom=0)
    for row in ax:
        for a in row:
            a.set_xscale('log')
            a.set_xlabel('passages')
            a.grid(True, which='both', alpha=0.3)
            a.legend(fontsize=8)
    fig.suptitle('Dalil scale curve (%d cores, commit %s)' % (rows[-1]['nproc'], rows[-1]['commit']))
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=100)
    print(table(rows))
    return 0


if __name__ == '__main__':
    sys.exit(main())
