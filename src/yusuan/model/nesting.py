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


def _subtree_end(rows: list[TableRow], i: int, column: str, memo: dict[int, int]) -> int:
    """The index after row ``i`` and the rows that break it down (``i + 1`` when none do); ``memo``
    keeps each row's answer, so a table is read in quadratic time at worst."""
    if i not in memo:
        memo[i] = _find_subtree_end(rows, i, column, memo)
    return memo[i]


def _find_subtree_end(rows: list[TableRow], i: int, column: str, memo: dict[int, int]) -> int:
    stated = _amount(rows[i], column)
    if stated is None or stated.value <= 0:
        return i + 1
    parts: list[Money | None] = []
    added = ZERO
    j = i + 1
    while j < len(rows) and not _boundary(rows[j], rows[i]) and added < stated.value:
        end = _subtree_end(rows, j, column, memo)
        m = _amount(rows[j], column)
        parts.append(m)
        added += m.value if m is not None else ZERO
        j = end
    if j > i + 1 and agrees(stated, parts):
        return j
    return i + 1


def is_breakdown(row: TableRow) -> bool:
    """A row printed as part of the row above it: "其中：专项资金…"."""
    return row.label.lstrip().startswith("其中")


def top_rows(rows: list[TableRow], column: str) -> list[TableRow]:
    """The rows that are not the breakdown of an earlier row, judged by the amounts in ``column``
    ("其中" rows never are)."""
    rows = [r for r in rows if not is_breakdown(r)]
    tops = []
    memo: dict[int, int] = {}
    for k in range(len(rows) - 1, -1, -1):  # from the bottom up: a row needs only the rows below it
        _subtree_end(rows, k, column, memo)
    i = 0
    while i < len(rows):
        tops.append(rows[i])
        i = _subtree_end(rows, i, column, memo)
    return tops


__all__ = ["is_breakdown", "top_rows"]
