"""`derive` in the fujian layout: consistent by construction, read back exactly, warnings not inventions."""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests.support.fujian_doc import scenario_strategy
from tests.support.scenario_budget import budget_from_scenario
from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Publication, PubParagraph, PubTable, Severity
from yusuan.model.budget import Budget, Procurement, SanGong
from yusuan.model.disclosure import content
from yusuan.model.money import Unit
from yusuan.pipeline import check_document
from yusuan.profiles import load as load_profile
from yusuan.read import read_document, read_text
from yusuan.render import render
from yusuan.render.markdown import to_markdown
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024.yaml"
GOLDEN = ROOT / "tests" / "golden" / "culture_bureau_2024.md"


def _example() -> Budget:
    budget, messages = load_source(EXAMPLE)
    assert messages == []
    return budget


def _table(pub: Publication, table_id: str) -> PubTable:
    return next(t for t in pub.tables() if t.table_id == table_id)


def _round_trip(pub: Publication) -> tuple[dict[str, object], dict[str, object]]:
    profile = load_profile(pub.profile)
    expected = content(extract(pub.to_document(), profile))
    actual = content(extract(read_text(to_markdown(pub), "built.md"), profile))
    return expected, actual


def test_example_builds_without_any_finding() -> None:
    built = derive(_example())
    assert built.messages == []
    result = check_document(read_text(to_markdown(built.publication), "built.md"), "fujian")
    assert [f.rule for f in result.findings] == []


def test_example_markdown_reads_back_to_the_same_disclosure() -> None:
    expected, actual = _round_trip(derive(_example()).publication)
    assert actual == expected
    assert len(expected["claims"]) > 40  # type: ignore[arg-type]


def test_totals_are_the_sums_of_the_fact_lines() -> None:
    budget = _example()
    pub = derive(budget).publication
    total = sum(f.amount for f in budget.facts)
    gpb_basic = sum(f.amount for f in budget.facts if f.source == "gpb" and f.kind == "basic")
    personnel = sum(
        f.amount
        for f in budget.facts
        if f.source == "gpb" and f.kind == "basic" and f.economic[:3] in {"301", "303"}
    )
    assert total == Decimal("1510.34")
    summary = _table(pub, "summary").rows[-1].cells
    assert [c.value for c in summary if c.value is not None] == [total, total]
    basic_econ = _table(pub, "basic_econ")
    assert basic_econ.rows[0].cells[2].value == gpb_basic
    expense = _table(pub, "expense")
    by_code = {r.cells[0].text: r.cells[2].value for r in expense.rows[1:]}
    assert by_code["2070109"] == Decimal("206.80")  # 85.00 + 120.00 + 1.80
    paragraph = next(
        b.text for b in pub.blocks if isinstance(b, PubParagraph) and b.text.startswith("（一）人员经费")
    )
    assert f"{personnel:,.2f}" in paragraph


def test_missing_reason_is_a_warning_at_its_place_never_an_invented_sentence() -> None:
    budget = _example()
    reasons = {k: v for k, v in budget.reasons.items() if k != "gpb"}
    places = {k: v for k, v in budget.places.items() if not k.startswith("reasons.gpb")}
    built = derive(replace(budget, reasons=reasons, places=places))
    warnings = [m for m in built.messages if "reasons.gpb" in m.place]
    assert len(warnings) == 1 and warnings[0].severity == "warning"
    assert warnings[0].place.startswith(f"{EXAMPLE}:")  # the line of `reasons:` in the source
    sentence = next(
        b.text
        for b in built.publication.blocks
        if isinstance(b, PubParagraph) and "一般公共预算拨款支出" in b.text and "比上年" in b.text
    )
    assert "原因" not in sentence
    result = check_document(read_text(to_markdown(built.publication), "built.md"), "fujian")
    assert not [f for f in result.findings if f.severity is Severity.ERROR]


def test_missing_last_year_omits_the_comparison_with_a_warning() -> None:
    budget = _example()
    places = {k: v for k, v in budget.places.items() if k != "last_year.gpb_total"}
    built = derive(replace(budget, last_year=replace(budget.last_year, gpb_total=None), places=places))
    assert any("last_year.gpb_total" in m.place for m in built.messages)
    text = to_markdown(built.publication)
    assert "2024年度一般公共预算拨款支出1,330.34万元，主要支出项目" in text


def test_markdown_golden() -> None:
    text = to_markdown(derive(_example()).publication)
    if os.environ.get("YUSUAN_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_strategy())
def test_random_budgets_build_consistent_disclosures_that_read_back(scenario: object) -> None:
    pub = derive(budget_from_scenario(scenario)).publication  # type: ignore[arg-type]
    findings = check_document(read_text(to_markdown(pub), "built.md"), "fujian").findings
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    expected, actual = _round_trip(pub)
    assert actual == expected
    with tempfile.TemporaryDirectory() as tmp:
        workbook = Path(tmp) / "built.xlsx"
        workbook.write_bytes(render(pub, "xlsx"))
        assert content(extract(read_document(workbook), load_profile("fujian"))) == expected


def test_a_source_in_yuan_builds_a_consistent_yuan_document() -> None:
    b = _example()
    k = Decimal(10000)

    def sg(s: SanGong | None) -> SanGong | None:
        return (
            None
            if s is None
            else SanGong(s.abroad * k, s.reception * k, s.vehicle_purchase * k, s.vehicle_running * k)
        )

    ly = b.last_year
    assert ly.income_total and ly.gpb_total and ly.admin_running
    yuan = replace(
        b,
        unit=Unit.YUAN,
        facts=[replace(f, amount=f.amount * k) for f in b.facts],
        last_year=replace(
            ly,
            income_total=ly.income_total * k,
            gpb_total=ly.gpb_total * k,
            admin_running=ly.admin_running * k,
            sangong=sg(ly.sangong),
        ),
        sangong=sg(b.sangong) or SanGong(),
        admin_running=b.admin_running * k,
        procurement=Procurement(b.procurement.goods * k, b.procurement.works * k, b.procurement.services * k),
    )
    text = to_markdown(derive(yuan).publication)
    assert "单位：元" in text and "单位：万元" not in text
    assert "收入预算为15,103,400.00元" in text
    assert check_document(read_text(text, "yuan.md"), "fujian").findings == []
