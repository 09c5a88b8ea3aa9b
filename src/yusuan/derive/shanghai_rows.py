"""Amounts and rows of the Shanghai layout: tables in 元, prose and the 三公 table in 万元.

The Shanghai template (上海市区级部门预算) prints every table except the 三公/机关运行经费 table in 元 and
writes the narrative in 万元. A budget may be authored in either unit: ``Amounts`` converts from the
budget's unit (exactly into 元; into 万元 rounded half-up to two decimals). Totals still come from
``Rollup``; this module only regroups them the way the Shanghai tables do.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from yusuan.derive.rollup import Rollup
from yusuan.model.budget import FISCAL_SOURCES, SOURCES, ZERO
from yusuan.model.money import Unit

CENT = Decimal("0.01")
WAN = Decimal(10000)

#: Income columns of the Shanghai tables: key, label, the budget sources they add up.
#: The template has no line for 财政专户 / 上级补助 / 附属单位上缴 / 上年结转: they go to 其他收入.
INCOME_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("fiscal", "财政拨款收入", FISCAL_SOURCES),
    ("business", "事业收入", ("business",)),
    ("operating", "事业单位经营收入", ("operating",)),
    ("other", "其他收入", ("other", "special_account", "superior", "affiliated", "carryover")),
)
#: Sources the template folds into 其他收入 (a build warning names each one that has money).
FOLDED_SOURCES = ("special_account", "superior", "affiliated", "carryover")
#: 财政拨款 lines of the two-sided tables, as the template names them.
FISCAL_LINES: tuple[tuple[str, str], ...] = (
    ("gpb", "一般公共预算资金"),
    ("gov_fund", "政府性基金"),
    ("soe", "国有资本经营预算"),
)
#: The vehicle kinds of the budget as the Shanghai assets paragraph names them.
VEHICLE_NAMES = {"省部级领导干部用车": "部级领导干部用车"}


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Amounts:
    """Conversions from the budget's unit into the units the Shanghai layout prints."""

    def __init__(self, unit: Unit) -> None:
        self.factor = unit.factor  # 元 per budget unit

    def yuan(self, value: Decimal) -> Decimal:
        """The amount in 元 (exact: a budget amount has at most two decimals)."""
        return q2(value * self.factor)

    def wan(self, value: Decimal) -> Decimal:
        """The amount in 万元, rounded half-up to two decimals."""
        return q2(value * self.factor / WAN)

    def wan_text(self, value: Decimal) -> str:
        """An amount in the prose: ``18,976.76`` (always two decimals, ``0.00`` for zero)."""
        return f"{self.wan(value):,.2f}"


def yuan_text(value: Decimal) -> str:
    """A 元 table cell: empty for zero, else ``189,767,551.00``."""
    return "" if value == 0 else f"{q2(value):,.2f}"


def wan_cell_text(value: Decimal) -> str:
    """A 万元 cell of the 三公 table: ``0`` for zero (as the template prints it), else ``37.91``."""
    return "0" if value == 0 else f"{q2(value):,.2f}"


def group_value(r: Rollup, sources: tuple[str, ...], prefix: str = "", kind: str | None = None) -> Decimal:
    """Σ of the facts under functional ``prefix`` from any of ``sources``."""
    return sum((r.value(prefix, s, kind) for s in sources), ZERO)


def income_by_group(r: Rollup) -> dict[str, Decimal]:
    return {key: sum((r.by_source[s] for s in sources), ZERO) for key, _, sources in INCOME_GROUPS}


def lei_codes(r: Rollup, source: str | None = None) -> list[str]:
    """Functional 类 with an amount from ``source`` ('fiscal' = the three 财政拨款), in code order."""
    return [c for c in r.tree(source) if len(c) == 3]


def economic_name(r: Rollup, code: str) -> str:
    return r.catalog.economic_name(code) or ""


def folded_sources(r: Rollup) -> list[str]:
    """Budget sources with money that the Shanghai template has no line for."""
    return [s for s in FOLDED_SOURCES if r.by_source[s] != 0]


def source_label(source: str) -> str:
    return SOURCES[source]
