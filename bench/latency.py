#!/usr/bin/python3
"""@file bench/latency.py
@brief Single-client query latency of dalil-searchd over one keep-alive HTTP connection.

Usage: latency.py --port P --queries QUERIES.txt --meta META.json --out OUT.json
                  --paths-dir DIR [--runs 3] [--timeout 30]

Six query sets are built from QUERIES.txt (one query a line; blank lines and lines starting
with # are skipped, as in peer-bench):
  plain     q=<line>
  phrase    q="<line>"  (lines that already contain a double quote are kept as they are)
  filtered  q=<line>&from=<date_lo>&to=<date_hi>&facets=source&exact_total=true when a probe
            shows the server accepts from/to/facets (date_lo/date_hi = the middle half of the
            corpus' dates, like peer-bench's facet_date), else q=<line>&lang=<main lang>&exact_total=true
  plain_ids, phrase_ids, filtered_ids: the same with fields=id,score (the top 10 ids, what the
            peers return)
Each set is run --runs times in a row, each request timed around send + full read of the body;
the server's own took_ms is kept as well. Hit counts: `total` of the first run, and an untimed
pass with exact_total=true afterwards (comparable with the peers' exact counts).
The request paths of every set are written to DIR/<set>.paths (one a line) for wrk.
"""
import argparse
import http.client
import json
import os
import sys
import time
import urllib.parse


def load_queries(path):
    with open(path, encoding='utf-8') as fh:
        return [l.strip() for l in fh if l.strip() and not l.startswith('#')]


def percentile(sorted_vals, p):
    """Linear interpolation between closest ranks (same as peer-bench benchlib)."""
    if not sorted_vals:
        return None
    k = (len(sorted_vals) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(sorted_vals) - 1)
    return sorted_vals[f] + (sorted_vals[c] - sorted_vals[f]) * (k - f)


def summary(vals):
    s = sorted(vals)
    if not s:
        return {}
    return {'p50': round(percentile(s, 50), 3), 'p95': round(percentile(s, 95), 3),
            'p99': round(percentile(s, 99), 3), 'mean': round(sum(s) / len(s), 3),
            'max': round(s[-1], 3), 'n': len(s)}


def ymd(n):
    s = '%08d' % n
    return '%s-%s-%s' % (s[:4], s[4:6], s[6:])


def path_for(params):
    return '/api/search?' + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


class Client:
    """One persistent HTTP/1.1 connection; reconnects (and counts it) when the server closes it."""

    def __init__(self, port, timeout):
        self.port, self.timeout = port, timeout
        self.conn = None
        self.connects = 0

    def get(self, path):
        """Returns (status, body bytes); raises on transport errors after closing the connection."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection('127.0.0.1', self.port, timeout=self.timeout)
            self.connects += 1
        try:
            self.conn.request('GET', path)
            resp = self.conn.getresponse()
            body = resp.read()
            if resp.will_close:
                self.close()
            return resp.status, body
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def timed_get(client, path):
    t0 = time.perf_counter()
    try:
        status, body = client.get(path)
        err = None
    except (OSError, http.client.HTTPException) as ex:
        status, body, err = 0, b'', '%s: %s' % (type(ex).__name__, ex)
    return (time.perf_counter() - t0) * 1000.0, status, body, err


def parse(body):
    try:
        return json.loads(body)
    except ValueError:
        return None


def probe_filtered(client, queries, meta):
    """Picks the filtered set's extra parameters; says why."""
    q0 = queries[0] if queries else 'a'
    if meta.get('date_lo') and meta.get('date_hi'):
        extra = [('from', ymd(meta['date_lo'])), ('to', ymd(meta['date_hi'])), ('facets', 'source'),
                 ('exact_total', 'true')]
        try:
            status, body = client.get(path_for([('q', q0)] + extra + [('size', '1')]))
        except (OSError, http.client.HTTPException) as ex:
            status, body = 0, str(ex).encode()
        doc = parse(body) or {}
        if status == 200:
            return {'mode': 'date+facets', 'params': extra, 'probe_status': status,
                    'facets_in_answer': 'facets' in doc}
        probe = {'probe_status': status,
                 'probe_error': ((doc.get('error') or {}).get('message') if isinstance(doc, dict) else None)
                 or body[:200].decode('utf-8', 'replace')}
    else:
        probe = {'probe_status': None, 'probe_error': 'corpus has no YYYY-MM-DD dates'}
    extra = ([('lang', meta['main_lang'])] if meta.get('main_lang') else []) + [('exact_total', 'true')]
    return dict(probe, mode='lang' if meta.get('main_lang') else 'exact_total', params=extra)


