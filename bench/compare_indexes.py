#!/usr/bin/python3
"""@file bench/compare_indexes.py
@brief Checks that two Dalil indexes of the same input hold the same terms, postings and values.

Usage: compare_indexes.py INDEX_A INDEX_B [--positions]

Documents are matched by their unique id term (Q prefix), since docids differ between builds.
Compared: document count, every term's collection and document frequency, each document's
length, its terms with their wdf (and positions with --positions), its values (the stored JSON
as slot 15's zstd bytes: both indexes must be written with the same libzstd) and its data
(empty since slot 15, the JSON in indexes written before);
every metadata entry (analyzer, schema, name-key table) and the spelling table's words and
frequencies.
Prints the first differences and exits 1 when there are any. Needs python3-xapian (Debian).
Used to check that an indexer speed-up changed nothing in the index.
"""
import sys

import xapian


def docs_by_id(db):
    out = {}
    for t in db.allterms('Q'):
        for p in db.postlist(t.term):
            out[t.term] = p.docid
    return out


def doc_view(db, did, positions):
    doc = db.get_document(did)
    terms = []
    for t in doc.termlist():
        entry = (t.term, t.wdf)
        if positions:
            entry += (tuple(db.positionlist(did, t.term)),)
        terms.append(entry)
    values = sorted((v.num, v.value) for v in doc.values())
    return db.get_doclength(did), terms, values, doc.get_data()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    positions = '--positions' in sys.argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = xapian.Database(args[0]), xapian.Database(args[1])
    problems = []
    if a.get_doccount() != b.get_doccount():
        problems.append('doccount %d != %d' % (a.get_doccount(), b.get_doccount()))
    terms_a = {t.term: (t.termfreq, a.get_collection_freq(t.term)) for t in a.allterms()}
    terms_b = {t.term: (t.termfreq, b.get_collection_freq(t.term)) for t in b.allterms()}
    for term in sorted(set(terms_a) | set(terms_b)):
        if terms_a.get(term) != terms_b.get(term):
            problems.append('term %r: (termfreq, collfreq) %s != %s'
                            % (term, terms_a.get(term), terms_b.get(term)))
    ids_a, ids_b = docs_by_id(a), docs_by_id(b)
    if set(ids_a) != set(ids_b):
        problems.append('%d ids differ' % len(set(ids_a) ^ set(ids_b)))
    for uid in sorted(set(ids_a) & set(ids_b)):
        va, vb = doc_view(a, ids_a[uid], positions), doc_view(b, ids_b[uid], positions)
        if va != vb:
            what = [n for n, x, y in zip(('length', 'terms', 'values', 'data'), va, vb) if x != y]
            problems.append('document %s differs in %s' % (uid[1:], ', '.join(what)))
    keys = set(a.metadata_keys()) | set(b.metadata_keys())
    for key in sorted(keys):
        if a.get_metadata(key) != b.get_metadata(key):
            problems.append('metadata %r differs' % key)
    spellings_a = {s.term: s.termfreq for s in a.spellings()}
    spellings_b = {s.term: s.termfreq for s in b.spellings()}
    if spellings_a != spellings_b:
        diff = set(spellings_a.items()) ^ set(spellings_b.items())
        problems.append('spelling table: %d (word, frequency) entries differ, e.g. %s'
                        % (len(diff), sorted(diff)[:3]))
    print('%d documents, %d terms, %d metadata keys, %d spelling words: %s'
          % (a.get_doccount(), len(terms_a), len(keys), len(spellings_a),
             'identical' if not problems else '%d differences' % len(problems)))
    for p in problems[:20]:
        print('  ' + p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
