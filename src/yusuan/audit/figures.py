"""Figures: a value with its rounding tolerance and the places it came from; profile refs resolve to one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model import BudgetTable, Disclosure, Money, Provenance, TableRow

ZERO = Decimal(0)


@dataclass
class Figure:
    value: Decimal
    tol: Decimal  # half-units of the last digit, summed over the terms
    sources: list[Provenance] = field(default_factory=list)

    @staticmethod
    def of(money: Money | None, fallback: Provenance | None = None) -> Figure:
        if money is None:
            return Figure(ZERO, ZERO, [fallback] if fallback else [])
        src = money.source or fallback
        return Figure(money.value, money.half_ulp, [src] if src else [])

    @staticmethod
    def sum(items: Iterable[Figure]) -> Figure:
        out = Figure(ZERO, ZERO, [])
        for f in items:
            out.value += f.value
            out.tol += f.tol
            out.sources.extend(f.sources)
        return out

    def differs(self, other: Figure) -> bool:
        return abs(self.value - other.value) > self.tol + other.tol


def cell(row: TableRow, column: str) -> Figure:
    return Figure.of(row.values.get(column), row.source.with_(column=column))


def find_row(table: BudgetTable, spec: str) -> list[TableRow] | None:
    kind, _, arg = spec.partition(":")
    if kind == "total":
        row = table.total(arg)
        return [row] if row else None
    if kind == "key":
        row = table.by_key(arg)
        return [row] if row else None
    if kind == "code":
        row = table.by_code(arg)
        return [row] if row else None
    if kind == "sum":
        codes = arg.split("+")
        return [r for r in table.rows if r.code in codes and not r.is_total]
    return None


def resolve(d: Disclosure, ref: str) -> Figure | None:
    """'econ_basic.sum:301+303.total' → the figure it names; None when the table or row is absent.
    Alternatives separated by '|' are tried in order (a 决算's 人员经费合计 row, else a 人员经费 column)."""
    if "|" in ref:
        return next((fig for alt in ref.split("|") if (fig := resolve(d, alt)) is not None), None)
    table_id, _, rest = ref.partition(".")
    row_spec, _, column = rest.rpartition(".")
    table = d.tables.get(table_id)
    if table is None:
        return None
    rows = find_row(table, row_spec)
    if rows is None:
        return None
    if table.column(column) is None and not any(column in r.values for r in rows):
        return None  # the table has no such column (人员经费 as rows, not a column): not 0.00
    return Figure.sum(cell(r, column) for r in rows)
