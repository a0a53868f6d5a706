#!/usr/bin/env python3
# @file tests/corpus/synthetic_corpus.py
# @brief A small fictional JSONL archive with what the real corpora lack: year- and month-only dates,
#        offsets that move the UTC day across a month or year end, repeated and case-variant values.
"""Writes the fictional archive check_facets.py --synthetic indexes (the real corpora carry only
day dates and timestamps, so "coarser" buckets and coarse ranges need this one)."""

import json
import sys

_BODY = "Fictional record {n} of the Dalil reference archive. Witnesses describe the market and the harbour."
_BODY_AR = "سجل متخيل رقم {n} في أرشيف دليل المرجعي. يصف الشهود السوق والميناء."

# (date, lang, source, type, category, speakers, place, places)
_ROWS = [
    ("2011", "en", "Marsa Radio", "testimony", "politics", ["Amina Haddad", "INTERVIEWER"], "Homs", None),
    ("2011-03", "ar", "إذاعة المرسى", "news", "politics", None, None, ["حمص", "حماة"]),
    ("2011-03-14", "en", "marsa radio", "news", "economy", None, "Homs", ["Homs", "Hama"]),
    ("2011-03-31T23:30:00-02:00", "en", "Qaryan Daily", "news", "politics", None, None, None),
    ("2011-04-01T00:30:00+03:00", "ar", "Qaryan Daily", "news", "economy", None, "Hama", None),
    ("2011-12-31T22:00:00-05:00", "en", "Qaryan Daily", "report", None, None, None, None),
    ("2012-01-01T01:00:00+04:00", "ar", "إذاعة المرسى", "report", "culture", ["المحاور", "الشاهد"], None, None),
    ("2012-02-29", "mixed", "Marsa Radio", "testimony", None, ["Amina Haddad", "Amina Haddad", ""], "Aleppo", None),
    ("2012-02", "en", "MARSA RADIO", "testimony", "politics", ["AMINA HADDAD"], "aleppo", None),
    ("2013-08-21T02:45:00+03:00", "ar", "Qaryan Daily", "news", "politics", None, "زملكا", ["زملكا"]),
    ("2013-08-20T23:59:59Z", "en", "Qaryan Daily", "news", "politics", None, "Zamalka", None),
    ("2013-08-21 10:00", "en", "Qaryan Daily", "news", "politics", None, "Zamalka", None),
    ("2013-08-21T10:00:00.250+0300", "en", "Marsa Radio", "news", None, None, "", None),
    ("2013", "ar", "إذاعة المرسى", "other", None, None, None, None),
    ("2013-12", "en", "Marsa Radio", "other", "culture", None, None, None),
    ("2016-06-30T21:30:00-04:00", "en", "Qaryan Daily", "news", "sport", None, None, None),
    ("2017-12-31T23:59:00+14:00", "en", "Qaryan Daily", "news", "sport", None, None, None),
    ("2018-01-01T00:10:00+01:00", "ar", "Qaryan Daily", "news", "sport", None, None, None),
    ("2018-03", "ar", "إذاعة المرسى", "news", "politics", None, "حمص", None),
    ("2018-05-31T23:00:00-01:00", "en", "Qaryan Daily", "news", "economy", None, None, None),
    ("2018-06-15", "en", "Qaryan Daily", "report", "economy", ["Dr. Salma Nour", "Interviewer"], "Homs", None),
    ("2018-06-20T23:59:59+00:00", "en", "Marsa Radio", "testimony", None, ["Dr. Salma Nour"], None, None),
    ("2018-06-21T00:00:01+00:00", "en", "Marsa Radio", "testimony", None, ["Dr. Salma Nour"], None, None),
    ("2018", "mixed", "Marsa Radio", "report", None, None, None, ["Homs", "Aleppo", "Homs"]),
    ("2019-01", "ar", "إذاعة المرسى", "news", "culture", None, None, None),
    (None, "en", "Qaryan Daily", "other", None, ["INTERVIEWER"], None, None),
    (None, "ar", "إذاعة المرسى", "other", "culture", None, "حماة", None),
    ("", "en", "Marsa Radio", "other", None, None, None, None),
]


def documents():
    """The archive as a list of JSON objects."""
    docs = []
    for n, (date, lang, source, kind, category, speakers, place, places) in enumerate(_ROWS, 1):
        doc = {"id": f"synthetic:{n:03d}", "title": f"Record {n}",
               "body": (_BODY_AR if lang == "ar" else _BODY).format(n=n),
               "date": date, "lang": lang, "source": source, "type": kind}
        if date is None and n % 2 == 0:
            del doc["date"]  # absent as well as null
        for key, value in (("category", category), ("speakers", speakers), ("place", place), ("places", places)):
            if value is not None:
                doc[key] = value
        docs.append(doc)
    return docs


def write(path):
    with open(path, "w", encoding="utf-8") as handle:
        for doc in documents():
            handle.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: synthetic_corpus.py OUT.jsonl")
    write(sys.argv[1])