def run_set(client, name, paths, exact_paths, runs):
    lat, took, errors, err_samples = [], [], 0, []
    hits, exact_flags, tops, nbytes = [], [], [], []
    for r in range(runs):
        for i, path in enumerate(paths):
            ms, status, body, err = timed_get(client, path)
            lat.append(ms)
            doc = parse(body) if status else None
            if status != 200 or not isinstance(doc, dict):
                errors += 1
                if len(err_samples) < 5:
                    msg = err or ((doc or {}).get('error') if isinstance(doc, dict) else None) \
                        or body[:200].decode('utf-8', 'replace')
                    err_samples.append({'query': i + 1, 'status': status, 'error': msg})
                if r == 0:
                    hits.append(None)
                    exact_flags.append(None)
                    tops.append(None)
                    nbytes.append(len(body))
                continue
            if isinstance(doc.get('took_ms'), (int, float)):
                took.append(float(doc['took_ms']))
            if r == 0:
                hits.append(doc.get('total'))
                exact_flags.append(doc.get('total_exact'))
                tops.append([h.get('id') for h in doc.get('hits', [])][:10])
                nbytes.append(len(body))
    exact = []
    for path in exact_paths:
        _, status, body, _ = timed_get(client, path)
        doc = parse(body) if status == 200 else None
        exact.append(doc.get('total') if isinstance(doc, dict) else None)
    facets_q1 = None
    return {'set': name, 'queries': len(paths), 'runs': runs, 'lat_ms': summary(lat),
            'took_ms': summary(took), 'errors': errors, 'error_samples': err_samples,
            'hits': hits, 'hits_total_exact': exact_flags, 'hits_exact': exact,
            'hits_first5': exact[:5], 'top1_first5': [(t[0] if t else None) for t in tops[:5]],
            'response_bytes_mean': round(sum(nbytes) / len(nbytes)) if nbytes else None,
            'facets_q1': facets_q1}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--queries', required=True)
    ap.add_argument('--meta', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--paths-dir', required=True)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--timeout', type=float, default=30)
    a = ap.parse_args()

    queries = load_queries(a.queries)
    meta = json.load(open(a.meta, encoding='utf-8'))
    client = Client(a.port, a.timeout)
    filtered = probe_filtered(client, queries, meta)

    def phrase(q):
        return q if '"' in q else '"%s"' % q

    sets = {
        'plain': [[('q', q)] for q in queries],
        'phrase': [[('q', phrase(q))] for q in queries],
        'filtered': [[('q', q)] + filtered['params'] for q in queries],
    }
    # The same requests for what the peers return: the top 10 ids (and scores), no stored
    # fields, snippets or passages (fields=, docs in README.md).
    for name in ('plain', 'phrase', 'filtered'):
        sets[name + '_ids'] = [p + [('fields', 'id,score')] for p in sets[name]]
    os.makedirs(a.paths_dir, exist_ok=True)
    out = {'queries_file': os.path.abspath(a.queries), 'queries': len(queries), 'runs': a.runs,
           'filtered': filtered, 'sets': {}}
    for name, params in sets.items():
        paths = [path_for(p) for p in params]
        with open(os.path.join(a.paths_dir, name + '.paths'), 'w', encoding='utf-8') as fh:
            fh.write(''.join(p + '\n' for p in paths))
        exact_paths = [path_for([kv for kv in p if kv[0] != 'exact_total'] + [('exact_total', 'true')])
                       for p in params]
        t0 = time.time()
        res = run_set(client, name, paths, exact_paths, a.runs)
        res['wall_s'] = round(time.time() - t0, 2)
        out['sets'][name] = res
        print('latency: %-12s p50 %s ms, p99 %s ms, %d errors' % (
            name, res['lat_ms'].get('p50'), res['lat_ms'].get('p99'), res['errors']), file=sys.stderr)
    if filtered['mode'] == 'date+facets':
        # One untimed look at the facets of query 1, for the record.
        try:
            _, body = client.get(path_for(sets['filtered'][0]))
            out['sets']['filtered']['facets_q1'] = (parse(body) or {}).get('facets')
        except (OSError, http.client.HTTPException):
            pass
    out['connections_opened'] = client.connects
    client.close()
    with open(a.out, 'w', encoding='utf-8') as fh:
        json.dump(out, fh, ensure_ascii=False)


if __name__ == '__main__':
    main()
