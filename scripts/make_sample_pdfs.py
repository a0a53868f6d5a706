#!/usr/bin/python3
# @file scripts/make_sample_pdfs.py
# @brief Writes the fictional sample PDFs of corpora/ and tests/data/formats/ (pycairo + Pango).
"""Generates the PDFs that Dalil's sample archive and tests read, from text written here.

Run from the repository root with the Debian interpreter: /usr/bin/python3 scripts/make_sample_pdfs.py
Needs python3-cairo, python3-gi and gir1.2-pango-1.0 (Pango shapes the Arabic text; without
it the Arabic page is left out). The output is deterministic apart from cairo's
creation date, which is fixed below.
"""
import os
import sys

import cairo

try:
    import gi

    gi.require_version("Pango", "1.0")
    gi.require_version("PangoCairo", "1.0")
    from gi.repository import Pango, PangoCairo
except (ImportError, ValueError):
    Pango = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 595, 842  # A4 in points

REPORT_PAGES = [
    ("en", "Commission of Inquiry on Qaryan\n\nInterim report on Branch 9, Tal Hamra\n\n"
     "1. The Commission interviewed eleven former detainees of the Branch 9 facility in Tal Hamra "
     "between February and April 2022.\n\n"
     "2. Nine of them described death certificates that gave cardiac arrest as the cause of death "
     "of prisoners who had been beaten."),
    ("en", "3. The medical assistant heard as witness QC-14 stated that the certificates were "
     "signed before the bodies reached the clinic.\n\n"
     "4. The Commission asks the authorities of Qaryan to open the registers of Branch 9 to "
     "independent forensic experts."),
    ("ar", "لجنة التحقيق بشأن قريان\n\n"
     "٥. استمعت اللجنة إلى شهادات عن شهادات وفاة كتب فيها أن سبب الوفاة سكتة قلبية.\n\n"
     "٦. تطالب اللجنة بفتح سجلات الفرع التاسع في تل الحمراء أمام خبراء مستقلين."),
]

TEST_PAGES = [
    ("en", "Branch 9 page one\n\nThe ledger of Branch 9 lists forty names under the heading "
     "transferred."),
    ("en", ""),  # An empty page: no passage, but page numbers after it stay right.
    ("en", "Page three\n\nThe second ledger was burned in the courtyard of Al-Qalaa prison."),
]


def draw_page(ctx, lang, text):
    if not text:
        return
    if Pango is None:
        ctx.select_font_face("DejaVu Sans")
        ctx.set_font_size(11)
        y = 72
        for line in text.split("\n"):
            ctx.move_to(56, y)
            ctx.show_text(line)
            y += 16
        return
    layout = PangoCairo.create_layout(ctx)
    layout.set_width((WIDTH - 112) * Pango.SCALE)
    layout.set_wrap(Pango.WrapMode.WORD)
    layout.set_font_description(Pango.FontDescription.from_string("DejaVu Sans 11"))
    if lang == "ar":
        layout.set_alignment(Pango.Alignment.RIGHT)
    layout.set_text(text, -1)
    ctx.move_to(56, 72)
    PangoCairo.show_layout(ctx, layout)


def write_pdf(path, title, author, pages):
    surface = cairo.PDFSurface(path, WIDTH, HEIGHT)
    surface.set_metadata(cairo.PDFMetadata.TITLE, title)
    surface.set_metadata(cairo.PDFMetadata.AUTHOR, author)
    surface.set_metadata(cairo.PDFMetadata.CREATE_DATE, "2022-05-09T10:00:00")
    ctx = cairo.Context(surface)
    for lang, text in pages:
        if lang == "ar" and Pango is None:
            continue
        draw_page(ctx, lang, text)
        ctx.show_page()
    surface.finish()


def main():
    report = os.path.join(ROOT, "corpora", "transcripts", "commission-interim-report.pdf")
    write_pdf(report, "Interim report on Branch 9", "Commission of Inquiry on Qaryan",
              REPORT_PAGES)
    test_pdf = os.path.join(ROOT, "tests", "data", "formats", "good", "ledger.pdf")
    write_pdf(test_pdf, "The Branch 9 ledger", "Dalil tests", TEST_PAGES)
    with open(test_pdf, "rb") as f:
        data = f.read()
    # Cut in the middle: no %%EOF, no cross-reference table.
    truncated = os.path.join(ROOT, "tests", "data", "formats", "malformed", "truncated.pdf")
    with open(truncated, "wb") as f:
        f.write(data[: len(data) // 2])
    print("wrote", report, test_pdf, truncated, file=sys.stderr)


if __name__ == "__main__":
    main()
