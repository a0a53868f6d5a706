#!/usr/bin/python3
# @file bench/suggest_bench.py
# @brief "Did you mean": how often a one-edit typo of an indexed word gets that word back as the suggestion.
#
#   bench/suggest_bench.py --index DIR --port PORT [--n 300] [--min-docs 5] [--seed 1]
#
# Samples words of the index's spelling table (Xapian's, as dalil-index fills it) that are in at
# least --min-docs documents and have at least 5 letters, per script (Arabic, Latin). Each gets one
# random edit inside the word (substitute, delete, insert or swap two letters, with letters of its
# script); a typo that is itself an indexed word is skipped, since a query finding hits gets no
# suggestion. Each typo is sent alone to the dalil-searchd serving that index on 127.0.0.1:PORT
# (`/api/search?q=TYPO&size=1`), and its "suggestion" is compared with the word. Prints a Markdown
# table per script: typos sent, suggestion = the word, another suggestion, none, and the median and
# 90th percentile of the request times seen by the client (the server's "took_ms" leaves out the
# suggestion, which is made after it). Needs
# python3-xapian (Debian) to read the spelling table.
import argparse
import http.client
import json
import random
import sys
import time
import urllib.parse

import xapian

ARABIC = list('ابتثجحخدذرزسشصضطظعغفقكلمنهويءؤئ')
LATIN = list('abcdefghijklmnopqrstuvwxyz')


def script_of(word):
    if all(ch in ARABIC for ch in word):
        return 'arabic'
    if all(ch in LATIN for ch in word):
        return 'latin'
    return None


def word_of(entry):
    """The word of a spelling-table entry (core/spelling_form.h: Arabic letters as single bytes)."""
    try:
        return entry.decode('utf-8')
    except UnicodeDecodeError:
        return ''.join(chr(b) if b < 0x80 else chr(0x621 + b - 0x80) for b in entry)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def typo(word, letters, rng):
    i = rng.randrange(1, len(word) - 1)  # inside the word: first and last letters stay
    op = rng.choice(['substitute', 'delete', 'insert', 'swap'])
    if op == 'substitute':
        return word[:i] + rng.choice([c for c in letters if c != word[i]]) + word[i + 1:]
    if op == 'delete':
        return word[:i] + word[i + 1:]
    if op == 'insert':
        return word[:i] + rng.choice(letters) + word[i:]
    if word[i] == word[i + 1]:
        return None
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--index', required=True)
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--n', type=int, default=300, help='typos per script')
    ap.add_argument('--min-docs', type=int, default=5)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    db = xapian.Database(args.index)
    words = {'arabic': [], 'latin': []}
    for item in db.spellings():
        word = word_of(item.term)
        script = script_of(word)
        if script and len(word) >= 5 and item.termfreq >= args.min_docs:
            words[script].append(word)
    for pool in words.values():
        pool.sort()  # the table's order depends on its form; the sample must not
    conn = http.client.HTTPConnection('127.0.0.1', args.port, timeout=30)
    print('| script | words sampled from | typos sent | suggestion = the word | another suggestion | none '
          '| request p50 ms | request p90 ms |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|')
    for script, pool in words.items():
        letters = ARABIC if script == 'arabic' else LATIN
        rng.shuffle(pool)
        sent = right = other = none = 0
        took = []
        for word in pool:
            if sent == args.n:
                break
            wrong = typo(word, letters, rng)
            if wrong is None or db.get_termfreq(wrong.encode('utf-8')) > 0:
                continue
            start = time.perf_counter()
            conn.request('GET', '/api/search?size=1&q=' + urllib.parse.quote(wrong))
            answer = json.loads(conn.getresponse().read())
            took.append(1000 * (time.perf_counter() - start))
            if 'error' in answer:
                sys.exit('error for %r: %s' % (wrong, answer['error']))
            sent += 1
            suggestion = answer.get('suggestion')
            if suggestion is None:
                none += 1
            elif suggestion == word:
                right += 1
            else:
                other += 1
        if sent:
            print('| %s | %d | %d | %.1f %% | %.1f %% | %.1f %% | %.2f | %.2f |' % (
                script, len(pool), sent, 100.0 * right / sent, 100.0 * other / sent, 100.0 * none / sent,
                percentile(took, 0.5), percentile(took, 0.9)))


if __name__ == '__main__':
    main()
