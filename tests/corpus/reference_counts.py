#!/usr/bin/env python3
# @file tests/corpus/reference_counts.py
# @brief Facet, date-histogram and date-range counts of JSONL corpora computed independently of Dalil
#        (Python stdlib only), as the cases check_facets.py asks dalil-searchd about.
"""Reference counts for Dalil's facets, date histograms and date ranges.

Reads corpora in the schema of ../shared/corpora/README.md and writes, for a list of *cases* (a set
of filters and an optional date range, as /api/search parameters), what a correct server answers:

- ``total``: the documents matching every filter and the range;
- ``facets``: for each facet, value -> documents, with multi-select semantics: a facet that has a
  filter of its own is counted over the documents matching every *other* filter (and the range);
  a value is counted once per document; values are taken as written (exact strings);
- ``histograms``: for year / month / day, the documents of the main match per date key, where the
  key is the prefix of the date string as written (4, 7 or 10 characters, the publisher's local
  date, never converted to UTC), plus ``no_date`` and ``coarser`` (date less precise than the
  interval).

Date ranges (``from``/``to``) are inclusive at any precision: a document matches when its local
date period (a whole year for "2011", a month for "2011-03", else the day) overlaps
[first day of from, last day of to]; a document without a date never matches a range.

Filters match values case-insensitively (NFKC case folding, white space folded); several values of
one filter are OR'ed, different filters AND'ed.

Nothing here is shared with Dalil's C++ code: the point is an independent second opinion.
"""

import argparse
import calendar
import collections
import datetime
import json
import re
import sys
import unicodedata

# Facets and the input fields each reads (Dalil's built-in schema, as documented).
FACET_FIELDS = {
    "source": ["source"],
    "lang": ["lang"],
    "type": ["type"],
    "category": ["category"],
    "speaker": ["speakers"],
    "place": ["place", "places"],
}
FACETS = list(FACET_FIELDS)
INTERVALS = {"year": 4, "month": 7, "day": 10}

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})"
    r"(?:-(?P<m>\d{2})"
    r"(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"(?P<tz>[Zz]|[+-]\d{2}(?::?\d{2})?)?"
    r")?)?)?$")


def parse_date(text):
    """(precision, first_day, last_day) of an ISO 8601 date as written, or None if invalid.

    precision is 4 (year), 7 (month) or 10 (day or timestamp): how many characters of the string
    name the local calendar date.
    """
    match = _DATE_RE.match(text)
    if not match:
        return None
    year = int(match["y"])
    if year < 1:
        return None
    if match["m"] is None:
        return 4, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = int(match["m"])
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if match["d"] is None:
        return 7, datetime.date(year, month, 1), datetime.date(year, month, last)
    day = int(match["d"])
    if not 1 <= day <= last:
        return None
    if match["H"] is not None:
        if int(match["H"]) > 23 or int(match["M"]) > 59 or int(match["S"] or 0) > 59:
            return None
        tz = match["tz"]
        if tz and tz not in "Zz":
            if int(tz[1:3]) > 18 or (len(tz) > 3 and int(tz[-2:]) > 59):
                return None
    day_date = datetime.date(year, month, day)
    return 10, day_date, day_date


def utc_day(text):
    """The UTC calendar day of a timestamp with an offset, else None (for picking edge cases)."""
    match = _DATE_RE.match(text)
    if not match or match["H"] is None or not match["tz"]:
        return None
    tz = match["tz"]
    offset = 0
    if tz not in "Zz":
        offset = int(tz[1:3]) * 60 + (int(tz[-2:]) if len(tz) > 3 else 0)
        offset = -offset if tz[0] == "-" else offset
    local = datetime.datetime(int(match["y"]), int(match["m"]), int(match["d"]),
                              int(match["H"]), int(match["M"]))
    return (local - datetime.timedelta(minutes=offset)).date()


def normalize_value(value):
    """How a filter value is compared: NFKC case-folded, format controls dropped, white space folded."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def facet_values(doc, fields):
    """The document's values of one facet: strings (and numbers) of its fields, each once."""
    values = set()
    for field in fields:
        item = doc.get(field)
        items = item if isinstance(item, list) else [item]
        for value in items:
            if isinstance(value, str):
                if value:
                    values.add(value)
            elif isinstance(value, bool):
                values.add("true" if value else "false")
            elif isinstance(value, (int, float)):
                values.add(json.dumps(value))
    return values


