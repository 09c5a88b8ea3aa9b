"""Money and percentages on Decimal, with their unit and the precision they were stated to.

A published figure is a rounded value: "83.3" means any amount in [83.25, 83.35]. Every
comparison in the audit uses these intervals instead of a fixed slack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation, localcontext
from enum import StrEnum

from yusuan.model.provenance import Provenance

ZERO = Decimal(0)


class Unit(StrEnum):
    YUAN = "元"
    WAN = "万元"

    @property
    def factor(self) -> Decimal:
        """Yuan per unit."""
        return Decimal(1) if self is Unit.YUAN else Decimal(10000)


#: The numbers the audit checks: an amount or percentage below 10¹⁵ in magnitude (a thousand
#: trillion; a department's year is far below it even in 元, and the builder refuses such sources)
#: with at most 12 decimals. Such a number, at its own precision, has at most 27 digits: it fits
#: the default 28-digit decimal context, so sums, differences and quantize() on it never raise.
#: parse_decimal reads longer numbers (up to 40 characters) so that a document stating one can be
#: told so at its place (rule ST412); the audit engine withholds them from every other rule.
CHECKABLE_LIMIT = Decimal("1e15")
CHECKABLE_PLACES = 12


def checkable(value: Decimal, places: int | None = None) -> bool:
    """Whether a published number is within the range the audit checks (CHECKABLE_LIMIT); the
    decimals are ``places`` as written, else the number's own exponent."""
    if not value.is_finite():
        return False
    if places is None:
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) else 0
    return abs(value) < CHECKABLE_LIMIT and places <= CHECKABLE_PLACES


def parse_decimal(text: str) -> tuple[Decimal, int] | None:
    """Parse '2,161.77', '1516', '-3.5', '（12.00）' into (value, decimal places); None if not a number."""
    t = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    negative = False
    if t[:1] in ("(", "（") and t[-1:] in (")", "）"):
        t, negative = t[1:-1], True
    if t.startswith(("-", "－", "−")):
        t, negative = t[1:], not negative
    if not t or not all(c.isdigit() or c == "." for c in t) or t.count(".") > 1 or t == ".":
        return None
    if len(t) > 40:  # absurd digit strings are not amounts
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    places = len(t.split(".")[1]) if "." in t else 0
    return (-value if negative else value), places


@dataclass(frozen=True, slots=True)
class Money:
    """An amount as published: value, unit and the number of decimals it was written with."""

    value: Decimal
    unit: Unit = Unit.WAN
    places: int = 2
    source: Provenance | None = field(default=None, compare=False)

    @property
    def half_ulp(self) -> Decimal:
        """Half a unit of the last stated digit; a written zero is taken as exact."""
        if self.value == 0:
            return ZERO
        return Decimal(1).scaleb(-self.places) / 2

    @property
    def lo(self) -> Decimal:
        return self.value - self.half_ulp

    @property
    def hi(self) -> Decimal:
        return self.value + self.half_ulp

    def in_unit(self, unit: Unit) -> Money:
        if unit is self.unit:
            return self
        value = self.value * self.unit.factor / unit.factor
        # the stated precision moves with the unit: 18,976.76 万元 is good to 50 元 (places -2),
        # 189,767,551 元 is 18,976.7551 万元 (places 4)
        places = self.places + (-4 if unit is Unit.YUAN else 4)
        return Money(value, unit, places, self.source)

    def text(self) -> str:
        return f"{format_amount(self.value, max(self.places, 0))}{self.unit.value}"


def nonzero(money: Money | None) -> bool:
    return money is not None and money.value != 0


def format_amount(value: Decimal, places: int = 2, thousands: bool = True) -> str:
    """The amount to ``places`` decimals. Any finite value can be shown: the rounding runs with as
    many digits as the result needs (the default 28 made quantize() raise InvalidOperation on a
    27-digit amount, and with it the rule composing the message)."""
    q = Decimal(1).scaleb(-places)
    if value.is_finite():
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, value.adjusted() + places + 3)
            v = value.quantize(q)
    else:
        v = value
    return f"{v:,.{places}f}" if thousands else f"{v:.{places}f}"


def tolerance(*terms: Money | None) -> Decimal:
    """Largest gap an identity among these rounded terms can show without any error."""
    return sum((t.half_ulp for t in terms if t is not None), ZERO)


def total(terms: Iterable[Money | None]) -> Decimal:
    return sum((t.value for t in terms if t is not None), ZERO)


def agrees(stated: Money | None, parts: Iterable[Money | None]) -> bool:
    """True when a stated total equals the sum of stated parts within rounding."""
    items = list(parts)
    lhs = stated.value if stated is not None else ZERO
    gap = abs(lhs - total(items))
    return gap <= tolerance(stated, *items)


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as written ('3.8%' → value 3.8, places 1)."""

    value: Decimal
    places: int = 0
    source: Provenance | None = field(default=None, compare=False)

    @property
    def half_ulp(self) -> Decimal:
        return Decimal(1).scaleb(-self.places) / 2

    def text(self) -> str:
        return f"{self.value}%"


def ratio_interval(change: Money, current: Money) -> tuple[Decimal, Decimal] | None:
    """Interval of 100·|change| / previous, where previous = current − change (change is signed).

    Both inputs are rounded, so the result is an interval; None when the previous value may be ≤ 0.
    """
    prev_lo, prev_hi = current.lo - change.hi, current.hi - change.lo
    if prev_lo <= 0:
        return None
    if change.lo >= 0:
        abs_lo, abs_hi = change.lo, change.hi
    elif change.hi <= 0:
        abs_lo, abs_hi = -change.hi, -change.lo
    else:
        abs_lo, abs_hi = ZERO, max(-change.lo, change.hi)
    return Decimal(100) * abs_lo / prev_hi, Decimal(100) * abs_hi / prev_lo
