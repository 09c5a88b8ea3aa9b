"""Opening and checking the file, reading its pages, and assembling them into a Document."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from yusuan.model import Block, Cell, Document
from yusuan.read.errors import UnreadableInput
from yusuan.read.isolate import isolated
from yusuan.read.limits import LIMITS, check_regular_file, over
from yusuan.read.pdf.items import _Line, _Page, _Table
from yusuan.read.pdf.layout import _Layout
from yusuan.read.pdf.read_page import _read_page, _tail


def _check_file(path: Path, name: str) -> None:
    """Refuse what is plainly not a whole PDF before PDFium guesses at it."""
    size = check_regular_file(path)
    try:
        with path.open("rb") as f:
            head = f.read(1024)
            f.seek(max(0, size - 2048))
            tail = f.read()
    except OSError as exc:
        raise UnreadableInput(f"{name}：无法读取（{exc.strerror or exc}）") from exc
    if size == 0:
        raise UnreadableInput(f"{name}：文件是空的（0 字节），不是有效的 PDF")
    if b"%PDF-" not in head:
        kind = "，看起来是网页（HTML）" if head.lstrip()[:1] == b"<" else ""
        raise UnreadableInput(f"{name}：不是 PDF 文件（文件开头没有 %PDF 标记{kind}），请确认文件格式")
    if b"%%EOF" not in tail:
        raise UnreadableInput(
            f"{name}：PDF 文件不完整（末尾缺少 %%EOF 结束标记），可能下载中断或被截断，请重新获取完整文件"
        )


def _open(path: Path, name: str) -> pdfium.PdfDocument:
    _check_file(path, name)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableInput(f"{name}：PDF 已加密，需要密码才能打开；请提供未加密的文件") from exc
        raise UnreadableInput(f"{name}：PDF 文件已损坏，无法打开（{exc}）") from exc


def read_pdf(path: str | Path) -> Document:
    """Read a PDF with a text layer into blocks; raises UnreadableInput for files it cannot read.

    The reading runs in a child process with a memory and time budget (yusuan.read.isolate):
    PDFium's own parsing of a hostile page cannot be bounded from Python."""
    name = str(path)
    _check_file(Path(path), name)
    return isolated(partial(_read_pdf, path), name, " PDF ")


def _read_pdf(path: str | Path) -> Document:
    name = str(path)
    doc = _open(Path(path), name)
    pages: list[_Page] = []
    problems: list[str] = []
    rows = iter(range(1, 1 << 62))
    total = len(doc)
    if total > LIMITS.pdf_pages:
        doc.close()
        raise over(name, f"页数（{total:,} 页）", LIMITS.pdf_pages, " 页")
    chars = 0
    try:
        for index in range(total):
            try:
                page = doc[index]
                try:
                    pages.append(_read_page(page, index + 1, rows, _tail(pages[-1] if pages else None), name))
                finally:
                    page.close()
                chars += pages[-1].chars
                if chars > LIMITS.pdf_chars:
                    raise over(name, f"文字总数（读到第 {index + 1} 页）", LIMITS.pdf_chars, " 个字符")
            except pdfium.PdfiumError:
                problems.append(f"第 {index + 1} 页已损坏，未能读取")
    finally:
        doc.close()
    if not pages:
        raise UnreadableInput(f"{name}：PDF 中没有可读取的页面（文件可能已损坏）")
    if sum(p.chars for p in pages) == 0:
        raise UnreadableInput(
            f"{name}：PDF 没有文字层（可能是扫描件或图片），无法读取文字；请先进行 OCR 文字识别，"
            "或提供带文字的 PDF、Word、Excel 文件"
        )
    for p in pages:
        if p.chars == 0 and p.has_image:
            problems.append(f"第 {p.number} 页只有图片、没有文字层（可能是扫描件），未能读取，需要 OCR")
    return Document(path=name, blocks=_assemble(pages), format="pdf", pages=total, problems=problems)


def _assemble(pages: list[_Page]) -> list[Block]:
    _drop_running_lines(pages)
    items = _join_tables(pages)
    _number(items)
    return _Layout(pages, items).blocks()


def _drop_running_lines(pages: list[_Page]) -> None:
    """Lines repeated in the top or bottom margin of most pages are running headers or footers."""
    if len(pages) < 3:
        return
    seen: Counter[str] = Counter()
    for page in pages:
        texts = {
            re.sub(r"\d+", "#", it.text.replace(" ", ""))
            for it in page.items
            if isinstance(it, _Line) and (it.bottom < 0.08 * page.height or it.top > 0.92 * page.height)
        }
        seen.update(texts)
    running = {t for t, n in seen.items() if n >= 3 and n >= 0.5 * len(pages)}
    if not running:
        return
    for page in pages:
        page.items = [
            it
            for it in page.items
            if not (
                isinstance(it, _Line)
                and (it.bottom < 0.08 * page.height or it.top > 0.92 * page.height)
                and re.sub(r"\d+", "#", it.text.replace(" ", "")) in running
            )
        ]


