"""The year-on-year rules: one registry, one small function each (YY901…).

A rule gets one comparison — what this year's document says of a subject's figure in another year,
and that year's document's figure — and answers whether the two agree (``Outcome``), or None when
the statement says nothing the rule checks. Figures are compared as intervals (a published figure
is any amount that rounds to it, ``model.money``), in one unit.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from yusuan.model import Severity
from yusuan.model.disclosure import Direction
from yusuan.model.money import Money, Unit, format_amount
from yusuan.yoy.figures import Figure, interval, overlaps
from yusuan.yoy.statements import Statement

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class Comparison:
    statement: Statement
    earlier: Figure  # the other document's figure for the subject
    current_name: str  # this document's file name
    earlier_year: int
    relation: str = "previous_year"  # previous_year / own_budget (a 决算 and its year's 预算)


@dataclass(frozen=True, slots=True)
class Outcome:
    agrees: bool
    detail: str  # why, in Chinese: the figures compared


Check = Callable[[Comparison], Outcome | None]


@dataclass(frozen=True)
class YoyRule:
    code: str
    name: str
    severity: Severity
    title: str
    func: Check

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""


YOY_RULES: dict[str, YoyRule] = {}


def yoy_rule(code: str, name: str, severity: Severity, title: str) -> Callable[[Check], Check]:
    """Register a year-on-year rule ``f(comparison) -> Outcome | None``."""

    def register(func: Check) -> Check:
        if code in YOY_RULES:
            raise ValueError(f"duplicate rule code {code}")
        if not inspect.getdoc(func):
            raise ValueError(f"rule {code} needs a docstring")
        YOY_RULES[code] = YoyRule(code, name, severity, title, func)
        return func

    return register


def all_yoy_rules() -> list[YoyRule]:
    return [YOY_RULES[k] for k in sorted(YOY_RULES)]


# -- interval helpers --------------------------------------------------------------------------------


def wan(m: Money) -> Money:
    return m.in_unit(Unit.WAN)


def show(value: Decimal, places: int = 2) -> str:
    return f"{format_amount(value, max(places, 0))}万元"


def implied_previous(value: Money, change: Money) -> tuple[Decimal, Decimal]:
    """Last year's figure implied by this year's and the stated change: value − change."""
    v, c = wan(value), wan(change)
    return v.lo - c.hi, v.hi - c.lo


def percent_interval(value: Money, previous: Money) -> tuple[Decimal, Decimal] | None:
    """100·|value − previous| / previous over every pair of amounts the two figures may stand for;
    None when last year may have been zero (the ratio has no meaning)."""
    v, p = wan(value), wan(previous)
    if p.lo <= 0:
        return None
    lo, hi = v.lo / p.hi, v.hi / p.lo  # range of value / previous
    if lo <= 1 <= hi:
        return ZERO, HUNDRED * max(1 - lo, hi - 1)
    a, b = abs(lo - 1), abs(hi - 1)
    return HUNDRED * min(a, b), HUNDRED * max(a, b)


def sign(value: Money, previous: Money) -> int | None:
    """+1 / −1 / 0 when this year's figure is surely above / below / equal to last year's; None when
    rounding leaves it open."""
    v, p = wan(value), wan(previous)
    if v.lo > p.hi:
        return 1
    if v.hi < p.lo:
        return -1
    if v.value == p.value and v.half_ulp == 0 and p.half_ulp == 0:
        return 0
    return None


def _prev(c: Comparison) -> Money:
    return c.earlier.money


def _describe_prev(c: Comparison) -> str:
    """Last year's figure as printed, and in 万元 when printed in 元."""
    p = _prev(c)
    if p.unit is Unit.WAN:
        return show(p.value, max(p.places, 0))
    m = wan(p)
    return f"{format_amount(p.value, max(p.places, 0))}元（{show(m.value, min(max(m.places, 0), 4))}）"


def _change_words(change: Money) -> str:
    c = wan(change)
    return f"{'减去增加的' if c.value > 0 else '加上减少的'}{show(abs(c.value), max(c.places, 0))}"


# -- rules -------------------------------------------------------------------------------------------


@yoy_rule("YY901", "yoy.change_amount", Severity.ERROR, "所述比上年增减额与上年文件不符")
def change_amount(c: Comparison) -> Outcome | None:
    """This year's figure minus the stated change must be last year's figure as last year's document
    states it (Δ = 本年 − 上年, standards R13).

    Example: 2025 says 财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元 — so 2024 was
    15,621.11万元; the 2024 document's 收支总表 prints 156,211,123元 (15,621.1123万元): agrees.
    Basis: arithmetic across years, with the rounding intervals of both figures."""
    s = c.statement
    if s.value is None or s.change is None or s.direction is Direction.FLAT:
        return None
    lo, hi = implied_previous(s.value, s.change)
    p = wan(_prev(c))
    implied = wan(s.value).value - wan(s.change).value
    detail = (
        f"本年{show(wan(s.value).value)}{_change_words(s.change)}，得{c.earlier_year}年应为{show(implied)}；"
        f"{c.earlier_year}年文件为{_describe_prev(c)}"
    )
    return Outcome(overlaps((lo, hi), interval(p)), detail)


