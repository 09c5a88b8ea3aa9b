"""One page read into its lines and tables."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pypdfium2 as pdfium  # type: ignore[import-untyped]

from yusuan.read.limits import LimitHit
from yusuan.read.pdf.grids import _grids, _merge_collinear
from yusuan.read.pdf.items import _Line, _Page, _Table
from yusuan.read.pdf.lines import _group_lines, _pieces, _text
from yusuan.read.pdf.page import _Budget, _page_chars, _page_graphics
from yusuan.read.pdf.ruled import _table
from yusuan.read.pdf.shared import _MARGIN
from yusuan.read.pdf.unruled import _unruled_tables

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_]*\d{1,4}[-—–－_]*|第\d{1,4}页(?:[/,，]?共\d{1,4}页)?|\d{1,4}/\d{1,4}|page\d{1,4}(?:of\d{1,4})?)$",
    re.IGNORECASE,
)


def _read_page(
    page: pdfium.PdfPage, number: int, rows: Iterator[int], tail: list[float], name: str = "<pdf>"
) -> _Page:
    budget = _Budget(name, number)
    try:
        return _read_page_within(page, number, rows, tail, budget)
    except LimitHit as hit:
        raise hit.named(name) from None


def _read_page_within(
    page: pdfium.PdfPage, number: int, rows: Iterator[int], tail: list[float], budget: _Budget
) -> _Page:
    chars, view = _page_chars(page, budget)
    width, height = view.size
    hs, vs, has_image = _page_graphics(page, view, budget)
    budget.time()
    items: list[_Line | _Table] = []
    rest = chars
    grids = _grids(hs, vs)
    for grid in grids:
        inside = [ch for ch in rest if grid.contains((ch.x0 + ch.x1) / 2, ch.cy)]
        if not inside:
            continue  # a grid with no text is a drawing, not a table
        rest = [ch for ch in rest if not grid.contains((ch.x0 + ch.x1) / 2, ch.cy)]
        budget.time()
        table, lifted = _table(grid, inside, number)
        rest.extend(lifted)
        if table is not None:
            items.append(table)
    free = [
        h for h in _merge_collinear(hs) if not any(g.contains((h.start + h.end) / 2, h.pos) for g in grids)
    ]
    budget.time()
    unruled, lines = _unruled_tables(_group_lines(rest), free, (width, height), number, tail)
    items.extend(unruled)
    for line in lines:
        row = next(rows)
        for piece in _pieces(line):
            text = _text(piece).strip()
            if not text:
                continue
            visible = [ch for ch in piece if not ch.text.isspace()]
            size = Counter(ch.size for ch in visible).most_common(1)[0][0]
            items.append(
                _Line(
                    text,
                    min(ch.x0 for ch in visible),
                    min(ch.top for ch in visible),
                    max(ch.x1 for ch in visible),
                    max(ch.bottom for ch in visible),
                    size,
                    all(ch.bold for ch in visible),
                    number,
                    row,
                )
            )
    items = [it for it in items if not (isinstance(it, _Line) and _is_page_number(it, height))]
    items = _drop_outer_page_number(items, height)
    items.sort(key=lambda it: (it.top, it.x0 if isinstance(it, _Line) else it.xs[0]))
    # text that is only a page number does not make a scanned page readable
    count = sum(
        len(it.text) if isinstance(it, _Line) else sum(len(c.text) for r in it.rows for c in r)
        for it in items
    )
    return _Page(number, width, height, items, count, has_image)


def _tail(page: _Page | None) -> list[float]:
    """Where the amounts of a table drawn without rules that ends ``page`` end (nothing but the
    bottom margin after it), for its last rows carried over to the next page."""
    if page is None:
        return []
    for item in reversed(page.items):
        if isinstance(item, _Table):
            return [] if item.ruled else item.ends
        if item.top < (1 - _MARGIN) * page.height:
            break
    return []


def _drop_outer_page_number(items: list[_Line | _Table], height: float) -> list[_Line | _Table]:
    """A page number set higher than the bottom margin ("— 8 —" at 90% of a landscape page's
    height) is still one when nothing on the page is below it (above it, at the top), within the
    outer fifth of the page."""
    if not items:
        return items
    last = max(items, key=lambda it: it.bottom)
    first = min(items, key=lambda it: it.top)
    drop = [
        it
        for it, outer in ((last, last.top > 0.8 * height), (first, first.bottom < 0.2 * height))
        if outer and isinstance(it, _Line) and _PAGE_NUMBER.match(it.text.replace(" ", ""))
    ]
    return [it for it in items if not any(it is d for d in drop)] if drop else items


def _is_page_number(line: _Line, height: float) -> bool:
    in_margin = line.top > (1 - _MARGIN) * height or line.bottom < _MARGIN * height
    return in_margin and bool(_PAGE_NUMBER.match(line.text.replace(" ", "")))