class Doc:
    __slots__ = ("id", "date", "period", "precision", "values", "normalized")

    def __init__(self, obj):
        self.id = obj["id"]
        date = obj.get("date")
        self.date = date if isinstance(date, str) and date else None
        self.precision, self.period = 0, None
        if self.date is not None:
            precision, first, last = parse_date(self.date)
            self.precision, self.period = precision, (first, last)
        self.values = {name: facet_values(obj, fields) for name, fields in FACET_FIELDS.items()}
        self.normalized = {name: {normalize_value(v) for v in values}
                           for name, values in self.values.items()}


def load(paths, problems):
    """Documents by id (a later line with the same id replaces the earlier one, as an upsert)."""
    docs = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    obj = json.loads(line)
                except ValueError as error:
                    problems.append(f"{where}: not JSON ({error})")
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"] \
                        or not isinstance(obj.get("body"), str):
                    problems.append(f"{where}: no string id or body")
                    continue
                date = obj.get("date")
                if isinstance(date, str) and date and parse_date(date) is None:
                    problems.append(f"{where}: impossible date {date!r}")
                    continue
                docs[obj["id"]] = Doc(obj)
    return list(docs.values())


def day_bounds(date_from, date_to):
    first = parse_date(date_from)[1] if date_from else None
    last = parse_date(date_to)[2] if date_to else None
    return first, last


def in_range(doc, first, last):
    if first is None and last is None:
        return True
    if doc.period is None:
        return False
    start, end = doc.period
    return (last is None or start <= last) and (first is None or end >= first)


def matches(doc, filters, skip=None):
    for name, wanted in filters.items():
        if name != skip and not (doc.normalized[name] & wanted):
            return False
    return True


def histogram(docs, interval):
    length = INTERVALS[interval]
    buckets = collections.Counter()
    no_date = coarser = 0
    for doc in docs:
        if doc.date is None:
            no_date += 1
        elif doc.precision < length:
            coarser += 1
        else:
            buckets[doc.date[:length]] += 1
    return {"buckets": dict(sorted(buckets.items())), "no_date": no_date, "coarser": coarser}


def evaluate(docs, filters, date_from=None, date_to=None, full=True):
    """One case: total, and (when full) multi-select facet counts and histograms."""
    wanted = {name: {normalize_value(v) for v in values} for name, values in filters.items()}
    first, last = day_bounds(date_from, date_to)
    dated = [doc for doc in docs if in_range(doc, first, last)]
    main = [doc for doc in dated if matches(doc, wanted)]
    result = {"total": len(main)}
    if not full:
        return result
    facets = {}
    for name, fields in FACET_FIELDS.items():
        counted = main if name not in wanted else [d for d in dated if matches(d, wanted, skip=name)]
        counts = collections.Counter()
        for doc in counted:
            counts.update(doc.values[name])
        facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode())))
    result["facets"] = facets
    result["histograms"] = {interval: histogram(main, interval) for interval in INTERVALS}
    result["auto_interval"] = auto_interval(main)
    return result


def auto_interval(docs):
    """What date_histogram=auto must choose, as documented: years when the dates span more than 3
    calendar years (last year - first year), else months when they span more than 3 months
    (counting calendar months, a year-only date standing for January at the start and December at
    the end), else days."""
    dated = [doc.date for doc in docs if doc.date is not None]
    if not dated:
        return "day"
    first, last = min(dated), max(dated)
    years = int(last[:4]) - int(first[:4])
    first_month = int(first[5:7]) if len(first) >= 7 else 1
    last_month = int(last[5:7]) if len(last) >= 7 else 12
    if years > 3:
        return "year"
    if years * 12 + last_month - first_month > 3:
        return "month"
    return "day"


def params_of(filters, date_from, date_to):
    params = []
    for name, values in filters.items():
        params.extend([name, value] for value in values)
    if date_from:
        params.append(["from", date_from])
    if date_to:
        params.append(["to", date_to])
    return params


def swap_case(value):
    swapped = value.swapcase()
    return swapped if normalize_value(swapped) == normalize_value(value) else value


