"""Time and score reading the Shanghai budget PDFs: yusuan's read_pdf against pdfplumber's default
page.extract_tables(), with poppler's pdftotext as the independent oracle; then the same oracle on
the 26 PDFs of the national corpus, timed against PDFium's own character extraction.

Run: .venv/bin/python bench/read_speed.py [--runs 3] [--examples 8] [--corpus all|shanghai|national]
Needs ../shared and poppler-utils (``pdftotext``). Asserts nothing; prints figures.

Floor: ``pdfium chars`` is PDFium's character extraction alone on the same pages in the same run
(open each page, get its text page, its whole text and every character's loose box, as any reader
built on PDFium must), so ``read ÷ pdfium chars`` is what yusuan's rebuilding of lines, tables and
blocks costs over reading the characters at all. It is printed for both corpora.

National corpus: pdfplumber is not run (its table finder takes minutes on the 1,157 pages and finds
ruled tables only). The scored table area of a page is the union of yusuan's table boxes and,
independent of any reader, the rows of three or more numeric poppler words at one height (centres
within 2 pt): a number in such a row that no yusuan cell holds is missed even where yusuan found no
table. Such rows include the labels of charts (2019 2020 2021 under bars) and the figures of
performance-target forms ("≥ 95 %"), so prose lines (prose_band) and 栏次 rows (column_numbers,
dropped by design where a continuation page repeats its header) are left out. Missed counts a number
merged with another number of its line in one cell, not a number beside its own words or inside a
cell holding a sentence. A wrong cell into or out of which a poppler word runs across the cell's
edge is marked: poppler joins touching text of two cells (支出1839311.66) and keeps text a clipping
path hides, so its truth is unsure there; the examples show the text both ways.

Speed: for the same pages in the same run, yusuan's read_pdf, read + check, and pdfplumber's
default table extraction (``find_tables()`` then ``extract()`` of each table, which is exactly what
``page.extract_tables()`` does), as ms per document and pages per second, and the ratio. The tables
scored below are the ones the timed calls returned (the last run's).

Accuracy: "the number of numeric cells each gets exactly right", judged against an oracle that
shares no code with either reader: ``pdftotext -bbox-layout`` (poppler), whose words carry boxes in
PDF points from the top-left corner of the page, the same convention as yusuan's ``Cell.bbox``
(``(x0, top, x1, bottom)``, see read/pdf/) and pdfplumber's cell boxes. yusuan turns a page whose
text is sideways to read it upright, and poppler follows /Rotate; no Shanghai page is rotated either
way. A page with /Rotate is scored when both frames agree (same_frame: the national Jiangsu 2019
files are set sideways and shown upright by /Rotate 90), else counted and skipped.

(a) Numeric. A text is numeric when, with all whitespace removed, it is a plain number: optional
    minus, digits with or without thousands separators, optional decimals (``NUMBER`` below). So
    ``0``, ``0.00``, ``12,029,501.84``, ``-3.5``, functional codes (``201``, ``03``, ``2010301``)
    and row numbers count, because a misread code breaks the audit as surely as a misread amount;
    a dash (``-``, ``—``) standing for nothing, percentages and anything with letters or CJK do not.
(b) Truth of a cell. The text of the poppler words whose centres fall inside the cell's box (the
    rule both readers use for characters), in reading order: words of one poppler line joined by a
    space, lines joined directly (a wrapped amount is one number). The reader's text and the truth
    are compared with all whitespace removed (poppler's word gaps are not evidence about spaces);
    nothing else is normalised, so a lost digit, an extra character, a wrong separator or a cell
    shifted by one column is wrong. A reader's cell is a numeric cell when its text or its truth is
    numeric; it is right when the two are equal and wrong otherwise (so a number the reader left
    empty is wrong). yusuan cells come from ``TableBlock`` rows with ``page`` and ``bbox``; the empty
    positions a merged cell leaves (their box lies inside another cell's box) are skipped, as are
    pdfplumber's ``None`` positions.
(c) Missed. The table area of a page is the union of the table boxes both readers found on it (a
    table neither finds is not scored; tables here are ruled, both find them). A numeric poppler word
    in a table area is missed by a reader when no cell of that reader contains its centre (dropped),
    or when the reader's cell that does also holds another word of the same poppler line (merged
    with a neighbour: the number is not alone in its cell). A merged cell is counted as missed,
    not as a numeric cell. Missed counts words, found/right/wrong count cells.

Identity check (reader-independent, no oracle): for every run of three or more amounts in a table
row (the numeric cells after a label, up to the next label: both sides of a two-sided summary table
count), whether the first amount equals the sum of the others (合计 = 基本支出 + 项目支出,
合计 = 财政拨款 + 事业收入 + …). Runs where that is not the table's identity (the 三公 table's 小计)
or where the published figures disagree fail for both readers alike: compare the two columns.
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
import statistics
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

import pdfplumber
import pypdfium2 as pdfium  # type: ignore[import-untyped]

from yusuan.model import Document, TableBlock
from yusuan.pipeline import check_path
from yusuan.read import read_pdf

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS = SHARED / "shanghai" / "budget"
NATIONAL = SHARED / "national"
NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
XHTML = "{http://www.w3.org/1999/xhtml}"
READERS = ("yusuan", "pdfplumber")

T = TypeVar("T")
Box = tuple[float, float, float, float]


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text))


def squeeze(text: str) -> str:
    return "".join(text.split())


# -- the oracle --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    box: Box
    line: int  # poppler line id, unique in the document

    @property
    def centre(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


def poppler_words(path: Path) -> tuple[dict[int, list[Word]], set[int]]:
    """Words of each page (1-based) from ``pdftotext -bbox-layout``, and the pages with /Rotate."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True
    ).stdout
    root = ET.fromstring(out)
    pages: dict[int, list[Word]] = {}
    line_id = 0
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words = pages.setdefault(number, [])
        for line in page.iter(f"{XHTML}line"):
            line_id += 1
            for w in line.iter(f"{XHTML}word"):
                box = tuple(float(w.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax"))
                words.append(Word((w.text or "").strip(), box, line_id))  # type: ignore[arg-type]
    with pdfplumber.open(path) as pdf:
        rotated = {p.page_number for p in pdf.pages if p.rotation % 360}
    return pages, rotated


def same_frame(reading: Reading, words: list[Word], page: int) -> bool:
    """Whether a page with /Rotate has yusuan's boxes in poppler's frame: yusuan turns the page so
    that its text is upright, poppler follows /Rotate, and the two agree when /Rotate is what makes
    the text upright. Judged by the cells' text: in the same frame, most non-empty cells hold a
    poppler word that is part of their text (the first 40 cells of the page are looked at)."""
    cells = [c for c in reading.cells if c.page == page and squeeze(c.text)][:40]
    if not cells:
        return False
    agree = sum(
        any(squeeze(w.text) and squeeze(w.text) in squeeze(c.text) for w in words if inside(w.centre, c.box))
        for c in cells
    )
    return agree >= 0.8 * len(cells)


def inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def crosses(word: Word, box: Box, tol: float = 2.0) -> bool:
    """Whether a poppler word at the height of ``box`` runs across its left or right edge: poppler
    joins the text of two cells when nothing parts them in the text layer (a name cut at its cell's
    edge and the amount after it, 支出1839311.66), so the truth of either cell is then unsure."""
    cy = (word.box[1] + word.box[3]) / 2
    if not box[1] <= cy < box[3]:
        return False
    return any(word.box[0] < edge - tol and word.box[2] > edge + tol for edge in (box[0], box[2]))


def truth_of(words: list[Word]) -> str:
    """Words in reading order: one poppler line joined by spaces, lines joined directly."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w.box[1] for w in ws))
    return "".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.box[0])) for ws in ordered)


# -- the readers' cells ------------------------------------------------------------------------------


@dataclass(slots=True)
class ReaderCell:
    page: int
    box: Box
    text: str
    table: int  # index of its table in the reader's output


@dataclass(slots=True)
class Reading:
    cells: list[ReaderCell] = field(default_factory=list)
    areas: dict[int, list[Box]] = field(default_factory=dict)  # page → table boxes
    rows: list[list[str]] = field(default_factory=list)  # every table row's texts, for the identities


def union(boxes: Iterable[Box]) -> Box:
    bs = list(boxes)
    return min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs)


def contains(outer: Box, inner: Box, tol: float = 0.5) -> bool:
    return (
        outer[0] - tol <= inner[0]
        and outer[1] - tol <= inner[1]
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def yusuan_reading(doc: Document) -> Reading:
    reading = Reading()
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    for t, table in enumerate(tables):
        per_page: dict[int, list[Box]] = {}
        placed: list[ReaderCell] = []
        for row in table.rows:
            reading.rows.append([c.text for c in row])
            for cell in row:
                if cell.page is None or cell.bbox is None:
                    continue
                per_page.setdefault(cell.page, []).append(cell.bbox)
                placed.append(ReaderCell(cell.page, cell.bbox, cell.text, t))
        for rc in placed:
            # the empty positions a merged cell leaves have their own grid box, inside the owner's
            if not rc.text and any(
                o is not rc and o.page == rc.page and o.text and contains(o.box, rc.box) for o in placed
            ):
                continue
            reading.cells.append(rc)
        for page, boxes in per_page.items():
            reading.areas.setdefault(page, []).append(union(boxes))
    return reading


def pdfplumber_tables(path: Path) -> list[tuple[int, Box, list[Any], list[list[str | None]]]]:
    """What page.extract_tables() computes, with the boxes kept: (page, table box, rows, texts)."""
    out = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():
                out.append((page.page_number, table.bbox, table.rows, table.extract()))
    return out


def pdfplumber_reading(tables: list[tuple[int, Box, list[Any], list[list[str | None]]]]) -> Reading:
    reading = Reading()
    for t, (page, bbox, rows, texts) in enumerate(tables):
        reading.areas.setdefault(page, []).append(bbox)
        for row, row_texts in zip(rows, texts, strict=True):
            reading.rows.append([x or "" for x in row_texts])
            for box, text in zip(row.cells, row_texts, strict=True):
                if box is not None and text is not None:
                    reading.cells.append(ReaderCell(page, box, text, t))
    return reading


# -- scoring -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    found: int = 0
    right: int = 0
    wrong: int = 0
    missed: int = 0
    identities: int = 0
    identities_hold: int = 0
    wrong_examples: list[tuple[str, int, str, str]] = field(default_factory=list)
    missed_examples: list[tuple[str, int, str, str]] = field(default_factory=list)
    crossing: int = 0  # wrong cells a poppler word runs into from outside or out of

    def add(self, other: Score) -> None:
        self.found += other.found
        self.right += other.right
        self.wrong += other.wrong
        self.missed += other.missed
        self.identities += other.identities
        self.identities_hold += other.identities_hold
        self.wrong_examples += other.wrong_examples
        self.missed_examples += other.missed_examples
        self.crossing += other.crossing


def amount(text: str) -> Decimal | None:
    text = squeeze(text)
    if not is_number(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def identities(rows: list[list[str]]) -> tuple[int, int]:
    """(rows checked, rows where the first amount is the sum of the others)."""
    checked = hold = 0
    for row in rows:
        runs: list[list[Decimal]] = []  # the amounts after each label, up to the next label
        for text in row:
            value = amount(text)
            if value is not None and runs:
                runs[-1].append(value)
            elif value is None and squeeze(text):
                runs.append([])
        for amounts in runs:
            if len(amounts) >= 3:
                checked += 1
                hold += amounts[0] == sum(amounts[1:], Decimal(0))
    return checked, hold


def score(
    name: str,
    reading: Reading,
    words: dict[int, list[Word]],
    areas: dict[int, list[Box]],
    numeric_mates: bool = False,
) -> Score:
    """``numeric_mates``: a number shares its cell with a neighbour (missed) only when another
    number of its poppler line is in the cell too; text beside it (1、一般公共服务支出, 123.5万元/年,
    a figure inside a target's wording) is one cell's text, which poppler cut into words, and so
    are the figures of a cell holding a sentence (，。；). The
    national corpus is scored so; the Shanghai figures keep the stricter rule they were made with."""
    s = Score()
    s.identities, s.identities_hold = identities(reading.rows)
    by_page: dict[int, list[ReaderCell]] = {}
    for cell in reading.cells:
        by_page.setdefault(cell.page, []).append(cell)
    for page, cells in sorted(by_page.items()):
        page_words = words.get(page, [])
        content: list[list[Word]] = [[w for w in page_words if inside(w.centre, c.box)] for c in cells]
        merged = [len({w.line for w in ws}) < len(ws) for ws in content]
        for cell, ws, is_merged in zip(cells, content, merged, strict=True):
            truth, got = squeeze(truth_of(ws)), squeeze(cell.text)
            if is_merged or not (is_number(truth) or is_number(got)):
                continue
            s.found += 1
            if got == truth:
                s.right += 1
            else:
                s.wrong += 1
                crossing = any(crosses(w, cell.box) for w in page_words)
                s.crossing += crossing
                mark = " (a poppler word crosses the cell's edge)" if crossing else ""
                s.wrong_examples.append((name, page, cell.text, truth_of(ws) + mark))
    for page, boxes in sorted(areas.items()):
        cells = by_page.get(page, [])
        for w in words.get(page, []):
            if not is_number(w.text) or not any(inside(w.centre, b) for b in boxes):
                continue
            holders = [c for c in cells if inside(w.centre, c.box)]
            if not holders:
                s.missed += 1
                s.missed_examples.append((name, page, "(no cell)", w.text))
                continue
            holder = min(holders, key=lambda c: (c.box[2] - c.box[0]) * (c.box[3] - c.box[1]))
            if numeric_mates and any(mark in holder.text for mark in "，。；,;"):
                continue  # a sentence in a cell (a target's wording): its figures are its text
            mates = [
                o
                for o in words.get(page, [])
                if o is not w
                and o.line == w.line
                and inside(o.centre, holder.box)
                and (not numeric_mates or is_number(o.text))
            ]
            if mates:
                s.missed += 1
                s.missed_examples.append((name, page, holder.text, w.text))
    return s


# -- timing ------------------------------------------------------------------------------------------


def timed(fn: Callable[[], T], runs: int) -> tuple[float, T]:
    """Median seconds over ``runs`` calls, and the last call's result."""
    times = []
    result: T | None = None
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    assert result is not None
    return statistics.median(times), result


def pdfium_chars(path: Path) -> int:
    """PDFium's own character extraction alone, the floor under any reader built on it: open each
    page, get its text page, its whole text and every character's loose box. Returns the count."""
    count = 0
    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n = textpage.count_chars()
            textpage.get_text_range()
            for j in range(n):
                textpage.get_charbox(j, loose=True)
            count += n
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return count


UNIT_AFTER = tuple("万元亿个人辆台次项件%％年月日")


def prose_band(band: list[Word]) -> bool:
    """A line of text with figures in it, not a table row: a sentence mark, or a figure followed
    closely by its unit (0.00 万元, 1 辆, 2025 年), as justified prose sets them word by word."""
    if any(mark in w.text for w in band for mark in "，。；"):
        return True
    ordered = sorted(band, key=lambda w: w.box[0])
    return any(
        is_number(a.text) and b.text.startswith(UNIT_AFTER) and b.box[0] - a.box[2] < 8
        for a, b in itertools.pairwise(ordered)
    )


def column_numbers(nums: list[Word]) -> bool:
    """A 栏次 row (1 2 3 … under the header): a reader drops it where the header repeats."""
    values = [w.text for w in sorted(nums, key=lambda w: w.box[0])]
    return values == [str(i) for i in range(1, len(values) + 1)]


def numeric_rows(words: dict[int, list[Word]]) -> dict[int, list[Box]]:
    """Reader-independent table evidence: per page, the boxes of rows of three or more numeric
    poppler words at the same height (centres within 2 pt) that outnumber the other words of that
    height and are not prose (prose_band) nor a column-number row 1 2 3 … (column_numbers). A
    number in such a row that no reader cell holds is missed even where the reader found no table
    at all."""
    out: dict[int, list[Box]] = {}
    for page, ws in words.items():
        ordered = sorted(ws, key=lambda w: w.centre[1])
        band: list[Word] = []
        for w in [*ordered, None]:
            if w is not None and band and w.centre[1] - band[0].centre[1] <= 2:
                band.append(w)
                continue
            nums = [b for b in band if is_number(b.text)]
            if (
                len(nums) >= 3
                and 2 * len(nums) >= len(band)
                and not prose_band(band)
                and not column_numbers(nums)
            ):
                out.setdefault(page, []).append(union(b.box for b in nums))
            band = [w] if w is not None else []
    return out


def national(args: argparse.Namespace) -> None:
    """The national corpus: yusuan's read_pdf against PDFium's character extraction alone on the
    same pages in the same run, and the numeric-cell oracle. The scored area of a page is the union
    of yusuan's table boxes and the rows of three or more numbers poppler sees at one height."""
    files = sorted(NATIONAL.glob("*.pdf"))
    if not files:
        print(f"\nno PDFs in {NATIONAL}: national corpus skipped")
        return
    print(f"\nnational corpus ({len(files)} PDFs, {NATIONAL})")
    print(f"{'document':<52} {'pages':>5} {'read':>8} {'pdfium':>8} {'ratio':>6}  found/right/wrong/missed")
    t_read_all = t_chars_all = 0.0
    pages = 0
    total = Score()
    for path in files:
        t_read, doc = timed(lambda p=path: read_pdf(p), args.runs)  # type: ignore[misc]
        t_chars, _ = timed(lambda p=path: pdfium_chars(p), args.runs)  # type: ignore[misc]
        n = doc.pages or 0
        pages += n
        t_read_all += t_read
        t_chars_all += t_chars
        words, rotated = poppler_words(path)
        reading = yusuan_reading(doc)
        rotated = {page for page in rotated if not same_frame(reading, words.get(page, []), page)}
        areas: dict[int, list[Box]] = {}
        for source in (reading.areas, numeric_rows(words)):
            for page, boxes in source.items():
                if page not in rotated:
                    areas.setdefault(page, []).extend(boxes)
        reading.cells = [c for c in reading.cells if c.page not in rotated]
        s = score(path.stem, reading, words, areas, numeric_mates=True)
        total.add(s)
        note = f"  ({len(rotated)} rotated pages skipped)" if rotated else ""
        print(
            f"{path.stem[:52]:<52} {n:>5} {t_read * 1000:>6.0f}ms {t_chars * 1000:>6.0f}ms"
            f" {t_read / t_chars:>5.1f}×  {s.found}/{s.right}/{s.wrong}/{s.missed}{note}"
        )
    print(
        f"read_pdf {pages / t_read_all:7.1f} pages/s   pdfium chars alone {pages / t_chars_all:7.1f} pages/s"
        f"   read ÷ pdfium chars {t_read_all / t_chars_all:.2f}×   ({pages} pages)"
    )
    share = total.right / total.found if total.found else 0.0
    print(
        f"yusuan national: exactly right {total.right} of {total.found} numeric cells ({share:.2%}),"
        f" wrong {total.wrong} ({total.crossing} with a poppler word across the cell's edge), missed {total.missed}"
    )
    print(f"identity runs holds/checked: {total.identities_hold}/{total.identities}")
    for kind, examples in (("wrong", total.wrong_examples), ("missed", total.missed_examples)):
        if examples:
            print(f"\nyusuan national: {kind} (document, page, reader text, truth), {len(examples)} in all:")
            for stem, page, got, truth in examples[: args.examples]:
                print(f"  {stem} p.{page}: {got!r} ≠ {truth!r}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--examples", type=int, default=8, help="wrong and missed cells to show per reader")
    parser.add_argument(
        "--corpus",
        choices=("all", "shanghai", "national"),
        default="all",
        help="which corpus to time and score (default: both)",
    )
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext (Debian poppler-utils) is needed for the accuracy oracle")
    if args.corpus in ("all", "shanghai"):
        shanghai(args)
    if args.corpus in ("all", "national"):
        national(args)


def shanghai(args: argparse.Namespace) -> None:
    files = sorted(CORPUS.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {CORPUS}")
    totals = {"read": 0.0, "read+check": 0.0, "pdfplumber": 0.0, "pdfium chars": 0.0}
    pages = 0
    scores: dict[str, Score] = {r: Score() for r in READERS}
    rows: list[tuple[str, int, dict[str, Score]]] = []
    print(f"{'document':<36} {'pages':>5} {'read':>9} {'read+check':>11} {'pdfplumber':>11} {'pdfium':>9}")
    for path in files:
        t_read, doc = timed(lambda p=path: read_pdf(p), args.runs)  # type: ignore[misc]
        t_check, _ = timed(lambda p=path: check_path(p), args.runs)  # type: ignore[misc]
        t_ref, ref = timed(lambda p=path: pdfplumber_tables(p), args.runs)  # type: ignore[misc]
        t_chars, _ = timed(lambda p=path: pdfium_chars(p), args.runs)  # type: ignore[misc]
        n = doc.pages or 0
        pages += n
        for k, v in zip(totals, (t_read, t_check, t_ref, t_chars), strict=True):
            totals[k] += v
        print(
            f"{path.stem:<36} {n:>5} {t_read * 1000:>7.0f}ms {t_check * 1000:>9.0f}ms {t_ref * 1000:>9.0f}ms"
            f" {t_chars * 1000:>7.0f}ms"
        )
        words, rotated = poppler_words(path)
        readings = {"yusuan": yusuan_reading(doc), "pdfplumber": pdfplumber_reading(ref)}
        areas: dict[int, list[Box]] = {}
        for reading in readings.values():
            for page, boxes in reading.areas.items():
                if page not in rotated:
                    areas.setdefault(page, []).extend(boxes)
        for reading in readings.values():
            reading.cells = [c for c in reading.cells if c.page not in rotated]
        doc_scores = {r: score(path.stem, readings[r], words, areas) for r in READERS}
        for r in READERS:
            scores[r].add(doc_scores[r])
        rows.append((path.stem, len(rotated), doc_scores))
    for k, v in totals.items():
        print(f"{k:<12} {v / len(files) * 1000:8.0f} ms/document  {pages / v:7.1f} pages/s")
    print(f"read ÷ pdfplumber extract_tables: {totals['read'] / totals['pdfplumber']:.2f}×")
    print(f"read ÷ pdfium chars alone: {totals['read'] / totals['pdfium chars']:.2f}×")

    print("\nnumeric cells against pdftotext -bbox-layout (found = right + wrong; missed = numeric words)")
    head = "".join(f" {r + ' found/right/wrong/missed':>34}" for r in READERS)
    print(f"{'document':<36}{head}")
    for stem, n_rotated, doc_scores in [*rows, ("total", 0, scores)]:
        figures = "".join(
            f" {f'{s.found}/{s.right}/{s.wrong}/{s.missed}':>34}" for s in (doc_scores[r] for r in READERS)
        )
        note = f"  ({n_rotated} rotated pages skipped)" if n_rotated else ""
        print(f"{stem:<36}{figures}{note}")
    for r in READERS:
        s = scores[r]
        share = s.right / s.found if s.found else 0.0
        print(
            f"{r:<12} exactly right {s.right} of {s.found} numeric cells ({share:.2%}), wrong {s.wrong}, missed {s.missed}"
        )
    print("\nidentity runs (first amount after a label = Σ the others), holds/checked:")
    for r in READERS:
        s = scores[r]
        print(f"  {r:<12} {s.identities_hold}/{s.identities}")
    for r in READERS:
        s = scores[r]
        for kind, examples in (("wrong", s.wrong_examples), ("missed", s.missed_examples)):
            if examples:
                print(f"\n{r}: {kind} (document, page, reader text, truth), {len(examples)} in all:")
                for stem, page, got, truth in examples[: args.examples]:
                    print(f"  {stem} p.{page}: {got!r} ≠ {truth!r}")


if __name__ == "__main__":
    main()
