"""Figures of another year printed in tables: a budget's 上年预算数 column against last year's
budget (YY905), a 决算's 预算数 column against its own year's budget (YY911, a 全年预算数 is
未能核对), on documents stored as rows (their files are no documents: the prose is 未能核对)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from yusuan.store import Store, StoredDocument
from yusuan.store.migrations import LATEST
from yusuan.yoy import INCONSISTENT, UNVERIFIED, check_years, link


def _doc(sha: str, kind: str, year: int, cells: list[tuple[str, str, str, str]]) -> StoredDocument:
    """A document with one 三公 table; cells are (row_key, header, column_key, value in 万元)."""
    document: dict[str, Any] = {
        "path": f"/x/{sha}.pdf",
        "file_name": f"{year}_{kind}.pdf",
        "format": "pdf",
        "pages": 3,
        "size": 10,
        "kind": kind,
        "phase": "final" if kind.endswith("决算") else "budget",
        "title": f"{year}年{kind}",
        "department": "上海市普陀区某某局",
        "department_key": "普陀区某某局",
        "year": year,
        "unit": "万元",
        "profile": "shanghai",
        "errors": 0,
        "warnings": 0,
        "infos": 0,
    }
    table = {
        "table_index": 1,
        "table_id": "sangong",
        "title": f"{year}年三公经费表",
        "kind": "items",
        "unit": "万元",
        "unit_stated": True,
        "note": None,
        "page": 3,
        "line": 40,
    }
    rows = []
    for i, (key, header, column, value) in enumerate(cells, 1):
        rows.append(
            {
                "table_index": 1,
                "row_index": i,
                "cell_index": 1,
                "row_label": key,
                "code": None,
                "level": None,
                "row_key": key,
                "section": None,
                "is_total": key == "sangong.total",
                "column_key": column,
                "header": header,
                "text": value,
                "value_text": value,
                "value": Decimal(value),
                "places": 2,
                "unit": "万元",
                "page": 3,
                "line": 40 + i,
                "x0": None,
                "top": None,
                "x1": None,
                "bottom": None,
                "source_column": None,
            }
        )
    return StoredDocument(sha, b"not a pdf", document, [table], rows)


def test_table_columns_of_another_year(db_url: str) -> None:
    store = Store(db_url)
    assert LATEST >= 2
    store.add(_doc("a" * 64, "部门预算", 2023, [("sangong.total", "预算数", "total", "20.00")]), "r")
    # the 2024 budget prints its 上年预算数 column: 21.00 where 2023 published 20.00
    store.add(
        _doc(
            "b" * 64,
            "部门预算",
            2024,
            [("sangong.total", "预算数", "total", "25.00"), ("sangong.total", "上年预算数", "last", "21.00")],
        ),
        "r",
    )
    # the 2024 决算: 年初预算数 26.00 (the 2024 budget says 25.00), 全年预算数 not compared
    store.add(
        _doc(
            "c" * 64,
            "部门决算",
            2024,
            [
                ("sangong.total", "年初预算数", "budget", "26.00"),
                ("sangong.total", "全年预算数", "full", "30.00"),
                ("sangong.total", "决算数", "total", "24.00"),
            ],
        ),
        "r",
    )
    (series,) = link(store)
    assert series.years("部门预算") == [2023, 2024] and series.years("部门决算") == [2024]
    summary = check_years(store, "run1")
    rows = store.query(
        "select d.kind, f.rule, f.severity, f.expected from cross_findings f join documents d on d.id = f.document_id "
        "order by f.rule"
    )[1]
    checks = store.query(
        "select statement, verdict, reason from cross_checks order by document_id, check_index"
    )[1]
    store.close()
    assert [r[:3] for r in rows] == [("部门预算", "YY905", "error"), ("部门决算", "YY911", "error")]
    assert rows[0][3].startswith("20.00万元（2023_部门预算.pdf 第3页（全文第41行）")
    assert rows[1][3].startswith("25.00万元（2024_部门预算.pdf 第3页（全文第41行）")
    full = [c for c in checks if "全年预算数" in c[0]]
    assert full and full[0][1] == UNVERIFIED
    assert sum(1 for c in checks if c[1] == INCONSISTENT) == 2
    # the files are no documents: what their prose says is counted as not checked, once per pair
    assert sum(1 for c in checks if "未能重新读取" in c[2]) == summary.pairs == 2


def test_a_defect_on_one_document_is_a_verdict_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(str(tmp_path / "s.duckdb"))
    store.add(_doc("a" * 64, "部门预算", 2023, [("sangong.total", "预算数", "total", "20.00")]), "r")
    store.add(_doc("b" * 64, "部门预算", 2024, [("sangong.total", "预算数", "total", "25.00")]), "r")

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError

    monkeypatch.setattr("yusuan.yoy.check.compare_document", broken)
    summary = check_years(store)
    reasons = store.query("select verdict, reason from cross_checks")[1]
    store.close()
    assert (summary.pairs, summary.unverified, summary.errors) == (1, 1, 0)
    assert reasons[0][0] == UNVERIFIED and "内部错误（RecursionError）" in reasons[0][1]
