"""Cells and rows every layout writes: text cells, rows, and the indicator rows of a target table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from yusuan.model.budget import TargetIndicator
from yusuan.model.publication import PubCell, PubRow


def row(*cells: PubCell, bold: bool = False, level: int = 0) -> PubRow:
    return PubRow(tuple(cells), bold=bold, level=level)


def text(value: str, bold: bool = False) -> PubCell:
    return PubCell(value, bold=bold)


def indicator_rows(indicators: Iterable[TargetIndicator], label: str, value_title: str) -> list[PubRow]:
    """The header row (label | 一级 | 二级 | 三级 | value_title) and one row per indicator; a
    一级指标 repeated on consecutive rows is written once, as the templates do."""
    rows = [
        row(text(label), text("一级指标"), text("二级指标"), text("三级指标"), text(value_title), bold=True)
    ]
    previous = ""
    for ind in indicators:
        first = "" if ind.level1 == previous else ind.level1
        rows.append(row(text(""), text(first), text(ind.level2), text(ind.name), text(ind.value)))
        previous = ind.level1
    return rows


def side_by_side(left: Sequence[Sequence[PubCell]], right: Sequence[Sequence[PubCell]]) -> list[PubRow]:
    """Rows of a two-sided table (收入 | 支出): the i-th left cells beside the i-th right cells,
    the shorter side padded with empty cells."""
    lw = max((len(c) for c in left), default=0)
    rw = max((len(c) for c in right), default=0)
    rows = []
    for i in range(max(len(left), len(right))):
        a = list(left[i]) if i < len(left) else [text("")] * lw
        b = list(right[i]) if i < len(right) else [text("")] * rw
        rows.append(row(*a, *b))
    return rows
