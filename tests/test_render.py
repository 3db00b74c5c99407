#!/usr/bin/env python3
"""Prints the samples' three workbooks as finance would and reads the pages back.

Usage: test_render.py SOURCE_DIR SAMPLES_OUT

Each workbook (single period, time-phased, AHP) goes through tools/render.sh: LibreOffice prints it
to PDF with each sheet's own page setup, poppler-utils gives every page's text and every word's box.
Then, for every workbook:
- no page shows "###" (a number too wide for its column);
- every sheet prints, on A4 paper (the rules' default);
- every printed column header of a table whose header repeats on each page appears whole on a page of
  its sheet, and every page of that sheet shows the header row (a header missing, cut or clipped by a
  row too short loses words);
- no page is scaled below 60%: the body text's median word height against 11-point text at 100%;
- a sheet whose last page would hold a row or two is printed a little smaller instead: the samples'
  Summary (but the time-phased one's) and Sensitivity each print on one page;
- the time-phased Summary's utilisation table prints on one page with its header.
"""
import re
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl

FAILURES = []
PASSED = [0]
# The box pdftotext gives an 11-point word of the workbook's font (Carlito, Calibri's metrics) at 100%.
WORD_HEIGHT_AT_FULL_SIZE = 14.30
MIN_SCALE = 0.60
A4_POINTS = (595.3, 841.9)
# Sheets of the samples that once left a row or two alone on a second page (or the wrong header over
# them): now scaled to one page.
ONE_PAGE = {"single": ("Summary", "Sensitivity", "Frontier"), "timephased": ("Sensitivity", "Frontier"),
            "ahp": ("Summary", "Sensitivity", "Frontier")}


def check(name, cond):
    PASSED[0] += bool(cond)
    if not cond:
        FAILURES.append(name)
        print("FAIL:", name)


def words(text):
    """The words of text that carry a letter or digit, without surrounding punctuation, split at
    hyphens (where a spreadsheet may break a line: "2027-" then "Q2")."""
    out = []
    for w in re.split(r"[\s-]+", text):
        w = w.strip("()[],;:.'\"")
        if re.search(r"[A-Za-z0-9]", w):
            out.append(w)
    return out


def pages_of(pdf):
    """Per page: its size, its sheet (the page header's right-hand text), its body words with heights."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html)
    html = html.replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ET.fromstring(html)
    pages = []
    for page in root.iter("page"):
        w, h = float(page.get("width")), float(page.get("height"))
        head, body = [], []
        for word in page.iter("word"):
            y0, y1 = float(word.get("yMin")), float(word.get("yMax"))
            text = word.text or ""
            if y1 < 45:  # the page header: the portfolio's name left, the sheet right
                head.append((float(word.get("xMin")), text))
            elif y0 > h - 45:  # the footer
                continue
            else:
                body.append((text, y1 - y0))
        head.sort()
        # The sheet name is the run of words at the right of the header line.
        pages.append({"size": (w, h), "head": head, "body": body})
    return pages


def sheet_of(page, sheet_names):
    """The sheet a page belongs to: the longest sheet name the header line ends with."""
    line = " ".join(t for _, t in page["head"])
    found = [s for s in sheet_names if line.endswith(" " + s) or line == s]
    return max(found, key=len) if found else None


def repeated_headers(book):
    """Per sheet whose table header row repeats on each printed page: the texts of its visible header cells."""
    wb = openpyxl.load_workbook(book)
    out = {}
    for ws in wb.worksheets:
        titles = ws.print_title_rows
        if not titles:
            continue
        row = int(titles.split(":")[0].strip("$"))
        heads = []
        for cell in ws[row]:
            letter = openpyxl.utils.get_column_letter(cell.column)
            if isinstance(cell.value, str) and cell.value and not ws.column_dimensions[letter].hidden:
                heads.append(cell.value)
        out[ws.title] = heads
    return wb.sheetnames, out


def check_book(name, book, tmp):
    n_pages = subprocess.run([str(SRC / "tools/render.sh"), str(book), str(tmp)], capture_output=True, text=True,
                             check=True).stdout.strip()
    pdf = Path(tmp) / (book.stem + ".pdf")
    text = (Path(tmp) / (book.stem + ".txt")).read_text()
    check("%s: rendered" % name, pdf.exists() and int(n_pages) > 0)
    check("%s: no ### anywhere" % name, "###" not in text)
    sheets, headers = repeated_headers(book)
    pages = pages_of(pdf)
    check("%s: page count as render.sh says" % name, len(pages) == int(n_pages))
    by_sheet = {}
    for k, page in enumerate(pages, 1):
        sheet = sheet_of(page, sheets)
        check("%s page %d: its header names its sheet" % (name, k), sheet is not None)
        check("%s page %d: A4" % (name, k),
              all(abs(a - b) < 2 for a, b in zip(sorted(page["size"]), A4_POINTS)))
        by_sheet.setdefault(sheet, []).append(k)
        heights = [h for _, h in page["body"]]
        if len(heights) >= 5:
            scale = statistics.median(heights) / WORD_HEIGHT_AT_FULL_SIZE
            check("%s page %d (%s): printed at %.0f%%, not below 60%%" % (name, k, sheet, 100 * scale),
                  scale >= MIN_SCALE - 0.01)
    for sheet in sheets:
        check("%s: sheet %s prints" % (name, sheet), sheet in by_sheet)
    for sheet in ONE_PAGE[name]:
        check("%s: sheet %s prints on one page" % (name, sheet), len(by_sheet.get(sheet, [])) == 1)
    if name == "timephased":
        # The Summary's utilisation table prints with its header: on the page that starts it, down
        # to its last row.
        texts = [" ".join(t for t, _ in pages[k - 1]["body"]) for k in by_sheet.get("Summary", [])]
        check("%s: the Summary's utilisation table on one page with its header" % name,
              any("Utilisation (used / limit)" in t and "Whole horizon" in t for t in texts))
    for sheet, heads in headers.items():
        # A table wider than a page prints across pages: each header is whole on some page of its
        # sheet, and every page shows the header row (some header whole).
        seen = set()
        for k in by_sheet.get(sheet, []):
            present = set(words(" ".join(t for t, _ in pages[k - 1]["body"])))
            whole = [head for head in heads if all(w in present for w in words(head))]
            check("%s page %d (%s): the header row repeated" % (name, k, sheet), whole)
            seen.update(whole)
        for head in heads:
            check("%s (%s): header \"%s\" printed whole" % (name, sheet, head), head in seen)
    print("%s: %s pages, A4" % (name, n_pages))


def main():
    global SRC
    SRC, out = Path(sys.argv[1]), Path(sys.argv[2])
    for name in ("single", "timephased", "ahp"):
        with tempfile.TemporaryDirectory() as tmp:
            check_book(name, out / (name + ".xlsx"), tmp)
    print("%d passed, %d failed" % (PASSED[0], len(FAILURES)))
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
