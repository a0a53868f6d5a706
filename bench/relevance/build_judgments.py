#!/usr/bin/python3
"""@file bench/relevance/build_judgments.py
@brief Builds the judged query set (judgments.jsonl) and the cross-script names set (names.jsonl) from ../shared/corpora.

Usage: build_judgments.py [--corpora DIR] [--out-dir DIR]

Deterministic: the same corpora give byte-identical files (fixed seeds, sorted ids). Only document ids and
queries are written, never titles or bodies. See README.md in this folder for how each kind is judged.
"""
import argparse
import collections
import hashlib
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPORA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora"))
DEFAULT_TESTDATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "testdata"))

# Corpora that run.sh indexes; judgments refer only to documents in these files.
CORPUS_FILES = [
    "ant-multisource-ar/ant-multisource-ar.part01.jsonl",
    "ant-multisource-ar/ant-multisource-ar.part02.jsonl",
    "ant-multisource-ar/ant-multisource-ar.part03.jsonl",
    "reuters21578-en/reuters21578-en.jsonl",
    "bbc-news-en/bbc-news-en.jsonl",
    "quran-ar-en/quran-ar-en.jsonl",
]

N_KNOWN_ANT = 30
N_KNOWN_REUTERS = 20
N_KNOWN_BBC = 20
N_QURAN_RANDOM = 8
SEED = 20240603

# Arabic marks: harakat, Qur'anic annotation signs, superscript alef, tatweel, small high/low letters.
MARKS = "\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640"
MARK_RE = re.compile("[" + MARKS + "]")

# Proclitics accepted before the first word (on normalised text): و/ف, then ب/ك with optional ال, or ال, or
# لل, or ل.
CLITICS = "(?:[وف])?(?:[بك]?ال|لل|[بكل])?"
LETTER = "[^\\W\\d_]"

# Stop words left out of known-item queries (besides the common-word lists in ../shared/testdata).
STOP_EN = set("""a an the of and or in on at to for from by with as is are was were be been has have had it its
this that these those not no but he she they we you i his her their our us will would can could should may might
said says say after before over under into about up down out new mln dlrs pct vs cts year years""".split())
STOP_AR_EXTRA = set("""في من على إلى الى عن مع أن ان إن لا ما لم لن قد هذا هذه ذلك تلك التي الذي الذين بعد قبل
بين حول كل أو او ثم حتى عند منذ غير بعض وفي ومن وعلى عبر خلال لدى أمام امام بشأن""".split())


def norm_ar(word):
    """Plain skeleton: marks removed, alef/hamza seats, alef maksura, ta marbuta, keheh folded, lower-cased."""
    w = MARK_RE.sub("", word).lower()
    w = re.sub("[أإآٱ]", "ا", w)
    w = w.replace("ى", "ي").replace("ئ", "ي").replace("ؤ", "و").replace("ة", "ه")
    w = w.replace("ک", "ك").replace("ی", "ي")
    return w


def plain_quran(text):
    """Derives plain text from Uthmani text by removing diacritics and writing alef wasla as alef."""
    return MARK_RE.sub("", text).replace("ٱ", "ا").replace("\u06DE", "").replace("\u06E9", "")


def words(text):
    """Letter-only tokens (marks removed first, so a vowelled word stays one token)."""
    return re.findall(r"[^\W\d_]+", MARK_RE.sub("", text))


def spelling_pattern(spelling):
    """Regex (on normalised text) for one spelling of one or more words: any non-letters between words.
    A leading article ال is dropped because CLITICS accepts it."""
    ws = [re.escape(norm_ar(w)) for w in spelling.split()]
    if len(ws[0]) > 3 and ws[0].startswith("ال") and ws[0] != "الله":
        ws[0] = ws[0][2:]
    return "[\\W_]+".join(ws)


def term_regex(spellings):
    """Documents containing any accepted spelling: run on norm_text() of a document, so every hamza seat,
    ة/ه, ى/ي, ک/ك, harakat and tatweel already meet; proclitics on the first word, letter boundaries."""
    alts = "|".join(spelling_pattern(s) for s in spellings)
    return re.compile("(?<!" + LETTER + ")" + CLITICS + "(?:" + alts + ")(?!" + LETTER + ")")


