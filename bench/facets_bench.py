#!/usr/bin/env python3
# @file bench/facets_bench.py
# @brief What facets cost: each query of a file timed over HTTP plain and with 4 facets + a monthly
#        date histogram, interleaved, on one persistent connection; Markdown table of medians and p95.
"""Times plain vs faceted searches against a running dalil-searchd.

  bench/facets_bench.py --url http://127.0.0.1:PORT QUERIES.txt [--runs N] [--browse]

For every query line (blank lines and lines starting with # are skipped) and every run, sends
  plain:   /api/search?q=QUERY
  faceted: /api/search?q=QUERY&facets=source,lang,type,category&date_histogram=month
one after the other (the order alternates between runs), over one keep-alive connection, after
BENCH_WARMUP (default 1) untimed rounds. Runs: --runs, else BENCH_RUNS, else 20.
Prints a Markdown table per query and overall: client wall-clock medians and p95 in ms, the ratio
faceted/plain of the medians, the server's took_ms medians and the number of hits.
--browse adds the empty query (every document: the most a facet count can cost).
"""

import argparse
import http.client
import json
import math
import os
import statistics
import sys
import time
import urllib.parse

FACETS = "source,lang,type,category"
HISTOGRAM = "month"


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]


class Client:
    def __init__(self, url):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "http" or not parsed.hostname:
            raise SystemExit(f"facets_bench: --url must be http://HOST:PORT, not {url}")
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        self.reconnects = 0

    def get(self, params):
        path = "/api/search?" + urllib.parse.urlencode(params)
        for attempt in range(2):
            try:
                started = time.perf_counter()
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - started) * 1000.0
                break
            except (http.client.HTTPException, ConnectionError):
                # An idle keep-alive connection closed by the server: reconnect once (counted).
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.reconnects += 1
                if attempt == 1:
                    raise
        if response.status != 200:
            raise SystemExit(f"facets_bench: {path}: HTTP {response.status}: {body[:300]!r}")
        return elapsed, json.loads(body)


def fmt(value):
    return f"{value:.2f}" if value < 100 else f"{value:.0f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT of a running dalil-searchd")
    parser.add_argument("queries", help="one query a line")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "20")))
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP", "1")))
    parser.add_argument("--browse", action="store_true", help="also time the empty query (every document)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    with open(args.queries, encoding="utf-8") as handle:
        queries = [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    if args.browse:
        queries.append("")
    client = Client(args.url)
    variants = {
        "plain": lambda q: [("q", q)],
        "faceted": lambda q: [("q", q), ("facets", FACETS), ("date_histogram", HISTOGRAM)],
    }
    samples = {q: {v: {"wall": [], "took": []} for v in variants} for q in queries}
    totals = {}
    started = time.monotonic()
    for run in range(-args.warmup, args.runs):
        order = list(variants) if run % 2 == 0 else list(reversed(variants))
        for q in queries:
            for variant in order:
                wall, answer = client.get(variants[variant](q))
                if run < 0:
                    continue
                samples[q][variant]["wall"].append(wall)
                samples[q][variant]["took"].append(answer.get("took_ms", float("nan")))
                if variant == "faceted":
                    totals[q] = answer.get("total")
        print(f"facets_bench: run {run + 1}/{args.runs} done ({time.monotonic() - started:.0f} s)",
              file=sys.stderr)

    print(f"Plain `q=…` vs faceted `q=…&facets={FACETS}&date_histogram={HISTOGRAM}` on {args.url}, "
          f"{len(queries)} queries from `{os.path.basename(args.queries)}`, {args.runs} timed runs each "
          f"(interleaved, {args.warmup} warm-up), one keep-alive connection "
          f"({client.reconnects} reconnects). Times in ms.\n")
    header = ("| query | hits | plain median | plain p95 | faceted median | faceted p95 | ratio | "
              "took_ms plain | took_ms faceted |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratios = []
    pooled = {v: {"wall": [], "took": []} for v in variants}
    for q in queries:
        s = samples[q]
        plain, faceted = statistics.median(s["plain"]["wall"]), statistics.median(s["faceted"]["wall"])
        ratio = faceted / plain if plain > 0 else float("nan")
        ratios.append(ratio)
        for v in variants:
            for key in ("wall", "took"):
                pooled[v][key].extend(s[v][key])
        label = q.replace("|", "\\|") if q else "*(empty: every document)*"
        print(f"| {label} | {totals.get(q)} | {fmt(plain)} | {fmt(percentile(s['plain']['wall'], 0.95))} | "
              f"{fmt(faceted)} | {fmt(percentile(s['faceted']['wall'], 0.95))} | {ratio:.2f} | "
              f"{fmt(statistics.median(s['plain']['took']))} | {fmt(statistics.median(s['faceted']['took']))} |")
    plain_all, faceted_all = statistics.median(pooled["plain"]["wall"]), statistics.median(pooled["faceted"]["wall"])
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"| **all ({len(queries)} queries × {args.runs})** | | **{fmt(plain_all)}** | "
          f"{fmt(percentile(pooled['plain']['wall'], 0.95))} | **{fmt(faceted_all)}** | "
          f"{fmt(percentile(pooled['faceted']['wall'], 0.95))} | **{faceted_all / plain_all:.2f}** | "
          f"{fmt(statistics.median(pooled['plain']['took']))} | {fmt(statistics.median(pooled['faceted']['took']))} |")
    print(f"\nRatio = faceted median / plain median. Per-query ratios: geometric mean {geo:.2f}, "
          f"median {statistics.median(ratios):.2f}, max {max(ratios):.2f}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
