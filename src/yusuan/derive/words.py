"""How amounts, percentages and changes are written in a built disclosure (Chinese)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
_DIGITS = "零一二三四五六七八九"


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct(change: Decimal, last: Decimal) -> Decimal:
    """100 × |change| / last, rounded half-up to 2 decimals (computed from the written amounts)."""
    return q2(Decimal(100) * abs(change) / last)


def amount(value: Decimal) -> str:
    """An amount in prose: ``0`` for zero, else ``1,234.56``."""
    return "0" if value == 0 else f"{q2(value):,.2f}"


def cell(value: Decimal) -> str:
    """An amount in a table cell: empty for zero, else ``1,234.56``."""
    return "" if value == 0 else f"{q2(value):,.2f}"


def percent(value: Decimal) -> str:
    return f"{value:.2f}%"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (1 ≤ n ≤ 99)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def change_phrase(
    current: Decimal, last: Decimal | None, unit: str, down_word: str = "减少", with_percent: bool = True
) -> str:
    """``比上年增加Y万元，增长Z%`` / ``比上年减少Y万元，下降Z%`` / ``与上年持平``; '' without last year."""
    if last is None:
        return ""
    change = current - last
    if change == 0:
        return "与上年持平"
    up = change > 0
    text = f"{'比上年增加' if up else '比上年减少'}{amount(abs(change))}{unit}"
    if with_percent and last > 0:
        text += f"，{'增长' if up else down_word}{percent(pct(change, last))}"
    return text
