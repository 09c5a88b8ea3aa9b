"""Pictures for the HTML report: the region of a PDF page around the place a finding points at,
rendered with PDFium (pypdfium2), with that place outlined.

Where the place is, in the reader's own coordinates (PDF points from the top left of the page
turned so that its text is upright, ``read.pdf``), most exact first:

1. ``cell``: the finding's place has the cell's box (AR rules on PDF tables).
2. ``cell``: the place names a table row (page, line) whose cells the reader boxed, and a column
   whose title is the title of exactly one cell of that row.
3. ``row``: the place is a table row (page, line) with boxed cells: the row's band between its
   rules, as wide as the characters printed in it.
4. ``text``: the place's text (a sentence, a phrase, a row's cells; a quoted excerpt without its
   ellipses; a table's title when the place names a table only) occurs exactly once on the page,
   read in lines as the reader reads them; a phrase occurring several times is taken only where a
   sibling place of the same finding, found once, says which line it is on. A match inside a
   table row other than the place's own line is not the place. A form's row whose cells are
   merged or wrapped (no run of text) is found by its label, once on the page, and its last cell
   where printed once on the label's line.
5. Nothing: the page is shown whole, smaller, and the picture says that no place is marked. A
   wrong place is never outlined.

The work is bounded: a document's pages are opened once, each page needed is rendered once (in
grays, 108 dpi) and its characters read once; each finding gets a crop of its page. The whole is
done for one document in a child process with the readers' memory and time budget
(``read.isolate``), as reading is: the PDF came from outside.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from yusuan.reports.model import BBox, CellBox, Place, ReportFinding

if TYPE_CHECKING:
    from PIL.Image import Image

SCALE = 1.5  # pixels per PDF point: 108 dpi, small type stays legible
THUMB = 0.75  # pixels per point of a page shown whole (no place found): 54 dpi
MARGIN = 48.0  # points of the page shown above and below the place
MAX_BAND = 360.0  # points: the tallest crop; places further apart show the first one
HIGHLIGHT = (230, 0, 70)  # the outline: the page is drawn in grays, so no other pixel has a hue
_GRAYS = 16
_PAD = 2.0  # points between a box and its outline
_ROW_PAD = 3.0  # points more on each side of a row's printed text (its first and last cells' text)
_WIDTH = 3  # pixels of the outline


@dataclass(slots=True)
class Region:
    """A picture of part of a page, with the outlined boxes."""

    page: int
    png: bytes
    width: int  # pixels
    height: int
    crop: BBox  # the page region shown, in page points
    scale: float  # pixels per point
    boxes: list[BBox] = field(default_factory=list)  # outlined, in page points
    how: str = ""  # cell / row / text, or "" when nothing is outlined
    note: str = ""  # Chinese: what is outlined, or why nothing is

    def pixel_box(self, box: BBox) -> tuple[int, int, int, int]:
        """A page box in this picture's pixels (x0, y0, x1, y1), as the outline is drawn around it."""
        x0, top, x1, bottom = box
        cx, ct = self.crop[0], self.crop[1]
        return (
            round((x0 - _PAD - cx) * self.scale),
            round((top - _PAD - ct) * self.scale),
            round((x1 + _PAD - cx) * self.scale),
            round((bottom + _PAD - ct) * self.scale),
        )


_HOW = {
    "cell": "红框标出该单元格",
    "row": "红框标出该表格行",
    "text": "红框标出该处文字",
}


# -- finding the place on its page ---------------------------------------------------------------------


