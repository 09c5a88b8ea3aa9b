"""Text lines lined up as table rows, and rows drawn without a rule inside a ruled band."""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from dataclasses import dataclass

from yusuan.read.pdf.grids import _cut_grid, _Grid, _tall_cells
from yusuan.read.pdf.page import _Char
from yusuan.read.pdf.shared import _ENUM_START, _NUMBER, _OVERLAP, _TOTAL_LABEL, _UNBREAKABLE


@dataclass(slots=True)
class _Baseline:
    """One text line across the columns of a table: column → its characters, left to right."""

    cells: dict[int, list[_Char]]
    top: float
    bottom: float


def _plain(chars: list[_Char]) -> str:
    return "".join(ch.text for ch in chars if not ch.text.isspace())


def _is_number(chars: list[_Char]) -> bool:
    return bool(_NUMBER.match(_plain(chars)))


def _baseline(cells: dict[int, list[_Char]]) -> _Baseline:
    chars = [ch for cell in cells.values() for ch in cell]
    return _Baseline(cells, min(ch.top for ch in chars), max(ch.bottom for ch in chars))


def _row_groups(lines: list[_Baseline], rights: dict[int, float]) -> tuple[list[list[int]], int]:
    """Text lines of a table (top to bottom) grouped into rows, and how many lines were grouped
    before one that fits no rule (the rest are left out).

    A line continues the row above when each of its texts goes on a text of the line above that
    fills its column to ``rights[column]`` (a wrapped name); a line whose texts wrap onto the next
    line's label, or sit above a row that leaves their column empty and go on below it (a label
    centred on its row), starts the row the next line is in; any other line with text in two or
    more columns, in the first column or in a column of words (one that holds mostly words, not
    numbers) starts a row. Amounts never continue anything."""
    n = len(lines)
    number = [{c: _is_number(chars) for c, chars in ln.cells.items()} for ln in lines]
    votes: Counter[int] = Counter()
    for flags in number:
        for c, is_num in flags.items():
            votes[c] += -1 if is_num else 1
    labels = {c for c, v in votes.items() if v > 0} | {0}  # columns of words (names), and the first

    def text_only(i: int) -> bool:
        return not any(number[i].values())

    def wrapped(i: int, c: int) -> bool:
        """Whether the text of column c on line i fills its column: it wraps onto line i + 1 (an
        unbreakable run opening that line may have left its width free at the end of this one)."""
        chars = lines[i].cells.get(c)
        if not chars or number[i][c]:
            return False
        room = 1.5 * chars[-1].size
        after = lines[i + 1].cells.get(c) if i + 1 < n else None
        if after and (m := _UNBREAKABLE.match(_plain(after))):
            room += after[len(m.group(0)) - 1].x1 - after[0].x0
        return chars[-1].x1 >= rights.get(c, math.inf) - room

    def cont(i: int) -> bool:
        cells = lines[i].cells
        return (
            i > 0
            and text_only(i)
            and all(wrapped(i - 1, c) and not _ENUM_START.match(_plain(cells[c])) for c in cells)
        )

    def start(i: int) -> bool:
        cells = lines[i].cells
        return len(cells) >= 2 or not labels.isdisjoint(cells)

    def pre(i: int, depth: int = 0) -> bool:
        if i + 1 >= n or not text_only(i) or cont(i + 1):
            return False
        cols, nxt = lines[i].cells, lines[i + 1].cells
        if all(c in nxt and wrapped(i, c) and not number[i + 1][c] for c in cols):
            return (start(i + 1) and (not text_only(i + 1) or len(nxt) > len(cols))) or (
                depth < 3 and pre(i + 1, depth + 1)
            )
        return (
            start(i + 1)
            and not any(c in nxt for c in cols)
            and i + 2 < n
            and text_only(i + 2)
            and set(lines[i + 2].cells) <= set(cols)
        )

    groups: list[list[int]] = []
    centred: dict[int, set[int]] = {}  # group → columns of the label that began it above its row
    joining = False
    for i in range(n):
        if joining:
            groups[-1].append(i)
            joining = pre(i)
        elif groups and cont(i):
            groups[-1].append(i)
        elif (
            len(groups) - 1 in centred
            and text_only(i)
            and set(lines[i].cells) <= centred[len(groups) - 1]
            and all(c not in lines[i - 1].cells or wrapped(i - 1, c) for c in lines[i].cells)
        ):
            groups[-1].append(i)  # the rest of a label centred on its row
        elif pre(i):
            groups.append([i])
            centred[len(groups) - 1] = set(lines[i].cells)
            joining = True
        elif start(i):
            groups.append([i])
        else:
            return groups, i
    return groups, n


