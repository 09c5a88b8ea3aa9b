"""Which year and measure a statement compares with, read from the words before its figure, and
figures of an earlier year stated outright."""

from __future__ import annotations

from decimal import Decimal

from yusuan.model import Document, Paragraph
from yusuan.model.disclosure import Claim
from yusuan.model.money import Money, Unit
from yusuan.model.provenance import Provenance
from yusuan.yoy.statements import BUDGET, EXECUTION, FINAL, _Located, _reference, _stated


def test_the_measure_is_the_one_the_comparison_names() -> None:
    assert _reference("比2023年预算执行数减少", 2024) == (2023, EXECUTION)
    assert _reference("比上年预算增加", 2025) == (2024, BUDGET)
    assert _reference("较2023年决算数增加", 2024) == (2023, FINAL)
    # 一般公共预算 names a fund, not the measure: a 决算 compares with last year's 决算
    words = "与2023年度相比，一般公共预算财政拨款支出增加"
    assert _reference(words, 2024, FINAL) == (2023, FINAL)
    assert _reference(words, 2024) == (2023, BUDGET)  # a budget's default
    assert _reference("支出增加", 2024) == (None, BUDGET)  # no comparison words at all


def test_a_previous_figure_stated_outright_takes_the_subject_before_it() -> None:
    text = "机关运行经费50.00万元，上年预算数为45.00万元。另有2023年决算数为9.00万元。"
    para = Paragraph(text, line=7, page=2)
    doc = Document("x.md", [para])
    value = Money(Decimal("50.00"), Unit.WAN, 2, Provenance(line=7, page=2, text="50.00万元"))
    claim = Claim(
        "admin_running", "机关运行经费50.00万元，", Provenance(line=7, page=2), "机关运行经费", value=value
    )
    located = _Located(doc)
    at = located.value(claim)
    assert at is not None
    claim_at = [(id(para), at[1], at[1] + len("50.00万元"), claim)]
    found = _stated(located, set(), claim_at, 2024, "budget")
    assert [(s.subject, s.year, s.reference, s.understood) for s in found] == [
        ("admin_running", 2023, BUDGET, True),
        ("", 2023, FINAL, False),  # its own sentence names no subject: 未能核对
    ]
    assert found[0].stated_previous == Money(Decimal("45.00"), Unit.WAN, 2)
