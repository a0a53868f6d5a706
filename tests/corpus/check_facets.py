#!/usr/bin/env python3
# @file tests/corpus/check_facets.py
# @brief Indexes a corpus with dalil-index, asks dalil-searchd for totals, facets, histograms and date
#        ranges, and compares every number with reference_counts.py; non-zero exit on any difference.
"""Checks Dalil's counts on a real corpus against an independent reference.

  check_facets.py --index-bin B --searchd-bin S --workdir W CORPUS.jsonl...
  check_facets.py --index-bin B --searchd-bin S --workdir W --synthetic

The index is built in W/index and reused when W/index.stamp is newer than the inputs and the
indexer binary (and lists the same inputs). The server runs on a free loopback port and is stopped
at the end, whatever happens. Exit status: 0 when every number is equal, 1 on a difference,
2 on a usage or setup error (indexer or server failure, time limit).
"""

import argparse
import collections
import http.client
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_counts  # noqa: E402
import synthetic_corpus  # noqa: E402

SMALL_FACET_SIZE = 2


class SetupError(Exception):
    pass


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        left = self.end - time.monotonic()
        if left <= 0:
            raise SetupError("time limit reached")
        return left


def child_env():
    # DALIL_* settings of the caller (a port, a config file) must not change what is checked.
    return {k: v for k, v in os.environ.items() if not k.startswith("DALIL_")}