def _header_groups(spans: list[tuple[float, float]], size: float) -> list[list[int]]:
    """Header lines, as (top, bottom) from top to bottom, grouped into rows: a line less than a
    third of an em below the row above (a cell of several lines, a cell centred beside them) is on
    that row."""
    groups: list[list[int]] = []
    for i, (top, _) in enumerate(spans):
        if groups and top < max(spans[j][1] for j in groups[-1]) + 0.3 * size:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _group_has_number(lines: list[_Baseline], group: list[int]) -> bool:
    return any(_is_number(chars) for i in group for chars in lines[i].cells.values())


def _split_bands(grid: _Grid, words: list[list[_Char]]) -> _Grid:
    """Rows drawn without a rule between them: a band of the grid that holds several text lines
    which line up as table rows (see _row_groups) and carry amounts or codes is cut between them."""
    # most grids have a rule under every row: no band holds two lines, one above the other
    reach: dict[int, tuple[float, float]] = {}  # band → (least bottom, greatest top - overlap)
    last = len(grid.ys) - 2
    for word in words:
        band = min(max(bisect.bisect_right(grid.ys, word[0].cy) - 1, 0), last)
        bottom, top = reach.get(band, (math.inf, -math.inf))
        reach[band] = (min(bottom, word[0].bottom), max(top, word[0].top + _OVERLAP * word[0].size))
    if all(top < bottom for bottom, top in reach.values()):
        return grid
    cols = grid.columns
    spans: dict[int, int] = {}  # owner → its last column
    for i, owner in enumerate(grid.owner):
        spans[owner] = max(spans.get(owner, 0), i % cols)
    tall = _tall_cells(grid)
    by_band: dict[int, list[tuple[int, list[_Char]]]] = {}
    inset = math.inf  # the cells' padding: the least room any text leaves before its right rule
    for word in words:
        owner = grid.cell_at((word[0].x0 + word[-1].x1) / 2, word[0].cy)
        inset = min(inset, grid.xs[spans[owner] + 1] - word[-1].x1)
        if owner in tall:
            continue  # the text of a cell over several rows is not a row of one
        band = min(max(bisect.bisect_right(grid.ys, word[0].cy) - 1, 0), len(grid.ys) - 2)
        by_band.setdefault(band, []).append((owner, word))
    cuts: list[float] = []
    texts: list[tuple[float, float]] = []  # top and bottom of the text of each row of a cut band
    for placed in by_band.values():
        placed.sort(key=lambda ow: ow[1][0].top)
        rows: list[list[tuple[int, list[_Char]]]] = []
        bottom = -math.inf
        for owner, word in placed:
            # text overlapping the line above by much of its height is on the same row, set a little
            # higher or lower in its cell
            if rows and word[0].top < bottom - _OVERLAP * word[0].size:
                rows[-1].append((owner, word))
                bottom = max(bottom, word[0].bottom)
            else:
                rows.append([(owner, word)])
                bottom = word[0].bottom
        if len(rows) < 2:
            continue
        lines: list[_Baseline] = []
        rights: dict[int, float] = {}
        for row in rows:
            cells: dict[int, list[_Char]] = {}
            for owner, word in sorted(row, key=lambda ow: ow[1][0].x0):
                cells.setdefault(owner % cols, []).extend(word)
                rights[owner % cols] = grid.xs[spans[owner] + 1] - min(max(inset, 0.0), 0.8 * word[0].size)
            lines.append(_baseline(cells))
        # the lines of words above the first with numbers are a header (in the band when no rule
        # parts it from the body): rows where a gap parts them
        head = next((i for i in range(len(lines)) if _group_has_number(lines, [i])), len(lines))
        if (
            head == len(lines)
            and len(lines[-1].cells) == 1
            and _TOTAL_LABEL.match(_plain(next(iter(lines[-1].cells.values()))))
        ):
            head = len(lines) - 1  # the 合计 row of an empty table
        size = rows[0][0][1][0].size
        groups, done = _row_groups(lines[head:], rights)
        header = _header_groups([(ln.top, ln.bottom) for ln in lines[:head]], size)
        # two rows with amounts or codes at least (a label broken over two lines by hand above one
        # row of amounts is that row), or a header over one row of amounts or a lone 合计
        amounts = sum(_group_has_number(lines, [head + i for i in g]) for g in groups)
        under_header = (
            len(groups) == 1
            and any(len(ln.cells) >= 2 for ln in lines[:head])
            and (
                sum(_is_number(chars) for i in groups[0] for chars in lines[head + i].cells.values()) >= 2
                or (head == len(lines) - 1 and len(lines[head].cells) == 1)
            )
        )
        if head + done < len(lines) or (amounts < 2 and not under_header):
            continue
        groups = header + [[head + i for i in g] for g in groups]
        for above, below in itertools.pairwise(groups):
            cuts.append((max(lines[i].bottom for i in above) + min(lines[i].top for i in below)) / 2)
        texts.extend((min(lines[i].top for i in g), max(lines[i].bottom for i in g)) for g in groups)
    return _cut_grid(grid, cuts, texts) if cuts else grid
