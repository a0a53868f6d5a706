#!/usr/bin/python3
"""@file bench/relevance/names.py
@brief Names across scripts: pairs found and false matches, from the keys alone and through a running dalil-searchd.

Usage: names.py [--keys BIN] [--url http://127.0.0.1:PORT] [--translit on|off] [--out FILE.jsonl]

--keys (default build/release/analyzers/dalil-name-keys, else build/ci/...): checks the name keys alone, no index.
  For each (Arabic name, Latin spelling) pair of ../shared/testdata/names-design.tsv: the Latin spelling as a
  query finds a document holding the Arabic name (its query key groups all meet the keys the indexer stores for
  the name), and the reverse. A common word (common-words-{ar,en}.txt) is a false match when, as a query, it
  finds a name of the design list in the other script through keys; the share is of the whole list.
--url: the same through the server, on the corpora run.sh indexes (names.jsonl, built from the same files):
  a pair is found in one direction when the Latin spelling searched among Arabic documents (lang=ar) returns a
  document the Arabic name returns there, and the reverse (Arabic name among lang=en documents); plus run.py's
  stricter rule (at least half of the Arabic name's top 100) and its false-match count.
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TESTDATA = os.path.join(REPO, "..", "shared", "testdata")
sys.path.insert(0, HERE)
import run  # noqa: E402  (Client, run_names)


def design_pairs(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            arabic, latin, _ = line.rstrip("\n").split("\t")
            pairs += [(arabic, l) for l in latin.split("|")]
    return pairs


def common_words(lang):
    with open(os.path.join(TESTDATA, "common-words-%s.txt" % lang), encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip() and not w.startswith("#")]


def alias_groups(path):
    """Alias groups as sets of lower-cased forms (the server matches them after normalisation)."""
    groups = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                groups.append({x.strip().lower() for x in line.replace("\t", "|").split("|") if x.strip()})
    return groups


def key_check(binary, pairs, aliases):
    commons = {"ar": common_words("ar"), "en": common_words("en")}
    texts = sorted({a for a, _ in pairs} | {l for _, l in pairs} | set(commons["ar"]) | set(commons["en"]))
    out = subprocess.run([binary], input="\n".join(texts) + "\n", capture_output=True, text=True,
                         check=True).stdout
    query, index = {}, {}
    for line in out.splitlines():
        text, groups, keys = line.split("\t")
        query[text] = [set(g.split("|")) for g in groups.split(" & ")] if groups else []
        index[text] = set(keys.split("|")) if keys else set()

    def finds(q, doc):
        return bool(query[q]) and all(g & index[doc] for g in query[q])
    rows = []
    for arabic, latin in pairs:
        aliased = any(arabic.lower() in g and latin.lower() in g for g in aliases)
        rows.append({"arabic": arabic, "latin": latin, "latin_finds_arabic": finds(latin, arabic),
                     "arabic_finds_latin": finds(arabic, latin), "alias": aliased})
    arabic_names = sorted({a for a, _ in pairs})
    latin_names = sorted({l for _, l in pairs})
    false = []
    for lang, targets in (("en", arabic_names), ("ar", latin_names)):
        for w in commons[lang]:
            hit = [t for t in targets if finds(w, t)]
            if hit:
                false.append({"word": w, "lang": lang, "names": hit[:3]})
    return {"pairs": len(rows), "rows": rows,
            "latin_finds_arabic": sum(r["latin_finds_arabic"] for r in rows),
            "arabic_finds_latin": sum(r["arabic_finds_latin"] for r in rows),
            "both": sum(r["latin_finds_arabic"] and r["arabic_finds_latin"] for r in rows),
            "both_or_alias": sum((r["latin_finds_arabic"] and r["arabic_finds_latin"]) or r["alias"] for r in rows),
            "common_words": len(commons["ar"]) + len(commons["en"]), "false": false}


def server_check(url, translit, names_file):
    with open(names_file, encoding="utf-8") as f:
        names = [json.loads(l) for l in f if l.strip()]
    client = run.Client(url)
    orig = client.search
    client.search = lambda q, **kw: orig(q, translit=translit, **kw)
    strict = run.run_names(client, names)

    def q(s):
        return '"%s"' % s if len(s.split()) > 1 else s
    pairs = [x for x in names if x["kind"] == "pair"]
    ar_sets, en_sets, l2a, a2l = {}, {}, [], []
    for p in pairs:
        a, l = p["arabic"], p["latin"]
        if a not in ar_sets:
            ar_sets[a] = set(client.search(q(a), lang="ar")[0])
        if l not in en_sets:
            en_sets[l] = set(client.search(q(l), lang="en")[0])
        if ar_sets[a]:
            l2a.append(bool(set(client.search(q(l), lang="ar")[0]) & ar_sets[a]))
        if en_sets[l]:
            a2l.append(bool(set(client.search(q(a), lang="en")[0]) & en_sets[l]))
    return {"strict": strict, "latin_finds_arabic": sum(l2a), "latin_scored": len(l2a),
            "arabic_finds_latin": sum(a2l), "arabic_scored": len(a2l), "errors": client.errors[:10]}


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--keys", default=None)
    ap.add_argument("--url", default=None)
    ap.add_argument("--translit", default="on", choices=["on", "off"])
    ap.add_argument("--design", default=os.path.join(TESTDATA, "names-design.tsv"))
    ap.add_argument("--names", default=os.path.join(HERE, "names.jsonl"))
    ap.add_argument("--aliases", default=os.path.join(REPO, "data", "name-aliases.tsv"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    record = {}
    binary = args.keys
    if binary is None:
        for preset in ("release", "ci", "debug"):
            candidate = os.path.join(REPO, "build", preset, "analyzers", "dalil-name-keys")
            if os.path.exists(candidate):
                binary = candidate
                break
    if binary:
        k = key_check(binary, design_pairs(args.design), alias_groups(args.aliases))
        record["keys"] = k
        n, c = k["pairs"], k["common_words"]
        print("## Names across scripts: keys alone (%s)\n" % os.path.relpath(binary, REPO))
        print("| measure | count | share |\n|---|---:|---:|")
        print("| Latin spelling finds the Arabic name | %d / %d | %.1f %% |" % (k["latin_finds_arabic"], n, pct(k["latin_finds_arabic"], n)))
        print("| Arabic name finds the Latin spelling | %d / %d | %.1f %% |" % (k["arabic_finds_latin"], n, pct(k["arabic_finds_latin"], n)))
        print("| **pairs found (both directions)** | %d / %d | **%.1f %%** |" % (k["both"], n, pct(k["both"], n)))
        print("| **pairs found, keys or alias table** (data/name-aliases.tsv) | %d / %d | **%.1f %%** |" % (k["both_or_alias"], n, pct(k["both_or_alias"], n)))
        print("| **false matches** (common word finds a name in the other script) | %d / %d | **%.1f %%** |" % (len(k["false"]), c, pct(len(k["false"]), c)))
        missed = [r for r in k["rows"] if not (r["latin_finds_arabic"] and r["arabic_finds_latin"]) and not r["alias"]]
        if missed:
            print("\nPairs found by neither: " + ", ".join("%s/%s" % (r["latin"], r["arabic"]) for r in missed))
        if k["false"]:
            print("False matches: " + ", ".join("%s → %s" % (f["word"], "/".join(f["names"])) for f in k["false"]))
    if args.url:
        s = server_check(args.url, args.translit, args.names)
        record["server"] = s
        st = s["strict"]
        print("\n## Names across scripts: through dalil-searchd (translit=%s)\n" % args.translit)
        print("| measure | count | share |\n|---|---:|---:|")
        print("| Latin spelling (lang=ar) returns a document of the Arabic name | %d / %d | %.1f %% |" % (
            s["latin_finds_arabic"], s["latin_scored"], pct(s["latin_finds_arabic"], s["latin_scored"])))
        print("| Arabic name (lang=en) returns a document of the Latin spelling | %d / %d | %.1f %% |" % (
            s["arabic_finds_latin"], s["arabic_scored"], pct(s["arabic_finds_latin"], s["arabic_scored"])))
        print("| run.py rule: ≥ ½ of the Arabic name's top 100 | %d / %d | %.1f %% |" % (
            st["pairs_found"], st["pairs_scored"], pct(st["pairs_found"], st["pairs_scored"])))
        print("| run.py false matches (common words) | %d / %d | %.1f %% |" % (
            st["false_matches"], st["common_words"], pct(st["false_matches"], st["common_words"])))
        if st["false_match_examples"]:
            print("\nFalse matches: " + ", ".join("%s → %s" % (f["word"], "/".join(f["names"])) for f in st["false_match_examples"]))
        if s["errors"]:
            print("\n%d HTTP errors, e.g. %s" % (len(s["errors"]), s["errors"][0]))
    if args.out:
        with open(args.out, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