class _PageText:
    """A page's characters in reading lines, as one string without spaces and where each came from."""

    def __init__(self, lines: list[list[tuple[str, BBox]]]) -> None:
        self.flat: list[str] = []
        self.where: list[tuple[int, BBox]] = []  # line index, the character's box
        for n, line in enumerate(lines):
            for text, box in line:
                if not text.isspace():
                    self.flat.append(text)
                    self.where.append((n, box))
        self.text = "".join(self.flat)

    def find(self, needle: str) -> list[int]:
        key = "".join(needle.split())
        if not key:
            return []
        out, start = [], self.text.find(key)
        while start >= 0:
            out.append(start)
            start = self.text.find(key, start + 1)
        return out

    def boxes(self, start: int, length: int) -> list[BBox]:
        """The boxes of a match, one per line it runs over."""
        by_line: dict[int, list[BBox]] = {}
        for n, box in self.where[start : start + length]:
            by_line.setdefault(n, []).append(box)
        return [_union(bs) for bs in by_line.values()]

    def extent(self) -> tuple[float, float] | None:
        """The horizontal extent of everything printed on the page."""
        if not self.where:
            return None
        return min(b[0] for _, b in self.where), max(b[2] for _, b in self.where)

    def line_of(self, start: int) -> int:
        return self.where[start][0]

    def span(self, top: float, bottom: float) -> tuple[float, float] | None:
        """The horizontal extent of the characters whose middle lies between top and bottom."""
        xs = [(b[0], b[2]) for _, b in self.where if top <= (b[1] + b[3]) / 2 <= bottom]
        if not xs:
            return None
        return min(x for x, _ in xs), max(x for _, x in xs)


_ELLIPSES = ("…", "...", "⋯")


def _needle(p: Place) -> str:
    """The text to look for on the page: the place's text without spaces and without the ellipses
    that mark a quoted excerpt (“…费预算为464.64万元”); a table named without a row or text (a
    missing or empty table) is found by its printed title."""
    text = p.text if p.text else (p.table if p.table and not p.row else None)
    key = "".join((text or "").split())
    for mark in _ELLIPSES:
        key = key.removeprefix(mark).removesuffix(mark)
    return key if len(key) >= 2 else ""


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


class _Locator:
    """Places of one page → boxes, by the steps of the module's docstring."""

    def __init__(self, page: int, cells: list[CellBox], text: _PageText) -> None:
        self.page = page
        self.rows: dict[int, list[CellBox]] = {}
        for c in cells:
            if c.page == page:
                self.rows.setdefault(c.line, []).append(c)
        self.text = text

    def _band(self, line: int | None) -> tuple[float, float] | None:
        cells = self.rows.get(line) if line is not None else None
        if not cells:
            return None
        return min(c.bbox[1] for c in cells), max(c.bbox[3] for c in cells)

    def _in_other_row(self, start: int, p: Place) -> bool:
        """Whether a text match starts inside a table row other than the place's own line: the
        same words in a table are not the sentence the finding points at."""
        if p.line is None:
            return False
        _, box = self.text.where[start]
        middle = (box[1] + box[3]) / 2
        return any(
            line != p.line and min(c.bbox[1] for c in row) <= middle <= max(c.bbox[3] for c in row)
            for line, row in self.rows.items()
        )

    def _unique(self, text: str, p: Place) -> int | None:
        key = "".join(text.split())
        hits = [h for h in self.text.find(key) if not self._in_other_row(h, p)] if len(key) >= 2 else []
        return hits[0] if len(hits) == 1 else None

    def _row_parts(self, p: Place) -> list[BBox]:
        """A table row printed with merged cells (a performance form's 一级/二级指标 span several
        rows), so its cells are not one run of text: its label, found once on the page, and its
        last cell where printed once on the label's line."""
        label = self._unique(p.row or "", p)
        if label is None:
            return []
        boxes = self.text.boxes(label, len("".join((p.row or "").split())))
        last = "".join((p.text or "").split("\t")[-1].split())
        line = self.text.line_of(label)
        same = [h for h in self.text.find(last) if self.text.line_of(h) == line] if len(last) >= 1 else []
        if len(same) == 1 and last != "".join((p.row or "").split()):
            boxes += self.text.boxes(same[0], len(last))
        return boxes

    def locate(self, places: list[Place]) -> tuple[list[list[BBox]], list[str]]:
        """For each place (all on this page): its boxes (empty when not found) and how found."""
        found: list[list[BBox]] = [[] for _ in places]
        how = [""] * len(places)
        # text matches: (place index, match start) of places found once, for siblings' lines
        anchors: list[tuple[int, int]] = []
        pending: list[tuple[int, list[int]]] = []
        for i, p in enumerate(places):
            if p.bbox is not None:
                found[i], how[i] = [p.bbox], "cell"
                continue
            row = self.rows.get(p.line) if p.line is not None else None
            if row and p.column:
                same = [c for c in row if c.header == p.column]
                if len(same) == 1:
                    found[i], how[i] = [same[0].bbox], "cell"
                    continue
            band = self._band(p.line)
            if band is not None:
                span = self.text.span(*band)
                x0 = min(c.bbox[0] for c in row or [])
                x1 = max(c.bbox[2] for c in row or [])
                if span is not None:
                    x0, x1 = min(x0, span[0]), max(x1, span[1])
                found[i], how[i] = [(x0 - _ROW_PAD, band[0], x1 + _ROW_PAD, band[1])], "row"
                continue
            needle = _needle(p)
            if not needle:
                continue
            hits = [h for h in self.text.find(needle) if not self._in_other_row(h, p)]
            if len(hits) == 1:
                found[i], how[i] = self.text.boxes(hits[0], len(needle)), "text"
                anchors.append((i, hits[0]))
            elif len(hits) > 1:
                pending.append((i, hits))
            elif p.row and p.text and "\t" in p.text:
                found[i] = self._row_parts(p)
                how[i] = "text" if found[i] else ""
        for i, hits in pending:
            p = places[i]
            chosen: set[int] = set()
            for j, start in anchors:
                other = places[j]
                if p.line is None or other.line is None or abs(p.line - other.line) > 3:
                    continue
                want = self.text.line_of(start) + (p.line - other.line)
                chosen.update(h for h in hits if self.text.line_of(h) == want)
            if len(chosen) == 1:
                found[i], how[i] = self.text.boxes(chosen.pop(), len(_needle(p))), "text"
        return found, how