def choose_ranges(docs):
    """Date ranges at mixed precisions: the fixed ones of the brief and some taken from the data."""
    ranges = [("2018-03", "2018-05"), ("2018", None), (None, "2017-12"), ("2018-06-15", "2018-06-20"),
              ("2018-03-01", "2018-03-01"), ("1900", "1900-12-31")]
    dated = sorted((doc for doc in docs if doc.period), key=lambda d: (d.period, d.id))
    if dated:
        def at(fraction):
            return dated[min(len(dated) - 1, int(len(dated) * fraction))].period[0]
        low, mid, high = at(0.25), at(0.5), at(0.75)
        years = collections.Counter(doc.period[0].year for doc in dated)
        top_year = years.most_common(1)[0][0]
        ranges += [
            (f"{top_year:04d}", f"{top_year:04d}"),
            (None, f"{top_year - 1:04d}"),
            (f"{mid:%Y-%m}", f"{mid:%Y-%m}"),
            (f"{low:%Y-%m}", f"{high:%Y-%m-%d}"),     # month .. day
            (f"{low:%Y-%m-%d}", f"{high:%Y}"),        # day .. year
            (f"{mid:%Y-%m-%d}", None),
            (None, f"{mid:%Y-%m-%d}"),
            (f"{dated[0].period[0]:%Y-%m-%d}", f"{dated[-1].period[1]:%Y-%m-%d}"),
        ]
        # Timestamps whose local day is not their UTC day: the range of either day must follow
        # the local one. Prefer those that cross a month boundary.
        edges = []
        for doc in dated:
            utc = utc_day(doc.date)
            if utc is not None and utc != doc.period[0]:
                edges.append((utc.month == doc.period[0].month, doc.date, utc))
        edges.sort()
        for _, date, utc in edges[:3]:
            ranges += [(date[:10], date[:10]), (f"{utc:%Y-%m-%d}", f"{utc:%Y-%m-%d}"),
                       (date[:7], date[:7]), (f"{utc:%Y-%m}", f"{utc:%Y-%m}")]
    seen, unique = set(), []
    for date_range in ranges:
        if date_range not in seen:
            seen.add(date_range)
            unique.append(date_range)
    return unique, dated


def top_values(docs, facet, n):
    counts = collections.Counter()
    for doc in docs:
        counts.update(doc.values[facet])
    return [value for value, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def compute(paths):
    """The reference for the corpora at @p paths: {"documents", "problems", "facets", "cases"}."""
    problems = []
    docs = load(paths, problems)
    ranges, dated = choose_ranges(docs)
    cases = []

    def add(name, filters=None, date_from=None, date_to=None, full=True):
        filters = filters or {}
        case = {"name": name, "params": params_of(filters, date_from, date_to)}
        case.update(evaluate(docs, filters, date_from, date_to, full))
        cases.append(case)

    add("all documents")
    sources = top_values(docs, "source", 3)
    if sources:
        add(f"source={sources[0]}", {"source": [sources[0]]})
    if len(sources) >= 3:
        add(f"source={sources[1]} OR {sources[2]}", {"source": [sources[1], sources[2]]})
    # A second filtered facet at the same time: each filtered facet is counted without its own.
    for other in ("lang", "category", "type", "place", "speaker"):
        values = top_values(docs, other, 2)
        if len(values) >= 2 and sources:
            add(f"source={swap_case(sources[0])} & {other}={values[1]} (case-folded source)",
                {"source": [swap_case(sources[0])], other: [values[1]]})
            break
    for multi in ("speaker", "place"):
        values = top_values(docs, multi, 1)
        if values:
            add(f"{multi}={values[0]}", {multi: values})
    if dated:
        low, high = dated[len(dated) // 4].period[0], dated[len(dated) * 3 // 4].period[0]
        date_from, date_to = f"{low:%Y-%m}", f"{high:%Y-%m}"
        add(f"from={date_from} to={date_to}", date_from=date_from, date_to=date_to)
        if sources:
            add(f"source={sources[0]} from={date_from} to={date_to}", {"source": [sources[0]]},
                date_from=date_from, date_to=date_to)
    for date_from, date_to in ranges:
        label = " ".join(part for part in (date_from and f"from={date_from}", date_to and f"to={date_to}") if part)
        add(label, date_from=date_from, date_to=date_to, full=False)
    return {"corpus": [str(p) for p in paths], "documents": len(docs), "problems": problems,
            "facets": FACETS, "intervals": list(INTERVALS), "cases": cases}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+", help="JSONL files")
    parser.add_argument("--out", help="write the JSON here (default: standard output)")
    args = parser.parse_args(argv)
    reference = compute(args.corpus)
    text = json.dumps(reference, ensure_ascii=False, indent=1)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        print(text)
    for problem in reference["problems"]:
        print(f"reference_counts: skipped {problem}", file=sys.stderr)
    print(f"reference_counts: {reference['documents']} documents, {len(reference['cases'])} cases",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