def digits_regex(spellings):
    """Same number in Western or Arabic-Indic digits, not inside a longer number."""
    pats = []
    for s in spellings:
        pats.append("".join("[%s%s%s]" % (chr(ord("0") + int(d)), chr(0x660 + int(d)), chr(0x6F0 + int(d)))
                            for d in s.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))))
    return re.compile("(?<!\\d)(?:" + "|".join(pats) + ")(?!\\d)")


# Spelling-variant groups, written for this benchmark: (kind, [spellings], note). Every spelling is one query
# (quoted when it has several words, so it is a phrase, and then every spelling of its group is quoted, so the
# group compares spellings in one matching mode: فيسبوك against "فيس بوك" would compare a stemmed word with an
# unstemmed phrase); all share the relevant set of the group's regex.
VARIANT_GROUPS = [
    ("variant-loanword", ["الكيماوية", "الكيميائية", "الكيمياوية"], "chemical (fem.): three spellings"),
    ("variant-loanword", ["الأسلحة الكيماوية", "الاسلحة الكيميائية"], "chemical weapons, hamza + spelling"),
    ("variant-loanword", ["ميلانيا ترامب", "ميلانيا ترمب"], "Melania Trump (phrase)"),
    ("variant-loanword", ["ديمقراطية", "ديموقراطية"], "democracy"),
    ("variant-loanword", ["غوغل", "جوجل"], "Google"),
    ("variant-loanword", ["الإنترنت", "الانترنت", "الإنترنيت"], "internet, hamza + spelling"),
    ("variant-loanword", ["تكنولوجيا", "تكنلوجيا"], "technology"),
    ("variant-loanword", ["نتنياهو", "نتانياهو"], "Netanyahu"),
    ("variant-loanword", ["بيونغ يانغ", "بيونج يانج"], "Pyongyang (phrase)"),
    ("variant-loanword", ["أوروبا", "أوربا"], "Europe"),
    ("variant-loanword", ["فيسبوك", "فيس بوك"], "Facebook, one word or two"),
    ("variant-loanword", ["أمريكا", "أميركا"], "America"),
    ("variant-hamza", ["إسرائيل", "اسرائيل"], "hamza on alef"),
    ("variant-hamza", ["مسؤول", "مسئول", "مسوول"], "hamza seat on waw / yeh / none"),
    ("variant-hamza", ["الأمم المتحدة", "الامم المتحده"], "UN phrase, hamza + ta marbuta"),
    ("variant-hamza", ["القرآن", "القران"], "madda"),
    ("variant-hamza", ["إثيوبيا", "اثيوبيا"], "hamza below alef"),
    ("variant-hamza", ["الاستراتيجية", "الإستراتيجية", "الاستراتيجيه"], "hamza + ta marbuta"),
    ("variant-hamza", ["هيئة", "هيئه", "هيىة"], "hamza seat on yeh / dotless yeh"),
    ("variant-ta-marbuta", ["المملكة العربية السعودية", "المملكه العربيه السعوديه"], "phrase, ة/ه"),
    ("variant-ta-marbuta", ["الجامعة العربية", "الجامعه العربيه"], "phrase, ة/ه"),
    ("variant-alef-maksura", ["مستشفى", "مستشفي"], "ى/ي"),
    ("variant-alef-maksura", ["الأقصى", "الاقصي"], "ى/ي + hamza"),
    ("variant-alef-maksura", ["مصطفى", "مصطفي"], "ى/ي"),
    ("variant-persian", ["كردستان", "کردستان"], "Arabic kaf / Persian keheh"),
    ("variant-harakat", ["دِمَشْق", "دمشق"], "vowelled query"),
    ("variant-harakat", ["الدِّيمُقْرَاطِيَّة", "الديمقراطية"], "vowelled query (shadda, sukun)"),
    ("variant-tatweel", ["الإسـكـندرية", "الإسكندرية"], "tatweel"),
]
DIGIT_GROUPS = [("variant-digits", ["1948", "١٩٤٨"], "Western / Arabic-Indic digits")]

