"""The year-on-year rules on intervals: a figure printed in 元 against one in 万元, rounding to
the printed decimals, a zero previous year, and a direction rounding cannot decide."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model.disclosure import Direction
from yusuan.model.money import Money, Percent, Unit
from yusuan.yoy.figures import Figure
from yusuan.yoy.rules import (
    Comparison,
    change_amount,
    change_percent,
    direction,
    flat,
    percent_interval,
    stated_previous,
)
from yusuan.yoy.statements import BUDGET, Statement


def _wan(text: str) -> Money:
    places = len(text.split(".")[1]) if "." in text else 0
    return Money(Decimal(text), Unit.WAN, places)


def _yuan(text: str) -> Money:
    return Money(Decimal(text), Unit.YUAN, 0)


def _cmp(st: Statement, previous: Money) -> Comparison:
    fig = Figure("income.fiscal", previous, "表格", "2023.pdf", 10, 156, "收支总表")
    return Comparison(st, fig, "2024.pdf", 2023)


def _st(
    value: str, change: str | None = None, *, d: Direction | None = None, percent: str | None = None
) -> Statement:
    st = Statement("income.fiscal", "财政拨款收入", "…", 6, 63, 2023, BUDGET, value=_wan(value))
    if change is not None:
        st.change = _wan(change)
        st.direction = Direction.DOWN if st.change.value < 0 else Direction.UP
    if d is not None:
        st.direction = d
    if percent is not None:
        places = len(percent.split(".")[1]) if "." in percent else 0
        st.percent = Percent(Decimal(percent), places)
    return st


def test_a_change_in_wan_agrees_with_last_years_total_in_yuan() -> None:
    # 2024: 15621.11万元，比2023年预算减少876.75万元; 2023 prints 164,978,640元
    out = change_amount(_cmp(_st("15621.11", "-876.75"), _yuan("164978640")))
    assert out is not None and out.agrees
    assert "16,497.86万元" in out.detail and "164,978,640元" in out.detail


def test_the_rounding_of_both_printed_figures_and_no_more() -> None:
    # value ± 0.005 and change ± 0.005: 15621.11 + 876.76 = 16497.87 may be 16,497.86 (agrees);
    # 15621.11 + 876.74 = 16497.85 is at most 16,497.86 < 16,497.8640 (a mismatch)
    assert change_amount(_cmp(_st("15621.11", "-876.76"), _yuan("164978640"))).agrees  # type: ignore[union-attr]
    out = change_amount(_cmp(_st("15621.11", "-876.74"), _yuan("164978640")))
    assert out is not None and not out.agrees


def test_the_percentage_is_taken_on_last_years_figure() -> None:
    assert change_percent(_cmp(_st("120.00", percent="20.00"), _wan("100.00"))).agrees  # type: ignore[union-attr]
    out = change_percent(_cmp(_st("120.00", percent="16.67"), _wan("100.00")))  # taken on this year
    assert out is not None and not out.agrees and "20.00%" in out.detail


def test_no_percentage_on_a_zero_previous_year() -> None:
    assert percent_interval(_wan("60.13"), _wan("0")) is None
    assert change_percent(_cmp(_st("60.13", percent="100.00"), _wan("0"))) is None


def test_flat_and_direction() -> None:
    assert flat(_cmp(_st("1.35", d=Direction.FLAT), _wan("1.35"))).agrees  # type: ignore[union-attr]
    assert not flat(_cmp(_st("1.35", d=Direction.FLAT), _wan("1.45"))).agrees  # type: ignore[union-attr]
    assert not direction(_cmp(_st("10.00", d=Direction.UP), _wan("12.00"))).agrees  # type: ignore[union-attr]
    # 10.0 and 10.04 may stand for the same amount: rounding leaves the direction open
    assert direction(_cmp(_st("10.0", d=Direction.UP), _wan("10.04"))) is None


def test_a_stated_previous_figure() -> None:
    st = _st("25.77")
    st.stated_previous = _wan("60.13")
    assert stated_previous(_cmp(st, _yuan("601300"))).agrees  # type: ignore[union-attr]
    assert not stated_previous(_cmp(st, _yuan("602300"))).agrees  # type: ignore[union-attr]
