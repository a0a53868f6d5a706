#!/usr/bin/python3
"""@file bench/relevance/run.py
@brief Runs the judged set and the names check against a running dalil-searchd; prints a Markdown table.

Usage: run.py --url http://127.0.0.1:PORT [--label NAME] [--out FILE.jsonl] [--judgments F] [--names F]

recall@100 (relevant found in the top 100 / min(|relevant|, 100)), MRR (1/rank of the first relevant hit,
0 when none in the top 100) and nDCG@10 (binary gains) per language and kind; spelling-variant groups whose
queries return different results; cross-script name pairs found and common words falsely matched.
One JSON line with every figure and the label is appended to --out (default /tmp/dalil-relevance-results.jsonl).
"""
import argparse
import collections
import datetime
import json
import math
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 100


class Client:
    def __init__(self, url):
        self.url = url.rstrip("/")
        self.errors = []

    def search(self, q, **filters):
        """Top SIZE ids and the exact total; an HTTP error counts as no hits and is recorded."""
        params = [("q", q), ("size", str(SIZE)), ("exact_total", "true")] + sorted(filters.items())
        url = self.url + "/api/search?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                data = json.load(r)
        except urllib.error.HTTPError as e:
            self.errors.append({"q": q, "status": e.code, "body": e.read().decode("utf-8", "replace")[:300]})
            return [], 0
        return [h["id"] for h in data["hits"]], data["total"]


def metrics(ranked, relevant):
    rel = set(relevant)
    found = sum(1 for d in ranked[:SIZE] if d in rel)
    recall = found / min(len(rel), SIZE) if rel else 0.0
    rr = next((1.0 / (i + 1) for i, d in enumerate(ranked[:SIZE]) if d in rel), 0.0)
    dcg = sum(1.0 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in rel)
    idcg = sum(1.0 / math.log2(i + 2) for i in range(min(len(rel), 10)))
    return {"recall@100": recall, "mrr": rr, "ndcg@10": dcg / idcg if idcg else 0.0}


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def run_judgments(client, judgments):
    per_query = []
    for j in judgments:
        ids, total = client.search(j["query"])
        m = metrics(ids, j["relevant"])
        m.update({"qid": j["qid"], "lang": j["lang"], "kind": j["kind"], "group": j.get("group"),
                  "total": total, "ids": ids, "n_relevant": len(j["relevant"])})
        per_query.append(m)
    rows = collections.OrderedDict()

    def add(key, q):
        rows.setdefault(key, []).append(q)
    for q in per_query:
        coarse = "variant (all)" if q["kind"].startswith("variant") else q["kind"]
        add((q["lang"], "all"), q)
        add((q["lang"], coarse), q)
        if coarse != q["kind"]:
            add((q["lang"], q["kind"]), q)
    table = []
    for (lang, kind), qs in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != "all", kv[0][1])):
        table.append({"lang": lang, "kind": kind, "queries": len(qs),
                      "recall@100": mean([q["recall@100"] for q in qs]), "mrr": mean([q["mrr"] for q in qs]),
                      "ndcg@10": mean([q["ndcg@10"] for q in qs])})
    # spelling-variant check: every query of a group must return the same total and the same top-100 set
    groups = collections.defaultdict(list)
    for q in per_query:
        if q["group"] is not None:
            groups[q["group"]].append(q)
    differing = []
    for g, qs in sorted(groups.items()):
        sig = {(q["total"], frozenset(q["ids"])) for q in qs}
        if len(sig) > 1:
            differing.append({"group": g, "kind": qs[0]["kind"], "totals": [q["total"] for q in qs],
                              "qids": [q["qid"] for q in qs]})
    return per_query, table, {"groups": len(groups), "differing": differing}


