"""JSON export of a known disclosure: values equal the source's sums, exact decimal strings, places."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.export.conftest import Known, build_known
from yusuan.export import export, records, to_dict, to_json


def _load(data: bytes) -> dict[str, Any]:
    def no_float(text: str) -> Any:
        raise AssertionError(f"a JSON number with a fraction: {text}")

    out: dict[str, Any] = json.loads(data.decode("utf-8"), parse_float=no_float)
    return out


@pytest.fixture(scope="module")
def data(culture_md: Known) -> dict[str, Any]:
    return _load(export(culture_md.doc, culture_md.disclosure, "json")[""])


def _table(data: dict[str, Any], table_id: str) -> dict[str, Any]:
    return next(t for t in data["tables"] if t["id"] == table_id)


def _cell(row: dict[str, Any], column: str) -> dict[str, Any]:
    return next(c for c in row["cells"] if c["column"] == column)


def test_meta(data: dict[str, Any], culture_md: Known) -> None:
    assert data["schema_version"] == 1 and data["generator"].startswith("yusuan ")
    assert data["meta"] == {
        "source": str(culture_md.path),
        "format": "text",
        "pages": None,
        "profile": "fujian",
        "document": "部门预算",
        "title": "2024 年度清溪市云山区文化和旅游局部门预算",
        "department": "清溪市云山区文化和旅游局",
        "year": 2024,
        "unit": "万元",
    }


def test_tables_in_document_order_with_totals_from_the_source(
    data: dict[str, Any], culture_md: Known
) -> None:
    assert [t["index"] for t in data["tables"]] == list(range(1, 12))
    assert [t["id"] for t in data["tables"]] == [
        "summary", "income", "expense", "fiscal", "gpb", "gov_fund", "soe", "econ", "econ_basic", "sangong",
        "special_funds",
    ]  # fmt: skip
    total = culture_md.total()
    assert total == Decimal("1510.34")
    # the first table (收支预算总表): both 合计 rows state the sum of every fact line
    first = data["tables"][0]
    assert (
        first["title"] == "2024 年度收支预算总表" and first["kind"] == "two_sided" and first["unit"] == "万元"
    )
    totals = {r["section"]: r for r in first["rows"] if r["is_total"]}
    assert {s: r["label"] for s, r in totals.items()} == {"income": "收入合计", "expense": "支出合计"}
    for row in totals.values():
        cell = _cell(row, "amount")
        assert cell["value"] == str(total) == "1510.34"
        assert cell["text"] == "1,510.34" and cell["places"] == 2 and cell["unit"] == "万元"
    # 收入总表 合计: total and the 一般公共预算 column, each the sum of its fact lines
    income_total = next(r for r in _table(data, "income")["rows"] if r["is_total"])
    assert _cell(income_total, "total")["value"] == str(total)
    assert _cell(income_total, "gpb")["value"] == str(culture_md.total(source="gpb")) == "1330.34"
    assert _cell(income_total, "gov_fund")["value"] == str(culture_md.total(source="gov_fund"))
    # 支出总表: a 项 row's basic and project columns
    row = next(r for r in _table(data, "expense")["rows"] if r["code"] == "2070109")
    assert row["level"] == 3 and row["label"] == "群众文化"
    assert _cell(row, "project")["value"] == str(culture_md.total(function="2070109", kind="project"))


def test_every_cell_points_at_its_source_line(data: dict[str, Any], culture_md: Known) -> None:
    lines = culture_md.path.read_text(encoding="utf-8").splitlines()
    cells = [c for t in data["tables"] for r in t["rows"] for c in r["cells"] if c["value"] is not None]
    assert len(cells) > 100
    for c in cells:
        assert c["text"] in lines[c["line"] - 1], c
        assert Decimal(c["value"]) == Decimal(c["text"].replace(",", ""))
        assert c["bbox"] is None and c["page"] is None  # Markdown has lines, not geometry


def test_header_and_columns(data: dict[str, Any]) -> None:
    expense = _table(data, "expense")
    assert expense["header"][:3] == [
        {"column": "total", "title": "合计"},
        {"column": "basic", "title": "基本支出"},
        {"column": "project", "title": "项目支出"},
    ]
    assert all(
        [c["column"] for c in r["cells"]] == [h["column"] for h in expense["header"]] for r in expense["rows"]
    )


def test_claims(data: dict[str, Any], culture_md: Known) -> None:
    first = data["claims"][0]
    assert first["subject"] == "income_total" and first["kind"] == "amount"
    assert first["value"] == "1510.34" and first["unit"] == "万元" and first["value_text"] == "1,510.34万元"
    assert first["change"] == "120.67" and first["direction"] == "up" and first["year"] == 2024
    assert first["reason"] == "政府性基金项目的增加"
    line = culture_md.path.read_text(encoding="utf-8").splitlines()[first["line"] - 1]
    assert "1,510.34" in line and first["text"] in line
    gpb = data["claims"][1]
    assert gpb["subject"] == "income.gpb" and gpb["value"] == "1330.34" and gpb["parent"] == 1
    assert len(data["claims"]) == len(culture_md.disclosure.claims) == 48


def test_targets_units_headings(data: dict[str, Any], culture_md: Known) -> None:
    assert len(data["targets"]) == len(culture_md.budget.targets) == 3
    first = data["targets"][0]
    assert first["project"] == "群众文化活动经费"
    assert first["funds_total"] == str(culture_md.total(project="群众文化活动经费")) == "206.80"
    assert first["funds_unit"] == "万元"
    assert first["indicators"][0] == {
        "level1": "成本指标",
        "level2": "经济成本指标",
        "name": "单位服务成本控制率",
        "comparator": "≤",
        "value": "95",
        "unit": "%",
        "text": "小于等于 95%",
        "page": None,
        "line": first["indicators"][0]["line"],
    }
    assert [(u["name"], u["staffing"], u["actual"]) for u in data["units"]] == [
        (u.name, u.staffing, u.actual) for u in culture_md.budget.units
    ]
    texts = [h["text"] for h in data["headings"]]
    assert "第一部分部门概况" in texts and "一、部门主要职责" in texts
    assert data["problems"] == []


def test_values_are_strings_of_the_exact_decimal() -> None:
    from yusuan.export.records import Amount

    assert Amount(Decimal("1E+3"), 0).text() == "1000"
    assert Amount(Decimal("-0.50"), 2).text() == "-0.50"
    assert Amount.of_decimal(Decimal("95.5")) == Amount(Decimal("95.5"), 1)


def test_json_is_deterministic_and_round_trips(culture_md: Known) -> None:
    rec = records(culture_md.doc, culture_md.disclosure)
    assert to_json(rec) == to_json(records(culture_md.doc, culture_md.disclosure))
    assert _load(to_json(rec)) == to_dict(rec)


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_every_readable_format_exports_the_same_tables(
    fmt: str, data: dict[str, Any], tmp_path: Path
) -> None:
    other = build_known("culture_bureau_2024.yaml", fmt, tmp_path)
    got = _load(export(other.doc, other.disclosure, "json")[""])
    assert got["meta"]["format"] == fmt.replace("md", "text")

    def values(d: dict[str, Any]) -> list[Any]:
        return [
            (t["id"], r["label"], r["code"], [(c["column"], c["value"]) for c in r["cells"]])
            for t in d["tables"]
            for r in t["rows"]
        ]

    assert values(got) == values(data)
