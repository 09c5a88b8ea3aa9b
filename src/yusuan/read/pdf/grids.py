"""Ruled grids: rules that touch form a grid of cells; cutting a grid's bands into rows."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from yusuan.read.limits import LIMITS, LimitHit
from yusuan.read.pdf.page import _Rule

_SNAP = 2.5  # pt: rules and grid lines this close are the same line


def _merge_collinear(rules: list[_Rule]) -> list[_Rule]:
    """Rules on the same line that touch or overlap become one (WPS draws a rule per cell)."""
    out: list[_Rule] = []
    for rule in sorted(rules, key=lambda r: (round(r.pos / _SNAP), r.start)):
        last = out[-1] if out else None
        if last and abs(last.pos - rule.pos) <= 1.0 and rule.start <= last.end + 1.5:
            last.end = max(last.end, rule.end)
        else:
            out.append(_Rule(rule.pos, rule.start, rule.end))
    return out


def _cluster(values: Sequence[float], tol: float = _SNAP) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _covered(rules: list[_Rule], pos: float, a: float, b: float) -> bool:
    """Whether rules at ``pos`` cover most of the edge from a to b."""
    spans = sorted(
        (max(r.start, a), min(r.end, b))
        for r in rules
        if abs(r.pos - pos) <= _SNAP and r.start < b and r.end > a
    )  # only the rules along the edge: one beyond it would count negative
    covered, reach = 0.0, a
    for s, e in spans:
        if e > reach:
            covered += e - max(s, reach)
            reach = e
    return covered >= 0.6 * (b - a)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)  # the root is the first cell in reading order


@dataclass(slots=True)
class _Grid:
    xs: list[float]  # column boundaries, left to right
    ys: list[float]  # row boundaries, top to bottom
    owner: list[int]  # atomic cell (row * columns + column) → its merged cell's first atomic cell
    vs: list[_Rule] = field(default_factory=list)  # its vertical rules (merged)

    @property
    def columns(self) -> int:
        return len(self.xs) - 1

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1

    def cell_at(self, x: float, y: float) -> int:
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.columns - 1)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.owner[r * self.columns + c]


def _grids(hs: list[_Rule], vs: list[_Rule]) -> list[_Grid]:
    """Tables drawn with rules: groups of touching horizontal and vertical rules."""
    hs, vs = _merge_collinear(hs), _merge_collinear(vs)
    if len(hs) + len(vs) > LIMITS.pdf_page_rules:
        raise LimitHit(f"一页上的表格线数（{len(hs) + len(vs):,}）", LIMITS.pdf_page_rules, " 条")
    groups = _UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if v.start - _SNAP <= h.pos <= v.end + _SNAP and h.start - _SNAP <= v.pos <= h.end + _SNAP:
                groups.union(i, len(hs) + j)
    members: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, h in enumerate(hs):
        members.setdefault(groups.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        members.setdefault(groups.find(len(hs) + j), ([], []))[1].append(v)
    # a vertical rule inside a table's frame that touches no horizontal rule (rows drawn without
    # rules between them, the column rule stopping at a merged cell) still parts its columns
    frames = [
        (min(h.start for h in hr), min(h.pos for h in hr), max(h.end for h in hr), max(h.pos for h in hr), vr)
        for hr, vr in members.values()
        if hr and vr
    ]
    for root, (hr, vr) in list(members.items()):
        if hr:
            continue
        for v in vr:
            for x0, top, x1, bottom, into in frames:
                if x0 + _SNAP < v.pos < x1 - _SNAP and top - _SNAP <= v.start and v.end <= bottom + _SNAP:
                    into.append(v)
                    break
        del members[root]
    out = [grid for h, v in members.values() if h and v and (grid := _grid(h, v)) is not None]
    return sorted(out, key=lambda g: (g.ys[0], g.xs[0]))


def _grid(hs: list[_Rule], vs: list[_Rule]) -> _Grid | None:
    xs = _cluster([v.pos for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
    ys = _cluster([h.pos for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
    rows, cols = len(ys) - 1, len(xs) - 1
    if rows < 1 or cols < 1 or rows * cols < 2:
        return None
    if rows * cols > LIMITS.pdf_grid_cells:
        raise LimitHit(f"一个表格的网格大小（{rows:,} 行 × {cols:,} 列）", LIMITS.pdf_grid_cells, " 个单元格")
    cells = _UnionFind(rows * cols)
    for r in range(rows):
        for c in range(cols):
            if c > 0 and not _covered(vs, xs[c], ys[r], ys[r + 1]):
                cells.union(r * cols + c - 1, r * cols + c)
            if r > 0 and not _covered(hs, ys[r], xs[c], xs[c + 1]):
                cells.union((r - 1) * cols + c, r * cols + c)
    owner = [cells.find(i) for i in range(rows * cols)]
    if len(set(owner)) < 2:
        return None  # a frame around text, not a table
    return _Grid(xs, ys, owner, vs)


def _tall_cells(grid: _Grid) -> set[int]:
    """The merged cells that span more than one row of the grid."""
    cols = grid.columns
    rows: dict[int, int] = {}
    tall = set()
    for i, owner in enumerate(grid.owner):
        if rows.setdefault(owner, i // cols) != i // cols:
            tall.add(owner)
    return tall


def _cut_grid(grid: _Grid, cuts: list[float], texts: list[tuple[float, float]]) -> _Grid:
    """The grid with full-width row boundaries added at ``cuts`` (rows a band held without rules
    between them): cells merged across the old rows stay merged, a cut band's new rows are merged
    across a column edge only where no vertical rule runs along their text (``texts``: the top and
    bottom of each new row's text; blank space of a row may have rules a merged cell has not)."""
    ys = sorted(grid.ys + cuts)
    cols = grid.columns
    band = [bisect.bisect_right(grid.ys, (a + b) / 2) - 1 for a, b in itertools.pairwise(ys)]
    cut = {b for b in band if band.count(b) > 1}
    tall = _tall_cells(grid)
    cells = _UnionFind(len(band) * cols)
    for i, r in enumerate(band):
        for c in range(cols):
            here = r * cols + c
            if c > 0:
                if r in cut:
                    top, bottom = next(
                        (t for t in texts if ys[i] <= (t[0] + t[1]) / 2 <= ys[i + 1]), (ys[i], ys[i + 1])
                    )
                    merged = not _covered(grid.vs, grid.xs[c], top, bottom)
                else:
                    merged = grid.owner[here - 1] == grid.owner[here]
                if merged:
                    cells.union(i * cols + c - 1, i * cols + c)
            if i > 0 and (
                grid.owner[band[i - 1] * cols + c] == grid.owner[here]
                if band[i - 1] != r
                else grid.owner[here] in tall  # a cell over several rows stays whole where they are cut
            ):
                cells.union((i - 1) * cols + c, i * cols + c)
    return _Grid(grid.xs, ys, [cells.find(i) for i in range(len(band) * cols)], grid.vs)