@yoy_rule("YY902", "yoy.change_percent", Severity.ERROR, "所述比上年增减百分比与上年文件不符")
def change_percent(c: Comparison) -> Outcome | None:
    """The stated percentage must be (本年 − 上年) ÷ 上年 with last year's figure from last year's
    document, to the decimals written (standards R13). Not checked when last year was zero.

    Example: 比2023年预算增长10.00% where 2023's document states 100万元 and this year 120万元
    (20.00%). Basis: arithmetic across years, rounding intervals of both figures and the percent."""
    s = c.statement
    if s.value is None or s.percent is None:
        return None
    computed = percent_interval(s.value, _prev(c))
    if computed is None:
        return None
    stated = (s.percent.value - s.percent.half_ulp, s.percent.value + s.percent.half_ulp)
    p = wan(_prev(c)).value
    actual = HUNDRED * abs(wan(s.value).value - p) / p if p else ZERO
    detail = f"按{c.earlier_year}年文件{_describe_prev(c)}计算为{actual.quantize(Decimal('0.01'))}%，文中为{s.percent.value}%"
    return Outcome(overlaps(computed, stated), detail)


@yoy_rule("YY903", "yoy.flat", Severity.ERROR, "称与上年持平，但上年文件数字不同")
def flat(c: Comparison) -> Outcome | None:
    """持平 means this year's figure equals last year's, within rounding. 基本持平 (roughly level)
    is not checked: it admits a small change.

    Example: 公务接待费1.35万元，比2023年预算持平 while 2023's document states 1.35万元: agrees."""
    s = c.statement
    if s.value is None or s.direction is not Direction.FLAT or s.rough:
        return None
    v, p = wan(s.value), wan(_prev(c))
    detail = f"本年{show(v.value, min(v.places, 2))}，{c.earlier_year}年文件为{_describe_prev(c)}"
    return Outcome(overlaps(interval(v), interval(p)), detail)


@yoy_rule("YY904", "yoy.direction", Severity.ERROR, "增减方向与上年文件不符")
def direction(c: Comparison) -> Outcome | None:
    """The direction word (增加/增长 or 减少/下降) must match the sign of this year's figure minus
    last year's as last year's document states it. Checked only when rounding leaves no doubt.

    Example: 比上年减少5.00% while last year's document states less than this year's figure."""
    s = c.statement
    if s.value is None or s.direction not in (Direction.UP, Direction.DOWN):
        return None
    got = sign(s.value, _prev(c))
    if got is None:
        return None
    want = 1 if s.direction is Direction.UP else -1
    word = "增加" if want > 0 else "减少"
    detail = f"文中为“{word}”，本年{show(wan(s.value).value)}，{c.earlier_year}年文件为{_describe_prev(c)}"
    return Outcome(got == want, detail)


@yoy_rule("YY905", "yoy.stated_previous", Severity.ERROR, "所述上年数与上年文件不符")
def stated_previous(c: Comparison) -> Outcome | None:
    """A previous-year figure stated outright (上年预算数为X万元, a table's 上年预算数 column) must be
    last year's document's figure for the same subject and measure, within rounding.

    Example: 2023年预算数为60.13万元 while 2023's document states 60.13万元: agrees."""
    s = c.statement
    if s.stated_previous is None or c.relation != "previous_year":
        return None
    x, p = wan(s.stated_previous), wan(_prev(c))
    detail = f"文中上年数{show(x.value, min(x.places, 2))}，{c.earlier_year}年文件为{_describe_prev(c)}"
    return Outcome(overlaps(interval(x), interval(p)), detail)


@yoy_rule("YY911", "yoy.final_budget", Severity.ERROR, "决算所列预算数与当年预算文件不符")
def final_budget(c: Comparison) -> Outcome | None:
    """A 决算's 年初预算数 / 预算数 (in its tables or prose) must be the figure the same year's
    published 预算 states for the same subject, within rounding. A 全年预算数 or 调整预算数 may include
    changes made during the year and is not compared (未能核对).

    Example: 2024年部门决算 三公 预算数 30.00万元 while the 2024 部门预算 states 28.00万元."""
    s = c.statement
    if s.stated_previous is None or c.relation != "own_budget":
        return None
    x, p = wan(s.stated_previous), wan(_prev(c))
    detail = (
        f"决算所列预算数{show(x.value, min(x.places, 2))}，{c.earlier_year}年预算文件为{_describe_prev(c)}"
    )
    return Outcome(overlaps(interval(x), interval(p)), detail)