def _column_map(prev: list[float], xs: list[float]) -> list[int] | None:
    """Where each column boundary of a continuation falls among the boundaries of the table it
    continues: the same edges, or fewer (a 合计 row whose label spans the code columns)."""
    width = max(prev[-1] - prev[0], 1.0)
    tol = max(3.0, 0.02 * width)
    out: list[int] = []
    for x in xs:
        j = min(range(len(prev)), key=lambda k: abs((prev[k] - prev[0]) - (x - xs[0])))
        if abs((prev[j] - prev[0]) - (x - xs[0])) > tol or (out and j <= out[-1]):
            return None
        out.append(j)
    return out if out[0] == 0 and out[-1] == len(prev) - 1 else None


def _column_match(prev: list[float], spans: list[tuple[float, float]]) -> list[int] | None:
    """Column map for a table rebuilt without rules (its edges lie between its texts, which change
    from page to page): each column (``spans``, the extent of its text) goes to the column of
    ``prev`` its middle falls in, all of them in order, within the width of ``prev``; the first
    goes to the first (a 合计 label over the code and name columns, as _column_map has it)."""
    slack = max(10.0, 0.03 * (prev[-1] - prev[0]))
    if not spans or spans[0][0] < prev[0] - slack or spans[-1][1] > prev[-1] + slack:
        return None
    out: list[int] = []
    for a, b in spans:
        j = min(max(bisect.bisect_right(prev, (a + b) / 2) - 1, 0), len(prev) - 2)
        if out and j <= out[-1]:
            return None
        out.append(j)
    return [0, *out[1:], len(prev) - 1]


def _widen(row: list[Cell], edges: list[int]) -> list[Cell]:
    """A continuation row on the columns of the table it continues (spanned columns empty)."""
    out: list[Cell] = []
    for cell, (a, b) in zip(row, itertools.pairwise(edges), strict=False):
        cell.column = a
        out.append(cell)
        out.extend(Cell("", cell.line, cell.page, c, cell.bbox) for c in range(a + 1, b))
    return out


def _row_texts(row: list[Cell]) -> list[str]:
    return [c.text.replace(" ", "") for c in row]


def _join_tables(pages: list[_Page]) -> list[_Line | _Table]:
    """All items in reading order, a table continued on the next page joined to its start. The
    continuation may open its page with the table's title and unit lines again (the Changsha and
    Yantai templates repeat them on every page): lines equal to those above the table's start, then
    the table with its header rows repeated; the repeated lines are dropped too."""
    out: list[_Line | _Table] = []
    for page in pages:
        held: list[_Line] = []  # lines opening the page that repeat those above the table ending out
        for k, item in enumerate(page.items):
            prev = out[-1] if out else None
            opening = len(held) == k  # nothing but held lines before it on its page
            if opening and isinstance(item, _Table) and isinstance(prev, _Table) and prev.page < item.page:
                edges = _column_map(prev.xs, item.xs) if item.ruled else _column_match(prev.xs, item.spans)
                if edges is not None:
                    rows = [_widen(r, edges) for r in item.rows]
                    repeated = 0
                    for n in range(min(len(prev.rows), len(rows) - 1), 0, -1):
                        if [_row_texts(r) for r in prev.rows[:n]] == [_row_texts(r) for r in rows[:n]]:
                            repeated = n
                            break
                    if not held or repeated:
                        prev.rows.extend(rows[repeated:])
                        held = []
                        continue
            if opening and isinstance(item, _Line) and _repeats_title(out, item, held):
                held.append(item)
                continue
            out.extend(held)
            held = []
            out.append(item)
        out.extend(held)
    return out


def _repeats_title(out: list[_Line | _Table], line: _Line, held: list[_Line]) -> bool:
    """Whether ``line`` (after the lines ``held`` back before it on its page) repeats one of the
    lines just above the table that ends ``out``: its title, unit or department line."""
    if not out or not isinstance(out[-1], _Table):
        return False
    table = out[-1]
    first_page = table.rows[0][0].page if table.rows and table.rows[0] else table.page
    above: set[str] = set()
    for it in reversed(out[:-1]):
        if not isinstance(it, _Line) or it.page != first_page:
            break
        above.add(it.text.replace(" ", ""))
    text = line.text.replace(" ", "")
    return bool(text) and text in above and len(held) < len(above)


def _number(items: list[_Line | _Table]) -> None:
    """Running line numbers: one per visual line (its pieces share it) and one per table row."""
    n = 0
    last_row = None
    for item in items:
        if isinstance(item, _Line):
            if item.row != last_row:
                n += 1
                last_row = item.row
            item.number = n
        else:
            last_row = None
            for row in item.rows:
                n += 1
                for cell in row:
                    cell.line = n