# -- rendering -----------------------------------------------------------------------------------------


class _Rendered:
    """One page rendered in grays in the reader's upright view, with its text in lines."""

    def __init__(self, image: Image, text: _PageText) -> None:
        self.image = image  # mode L, pixels = points × SCALE
        self.text = text


def _render(page: Any) -> _Rendered | None:
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

    from yusuan.read.pdf.lines import _group_lines
    from yusuan.read.pdf.page import _page_chars

    chars, view = _page_chars(page)
    lines = [[(c.text, (c.x0, c.top, c.x1, c.bottom)) for c in line] for line in _group_lines(chars)]
    # the extra turn that makes PDFium's picture the reader's view: checked on three corners
    width, height = page.get_size()
    left, bottom, right, top = view.left, view.bottom, view.right, view.top
    corners = [(left, bottom), (right, top), (left, top)]
    dx, dy = ctypes.c_int(), ctypes.c_int()
    turn = None
    for k in range(4):
        sx, sy = (width, height) if k % 2 == 0 else (height, width)
        sx, sy = round(sx * SCALE), round(sy * SCALE)
        ok = True
        for x, y in corners:
            pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, sx, sy, k, x, y, ctypes.byref(dx), ctypes.byref(dy))
            vx, vy = view.point(x, y)
            if abs(dx.value - vx * SCALE) > 2 or abs(dy.value - vy * SCALE) > 2:
                ok = False
                break
        if ok:
            turn = k
            break
    if turn is None:
        return None
    bitmap = page.render(scale=SCALE, rotation=turn * 90, grayscale=True)
    image: Image = bitmap.to_pil().convert("L")
    bitmap.close()
    return _Rendered(image, _PageText(lines))


def _palette() -> list[int]:
    out: list[int] = []
    for i in range(_GRAYS):
        v = round(i * 255 / (_GRAYS - 1))
        out += [v, v, v]
    out += list(HIGHLIGHT)
    return out


def _picture(page: _Rendered, number: int, crop: BBox, scale: float, boxes: list[BBox]) -> Region:
    from PIL import ImageDraw

    x0, top, x1, bottom = (round(v * SCALE) for v in crop)
    part = page.image.crop((x0, top, x1, bottom))
    if scale != SCALE:
        part = part.resize(
            (max(1, round(part.width * scale / SCALE)), max(1, round(part.height * scale / SCALE)))
        )
    # 16 grays and the outline's colour: small PNGs, and the outline is the one hue in the picture
    shift = 8 - (_GRAYS - 1).bit_length()
    part = part.point(lambda v: v >> shift)
    part.putpalette(_palette())
    region = Region(number, b"", part.width, part.height, crop, scale, list(boxes))
    draw = ImageDraw.Draw(part)
    for box in boxes:
        x0, y0, x1, y1 = region.pixel_box(box)
        draw.rectangle((x0, y0, x1, y1), outline=_GRAYS, width=_WIDTH)
    out = io.BytesIO()
    part.save(out, format="PNG", compress_level=6)
    region.png = out.getvalue()
    return region