# Qur'an phrases: (kind, vowelled Uthmani phrase); the plain variant is derived by plain_quran().
QURAN_FIXED = ["ٱلرَّحۡمَٰنِ ٱلرَّحِيمِ", "بِسۡمِ ٱللَّهِ"]


def read_corpora(root):
    docs = []
    for rel in CORPUS_FILES:
        path = os.path.join(root, rel)
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                docs.append({"id": d["id"], "title": d.get("title") or "", "body": d["body"],
                             "lang": d.get("lang"), "corpus": d["id"].split(":", 1)[0]})
    return docs


def load_common(testdata):
    out = set()
    for name in ("common-words-ar.txt", "common-words-en.txt"):
        with open(os.path.join(testdata, name), encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and not w.startswith("#"):
                    out.add(norm_ar(w))
    return out


def known_items(docs, corpus, n, rng, df, stop, lang, qid_prefix):
    """n known-item queries: 3-5 rarest (lowest document frequency) distinctive words of a title."""
    pool = [d for d in docs if d["corpus"] == corpus]
    by_title = collections.defaultdict(list)
    by_body = collections.defaultdict(list)
    for d in pool:
        by_title[" ".join(norm_ar(w) for w in words(d["title"]))].append(d)
        by_body[hashlib.sha1(d["body"].encode()).hexdigest()].append(d)
    cands = []
    for d in pool:
        tw = words(d["title"])
        if len(tw) < 5 or len(d["body"]) < 300:
            continue
        key = " ".join(norm_ar(w) for w in tw)
        bh = hashlib.sha1(d["body"].encode()).hexdigest()
        # a title shared by a document with another body is ambiguous as a known item: skip it
        if any(hashlib.sha1(o["body"].encode()).hexdigest() != bh for o in by_title[key]):
            continue
        cands.append(d)
    cands.sort(key=lambda d: d["id"])
    rng.shuffle(cands)
    out = []
    for d in cands:
        if len(out) >= n:
            break
        seen, picked = set(), []
        for w in words(d["title"]):
            k = norm_ar(w)
            if len(k) < 3 or k in stop or k in seen or k.isdigit():
                continue
            seen.add(k)
            picked.append((df.get(k, 0), len(picked), w))
        k = 3 + len(out) % 3  # 3, 4 or 5 words
        if len(picked) < k:
            continue
        chosen = sorted(sorted(picked)[:k], key=lambda t: t[1])  # rarest k, in title order
        query = " ".join(w.lower() if lang == "en" else w for _, _, w in chosen)
        bh = hashlib.sha1(d["body"].encode()).hexdigest()
        rel = sorted(o["id"] for o in by_body[bh])
        out.append({"qid": "%s-%02d" % (qid_prefix, len(out) + 1), "lang": lang, "kind": "known-item",
                    "query": query, "relevant": rel,
                    "method": "known item: the rarest %d title words of %s; relevant = that document and every "
                              "document with a byte-identical body" % (k, d["id"])})
    return out


def regex_judge(docs, rx):
    return sorted(d["id"] for d in docs if rx.search(d["norm"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--corpora", default=DEFAULT_CORPORA)
    ap.add_argument("--testdata", default=DEFAULT_TESTDATA)
    ap.add_argument("--out-dir", default=HERE)
    args = ap.parse_args()

    docs = read_corpora(args.corpora)
    print("read %d documents" % len(docs), file=sys.stderr)
    df = collections.Counter()
    for d in docs:
        df.update(set(words(norm_ar(d["title"] + " " + d["body"]))))
    common = load_common(args.testdata)
    stop = common | {norm_ar(w) for w in STOP_EN | STOP_AR_EXTRA}

    rng = random.Random(SEED)
    queries = []
    queries += known_items(docs, "ant-multisource-ar", N_KNOWN_ANT, rng, df, stop, "ar", "ar-known")
    queries += known_items(docs, "reuters21578-en", N_KNOWN_REUTERS, rng, df, stop, "en", "en-reuters")
    queries += known_items(docs, "bbc-news-en", N_KNOWN_BBC, rng, df, stop, "en", "en-bbc")

    arabic = [d for d in docs if d["lang"] == "ar"]
    for d in arabic:
        d["norm"] = norm_ar(d["title"] + "\n\n" + d["body"])
    groups = []
    for kind, spellings, note in VARIANT_GROUPS:
        groups.append((kind, spellings, note, term_regex(spellings),
                       "documents containing any accepted spelling of the term (%s; any hamza seat, ة/ه, ى/ي, "
                       "ک/ك, harakat and tatweel; proclitics و ف ب ل ك ال)" % " / ".join(spellings)))
    for kind, spellings, note in DIGIT_GROUPS:
        groups.append((kind, spellings, note, digits_regex(spellings),
                       "documents containing the number in Western or Arabic-Indic digits"))

    # Qur'an phrases: fixed ones plus 3 consecutive words from random verses (seeded).
    verses = sorted((d for d in docs if d["corpus"] == "quran-ar-en" and d["lang"] == "ar"
                     and len(d["body"].split()) >= 6), key=lambda d: d["id"])
    qphrases = list(QURAN_FIXED)
    qrng = random.Random(SEED + 1)
    while len(qphrases) < len(QURAN_FIXED) + N_QURAN_RANDOM:
        v = qrng.choice(verses)
        ws = [w for w in v["body"].split() if words(w)]
        i = qrng.randrange(0, len(ws) - 2)
        span = ws[i:i + 3]
        if all(len(norm_ar(w)) >= 3 for w in span) and " ".join(span) not in qphrases:
            qphrases.append(" ".join(span))
    for ph in qphrases:
        plain = plain_quran(ph)
        groups.append(("variant-quran", [ph, plain], "Uthmani vs plain", term_regex([plain]),
                       "Qur'an phrase: documents containing the words in this order in any spelling (marks and "
                       "alef wasla ignored, any hamza seat, ة/ه, ى/ي; proclitics on the first word)"))

    n = 0
    for gi, (kind, spellings, note, rx, method) in enumerate(groups, 1):
        rel = regex_judge(arabic, rx)
        print("group %-22s %-40s %5d relevant" % (kind, " / ".join(spellings), len(rel)), file=sys.stderr)
        quoted = any(len(s.split()) > 1 for s in spellings)
        for vi, s in enumerate(spellings, 1):
            n += 1
            q = '"%s"' % s if quoted else s
            queries.append({"qid": "ar-var-%02d-%d" % (gi, vi), "lang": "ar", "kind": kind, "group": gi,
                            "query": q, "relevant": rel, "method": method})

    with open(os.path.join(args.out_dir, "judgments.jsonl"), "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False, sort_keys=True) + "\n")

    # Names: one line per (Arabic name, Latin spelling) pair; common words for the false-match check.
    names = []
    with open(os.path.join(args.testdata, "names-design.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            ar, latin, typ = line.rstrip("\n").split("\t")
            for sp in latin.split("|"):
                names.append({"kind": "pair", "arabic": ar, "latin": sp, "type": typ})
    for lang in ("ar", "en"):
        with open(os.path.join(args.testdata, "common-words-%s.txt" % lang), encoding="utf-8") as f:
            for line in f:
                w = line.strip()
                if w and not w.startswith("#"):
                    names.append({"kind": "common", "lang": lang, "word": w})
    with open(os.path.join(args.out_dir, "names.jsonl"), "w", encoding="utf-8") as f:
        for x in names:
            f.write(json.dumps(x, ensure_ascii=False, sort_keys=True) + "\n")

    counts = collections.Counter((q["lang"], q["kind"]) for q in queries)
    for (lang, kind), c in sorted(counts.items()):
        print("%s %-22s %3d queries" % (lang, kind, c), file=sys.stderr)
    print("total: %d ar, %d en queries; %d name pairs, %d common words" % (
        sum(1 for q in queries if q["lang"] == "ar"), sum(1 for q in queries if q["lang"] == "en"),
        sum(1 for x in names if x["kind"] == "pair"), sum(1 for x in names if x["kind"] == "common")),
        file=sys.stderr)


if __name__ == "__main__":
    main()
