"""The 决算填报表: read into the same final accounts as the YAML, each bad cell named by sheet!cell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from yusuan.model.final_accounts import FinalAccounts
from yusuan.source import SourceError, load_source

EXAMPLE_XLSX = Path(__file__).resolve().parents[2] / "examples" / "putuo_street_final_2024.xlsx"


def _edited(tmp_path: Path, change: Callable[[openpyxl.Workbook], None]) -> Path:
    wb = openpyxl.load_workbook(EXAMPLE_XLSX)
    change(wb)
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def _errors(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(SourceError) as caught:
        load_source(path)
    return [(m.place, m.message) for m in caught.value.messages if m.severity == "error"]


def test_the_example_workbook_holds_the_lines_and_their_cells() -> None:
    accounts, warnings = load_source(EXAMPLE_XLSX)
    assert isinstance(accounts, FinalAccounts) and warnings == []
    assert len(accounts.facts) == 23 and len(accounts.income) == 11 and len(accounts.carry_in) == 2
    assert accounts.carry_in[1].where == "收入与结转!A12:E12"
    assert accounts.place("carry_in[1].amount") == "收入与结转!E12"
    assert accounts.sangong.get("reception").final == accounts.sangong.final("reception")
    assert accounts.place("sangong.reception.final") == "三公经费!C5"
    assert accounts.place("reasons.sangong.reception") == "原因!B12"


def test_bad_cells_are_named_by_sheet_and_cell(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        wb["收入与结转"]["D3"] = "十万"
        wb["三公经费"]["D3"] = "购置两辆执法车"  # 公务用车购置费 row: its purpose goes on the 运行维护费 row
        wb["科目预算"]["C4"] = -5

    assert _errors(_edited(tmp_path, change)) == [
        ("三公经费!D3", "此格不读取：公务用车的主要用途请填在“公务用车运行维护费”行"),
    ]
    wb_fixed = _edited(tmp_path, lambda wb: (change(wb), wb["三公经费"].__setitem__("D3", None)))
    assert _errors(wb_fixed) == [
        ("收入与结转!D3", "金额“十万”不是数字"),
        ("科目预算!C4", "金额不能为负数（-5）"),
    ]


def test_a_final_workbook_without_its_income_sheet_says_so(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda wb: wb.remove(wb["收入与结转"]))
    assert _errors(path) == [(str(path), "缺少工作表“收入与结转”")]
