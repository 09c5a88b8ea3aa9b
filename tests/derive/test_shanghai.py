"""`derive` in the shanghai layout: nine tables in 元, the narrative in 万元, read back exactly, no finding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.support.fujian_doc import scenario_strategy
from tests.support.scenario_budget import budget_from_scenario
from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import BudgetTable, Money, Publication, PubParagraph, Severity, Unit
from yusuan.model.budget import Budget, FactLine
from yusuan.model.disclosure import content
from yusuan.pipeline import check_document, check_path
from yusuan.profiles import detect
from yusuan.profiles import load as load_profile
from yusuan.read import read_text
from yusuan.render.markdown import to_markdown
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "putuo_street_2025.yaml"
FUJIAN_EXAMPLE = ROOT / "examples" / "culture_bureau_2024.yaml"
FUJIAN_SEED = ROOT.parent / "shared" / "corpus" / "fujian" / "000_2bbe3a14c73fd150.txt"
NINE = ["econ_basic", "expense", "fiscal", "gov_fund", "gpb", "income", "sangong", "soe", "summary"]


def _example() -> Budget:
    budget, messages = load_source(EXAMPLE)
    assert messages == []
    return budget


def _sum(facts: list[FactLine], pred: Callable[[FactLine], bool] = lambda f: True) -> Decimal:
    return sum((f.amount for f in facts if pred(f)), Decimal("0.00"))


def _wan(value: Decimal) -> Decimal:
    return (value / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _total(table: BudgetTable, column: str, section: str = "") -> Decimal | None:
    row = table.total(section)
    assert row is not None, f"{table.id} has no 合计 row"
    money = row.values.get(column)
    return None if money is None else money.value


def _paragraphs(pub: Publication) -> list[str]:
    return [b.text for b in pub.blocks if isinstance(b, PubParagraph)]


def test_example_builds_without_any_finding(tmp_path: Path) -> None:
    built = derive(_example(), "shanghai")
    assert built.messages == []
    path = tmp_path / "putuo_street_2025.md"
    path.write_text(to_markdown(built.publication), encoding="utf-8")
    result = check_path(path, "shanghai")
    assert result.error is None and result.disclosure is not None
    assert [(f.rule, f.message) for f in result.findings] == []
    assert sorted(result.disclosure.tables) == NINE
    assert result.disclosure.year == 2025
    assert result.disclosure.department == "上海市普陀区人民政府云岭街道办事处"
    assert check_path(path).disclosure.profile == "shanghai"  # type: ignore[union-attr]


def test_the_nine_tables_carry_the_sums_of_the_fact_lines(tmp_path: Path) -> None:
    budget = _example()
    facts = budget.facts
    total = _sum(facts)
    fiscal = _sum(facts, lambda f: f.source in {"gpb", "gov_fund", "soe"})
    gpb = _sum(facts, lambda f: f.source == "gpb")
    basic = _sum(facts, lambda f: f.kind == "basic")
    gpb_basic = _sum(facts, lambda f: f.source == "gpb" and f.kind == "basic")
    personnel = _sum(
        facts, lambda f: f.source == "gpb" and f.kind == "basic" and f.economic[:3] in {"301", "303"}
    )
    assert total == Decimal("63172212.80") and fiscal == Decimal("63122212.80")

    path = tmp_path / "built.md"
    path.write_text(to_markdown(derive(budget, "shanghai").publication), encoding="utf-8")
    d = check_path(path, "shanghai").disclosure
    assert d is not None
    t = d.tables
    expected = {
        ("summary", "amount", "income"): total,
        ("summary", "amount", "expense"): total,
        ("income", "total", ""): total,
        ("income", "fiscal", ""): fiscal,
        ("income", "other", ""): total - fiscal,
        ("income", "business", ""): None,  # no 事业收入: an empty cell
        ("expense", "total", ""): total,
        ("expense", "basic", ""): basic,
        ("expense", "project", ""): total - basic,
        ("fiscal", "amount", "income"): fiscal,
        ("fiscal", "amount", "expense"): fiscal,
        ("gpb", "total", ""): gpb,
        ("gpb", "basic", ""): gpb_basic,
        ("gpb", "project", ""): gpb - gpb_basic,
        ("gov_fund", "total", ""): None,
        ("soe", "total", ""): None,
        ("econ_basic", "total", ""): gpb_basic,
        ("econ_basic", "personnel", ""): personnel,
        ("econ_basic", "public", ""): gpb_basic - personnel,
    }
    assert {k: _total(t[k[0]], k[1], k[2]) for k in expected} == expected
    assert t["gov_fund"].is_empty() and t["soe"].is_empty()
    assert all(t[i].unit is not None and t[i].unit.value == "元" for i in NINE if i != "sangong")  # type: ignore[union-attr]

    # functional rows: a 项 and its 类, by code, in every table that lists them
    city = _sum(facts, lambda f: f.function.startswith("212"))
    running = _sum(facts, lambda f: f.function == "2120101")
    for table_id in ("income", "expense", "gpb"):
        assert t[table_id].by_code("212").values["total"].value == city  # type: ignore[union-attr]
        assert t[table_id].by_code("2120101").values["total"].value == running  # type: ignore[union-attr]
    summary_city = t["summary"].by_key("func_lei:212")
    assert summary_city is not None and summary_city.values["amount"].value == city  # type: ignore[union-attr]
    wages = _sum(facts, lambda f: f.economic == "30101" and f.kind == "basic")
    assert t["econ_basic"].by_code("30101").values["total"].value == wages  # type: ignore[union-attr]

    # the 三公 / 机关运行经费 table is in 万元
    sangong = t["sangong"]
    assert sangong.unit is not None and sangong.unit.value == "万元"
    by_key = {r.key: r.values["total"].value for r in sangong.rows if r.values["total"] is not None}
    g = budget.sangong
    assert by_key == {
        "sangong.total": _wan(g.abroad + g.reception + g.vehicle_purchase + g.vehicle_running),
        "sangong.abroad": Decimal(0),
        "sangong.reception": _wan(g.reception),
        "sangong.vehicle": _wan(g.vehicle_purchase + g.vehicle_running),
        "sangong.vehicle_purchase": Decimal(0),
        "sangong.vehicle_running": _wan(g.vehicle_running),
        "admin_running": _wan(budget.admin_running),
    }
    assert by_key["sangong.total"] == Decimal("22.91") and by_key["admin_running"] == Decimal("435.25")


def test_markdown_reads_back_to_the_same_disclosure() -> None:
    pub = derive(_example(), "shanghai").publication
    profile = load_profile("shanghai")
    expected = content(extract(pub.to_document(), profile))
    actual = content(extract(read_text(to_markdown(pub), "built.md"), profile))
    assert actual == expected
    tables = expected["tables"]
    assert sorted(tables) == NINE
    assert len(expected["claims"]) > 30
    assert len(expected["targets"]) == 3


def test_narrative_states_the_tables_in_wan_yuan() -> None:
    budget = _example()
    paragraphs = _paragraphs(derive(budget, "shanghai").publication)
    text = "\n".join(paragraphs)
    total = _wan(_sum(budget.facts))
    assert f"收入预算{total:,.2f}万元，其中：财政拨款收入6,312.22万元，比2024年预算增加285.63万元" in text
    assert "财政拨款收入支出增加的主要原因是社区综合治理经费增加和人员经费调整。" in paragraphs
    assert "政府性基金拨款支出预算0.00万元，与2024年预算持平" in text
    assert (
        "8. “城乡社区支出（类）城乡社区管理事务（款）行政运行（项）”科目2,820.59万元，"
        "主要用于街道机关人员经费和日常运转的基本支出。"
    ) in paragraphs
    assert "2025年“三公”经费预算数为22.91万元，比2024年预算减少25.00万元。" in paragraphs
    assert "涉及项目预算资金614.00万元" in text


def test_missing_reason_is_a_warning_at_its_place_never_an_invented_sentence() -> None:
    budget = _example()
    for key, marker in (("fiscal", "财政拨款收入支出"), ("sangong.vehicle", "（二）公务用车购置及运行费")):
        reasons = {k: v for k, v in budget.reasons.items() if k != key}
        places = {k: v for k, v in budget.places.items() if not k.startswith(f"reasons.{key}")}
        built = derive(replace(budget, reasons=reasons, places=places), "shanghai")
        warnings = [m for m in built.messages if f"reasons.{key}" in m.place]
        assert len(warnings) == 1 and warnings[0].severity == "warning", built.messages
        assert warnings[0].place.startswith(f"{EXAMPLE}:")  # the line of `reasons:` in the source
        assert [m for m in built.messages if m not in warnings] == []
        paragraphs = _paragraphs(built.publication)
        assert not [p for p in paragraphs if p.startswith(marker) and "原因" in p]
        result = check_document(read_text(to_markdown(built.publication), "built.md"), "shanghai")
        assert [f for f in result.findings if f.severity is Severity.ERROR] == []


def test_missing_last_year_omits_the_comparison_with_a_warning() -> None:
    budget = _example()
    places = {k: v for k, v in budget.places.items() if k != "last_year.fiscal_total"}
    built = derive(
        replace(budget, last_year=replace(budget.last_year, fiscal_total=None), places=places), "shanghai"
    )
    assert len(built.messages) == 1 and built.messages[0].place.endswith("（last_year.fiscal_total）")
    paragraphs = _paragraphs(built.publication)
    first = next(p for p in paragraphs if "收入预算" in p)
    assert "财政拨款收入6,312.22万元；事业收入0.00万元" in first
    assert not any("财政拨款收入支出" in p for p in paragraphs)


def test_a_budget_in_wan_yuan_is_published_in_yuan() -> None:
    budget, _ = load_source(FUJIAN_EXAMPLE)
    built = derive(budget, "shanghai")
    assert [m.place.rsplit("（", 1)[-1] for m in built.messages] == ["last_year.fiscal_total）"]
    md = to_markdown(built.publication)
    result = check_document(read_text(md, "built.md"), "shanghai")
    assert [f.rule for f in result.findings] == []
    d = result.disclosure
    assert d is not None
    total = _sum(budget.facts)
    assert _total(d.tables["summary"], "amount", "income") == total * 10000
    assert "收入预算1,510.34万元" in md


def test_detection_tells_the_two_templates_apart() -> None:
    md = to_markdown(derive(_example(), "shanghai").publication)
    assert check_document(read_text(md, "built.md")).disclosure.profile == "shanghai"  # type: ignore[union-attr]
    fujian_md = to_markdown(derive(load_source(FUJIAN_EXAMPLE)[0]).publication)
    assert check_document(read_text(fujian_md, "built.md")).disclosure.profile == "fujian"  # type: ignore[union-attr]
    if not FUJIAN_SEED.is_file():
        pytest.skip("../shared is absent")
    assert detect(FUJIAN_SEED.read_text(encoding="utf-8")).id == "fujian"


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_strategy())
def test_random_budgets_build_consistent_disclosures(scenario: object) -> None:
    pub = derive(budget_from_scenario(scenario), "shanghai").publication  # type: ignore[arg-type]
    md = to_markdown(pub)
    findings = check_document(read_text(md, "built.md"), "shanghai").findings
    assert [(f.rule, f.message) for f in findings if f.severity is Severity.ERROR] == []
    profile = load_profile("shanghai")
    assert content(extract(read_text(md, "built.md"), profile)) == content(
        extract(pub.to_document(), profile)
    )


def test_a_wan_yuan_figure_stated_in_yuan_keeps_its_precision() -> None:
    """18,976.76 万元 is good to ±50 元: the narrative (万元) is compared with the 元 tables within that."""
    stated = Money(Decimal("18976.76"), Unit.WAN, 2)
    assert stated.in_unit(Unit.YUAN) == Money(Decimal("189767600.0000"), Unit.YUAN, -2)
    assert stated.in_unit(Unit.YUAN).half_ulp == 50
    assert Money(Decimal("189767551"), Unit.YUAN, 0).in_unit(Unit.WAN).places == 4
    assert stated.in_unit(Unit.YUAN).text() == "189,767,600元"
