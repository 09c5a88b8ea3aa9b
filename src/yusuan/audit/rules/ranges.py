"""Numbers outside the range the audit checks: reported once at their place, withheld from the
other rules.

A published amount of 27 digits (a cell typed with its digits twice, 10²⁶ under a 0.00 format) is
a typing slip, not a figure to add up: taken into the arithmetic it made rules raise decimal errors
(their findings for the rest of the document were lost) or, at best, buried the slip under every
sum it entered. The range is ``yusuan.model.money.checkable``: below 10¹⁵ in magnitude with at most
12 decimals. The engine (yusuan.audit.engine) gives every rule the disclosure with such numbers
withheld (a table cell as if empty, a claim without that figure); EN002 reads them from the
disclosure as published and names each at its table, row and column, or its line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from yusuan.audit.check import Check
from yusuan.audit.registry import rule
from yusuan.model import Disclosure, Money, Provenance, Severity
from yusuan.model.disclosure import Claim, TargetTable
from yusuan.model.money import CHECKABLE_PLACES, Percent, checkable

__all__ = ["out_of_range", "withhold_out_of_range"]

_CLAIM_AMOUNTS = ("value", "change", "base", "restated")
_TARGET_FUNDS = ("funds_total", "funds_fiscal", "funds_other")


_Number = TypeVar("_Number", Money, Percent)


def _fits(number: Money | Percent | None) -> bool:
    return number is None or checkable(number.value, number.places)


def _fits_claim(claim: Claim) -> bool:
    return all(_fits(getattr(claim, name)) for name in _CLAIM_AMOUNTS) and _fits(claim.percent)


def _fits_target(target: TargetTable) -> bool:
    return all(_fits(getattr(target, name)) for name in _TARGET_FUNDS) and all(
        i.value is None or checkable(i.value) for i in target.indicators
    )


def _kept(number: _Number | None) -> _Number | None:
    return number if _fits(number) else None


def withhold_out_of_range(d: Disclosure) -> Disclosure:
    """``d`` with every number outside the checked range withheld: a table cell becomes empty,
    a claim's amount or percentage and a target's funds or indicator value None. The same object
    when there is none (the usual case: nothing is copied)."""
    changed = False
    tables = dict(d.tables)
    for tid, table in d.tables.items():
        if all(_fits(v) for row in table.rows for v in row.values.values()):
            continue
        changed = True
        rows = [
            row
            if all(_fits(v) for v in row.values.values())
            else replace(row, values={k: _kept(v) for k, v in row.values.items()})
            for row in table.rows
        ]
        tables[tid] = replace(table, rows=rows)
    claims = list(d.claims)
    for k, c in enumerate(d.claims):
        if not _fits_claim(c):
            changed = True
            claims[k] = replace(
                c,
                value=_kept(c.value),
                change=_kept(c.change),
                base=_kept(c.base),
                restated=_kept(c.restated),
                percent=_kept(c.percent),
            )
    targets = list(d.targets)
    for k, t in enumerate(d.targets):
        if not _fits_target(t):
            changed = True
            indicators = [
                i if i.value is None or checkable(i.value) else replace(i, value=None) for i in t.indicators
            ]
            targets[k] = replace(
                t,
                funds_total=_kept(t.funds_total),
                funds_fiscal=_kept(t.funds_fiscal),
                funds_other=_kept(t.funds_other),
                indicators=indicators,
            )
    return replace(d, tables=tables, claims=claims, targets=targets) if changed else d


def _shown(number: Money | Percent | Decimal, source: Provenance | None) -> str:
    if source is not None and source.text:
        return source.text[:60]
    value = number if isinstance(number, Decimal) else number.value
    return f"{value:.6g}"


def out_of_range(d: Disclosure) -> Iterator[tuple[str, str, Provenance]]:
    """(what kind of number, the number as published, its place) for every number of ``d``
    outside the checked range: table cells, the narrative's amounts and percentages, the funds
    and indicator values of performance targets."""
    for table in d.tables.values():
        for row in table.rows:
            for key, money in row.values.items():
                if money is not None and not _fits(money):
                    column = table.column(key)
                    place = money.source or row.source.with_(column=column.title if column else key)
                    yield "金额", _shown(money, money.source), place
    for claim in d.claims:
        for name in _CLAIM_AMOUNTS:
            money = getattr(claim, name)
            if money is not None and not _fits(money):
                yield "金额", _shown(money, money.source), money.source or claim.source
        if claim.percent is not None and not _fits(claim.percent):
            source = claim.percent.source
            yield "百分比", _shown(claim.percent, source), source or claim.source
    for target in d.targets:
        for name in _TARGET_FUNDS:
            money = getattr(target, name)
            if money is not None and not _fits(money):
                yield "金额", _shown(money, money.source), money.source or target.source
        for indicator in target.indicators:
            if indicator.value is not None and not checkable(indicator.value):
                yield "指标值", indicator.text[:60] or _shown(indicator.value, None), indicator.source


@rule("EN002", "engine.number_range", Severity.ERROR, "数字在可核对范围内")
def number_range(check: Check) -> None:
    """每个金额、百分比和指标值都在可核对的范围内：绝对值小于 10¹⁵（一千万亿），小数不超过 12 位。
    超出范围的数字几乎都是录入错误（数字多录了几遍、格式为 0.00 的单元格里存了 10²⁶），在其所在位置
    报告一次，不参与其他核对：其他规则把该单元格当作空白、把该句当作没有这个数字。

    示例：收入预算总表“图书馆”行总计列为 123,456,789,012,345,678,901,234,567.00。

    依据：一个部门一年的预算、决算即使以元为单位也远小于 10¹⁵；超出范围的数字无法与合计、说明逐一勾稽。
    """
    for what, text, source in out_of_range(check.full.trusted()):
        check.flag(
            f"{what}“{text}”超出可核对范围（绝对值应小于 10¹⁵，小数不超过 {CHECKABLE_PLACES} 位），未参与其他核对",
            source,
            actual=text,
            suggestion="核对该数字：是否多录了位数、粘贴了错误的内容",
        )
