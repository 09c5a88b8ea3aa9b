"""The table of a ruled grid: its cells' text and boxes, title rows lifted out."""

from __future__ import annotations

import bisect
import itertools

from yusuan.model import Cell
from yusuan.read.pdf.grids import _Grid
from yusuan.read.pdf.items import _Table
from yusuan.read.pdf.lines import _cell_text, _words
from yusuan.read.pdf.page import _Char
from yusuan.read.pdf.rows import _split_bands
from yusuan.read.pdf.shared import _median


def _table(grid: _Grid, chars: list[_Char], page: int) -> tuple[_Table | None, list[_Char]]:
    """The table of a grid, and the characters of its title rows (given back as text lines)."""
    words = _split_at_rules(_words(chars), grid)
    grid = _split_bands(grid, words)
    by_cell: dict[int, list[_Char]] = {}
    for word in words:
        # a word goes where its middle is: an amount a little too wide for its cell stays whole
        x = (word[0].x0 + word[-1].x1) / 2
        by_cell.setdefault(grid.cell_at(x, word[0].cy), []).extend(word)
    cols = grid.columns
    spans: dict[int, tuple[int, int, int, int]] = {}  # owner → first row, first col, last row, last col
    for i, owner in enumerate(grid.owner):
        r, c = divmod(i, cols)
        r0, c0, r1, c1 = spans.get(owner, (r, c, r, c))
        spans[owner] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
    first, lifted = _title_rows(grid, spans, by_cell)
    rows: list[list[Cell]] = []
    for r in range(first, len(grid.ys) - 1):
        row: list[Cell] = []
        for c in range(cols):
            i = r * cols + c
            owner = grid.owner[i]
            r0, c0, r1, c1 = spans[owner] if owner == i else (r, c, r, c)
            text = _cell_text(by_cell.get(owner, [])) if owner == i else ""
            bbox = (
                round(grid.xs[c0], 2),
                round(grid.ys[r0], 2),
                round(grid.xs[c1 + 1], 2),
                round(grid.ys[r1 + 1], 2),
            )
            row.append(Cell(text, page=page, column=c, bbox=bbox))
        if any(cell.text for cell in row):
            rows.append(row)
    rows = _drop_slivers(rows, grid.xs)
    if not rows:
        return None, chars
    return _Table(rows, page, grid.ys[first], grid.ys[-1], grid.xs), lifted


def _split_at_rules(words: list[list[_Char]], grid: _Grid) -> list[list[_Char]]:
    """Words cut where a vertical rule of the grid runs between two of their characters: a name
    filling its cell up to the rule and the amount right after it touch, and so do two amounts set
    flush right (168,441.81|154,304.22), but a person sees two cells. PDFium's loose boxes are the
    font's, wider than the glyphs (a digit of a CJK font overlaps the next), so the rule need not
    fall in a gap between boxes: it cuts where it runs between two characters' centres that are
    set apart (a step of 1.5 times the word's usual one, or a gap between their boxes) or where CJK
    meets digits. An amount a little too wide for its cell, evenly set, stays whole, and so does a
    name running on."""
    rules = sorted(grid.vs, key=lambda v: v.pos)
    positions = [v.pos for v in rules]
    out: list[list[_Char]] = []
    for word in words:
        lo = bisect.bisect_left(positions, (word[0].x0 + word[0].x1) / 2)
        if len(word) < 2 or lo >= len(positions) or positions[lo] > word[-1].x0:
            out.append(word)
            continue
        centres = [(ch.x0 + ch.x1) / 2 for ch in word]
        step = _median([b - a for a, b in itertools.pairwise(centres)])
        part = [word[0]]
        for i, (a, b) in enumerate(itertools.pairwise(word)):
            ca, cb = centres[i], centres[i + 1]
            cut = any(
                ca < v.pos < cb
                and (
                    a.x1 - 1 <= v.pos <= b.x0 + 1
                    or cb - ca > 1.5 * step
                    or a.text.isascii() != b.text.isascii()
                )
                and v.start - 1 <= a.cy <= v.end + 1
                for v in rules[lo:]
                if v.pos <= b.x1
            )
            if cut:
                out.append(part)
                part = []
            part.append(b)
        out.append(part)
    return out


def _title_rows(
    grid: _Grid, spans: dict[int, tuple[int, int, int, int]], by_cell: dict[int, list[_Char]]
) -> tuple[int, list[_Char]]:
    """Leading rows that are one cell as wide as the table (a title drawn inside the frame, like
    "财政项目支出绩效目标填报表"): the first row left in the table and the titles' characters."""
    cols, rows = grid.columns, len(grid.ys) - 1
    first, lifted = 0, []
    while first < min(3, rows - 2):
        owner = grid.owner[first * cols]
        r0, c0, r1, c1 = spans[owner]
        if cols < 2 or (c0, c1) != (0, cols - 1) or r0 != first or not by_cell.get(owner):
            break
        lifted.extend(by_cell[owner])
        first = r1 + 1
    return first, lifted


def _drop_slivers(rows: list[list[Cell]], xs: list[float]) -> list[list[Cell]]:
    """Columns a few points wide and empty everywhere are misaligned rules, not columns."""
    keep = [
        c for c in range(len(xs) - 1) if xs[c + 1] - xs[c] >= 6 or any(c < len(r) and r[c].text for r in rows)
    ]
    if len(keep) == len(xs) - 1:
        return rows
    out = []
    for row in rows:
        cells = [row[c] for c in keep]
        for i, cell in enumerate(cells):
            cell.column = i
        out.append(cells)
    return out
