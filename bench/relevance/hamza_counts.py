#!/usr/bin/python3
"""@file bench/relevance/hamza_counts.py
@brief Counts, over the Arabic of ../shared/corpora, what each way of folding hamza seats would merge.

Usage: hamza_counts.py [CORPORA_DIR]   (default ../shared/corpora beside the repository; about 30 s CPU)

Words are taken after removing harakat and tatweel and folding alef forms, ى ی -> ي, ک -> ك, ة -> ه, but not
hamza seats. Printed: how often seat-less spellings of seat words occur; which words folding ؤ -> و and
ئ -> ي would merge with a different word already written without a seat; which spellings of one word
(case endings, regional seats) only folding every seat to ء keeps together; and the seat drawn as a
dotless yeh before the hamza (ىء). The decision and the figures are in RESULTS.md. Standard library only.
"""
import collections
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "corpora")
FILES = ["ant-multisource-ar/*.jsonl", "syrian-archive/*.jsonl", "ted-iwslt17-ar-en/*.jsonl",
         "quran-ar-en/*.jsonl"]
WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u064B-\u065F\u0670\u0640]+")
MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ی": "ي", "ک": "ك", "ة": "ه"})


def main():
    words = collections.Counter()
    dotless_seat = 0
    for pattern in FILES:
        for path in sorted(glob.glob(os.path.join(CORPORA, pattern))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    doc = json.loads(line)
                    if doc.get("lang") not in ("ar", "mixed"):
                        continue
                    for w in WORD.findall((doc.get("title") or "") + " " + doc.get("body", "")):
                        w = MARKS.sub("", w).translate(FOLD)
                        dotless_seat += w.count("ىء")
                        w = w.replace("ى", "ي")
                        if w:
                            words[w] += 1
    print("Arabic words: %d (%d distinct)" % (sum(words.values()), len(words)))

    def to_hamza(w):
        return w.replace("ؤ", "ء").replace("ئ", "ء")

    def to_carrier(w):
        return w.replace("ؤ", "و").replace("ئ", "ي")

    seat_words = [w for w in words if "ؤ" in w or "ئ" in w]
    print("words with a seat: %d tokens" % sum(words[w] for w in seat_words))
    print("\nSeat-less spellings of frequent seat words (ؤ -> و, ئ -> ي):")
    for w in sorted(seat_words, key=lambda w: -words[w])[:12]:
        print("  %s %d   %s %d" % (w, words[w], to_carrier(w), words.get(to_carrier(w), 0)))
    top = sorted(seat_words, key=lambda w: -words[w])[:50]
    print("  the 50 most frequent seat words (%d times): their seat-less spellings occur %d times" % (
        sum(words[w] for w in top), sum(words.get(to_carrier(w), 0) for w in top)))

    merged = [(to_carrier(w), w) for w in seat_words if to_carrier(w) in words]
    print("\nfolding ؤ -> و, ئ -> ي merges %d seat words with a word written without a seat, e.g.:"
          % len(merged))
    for plain, w in sorted(merged, key=lambda p: -min(words[p[0]], words[p[1]]))[:15]:
        print("  %s %d + %s %d" % (w, words[w], plain, words[plain]))

    groups = collections.defaultdict(list)
    for w in words:
        groups[to_hamza(w)].append(w)
    kept = [g for g in groups.values() if len(g) > 1 and any(w in seat_words for w in g)]
    minority = sum(sum(words[w] for w in g) - max(words[w] for w in g) for g in kept)
    split = [g for g in kept if len({to_carrier(w) for w in g}) > 1]
    print("\nfolding every seat to ء keeps %d groups of spellings together (%d tokens in the less "
          "frequent spellings); ؤ -> و, ئ -> ي would split %d of them, e.g.:" % (len(kept), minority, len(split)))
    for g in sorted(split, key=lambda g: -sum(words[w] for w in g))[:8]:
        print("  " + " / ".join("%s %d" % (w, words[w]) for w in sorted(g, key=lambda w: -words[w])))
    print("\nseat drawn as a dotless yeh before the hamza (ىء): %d times" % dotless_seat)


if __name__ == "__main__":
    main()
