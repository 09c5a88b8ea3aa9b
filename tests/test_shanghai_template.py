"""The official 2026 单位预算 Excel template (../shared/corpus/shanghai/templates): every table of the
shanghai profile is found in it, and `check` refuses it as a form still to be filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.extract import extract
from yusuan.pipeline import check_path
from yusuan.profiles import load
from yusuan.read import read_document

TEMPLATE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "corpus"
    / "shanghai"
    / "templates"
    / "2026_putuo_unit_budget_template.xls"
)
pytestmark = pytest.mark.skipif(not TEMPLATE.exists(), reason="../shared (the corpus) is not present")


def test_the_template_has_all_nine_tables_and_nothing_unreadable() -> None:
    d = extract(read_document(TEMPLATE), load("shanghai"))
    assert sorted(d.tables) == [
        "econ_basic",
        "expense",
        "fiscal",
        "gov_fund",
        "gpb",
        "income",
        "sangong",
        "soe",
        "summary",
    ]
    assert d.problems == []
    assert (d.year, d.department) == (2026, "上海市普陀区XX单位")
    # the one-row 三公 table of the blank form: all seven items found, none filled in
    sangong = d.tables["sangong"]
    assert [r.key for r in sangong.rows] == [
        "sangong.total",
        "sangong.abroad",
        "sangong.reception",
        "sangong.vehicle",
        "sangong.vehicle_purchase",
        "sangong.vehicle_running",
        "admin_running",
    ]
    assert all(r.values["total"] is None for r in sangong.rows)
    assert d.tables["income"].title == "2026年预算单位收入预算总表"


def test_check_refuses_the_blank_template() -> None:
    result = check_path(TEMPLATE)
    assert result.findings == []
    assert (
        result.error is not None and "未填写的单位预算模板" in result.error and TEMPLATE.name in result.error
    )
