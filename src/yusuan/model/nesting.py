"""Which rows of a list are items and which are the breakdown of the row above them, read from the
amounts themselves: a row whose following rows add up to it is their parent.

Two-sided tables print their breakdowns without codes (财政拨款收入 → 一般公共预算 / 政府性基金,
上年结转 → 一般公共预算拨款, 社会保障和就业支出 → 行政事业单位养老支出 → …). Every budget identity
then holds on the top-level rows only; callers try the flat list first and this reading second.
"""

from __future__ import annotations

from decimal import Decimal

from yusuan.model.disclosure import TableRow, code_level
from yusuan.model.money import Money, agrees

ZERO = Decimal(0)


def _amount(row: TableRow, column: str) -> Money | None:
    return row.values.get(column)


def _boundary(row: TableRow, parent: TableRow) -> bool:
    """A row that cannot be below ``parent``: a coded row at the coded parent's level or above."""
    level = code_level(row.code)
    parent_level = code_level(parent.code)
    if level is None or parent_level is None:
        return False  # an uncoded row (a unit, a name without its code) may head coded ones
    return level <= parent_level


def _subtree_ends(rows: list[TableRow], column: str) -> list[int]:
    """For each row, the index after it and the rows that break it down (``i + 1`` when none do),
    worked out from the bottom up: a row's breakdown is made of the subtrees of the rows below it."""
    ends = [0] * len(rows)
    for i in range(len(rows) - 1, -1, -1):
        ends[i] = i + 1
        stated = _amount(rows[i], column)
        if stated is None or stated.value <= 0:
            continue
        parts: list[Money | None] = []
        added = ZERO
        j = i + 1
        while j < len(rows) and not _boundary(rows[j], rows[i]) and added < stated.value:
            m = _amount(rows[j], column)
            parts.append(m)
            added += m.value if m is not None else ZERO
            j = ends[j]
        if j > i + 1 and agrees(stated, parts):
            ends[i] = j
    return ends


def is_breakdown(row: TableRow) -> bool:
    """A row printed as part of the row above it: "其中：专项资金…"."""
    return row.label.lstrip().startswith("其中")


def top_rows(rows: list[TableRow], column: str) -> list[TableRow]:
    """The rows that are not the breakdown of an earlier row, judged by the amounts in ``column``
    ("其中" rows never are)."""
    rows = [r for r in rows if not is_breakdown(r)]
    ends = _subtree_ends(rows, column)
    tops = []
    i = 0
    while i < len(rows):
        tops.append(rows[i])
        i = ends[i]
    return tops


__all__ = ["is_breakdown", "top_rows"]
