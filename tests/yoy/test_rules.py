"""The year-on-year rules on intervals: a figure printed in 元 against one in 万元, rounding to
the printed decimals, a zero previous year, and a direction rounding cannot decide."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model.disclosure import Direction
from yusuan.model.money import Money, Percent, Unit
from yusuan.yoy.check import INCONSISTENT, PairResult, finding_rows, judge
from yusuan.yoy.figures import DocumentFigures, Figure
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


def _figures(rows: list[dict[str, object]], claims: list[dict[str, object]]) -> DocumentFigures:
    """A stored 2023 budget's figures without a store: a 收支总表 with the cells given."""
    figs = DocumentFigures.__new__(DocumentFigures)
    figs.document = {"id": "p" * 64, "file_name": "2023.pdf", "year": 2023, "phase": "budget"}
    figs.phase = "budget"
    figs.tables = {1: {"table_index": 1, "table_id": "summary", "title": "2023年收支总表", "unit": "万元"}}
    figs.cells = rows
    figs.claims = claims
    figs._cache = {}
    return figs


def _total_cell(value: str) -> dict[str, object]:
    return {
        "table_index": 1,
        "is_total": True,
        "section": "income",
        "column_key": "amount",
        "header": "预算数",
        "row_key": None,
        "code": None,
        "row_label": "收入总计",
        "value_text": value,
        "unit": "万元",
        "places": 2,
        "page": 4,
        "line": 80,
    }


def test_a_total_printed_once_only_is_a_warning_when_it_disagrees() -> None:
    other = {
        "id": "p" * 64,
        "year": 2023,
        "kind": "部门预算",
        "phase": "budget",
        "file_name": "2023.pdf",
        "department_key": "k",
    }
    doc = {"id": "c" * 64, "year": 2024, "kind": "部门预算", "file_name": "2024.pdf"}
    st = _st("120.00", "10.00")
    st.subject = "income_total"  # 收入预算120.00万元，比上年增加10.00万元 → 110.00; 2023 prints 100.00
    alone = judge(st, other, _figures([_total_cell("100.00")], []), "2024.pdf", "previous_year")
    assert alone.verdict == INCONSISTENT and alone.rules == ["YY901"] and not alone.sure
    (row,) = finding_rows(PairResult(doc, other, "previous_year", [alone]), "run")
    assert (row["rule"], row["severity"]) == ("YY901", "warning")
    # the 2023 sentence states the same 100.00: the figure is sure, the mismatch an error
    claim = {
        "subject": "income_total",
        "value_text": "100.00",
        "unit": "万元",
        "year": None,
        "text": "收入预算100.00万元。",
        "page": 3,
        "line": 20,
    }
    both = judge(st, other, _figures([_total_cell("100.00")], [claim]), "2024.pdf", "previous_year")
    (row,) = finding_rows(PairResult(doc, other, "previous_year", [both]), "run")
    assert (row["rule"], row["severity"]) == ("YY901", "error")
    assert row["expected"].startswith("100.00万元（2023.pdf 第4页（全文第80行）")
