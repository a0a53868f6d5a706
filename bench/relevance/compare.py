#!/usr/bin/python3
"""@file bench/relevance/compare.py
@brief Prints one Markdown table from the last run.py record of each variant.

Usage: compare.py NAME=RESULTS.jsonl ...   (compare.sh passes the four variants)
"""
import json
import sys


def last_record(path):
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip()]
    return json.loads(lines[-1])


def row(table, lang, kind="all"):
    return next((r for r in table if r["lang"] == lang and r["kind"] == kind), None)


def main():
    out = ["| variant | ar recall@100 | ar MRR | ar nDCG@10 | en recall@100 | en MRR | en nDCG@10 "
           "| ar variant nDCG@10 | spelling groups identical |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for arg in sys.argv[1:]:
        name, path = arg.split("=", 1)
        rec = last_record(path)
        cells = [name]
        for lang in ("ar", "en"):
            r = row(rec["table"], lang)
            cells += ["%.3f" % r[k] if r else "–" for k in ("recall@100", "mrr", "ndcg@10")]
        v = row(rec["table"], "ar", "variant (all)")
        cells.append("%.3f" % v["ndcg@10"] if v else "–")
        groups = rec["variants"]["groups"]
        cells.append("%d / %d" % (groups - len(rec["variants"]["differing"]), groups))
        out.append("| " + " | ".join(cells) + " |")
    print("\n".join(out))


if __name__ == "__main__":
    main()