def _crop(
    page_size: tuple[float, float], located: list[list[BBox]], printed: tuple[float, float] | None
) -> tuple[BBox, list[BBox]]:
    """The page band to show and the boxes inside it: all the places if they fit in MAX_BAND, else
    the first place's; as wide as what is printed on the page (the white margins left out)."""
    width, height = page_size
    every = [b for bs in located for b in bs]
    first = next(bs for bs in located if bs)
    union = _union(every)
    if union[3] - union[1] > MAX_BAND - 2 * MARGIN:
        union = _union(first)
    top = max(0.0, union[1] - MARGIN)
    bottom = min(height, union[3] + MARGIN)
    if bottom - top > MAX_BAND:  # one place taller than the band (a long paragraph): its start
        bottom = top + MAX_BAND
    shown = [b for b in every if b[3] > top and b[1] < bottom]
    left, right = printed or (0.0, width)
    left = max(0.0, min(left, *(b[0] for b in shown)) - MARGIN / 4)
    right = min(width, max(right, *(b[2] for b in shown)) + MARGIN / 4)
    return (left, top, right, bottom), shown


def _first_page(f: ReportFinding) -> int | None:
    """The page a finding's picture shows: the first of its places that has one."""
    return next((p.page for p in f.places if p.page is not None), None)


def _regions(pdf: bytes, cells: list[CellBox], findings: list[ReportFinding]) -> dict[int, Region]:
    """finding index → its picture (findings without a page get none)."""
    import pypdfium2 as pdfium

    by_page: dict[int, list[ReportFinding]] = {}
    for f in findings:
        page = _first_page(f)
        if page is not None:
            by_page.setdefault(page, []).append(f)
    out: dict[int, Region] = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for number in sorted(by_page):
            if not 1 <= number <= len(doc):
                continue
            page = doc[number - 1]
            try:
                rendered = _render(page)
            finally:
                page.close()
            if rendered is None:
                continue
            size = (rendered.image.width / SCALE, rendered.image.height / SCALE)
            locator = _Locator(number, cells, rendered.text)
            for f in by_page[number]:
                on_page = [p for p in f.places if p.page == number]
                located, how = locator.locate(on_page)
                if any(located):
                    crop, shown = _crop(size, located, rendered.text.extent())
                    region = _picture(rendered, number, crop, SCALE, shown)
                    kind = next(h for h, bs in zip(how, located, strict=True) if bs)
                    region.how = kind
                    region.note = f"第{number}页，{_HOW[kind]}"
                else:
                    region = _picture(rendered, number, (0.0, 0.0, *size), THUMB, [])
                    region.note = f"第{number}页（未能在页面上确定具体位置，显示整页，未标出）"
                out[f.index] = region
            del rendered
    finally:
        doc.close()
    return out


#: pages drawn in one child process: the child's time budget is spent on a bounded amount of work
PAGES_PER_CHILD = 20


def regions(pdf: bytes, cells: list[CellBox], findings: list[ReportFinding], name: str) -> dict[int, Region]:
    """The pictures of a document's findings, made in child processes within the readers' budget
    (PAGES_PER_CHILD pages each); the findings of pages that cannot be drawn within it get none."""
    import pypdfium2  # noqa: F401 - imported once here, not in every child
    from PIL import Image, ImageDraw  # noqa: F401

    from yusuan.read.errors import UnreadableInput
    from yusuan.read.isolate import isolated

    pages = sorted({p for f in findings if (p := _first_page(f)) is not None})
    out: dict[int, Region] = {}
    for k in range(0, len(pages), PAGES_PER_CHILD):
        chunk = set(pages[k : k + PAGES_PER_CHILD])
        part = [f for f in findings if _first_page(f) in chunk]
        try:
            out.update(isolated(partial(_regions, pdf, cells, part), name, "PDF 页面图像"))
        except UnreadableInput:
            continue
    return out
