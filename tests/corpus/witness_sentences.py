#!/usr/bin/env python3
# @file tests/corpus/witness_sentences.py
# @brief Indexes real transcripts, searches sentences their speakers said, and checks that each comes
#        back as the speaker's passage of the right document, with text and SHA-256 equal to the source.
"""Searching a sentence a witness said returns that passage, its speaker and its document.

  witness_sentences.py --index-bin B --searchd-bin S --workdir W [--sentences N] CORPUS.jsonl...

From every document with `turns`, sentences of 8 consecutive words are drawn (seeded, so every run
asks the same ones). Each is searched as a phrase; the document must be among the hits, one of its
passages must carry the turn's speaker, `/api/documents/{id}/passages/{n}` must return text that holds
the sentence and equals the body bytes at the locator's offsets, and the SHA-256 must be that of the
body. Exit status: 0 when every sentence passes, 1 otherwise, 2 on a setup error.
"""

import argparse
import hashlib
import json
import os
import random
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_facets import Deadline, Server, SetupError, build_index  # noqa: E402

WORDS = 8


def draw_sentences(paths, count, seed=20261126):
    rng = random.Random(seed)
    candidates = []
    docs = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                turns = [t for t in doc.get("turns") or [] if len(t["text"].split()) >= WORDS + 4]
                if not turns:
                    continue
                docs[doc["id"]] = doc
                candidates.append((doc["id"], turns))
    sentences = []
    for _ in range(count):
        doc_id, turns = rng.choice(candidates)
        turn = rng.choice(turns)
        words = turn["text"].split()
        start = rng.randrange(0, len(words) - WORDS)
        sentences.append((doc_id, turn["speaker"], " ".join(words[start:start + WORDS])))
    return sentences, docs


def squash(text):
    return " ".join(text.split())


def check(server, doc, speaker, sentence):
    """None when the sentence comes back as the speaker's passage of doc, else the reason."""
    answer = json.loads(server.get("/api/search", [("q", '"' + sentence + '"'), ("size", "20"),
                                                   ("passages", "20"), ("translit", "off")]))
    hits = [h for h in answer.get("hits", []) if h["id"] == doc["id"]]
    if not hits:
        return f"document not among {answer.get('total')} hits"
    body = doc["body"].encode("utf-8")
    for passage in hits[0]["passages"]:
        if passage.get("speaker") != speaker:
            continue
        path = ("/api/documents/" + urllib.parse.quote(doc["id"], safe="") + "/passages/" +
                str(passage["passage"]))
        fetched = json.loads(server.get(path, []))
        text = fetched["text"].encode("utf-8")
        if squash(sentence) not in squash(fetched["text"]):
            continue
        if text != body[fetched["byte_start"]:fetched["byte_end"]]:
            return f"passage {passage['passage']}: text differs from the body bytes at its offsets"
        if fetched["sha256"] != hashlib.sha256(body).hexdigest():
            return f"passage {passage['passage']}: sha256 differs from the body's"
        return None
    return f"no passage of speaker {speaker!r} holds it ({len(hits[0]['passages'])} passages)"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-bin", required=True)
    parser.add_argument("--searchd-bin", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--timeout", type=float, default=540)
    parser.add_argument("corpus", nargs="+", help="JSONL files with turns")
    args = parser.parse_args(argv)
    deadline = Deadline(args.timeout)
    os.makedirs(args.workdir, exist_ok=True)
    sentences, docs = draw_sentences(args.corpus, args.sentences)
    server = None
    try:
        index, _ = build_index(args, args.corpus, deadline)
        server = Server(args.searchd_bin, index, deadline, os.path.join(args.workdir, "searchd.stderr"))
        failures = []
        for doc_id, speaker, sentence in sentences:
            deadline.left()
            reason = check(server, docs[doc_id], speaker, sentence)
            status = "ok" if reason is None else "FAIL: " + reason
            print(f"{doc_id} | {speaker} | {sentence} | {status}")
            if reason is not None:
                failures.append(sentence)
        print(f"witness_sentences: {len(sentences) - len(failures)} of {len(sentences)} sentences "
              "found as their speaker's passage")
        return 1 if failures else 0
    except SetupError as error:
        print(f"witness_sentences: {error}", file=sys.stderr)
        return 2
    finally:
        if server is not None:
            server.close()


if __name__ == "__main__":
    sys.exit(main())