def build_index(args, paths, deadline):
    index = os.path.join(args.workdir, "index")
    stamp = os.path.join(args.workdir, "index.stamp")
    inputs = [os.path.abspath(p) for p in paths]
    newest = max([os.path.getmtime(p) for p in inputs] + [os.path.getmtime(args.index_bin)])
    if os.path.isdir(index) and os.path.exists(stamp) and os.path.getmtime(stamp) > newest:
        with open(stamp, encoding="utf-8") as handle:
            recorded = json.load(handle)
        if recorded.get("inputs") == inputs:
            print(f"check_facets: reusing {index} ({recorded.get('summary', {}).get('added', '?')} documents)")
            return index, recorded.get("summary", {})
    shutil.rmtree(index, ignore_errors=True)
    if os.path.exists(stamp):
        os.remove(stamp)
    print(f"check_facets: indexing {len(inputs)} file(s) into {index} ...", flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run([args.index_bin, "--index", index, "--quiet", "--summary-json"] + inputs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=child_env(), timeout=deadline.left())
    except subprocess.TimeoutExpired:
        raise SetupError("dalil-index did not finish in time")
    if done.returncode != 0:
        raise SetupError(f"dalil-index exited {done.returncode}:\n{done.stderr[-4000:]}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    if done.stderr.strip():
        print("check_facets: dalil-index reported:\n" + done.stderr[-4000:], file=sys.stderr)
    print(f"check_facets: indexed {summary.get('added')} documents in {time.monotonic() - started:.1f} s "
          f"({summary.get('skipped')} bad lines skipped)")
    with open(stamp, "w", encoding="utf-8") as handle:
        json.dump({"inputs": inputs, "summary": summary}, handle)
    return index, summary


class Server:
    """dalil-searchd on a free loopback port; always stopped by close()."""

    def __init__(self, searchd_bin, index, deadline, stderr_path):
        # Standard error goes to a file: a pipe nobody reads could fill up and stall the server.
        self.stderr_path = stderr_path
        with open(stderr_path, "wb") as stderr:
            self.process = subprocess.Popen(
                [searchd_bin, "--index", index, "--bind", "127.0.0.1", "--port", "0", "--threads", "2",
                 "--query-time-limit-s", "600", "--http-timeout-s", "600"],
                stdout=subprocess.PIPE, stderr=stderr, env=child_env(), start_new_session=True)
        self.port = None
        line = b""
        limit = min(deadline.left(), 60)
        started = time.monotonic()
        while self.port is None:
            if time.monotonic() - started > limit:
                self.close()
                raise SetupError("dalil-searchd did not say where it listens within 60 s")
            ready, _, _ = select.select([self.process.stdout], [], [], 0.5)
            if not ready:
                if self.process.poll() is not None:
                    raise SetupError(f"dalil-searchd exited {self.process.returncode}: {self.errors()}")
                continue
            chunk = os.read(self.process.stdout.fileno(), 4096)
            if not chunk:
                self.close()
                raise SetupError(f"dalil-searchd closed its output: {self.errors()}")
            line += chunk
            marker = b" on http://127.0.0.1:"
            if marker in line and b"\n" in line.split(marker, 1)[1]:
                self.port = int(line.split(marker, 1)[1].split(b"\n", 1)[0])
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def get(self, path, params):
        query = urllib.parse.urlencode(params)
        for attempt in range(2):
            try:
                self.connection.request("GET", f"{path}?{query}")
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server may close an idle keep-alive connection: open another once.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                if attempt == 1:
                    raise
        if response.status != 200:
            raise SetupError(f"GET {path}?{query}: HTTP {response.status}: {body[:500]!r}")
        return body

    def search(self, params):
        return json.loads(self.get("/api/search", params))

    def export_hits(self, params):
        body = self.get("/api/export", params + [("format", "jsonl")])
        return [json.loads(line) for line in body.decode("utf-8").splitlines() if line]

    def errors(self):
        with open(self.stderr_path, "rb") as handle:
            return handle.read()[-4000:].decode(errors="replace")

    def close(self):
        """Stops the server (SIGTERM, then SIGKILL after 30 s); returns its exit status."""
        if getattr(self, "connection", None):
            self.connection.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        return self.process.returncode


class Report:
    def __init__(self):
        self.rows = []        # (case, request, numbers compared, differences)
        self.diffs = []       # lines
        self.failed_cases = []

    def row(self, case, request, compared, diffs):
        self.rows.append((case, request, compared, len(diffs)))
        self.diffs.extend(f"{case} [{request}]: {d}" for d in diffs)

    def table(self):
        width = max(len(r[0]) for r in self.rows)
        rwidth = max(len(r[1]) for r in self.rows)
        lines = [f"{'case':<{width}}  {'request':<{rwidth}}  numbers  result"]
        for case, request, compared, bad in self.rows:
            lines.append(f"{case:<{width}}  {request:<{rwidth}}  {compared:>7}  "
                         f"{'equal' if not bad else f'{bad} DIFFERENT'}")
        return "\n".join(lines)


def compare_counts(what, expected, got):
    """Differences between two value -> count maps, as lines; and how many numbers were compared."""
    diffs = []
    for key in sorted(set(expected) | set(got)):
        e, g = expected.get(key, 0), got.get(key, 0)
        if e != g:
            diffs.append(f"{what} {key!r}: expected {e}, got {g}")
    return diffs, len(set(expected) | set(got))


def order_key(entry):
    return (-entry[1], entry[0].encode("utf-8"))


def check_facet(name, expected, answer, facet_size):
    """A facet of an answer: the listed values and other_values, against the reference counts."""
    diffs, compared = [], 0
    values = answer.get("values", [])
    listed = [(v["value"], v["count"]) for v in values]
    got = dict(listed)
    if len(got) != len(listed):
        diffs.append(f"facet {name}: a value is listed twice: {listed}")
    ranked = sorted(expected.items(), key=order_key)
    shown = ranked[:facet_size]
    d, n = compare_counts(f"facet {name} value", dict(shown), got)
    diffs += d
    compared += n + 1
    if listed != shown and not d:
        diffs.append(f"facet {name}: order differs: expected {shown[:10]}, got {listed[:10]}")
    other = answer.get("other_values")
    if other != len(ranked) - len(shown):
        diffs.append(f"facet {name} other_values: expected {len(ranked) - len(shown)}, got {other}")
    return diffs, compared


def check_histogram(interval, expected, answer):
    diffs = []
    if answer is None:
        return [f"date_histogram missing"], 0
    if answer.get("interval") != interval:
        diffs.append(f"date_histogram interval: expected {interval}, got {answer.get('interval')}")
    buckets = answer.get("buckets", [])
    keys = [b["key"] for b in buckets]
    if keys != sorted(keys):
        diffs.append("date_histogram buckets are not in date order")
    d, n = compare_counts(f"{interval} bucket", expected["buckets"], {b["key"]: b["count"] for b in buckets})
    diffs += d
    for field in ("no_date", "coarser"):
        if answer.get(field) != expected[field]:
            diffs.append(f"date_histogram {field}: expected {expected[field]}, got {answer.get(field)}")
    return diffs, n + 2


def check_total(expected, answer):
    diffs = []
    if answer.get("total") != expected:
        diffs.append(f"total: expected {expected}, got {answer.get('total')}")
    if answer.get("total_exact") is not True:
        diffs.append(f"total_exact: expected true, got {answer.get('total_exact')}")
    if answer.get("timed_out"):
        diffs.append("timed_out: the server stopped matching early, counts are partial")
    return diffs


def base_params(case):
    return [("q", ""), ("exact_total", "true"), ("size", "1")] + [tuple(p) for p in case["params"]]


def check_case(server, case, facets, report):
    bad_before = len(report.diffs)
    params = base_params(case)
    name = case["name"]
    if "facets" not in case:
        answer = server.search(params)
        report.row(name, "total", 1, check_total(case["total"], answer))
        return len(report.diffs) > bad_before
    for interval in case["histograms"]:
        request = [("date_histogram", interval)]
        label = f"histogram={interval}"
        if interval == "month":
            request += [("facets", ",".join(facets)), ("facet_size", "1000")]
            label = f"facets(1000)+{label}"
        answer = server.search(params + request)
        diffs, compared = check_total(case["total"], answer), 1
        if interval == "month":
            for facet in facets:
                d, n = check_facet(facet, case["facets"][facet], answer.get("facets", {}).get(facet, {}), 1000)
                diffs += d
                compared += n
        d, n = check_histogram(interval, case["histograms"][interval], answer.get("date_histogram"))
        report.row(name, label, compared + n, diffs + d)
    # auto picks an interval from the span of the matched dates; the buckets must be that interval's.
    interval = case["auto_interval"]
    answer = server.search(params + [("date_histogram", "auto")])
    diffs = check_total(case["total"], answer)
    got = (answer.get("date_histogram") or {}).get("interval")
    if got != interval:
        diffs.append(f"date_histogram=auto chose {got!r}; expected {interval!r}")
        report.row(name, "histogram=auto", 2, diffs)
    else:
        d, n = check_histogram(interval, case["histograms"][interval], answer.get("date_histogram"))
        report.row(name, f"histogram=auto ({interval})", n + 2, diffs + d)
    answer = server.search(params + [("facets", ",".join(facets)), ("facet_size", str(SMALL_FACET_SIZE))])
    diffs, compared = check_total(case["total"], answer), 1
    for facet in facets:
        d, n = check_facet(facet, case["facets"][facet], answer.get("facets", {}).get(facet, {}), SMALL_FACET_SIZE)
        diffs += d
        compared += n
    report.row(name, f"facets({SMALL_FACET_SIZE})", compared, diffs)
    return len(report.diffs) > bad_before


def explain_case(server, case, docs):
    """After a difference: which documents the server and the reference disagree on."""
    filters = collections.defaultdict(list)
    date_from = date_to = None
    for key, value in case["params"]:
        if key == "from":
            date_from = value
        elif key == "to":
            date_to = value
        else:
            filters[key].append(value)
    wanted = {k: {reference_counts.normalize_value(v) for v in vs} for k, vs in filters.items()}
    first, last = reference_counts.day_bounds(date_from, date_to)
    expected = {d.id: d for d in docs if reference_counts.in_range(d, first, last)
                and reference_counts.matches(d, wanted)}
    hits = server.export_hits([tuple(p) for p in case["params"]] + [("q", "")])
    got = {h["id"]: h for h in hits}
    lines = [f"  export of {case['name']!r}: {len(got)} hits, reference {len(expected)}"]
    for label, ids in (("missing from Dalil", sorted(set(expected) - set(got))),
                       ("extra in Dalil", sorted(set(got) - set(expected)))):
        for doc_id in ids[:10]:
            date = expected[doc_id].date if doc_id in expected else got[doc_id].get("date")
            lines.append(f"    {label}: {doc_id} (date {date!r})")
        if len(ids) > 10:
            lines.append(f"    ... and {len(ids) - 10} more {label}")
    # Same documents but other buckets: compare each document's date as stored and as written.
    differing = [doc_id for doc_id in sorted(set(expected) & set(got))
                 if got[doc_id].get("date") != expected[doc_id].date]
    for doc_id in differing[:10]:
        lines.append(f"    date differs for {doc_id}: reference {expected[doc_id].date!r}, "
                     f"Dalil {got[doc_id].get('date')!r}")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-bin", required=True)
    parser.add_argument("--searchd-bin", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--synthetic", action="store_true",
                        help="check the fictional archive of synthetic_corpus.py (written into the workdir)")
    parser.add_argument("--timeout", type=float, default=840, help="seconds for the whole check")
    parser.add_argument("corpus", nargs="*", help="JSONL files")
    args = parser.parse_args(argv)
    if not args.corpus and not args.synthetic:
        parser.error("give JSONL files or --synthetic")
    deadline = Deadline(args.timeout)
    os.makedirs(args.workdir, exist_ok=True)
    paths = list(args.corpus)
    if args.synthetic:
        path = os.path.join(args.workdir, "synthetic.jsonl")
        new = os.path.join(args.workdir, "synthetic.jsonl.new")
        synthetic_corpus.write(new)
        # Keep the old file (and its mtime, so the index is reused) when nothing changed.
        if os.path.exists(path) and open(path, "rb").read() == open(new, "rb").read():
            os.remove(new)
        else:
            os.replace(new, path)
        paths.append(path)

    started = time.monotonic()
    reference = reference_counts.compute(paths)
    print(f"check_facets: reference computed in {time.monotonic() - started:.1f} s: "
          f"{reference['documents']} documents, {len(reference['cases'])} cases")
    for problem in reference["problems"]:
        print(f"check_facets: reference skipped {problem}")
    with open(os.path.join(args.workdir, "reference.json"), "w", encoding="utf-8") as handle:
        json.dump(reference, handle, ensure_ascii=False, indent=1)

    server = None
    report = Report()
    try:
        index, summary = build_index(args, paths, deadline)
        server = Server(args.searchd_bin, index, deadline, os.path.join(args.workdir, "searchd.stderr"))
        health = json.loads(server.get("/healthz", []))
        report.row("index", "/healthz documents", 1,
                   [] if health.get("documents") == reference["documents"] else
                   [f"documents: expected {reference['documents']}, got {health.get('documents')}"])
        started = time.monotonic()
        failed = []
        for case in reference["cases"]:
            deadline.left()
            if check_case(server, case, reference["facets"], report):
                failed.append(case)
        print(f"check_facets: {len(report.rows)} requests in {time.monotonic() - started:.1f} s\n")
        print(report.table())
        total_numbers = sum(r[2] for r in report.rows)
        result = 0
        if report.diffs:
            result = 1
            print(f"\ncheck_facets: {len(report.diffs)} DIFFERENCES (of {total_numbers} numbers):")
            for line in report.diffs[:200]:
                print("  " + line)
            if len(report.diffs) > 200:
                print(f"  ... and {len(report.diffs) - 200} more")
            docs = reference_counts.load(paths, [])
            for case in failed[:5]:
                try:
                    print("\n".join(explain_case(server, case, docs)))
                except SetupError as error:
                    print(f"  (export for {case['name']!r} failed: {error})")
        status = server.close()
        errors = server.errors()
        server = None
        if status != 0:
            # A clean stop exits 0; anything else (a sanitizer report, a crash) is a failure.
            raise SetupError(f"dalil-searchd exited {status} when stopped:\n{errors}")
        if not report.diffs:
            print(f"\ncheck_facets: all {total_numbers} numbers equal the reference")
        return result
    except SetupError as error:
        print(f"check_facets: error: {error}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.close()


if __name__ == "__main__":
    sys.exit(main())