def run_names(client, names):
    """Pair found: searching the Latin spelling among Arabic documents (lang=ar) returns at least half of the
    Arabic name's top-100 Arabic documents. Common word falsely matched: its cross-script search (English word
    among Arabic documents, Arabic word among English documents) returns at least half of the top-100 of a
    name (the Arabic name's Arabic documents, or a Latin spelling's English documents)."""
    def q(s):
        return '"%s"' % s if len(s.split()) > 1 else s
    pairs = [x for x in names if x["kind"] == "pair"]
    commons = [x for x in names if x["kind"] == "common"]
    ar_sets, en_sets = {}, {}
    for p in pairs:
        if p["arabic"] not in ar_sets:
            ar_sets[p["arabic"]] = set(client.search(q(p["arabic"]), lang="ar")[0])
        if p["latin"] not in en_sets:
            en_sets[p["latin"]] = set(client.search(q(p["latin"]), lang="en")[0])
    scored, found, any_overlap, no_docs = [], 0, 0, []
    for p in pairs:
        a = ar_sets[p["arabic"]]
        if not a:
            no_docs.append(p["arabic"])
            continue
        lat = set(client.search(q(p["latin"]), lang="ar")[0])
        share = len(lat & a) / len(a)
        scored.append({"arabic": p["arabic"], "latin": p["latin"], "share": share})
        found += share >= 0.5
        any_overlap += bool(lat & a)
    false, checked = [], 0
    for c in commons:
        checked += 1
        if c["lang"] == "en":
            r = set(client.search(c["word"], lang="ar")[0])
            targets = ar_sets.items()
        else:
            r = set(client.search(c["word"], lang="en")[0])
            targets = en_sets.items()
        hit = [n for n, s in targets if r and s and len(r & s) >= 0.5 * len(s)]
        if hit:
            false.append({"word": c["word"], "lang": c["lang"], "names": hit[:3]})
    return {"pairs": len(pairs), "pairs_scored": len(scored), "pairs_found": found,
            "pairs_any_overlap": any_overlap, "mean_share": mean([s["share"] for s in scored]),
            "names_without_arabic_docs": sorted(set(no_docs)), "common_words": checked,
            "false_matches": len(false), "false_match_examples": false[:10]}


def markdown(label, table, variants, names, n_errors):
    out = ["## Relevance: %s" % label, "",
           "| lang | kind | queries | recall@100 | MRR | nDCG@10 |", "|---|---|---:|---:|---:|---:|"]
    for r in table:
        out.append("| %s | %s | %d | %.3f | %.3f | %.3f |" % (
            r["lang"], r["kind"], r["queries"], r["recall@100"], r["mrr"], r["ndcg@10"]))
    same = variants["groups"] - len(variants["differing"])
    out += ["", "Spelling variants: %d of %d groups return the same results for every spelling (%d differ)." % (
        same, variants["groups"], len(variants["differing"]))]
    for d in variants["differing"]:
        out.append("- group %d (%s): totals %s (%s)" % (d["group"], d["kind"], d["totals"], ", ".join(d["qids"])))
    p = names["pairs_scored"]
    out += ["", "Names across scripts: %d of %d pairs found (%.1f %%; ≥ 50 %% of the Arabic name's top-100 Arabic "
            "documents), %d with any overlap, mean share %.3f; %d pairs skipped (Arabic name finds no Arabic "
            "document: %s)." % (names["pairs_found"], p, 100.0 * names["pairs_found"] / p if p else 0.0,
                                names["pairs_any_overlap"], names["mean_share"], names["pairs"] - p,
                                ", ".join(names["names_without_arabic_docs"]) or "none"),
            "False matches: %d of %d common words (%.1f %%)." % (
                names["false_matches"], names["common_words"],
                100.0 * names["false_matches"] / names["common_words"] if names["common_words"] else 0.0)]
    for f in names["false_match_examples"]:
        out.append("- %s (%s) → %s" % (f["word"], f["lang"], ", ".join(f["names"])))
    if n_errors:
        out += ["", "%d queries failed (HTTP error, counted as no hits); see the JSON line." % n_errors]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--url", required=True)
    ap.add_argument("--label", default="unnamed")
    ap.add_argument("--out", default="/tmp/dalil-relevance-results.jsonl")
    ap.add_argument("--judgments", default=os.path.join(HERE, "judgments.jsonl"))
    ap.add_argument("--names", default=os.path.join(HERE, "names.jsonl"))
    args = ap.parse_args()
    with open(args.judgments, encoding="utf-8") as f:
        judgments = [json.loads(l) for l in f if l.strip()]
    with open(args.names, encoding="utf-8") as f:
        names = [json.loads(l) for l in f if l.strip()]
    client = Client(args.url)
    per_query, table, variants = run_judgments(client, judgments)
    name_res = run_names(client, names)
    print(markdown(args.label, table, variants, name_res, len(client.errors)))
    record = {"label": args.label, "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
              "url": args.url, "table": table, "variants": variants, "names": name_res,
              "errors": client.errors[:20],
              "per_query": [{k: v for k, v in q.items() if k != "ids"} for q in per_query]}
    with open(args.out, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("\n(appended to %s)" % args.out, file=sys.stderr)


if __name__ == "__main__":
    main()
