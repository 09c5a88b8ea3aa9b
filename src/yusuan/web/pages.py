"""What the document view shows of the stored file: a PDF page as a PNG image (rendered on the
server with pypdfium2, kept in a small cache) or, for text, Word, Excel and HTML documents, the
document's lines as the reader numbered them."""

from __future__ import annotations

import io
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from yusuan.model.document import Heading, Paragraph, TableBlock, TocEntry
from yusuan.read import UnreadableInput, read_document
from yusuan.read.decode import decode_text
from yusuan.read.isolate import isolated

SCALE = 1.5  # 108 dpi: table text readable, a page about 1,260 px wide
_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "xls": ".xls", "html": ".html", "text": ".md"}

#: PDFium is not thread-safe: one page is rendered at a time in this process
PDFIUM_LOCK = threading.Lock()


class PageError(ValueError):
    """A page that cannot be shown (Chinese message)."""


@dataclass(frozen=True, slots=True)
class RenderedPage:
    png: bytes
    width: float  # the page's size in PDF points (the boxes' unit)
    height: float


class PageCache:
    """Rendered pages by (document, page), least recently used dropped first."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, int], RenderedPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, document_id: str, page: int, content: bytes) -> RenderedPage:
        key = (document_id, page)
        with self._lock:
            hit = self._pages.get(key)
            if hit is not None:
                self._pages.move_to_end(key)
                return hit
        rendered = render_page(content, page)
        with self._lock:
            self._pages[key] = rendered
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return rendered

    def size_of(self, document_id: str, page: int, content: bytes) -> tuple[float, float]:
        p = self.get(document_id, page, content)
        return p.width, p.height


def render_page(content: bytes, page: int) -> RenderedPage:
    """A page as PNG, drawn in a child process with the readers' memory and time budget (PDFium
    is C code: a page that draws for ever or eats memory costs that child, never the server)."""
    with PDFIUM_LOCK:  # one fork at a time, never while another thread is inside PDFium
        try:
            return isolated(partial(_render_page, content, page), "文档", "PDF 页面")
        except UnreadableInput as exc:
            raise PageError(str(exc)) from exc


def _render_page(content: bytes, page: int) -> RenderedPage:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        raise PageError(f"无法打开 PDF（{exc}）") from exc
    try:
        if not 1 <= page <= len(pdf):
            raise PageError(f"没有第 {page} 页（共 {len(pdf)} 页）")
        p = pdf[page - 1]
        width, height = p.get_size()
        image = p.render(scale=SCALE, rotation=0).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=False)
        p.close()
    finally:
        pdf.close()
    return RenderedPage(out.getvalue(), float(width), float(height))


#: formats whose places are (sheet, row): the reader puts the sheet's number in ``page``
WORKBOOKS = ("xlsx", "xls")


@dataclass(frozen=True, slots=True)
class TextLine:
    number: int  # the line (a workbook: the row of its sheet)
    text: str
    sheet: int | None = None  # a workbook's sheet, 1-based
    sheet_start: bool = False  # the first line shown of its sheet

    @property
    def key(self) -> tuple[int | None, int]:
        return (self.sheet, self.number)

    @property
    def anchor(self) -> str:
        return f"L{self.number}" if self.sheet is None else f"S{self.sheet}L{self.number}"


def place_key(fmt: str, page: int | None, line: int | None) -> tuple[int | None, int] | None:
    """The key of a finding's place among a document's TextLines."""
    if line is None:
        return None
    return (page if fmt in WORKBOOKS else None, line)


class TextCache:
    """A text document's numbered lines, read once per document."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._docs: OrderedDict[str, list[TextLine]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, document_id: str, fmt: str, content: bytes) -> list[TextLine]:
        with self._lock:
            hit = self._docs.get(document_id)
            if hit is not None:
                self._docs.move_to_end(document_id)
                return hit
        lines = text_lines(fmt, content)
        with self._lock:
            self._docs[document_id] = lines
            while len(self._docs) > self.size:
                self._docs.popitem(last=False)
        return lines


