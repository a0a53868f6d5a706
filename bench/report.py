#!/usr/bin/python3
"""@file bench/report.py
@brief Assembles one benchmark run into a JSON line (appended to results.jsonl) and a Markdown report.

Usage (called by bench/run.sh):
  report.py --workdir W --corpus C --queries Q --runs N --load-seconds S --git-commit H
            --git-dirty N --results W/results.jsonl [--peers W/peers/results.jsonl]
            [--info key=value ...]
Reads from W: corpus_meta.json, index.time (/usr/bin/time -v), index.summary.json, index.err,
index/ and index.compact/ (sizes), healthz.json, latency.json, wrk-<set>-c<conns>.txt.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import sys


def parse_time_v(path):
    """GNU `/usr/bin/time -v` output: wall s, CPU s (user+sys), peak RSS MB, exit status."""
    d = {}
    with open(path, encoding='utf-8', errors='replace') as fh:
        for line in fh:
            k, sep, v = line.strip().rpartition(': ')
            if sep:
                d[k] = v.strip()
    secs = 0.0
    for p in d.get('Elapsed (wall clock) time (h:mm:ss or m:ss)', '0').split(':'):
        secs = secs * 60 + float(p)
    return {'wall_s': secs,
            'cpu_s': float(d.get('User time (seconds)', 0)) + float(d.get('System time (seconds)', 0)),
            'user_s': float(d.get('User time (seconds)', 0)),
            'sys_s': float(d.get('System time (seconds)', 0)),
            'peak_rss_mb': int(d.get('Maximum resident set size (kbytes)', 0)) / 1024.0,
            'exit': int(d.get('Exit status', -1))}


def dir_size_mb(path):
    """Allocated size (st_blocks), as peer-bench's benchlib measures its peers' indexes."""
    if not os.path.exists(path):
        return None
    tot = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                tot += os.lstat(os.path.join(root, f)).st_blocks * 512
            except OSError:
                pass
    return round(tot / 1e6, 2)


def load_json(path, default=None):
    try:
        with open(path, encoding='utf-8') as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return default


def value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_wrk(path):
    m = re.search(r'wrk-(.+)-c(\d+)\.txt$', path)
    res = {'set': m.group(1), 'connections': int(m.group(2))}
    text = open(path, encoding='utf-8', errors='replace').read()
    t = re.search(r'(\d+) threads and (\d+) connections', text)
    res['threads'] = int(t.group(1)) if t else None
    j = re.search(r'^WRKJSON (\{.*\})\s*$', text, re.M)
    if not j:
        res['error'] = (text.strip().splitlines() or ['no output'])[-1][:300]
        return res
    w = json.loads(j.group(1))
    dur = w['duration_us'] / 1e6 if w['duration_us'] else None
    res.update({
        'duration_s': round(dur, 2) if dur else None,
        'requests': w['requests'],
        'rps': round(w['requests'] / dur, 1) if dur else None,
        'p50_ms': round(w['p50_us'] / 1000, 3), 'p90_ms': round(w['p90_us'] / 1000, 3),
        'p99_ms': round(w['p99_us'] / 1000, 3), 'max_ms': round(w['max_us'] / 1000, 3),
        'mean_ms': round(w['mean_us'] / 1000, 3),
        'non_2xx': w['errors_status'],
        'socket_errors': {'connect': w['errors_connect'], 'read': w['errors_read'],
                          'write': w['errors_write'], 'timeout': w['errors_timeout']},
        'mb_per_s_transfer': round(w['bytes'] / 1e6 / dur, 2) if dur else None,
    })
    samples = [tuple(int(x) for x in m.groups()) for m in re.finditer(r'^CONNS (\d+) (\d+)\s*$', text, re.M)]
    if samples:
        res['conns_established_sampled'] = [e for e, _ in samples]
        res['conns_waiting_sampled'] = [w for _, w in samples]
        res['conns_waiting_max'] = max(w for _, w in samples)
    drops = re.search(r'^LISTEN_DROPS (-?\d+)\s*$', text, re.M)
    if drops:
        res['listen_drops'] = int(drops.group(1))
    if 'SERVER_UNHEALTHY' in text:
        res['server_unhealthy_after'] = True
    return res


def f(v, nd=1):
    if v is None:
        return '–'
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        return ('%.' + str(nd) + 'f') % v
    return str(v)


def ratio(a, b, nd=2):
    if a is None or b is None or not b:
        return None
    return round(a / b, nd)


def md_table(header, rows):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '|'.join(['---'] * len(header)) + '|']
    for r in rows:
        out.append('| ' + ' | '.join(str(c).replace('|', '\\|') for c in r) + ' |')
    return '\n'.join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--corpus', required=True)
    ap.add_argument('--queries', required=True)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--load-seconds', type=float, default=10)
    ap.add_argument('--git-commit', default='unknown')
    ap.add_argument('--git-dirty', type=int, default=0)
    ap.add_argument('--results', required=True)
    ap.add_argument('--peers')
    ap.add_argument('--info', action='append', default=[])
    a = ap.parse_args()
    W = a.workdir
    info = {}
    for kv in a.info:
        k, _, v = kv.partition('=')
        info[k] = value(v)

    meta = load_json(os.path.join(W, 'corpus_meta.json'), {})
    tv = parse_time_v(os.path.join(W, 'index.time'))
    summ = load_json(os.path.join(W, 'index.summary.json'), {})
    health = load_json(os.path.join(W, 'healthz.json'), {})
    lat = load_json(os.path.join(W, 'latency.json'), {})
    try:
        index_err_lines = sum(1 for l in open(os.path.join(W, 'index.err'), errors='replace') if l.strip())
    except OSError:
        index_err_lines = None
    try:
        searchd_err = [l.rstrip() for l in open(os.path.join(W, 'searchd.err'), errors='replace') if l.strip()]
    except OSError:
        searchd_err = []

    wall = info.get('index_wall_s') or tv['wall_s']
    docs = health.get('documents')
    res = {
        'engine': 'dalil',
        'date': datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec='seconds'),
        'git_commit': a.git_commit, 'git_dirty_files': a.git_dirty,
        'machine': {'nproc': os.cpu_count(), 'kernel': platform.release(),
                    'mem_gb': round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30, 1),
                    'loadavg_at_end': [round(x, 2) for x in os.getloadavg()]},
        'corpus': a.corpus, 'queries_file': a.queries, 'runs': a.runs,
        'docs_in_corpus': meta.get('docs'), 'docs_indexed': docs,
        'input_mb': meta.get('input_mb'), 'text_mb': meta.get('text_mb'),
        'index_wall_s': round(wall, 3),
        'index_cpu_s': round(tv['cpu_s'], 2), 'index_user_s': tv['user_s'], 'index_sys_s': tv['sys_s'],
        'index_peak_rss_mb': round(tv['peak_rss_mb'], 1),
        'docs_per_s': round(docs / wall, 1) if docs and wall else None,
        'mb_per_s': round(meta['input_mb'] / wall, 3) if wall and meta.get('input_mb') else None,
        'text_mb_per_s': round(meta['text_mb'] / wall, 3) if wall and meta.get('text_mb') else None,
        'index_mb': dir_size_mb(os.path.join(W, 'index')),
        'index_compact_mb': dir_size_mb(os.path.join(W, 'index.compact')),
        'compact_wall_s': info.pop('compact_wall_s', None),
        'indexer_summary': summ, 'indexer_stderr_lines': index_err_lines,
        'filtered': lat.get('filtered'),
        'latency': {}, 'load': [],
        'server': {k[len('server_'):] if k.startswith('server_') else k: info.pop(k)
                   for k in list(info) if k.startswith('server_') or k in ('served_index', 'searchd_args')},
        'server_stderr_lines': len(searchd_err), 'server_stderr_first': searchd_err[:5],
        'load_seconds': a.load_seconds,
        'timings_s': info,
    }
    res['index_wall_s'] = round(float(wall), 3)
    for name, s in (lat.get('sets') or {}).items():
        res['latency'][name] = s
    set_order = {'plain': 0, 'phrase': 1, 'filtered': 2, 'plain_ids': 3, 'phrase_ids': 4, 'filtered_ids': 5}

    def wrk_key(path):
        m = re.search(r'wrk-(.+)-c(\d+)\.txt$', path)
        return (set_order.get(m.group(1), 9), m.group(1), int(m.group(2)))

    for path in sorted(glob.glob(os.path.join(W, 'wrk-*-c*.txt')), key=wrk_key):
        res['load'].append(parse_wrk(path))

    peers = []
    if a.peers and os.path.exists(a.peers):
        for line in open(a.peers, encoding='utf-8'):
            if line.strip().startswith('{'):
                peers.append(json.loads(line))
    ratios = []
    def lat_of(name):
        # A set with errors gets no ratio: requests a server refused would look fast.
        s = res['latency'].get(name) or {}
        return {} if s.get('errors') else s.get('lat_ms') or {}

    plain, filt = lat_of('plain'), lat_of('filtered')
    plain_ids, filt_ids = lat_of('plain_ids'), lat_of('filtered_ids')
    date_mode = (res.get('filtered') or {}).get('mode') == 'date+facets'
    for p in peers:
        if p.get('error') or p.get('variant') == 'facet_date':
            continue
        plat = p.get('lat_ms') or {}
        fd = next((q for q in peers if q.get('peer') == p['peer'] and q.get('variant') == 'facet_date'
                   and not q.get('error')), None)
        ratios.append({
            'peer': p['peer'], 'variant': p['variant'],
            'text_mb_per_s': ratio(res['text_mb_per_s'], p.get('text_mb_per_s')),
            'p50': ratio(plain.get('p50'), plat.get('p50')),
            'p99': ratio(plain.get('p99'), plat.get('p99')),
            'took_p50': ratio(((res['latency'].get('plain') or {}).get('took_ms') or {}).get('p50'), plat.get('p50')),
            'facet_date_p50': ratio(filt.get('p50'), ((fd or {}).get('lat_ms') or {}).get('p50')) if fd else None,
            'ids_p50': ratio(plain_ids.get('p50'), plat.get('p50')),
            'ids_p99': ratio(plain_ids.get('p99'), plat.get('p99')),
            'ids_facet_date_p50': (ratio(filt_ids.get('p50'), ((fd or {}).get('lat_ms') or {}).get('p50'))
                                   if fd else None),
            'facet_date_like_for_like': date_mode if fd else None,
        })
    if peers:
        res['peers'] = [{k: p.get(k) for k in ('peer', 'variant', 'docs_indexed', 'text_mb', 'index_wall_s',
                                              'index_cpu_s', 'text_mb_per_s', 'index_mb',
                                              'index_peak_rss_mb', 'lat_ms', 'query_errors', 'hits', 'error')
                         if p.get(k) is not None} for p in peers]
        res['peer_ratios'] = ratios
        peer_text = {p.get('text_mb') for p in peers if p.get('text_mb') is not None}
        if peer_text and peer_text != {meta.get('text_mb')}:
            res['text_mb_mismatch'] = sorted(peer_text)

    with open(a.results, 'a', encoding='utf-8') as fh:
        fh.write(json.dumps(res, ensure_ascii=False) + '\n')

    # ---- Markdown ------------------------------------------------------------------------------
    out = []
    qs = [l.strip() for l in open(a.queries, encoding='utf-8') if l.strip() and not l.startswith('#')]
    out.append('## Dalil benchmark: %s × %s\n' % (os.path.basename(a.corpus), os.path.basename(a.queries)))
    out.append('%s · commit %s%s · %d cores, %s GiB · load average at end %s · %d runs of %d queries '
               'per set · run took %s s\n' % (
                   res['date'], a.git_commit[:12], ' (+%d modified files)' % a.git_dirty if a.git_dirty else '',
                   res['machine']['nproc'], res['machine']['mem_gb'],
                   ' '.join(str(x) for x in res['machine']['loadavg_at_end']), a.runs, len(qs),
                   f(info.get('total_s'), 0)))

    out.append('### Indexing (dalil-index, fresh index)\n')
    docs_cell = f(docs)
    if docs != meta.get('docs'):
        docs_cell += ' (of %s)' % meta.get('docs')
    out.append(md_table(
        ['docs', 'JSONL MB', 'text MB', 'wall s', 'CPU s', 'peak RSS MB', 'docs/s', 'JSONL MB/s', 'text MB/s',
         'index MB', 'compacted MB', 'compact s', 'skipped lines'],
        [[docs_cell, f(meta.get('input_mb')), f(meta.get('text_mb')), f(res['index_wall_s'], 2),
          f(res['index_cpu_s'], 2), f(res['index_peak_rss_mb'], 0), f(res['docs_per_s'], 0),
          f(res['mb_per_s'], 2), f(res['text_mb_per_s'], 2), f(res['index_mb']), f(res['index_compact_mb']),
          f(res['compact_wall_s'], 2), f(summ.get('skipped'))]]))

    fl = res.get('filtered') or {}
    out.append('\n### Query latency: one client, one keep-alive HTTP connection (ms)\n')
    rows = []
    for name, s in res['latency'].items():
        l, t = s.get('lat_ms') or {}, s.get('took_ms') or {}
        what = {'plain': 'q=<line>', 'phrase': 'q="<line>"',
                'filtered': 'q=<line>&' + '&'.join('%s=%s' % tuple(kv) for kv in fl.get('params', []))}
        what = what.get(name) or (what[name[:-4]] + '&fields=id,score' if name[:-4] in what else name)
        off = sum(1 for h, e in zip(s.get('hits') or [], s.get('hits_exact') or []) if h != e)
        rows.append([name, what, f(l.get('p50'), 2), f(l.get('p95'), 2), f(l.get('p99'), 2), f(l.get('mean'), 2),
                     f(l.get('max'), 1), f(t.get('p50'), 2), f(t.get('p99'), 2), f(s.get('errors')),
                     ' / '.join(f(h) for h in s.get('hits_first5') or []), off])
    out.append(md_table(['set', 'request', 'p50', 'p95', 'p99', 'mean', 'max', 'server took p50',
                         'server took p99', 'errors', 'hits q1–q5 (exact)', 'totals ≠ exact'], rows))
    if fl and fl.get('mode') != 'date+facets':
        out.append('\nfiltered: the server refused from/to/facets (%s: %s), so the set uses %s instead of '
                   'the date range %s..%s + source facets.' % (
                       fl.get('probe_status'), fl.get('probe_error'),
                       '&'.join('%s=%s' % tuple(kv) for kv in fl.get('params', [])),
                       meta.get('date_lo'), meta.get('date_hi')))
    errs = [(n, e) for n, s in res['latency'].items() for e in s.get('error_samples') or []]
    if errs:
        out.append('\nFirst errors: ' + '; '.join('%s q%s: %s %s' % (n, e['query'], e['status'], e['error'])
                                                   for n, e in errs[:5]))

    if res['load']:
        out.append('\n### Load: wrk, %s s per step, query list cycled (ms)\n' % f(a.load_seconds, 0))
        rows = []
        for w in res['load']:
            if w.get('error'):
                rows.append([w['set'], w['connections'], f(w.get('threads')), 'FAILED: ' + w['error']] + [''] * 7)
                continue
            se = w['socket_errors']
            rows.append([w['set'], w['connections'], w['threads'], f(w['rps'], 1), f(w['p50_ms'], 2),
                         f(w['p99_ms'], 2), f(w['max_ms'], 0), w['non_2xx'],
                         '%d/%d/%d/%d' % (se['connect'], se['read'], se['write'], se['timeout'])
                         + (' UNHEALTHY' if w.get('server_unhealthy_after') else ''),
                         '/'.join(str(x) for x in w.get('conns_waiting_sampled', [])) or '–',
                         f(w.get('listen_drops'))])
        out.append(md_table(['set', 'connections', 'threads', 'req/s', 'p50', 'p99', 'max', 'non-2xx',
                             'socket errors connect/read/write/timeout', 'starved conns (sampled)',
                             'listen drops'], rows))
        if any(w.get('conns_waiting_max') for w in res['load']):
            out.append('\n**Starvation:** some connections had a request waiting unread by the server '
                       'while wrk ran (sampled from /proc/net/tcp at 1/4, 1/2, 3/4 of the step). wrk '
                       'counts only answered requests, so its req/s and latency describe the connections '
                       'that were served; the others waited (no timeout is recorded for a request that '
                       'never completes).')
        srv = res['server']
        out.append('\nServer: %s threads in the process, RSS %s MB at start, %s MB after '
                   'latency, %s MB at end, peak %s MB; %d lines on stderr.' % (
                       f(srv.get('pid_threads')), f(srv.get('rss_start_mb')), f(srv.get('rss_after_latency_mb')),
                       f(srv.get('rss_end_mb')), f(srv.get('hwm_mb')), len(searchd_err)))

    if peers:
        out.append('\n### Side by side with peers (same corpus and queries, this run)\n')
        out.append('**Unfair by construction:** Dalil is timed over HTTP (keep-alive, Python http.client, '
                   'JSON with 10 hits + snippets, or 10 ids and scores in the _ids sets), the peers in-process (SQLite, Xapian) or through a local '
                   'client (PostgreSQL unix socket, Sphinx TCP); the peers index a pre-converted flat file, '
                   'Dalil parses the JSONL itself; analysis differs, so hit counts differ. '
                   'See ../shared/peer-bench/README.md and bench/README.md.\n')
        rows = [['**dalil**', s_name, docs_cell if i == 0 else '', f(res['text_mb_per_s'], 2) if i == 0 else '',
                 f(res['index_wall_s'], 2) if i == 0 else '', f(res['index_cpu_s'], 2) if i == 0 else '',
                 f(res['index_peak_rss_mb'], 0) if i == 0 else '',
                 ('%s (%s compacted)' % (f(res['index_mb']), f(res['index_compact_mb']))) if i == 0 else '',
                 f((s.get('lat_ms') or {}).get('p50'), 3), f((s.get('lat_ms') or {}).get('p95'), 3),
                 f((s.get('lat_ms') or {}).get('p99'), 3), ' / '.join(f(h) for h in s.get('hits_first5') or []),
                 f(s.get('errors'))]
                for i, (s_name, s) in enumerate(res['latency'].items())]
        for p in peers:
            if p.get('error'):
                rows.append([p['peer'], p['variant'], 'FAILED: ' + p['error'][:200]] + [''] * 10)
                continue
            l = p.get('lat_ms') or {}
            d = f(p.get('docs_indexed'))
            if p.get('docs_indexed') != p.get('docs_in_corpus'):
                d += ' (of %s)' % p.get('docs_in_corpus')
            rows.append([p['peer'], p['variant'], d, f(p.get('text_mb_per_s'), 2), f(p.get('index_wall_s'), 2),
                         f(p.get('index_cpu_s'), 2), f(p.get('index_peak_rss_mb'), 0), f(p.get('index_mb')),
                         f(l.get('p50'), 3), f(l.get('p95'), 3), f(l.get('p99'), 3),
                         ' / '.join(f(h) for h in p.get('hits_first5') or []), f(p.get('query_errors'))])
        out.append(md_table(['engine', 'variant / set', 'docs', 'text MB/s', 'index wall s', 'index CPU s',
                             'peak RSS MB', 'index MB', 'p50 ms', 'p95 ms', 'p99 ms', 'hits q1–q5',
                             'errors'], rows))
        if res.get('text_mb_mismatch'):
            out.append('\nNote: the peers counted text MB %s, Dalil %s.' % (res['text_mb_mismatch'],
                                                                            meta.get('text_mb')))
        out.append('\n### Ratios, Dalil / peer\n')
        out.append('text MB/s above 1: Dalil indexes faster; latency above 1: Dalil is slower '
                   '(Dalil plain over HTTP against the peer in-process or over its own client; the `server took` '
                   'column puts the time Dalil reports for its own work, without HTTP, over the peer\'s p50).\n')
        rows = []
        for r in ratios:
            fdr = f(r['facet_date_p50'], 2)
            if r['facet_date_p50'] is not None and not r['facet_date_like_for_like']:
                fdr += ' (Dalil: %s, no date range/facets)' % fl.get('mode')
            fdr_ids = f(r['ids_facet_date_p50'], 2)
            if r['ids_facet_date_p50'] is not None and not r['facet_date_like_for_like']:
                fdr_ids += ' (Dalil: %s, no date range/facets)' % fl.get('mode')
            rows.append([r['peer'], f(r['text_mb_per_s'], 2), f(r['p50'], 2), f(r['p99'], 2), f(r['took_p50'], 2),
                         fdr, f(r['ids_p50'], 2), f(r['ids_p99'], 2), fdr_ids])
        out.append(md_table(['peer', 'text MB/s', 'p50', 'p99', 'server took p50 / peer p50',
                             'filtered p50 / peer facet_date p50', 'ids p50', 'ids p99',
                             'filtered ids p50 / peer facet_date p50'], rows))
        out.append('\n`ids`: the `_ids` sets, fields=id,score: the top 10 ids and scores, what the peers '
                   'return, against the same peer figures.')

    # Hit counts: Dalil's exact counts per set, next to the peers' default variants.
    cols = [('dalil ' + n, s.get('hits_exact') or []) for n, s in res['latency'].items()]
    cols += [(p['peer'] + ('' if p['variant'] == 'default' else '/' + p['variant']), p.get('hits') or [])
             for p in peers if not p.get('error') and p.get('hits')]
    if qs and cols:
        out.append('\n### Hit counts per query (exact)\n')
        rows = [[i + 1, q] + [f(c[1][i]) if i < len(c[1]) else '–' for c in cols] for i, q in enumerate(qs)]
        out.append(md_table(['#', 'query'] + [c[0] for c in cols], rows))
    print('\n'.join(out))


if __name__ == '__main__':
    sys.exit(main())
