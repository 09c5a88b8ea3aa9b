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

    def minus(self, other: Figure) -> Figure:
        """``self − other``: the tolerances add, the sources of both are kept."""
        return Figure(self.value - other.value, self.tol + other.tol, [*self.sources, *other.sources])

    def differs(self, other: Figure) -> bool:
        return abs(self.value - other.value) > self.tol + other.tol


#: how a column is named in a message when its cell is empty (a printed cell carries its own title)
COLUMN_NAMES = {
    "total": "合计", "amount": "金额", "basic": "基本支出", "project": "项目支出", "budget": "预算数",
    "personnel": "人员经费", "public": "公用经费", "fiscal": "财政拨款", "gpb": "一般公共预算",
    "gov_fund": "政府性基金预算", "soe": "国有资本经营预算", "special_account": "财政专户管理资金",
    "business": "事业收入", "operating": "经营收入", "superior": "上级补助收入",
    "affiliated": "附属单位上缴收入", "other": "其他收入", "carryover": "上年结转",
    "to_superior": "上缴上级支出", "to_affiliated": "对附属单位补助支出", "reserve": "预留机动经费",
    "carry_forward": "结转下年", "carry_in": "年初结转和结余", "income": "本年收入",
    "carry_out": "年末结转和结余",
}  # fmt: skip


def column_name(key: str) -> str:
    return COLUMN_NAMES.get(key, key)


def cell(row: TableRow, column: str) -> Figure:
    return Figure.of(row.values.get(column), row.source.with_(column=column_name(column)))


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