def text_lines(fmt: str, content: bytes) -> list[TextLine]:
    """The lines a finding's line number refers to: a text file's own lines; for Word and HTML the
    reader's blocks placed at their line numbers, for a workbook at their (sheet, row) (a table row
    as its cells joined by │)."""
    if fmt == "text":
        text = decode_text(content, "文档")
        return [TextLine(i, s) for i, s in enumerate(text.splitlines(), 1)]
    with tempfile.TemporaryDirectory(prefix="yusuan-view-") as tmp:
        path = Path(tmp) / ("document" + _SUFFIX.get(fmt, ".md"))
        path.write_bytes(content)
        try:
            doc = read_document(path)
        except UnreadableInput as exc:
            raise PageError(str(exc).replace(str(path), "文档")) from exc
    workbook = fmt in WORKBOOKS
    by_place: dict[tuple[int, int], list[str]] = {}

    def put(page: int | None, line: int | None, text: str) -> None:
        if line is not None:
            by_place.setdefault(((page or 0) if workbook else 0, line), []).append(text)

    for block in doc.blocks:
        if isinstance(block, Heading | Paragraph):
            put(block.page, block.line, block.text)
        elif isinstance(block, TocEntry):
            put(None, block.line, block.text)
        elif isinstance(block, TableBlock):
            for row in block.rows:
                first = next((c for c in row if c.line is not None), None)
                if first is not None:
                    put(
                        first.page if first.page is not None else block.page,
                        first.line,
                        " │ ".join(c.text for c in row),
                    )
    out: list[TextLine] = []
    last_sheet = None
    for (sheet, line), parts in sorted(by_place.items()):
        shown = sheet if workbook else None
        out.append(TextLine(line, "  ".join(parts), shown, workbook and sheet != last_sheet))
        last_sheet = sheet
    return out


# -- finding a quoted passage on a PDF page --------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top left
MIN_QUOTE = 6  # characters (spaces left out): a shorter quote is too likely to be somewhere else too
_SPACE = frozenset(" \t\r\n\u3000\xa0")


def page_characters(content: bytes, page: int) -> tuple[str, list[Box]]:
    """The characters of a page without white space, each with its box (loose, top-left origin),
    read in a child process as a page is drawn."""
    with PDFIUM_LOCK:
        try:
            return isolated(partial(_page_characters, content, page), "文档", "PDF 页面文字")
        except UnreadableInput:
            return "", []


def _page_characters(content: bytes, page: int) -> tuple[str, list[Box]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        if not 1 <= page <= len(pdf):
            return "", []
        p = pdf[page - 1]
        if p.get_rotation() != 0:
            return "", []  # boxes of a rotated page would need turning; not guessed
        height = p.get_height()
        tp = p.get_textpage()
        n = tp.count_chars()
        text = tp.get_text_range(0, n)
        if len(text) != n:
            return "", []
        chars, boxes = [], []
        for i, ch in enumerate(text):
            if ch in _SPACE:
                continue
            left, bottom, right, top = tp.get_charbox(i, loose=True)
            chars.append(ch)
            boxes.append((left, height - top, right, height - bottom))
        tp.close()
        p.close()
    finally:
        pdf.close()
    return "".join(chars), boxes


def find_quote(chars: str, boxes: list[Box], quote: str) -> list[Box] | None:
    """The boxes (one per printed line) of ``quote`` on the page when it is printed there exactly
    once; None when it is too short, absent or printed more than once (never a guess)."""
    wanted = "".join(ch for ch in quote if ch not in _SPACE)
    if len(wanted) < MIN_QUOTE:
        return None
    start = chars.find(wanted)
    if start < 0 or chars.find(wanted, start + 1) >= 0:
        return None
    lines: list[list[Box]] = []
    for box in boxes[start : start + len(wanted)]:
        if lines:
            last = lines[-1][-1]
            mid = (box[1] + box[3]) / 2
            if last[1] <= mid <= last[3] and box[0] >= last[0] - 1:
                lines[-1].append(box)
                continue
        lines.append([box])
    return [
        (min(b[0] for b in ln), min(b[1] for b in ln), max(b[2] for b in ln), max(b[3] for b in ln))
        for ln in lines
    ]


class QuoteFinder:
    """Page characters cached per (document, page) for finding quotes."""

    def __init__(self, size: int = 32) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, int], tuple[str, list[Box]]] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, document_id: str, page: int, content: bytes, quote: str) -> list[Box] | None:
        key = (document_id, page)
        with self._lock:
            hit = self._pages.get(key)
        if hit is None:
            hit = page_characters(content, page)
            with self._lock:
                self._pages[key] = hit
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return find_quote(hit[0], hit[1], quote)
