"""Excel sources: the 填报表 template, the round trip YAML → workbook → Budget, and bad input named by cell."""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.catalog import load as load_catalog
from yusuan.model.budget import Budget
from yusuan.model.final_accounts import FinalAccounts
from yusuan.source import SourceError, load_source
from yusuan.source.errors import error
from yusuan.source.mapping import budget_from_data
from yusuan.source.template import (
    SOURCE_CHOICES,
    build_workbook,
    workbook_bytes,
    write_filled,
    write_template,
)
from yusuan.source.workbook import EXAMPLE_NOTE, load_workbook_source
from yusuan.source.yaml_source import load_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024.yaml"
EXAMPLE_XLSX = ROOT / "examples" / "culture_bureau_2024.xlsx"
YAML_EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

SHEETS = [
    "填表说明",
    "基本信息",
    "单位构成",
    "收支明细",
    "科目说明",
    "项目与绩效目标",
    "三公经费",
    "其他事项",
    "上年数",
    "代码表",
]
HEADERS = {
    "基本信息": ["项目", "内容", "填写说明"],
    "单位构成": ["单位名称", "经费性质", "人员编制数", "在职人数", "备注"],
    "收支明细": [
        "预算单位",
        "功能分类科目编码",
        "功能分类科目名称",
        "经济分类科目编码",
        "资金来源",
        "支出类型",
        "项目名称",
        "金额",
        "备注",
    ],
    "科目说明": ["功能分类科目编码", "功能分类科目名称", "主要用途", "备注"],
    "项目与绩效目标": ["项目名称", "总体目标", "一级指标", "二级指标", "三级指标", "目标值", "备注"],
    "三公经费": ["项目", "本年预算数", "上年预算数", "主要用途", "变动原因"],
    "其他事项": ["事项", "变动原因", "填写说明"],
    "上年数": ["项目", "金额", "填写说明"],
}


# --- helpers ---------------------------------------------------------------------------------


def comparable(budget: Budget | FinalAccounts) -> dict[str, Any]:
    """Every field of the Budget (or FinalAccounts) except where it came from."""
    out = {f.name: getattr(budget, f.name) for f in dataclasses.fields(budget)}
    del out["places"], out["source_path"]
    for key in ("facts", "targets", "income", "carry_in"):
        if key in out:
            out[key] = [dataclasses.replace(line, where="") for line in out[key]]
    return out


def filled(tmp_path: Path, source: Path = EXAMPLE, name: str = "b.xlsx") -> Path:
    data, _ = load_yaml(source)
    path = tmp_path / name
    write_filled(path, data)
    return path


@functools.cache
def example_bytes() -> bytes:
    return workbook_bytes(build_workbook(load_yaml(EXAMPLE)[0]))


def edited(tmp_path: Path, change: Callable[[openpyxl.Workbook], None], name: str = "edited.xlsx") -> Path:
    """The example workbook with ``change`` applied, saved as ``name``."""
    wb = openpyxl.load_workbook(BytesIO(example_bytes()))
    change(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def sheet(wb: openpyxl.Workbook, title: str) -> Worksheet:
    ws = wb[title]
    assert isinstance(ws, Worksheet)
    return ws


def errors(path: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        load_source(path)
    return [str(m) for m in info.value.messages if m.severity == "error"]


def set_cell(title: str, coordinate: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def change(wb: openpyxl.Workbook) -> None:
        sheet(wb, title)[coordinate] = value

    return change


# --- (a) the template ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "填报表.xlsx"
    write_template(path, 2025)
    return path


def test_template_sheets_headers_and_frozen_panes(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == SHEETS
    assert wb.active is not None and wb.active.title == "填表说明"
    assert sheet(wb, "代码表").sheet_state == "hidden"
    assert all(sheet(wb, s).sheet_state == "visible" for s in SHEETS[:-1])
    for title, headers in HEADERS.items():
        ws = sheet(wb, title)
        assert [c.value for c in ws[1]][: len(headers)] == headers, title
        assert all(c.font.b for c in ws[1][: len(headers)]), title
        assert ws.freeze_panes == "A2", title
        widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(headers) + 1)]
        assert all(w > 8 for w in widths), title
    info = sheet(wb, "基本信息")
    labels = [c.value for c in info["A"]]
    for label in (
        "部门名称",
        "简称",
        "预算年度",
        "金额单位",
        "公开模板",
        "机关处室数",
        "主要职责",
        "工作任务概述",
    ):
        assert label in labels
    assert info["B4"].value == 2025 and info["A4"].value == "预算年度"
    assert (info["B5"].value, info["B6"].value) == ("万元", "fujian")
    sangong = [c.value for c in sheet(wb, "三公经费")["A"]]
    for label in ("因公出国（境）费", "公务接待费", "其中：公务用车购置费", "其中：公务用车运行费"):
        assert label in sangong
    guide = "\n".join(str(c.value) for c in sheet(wb, "填表说明")["A"])
    assert "示例行" in guide and "不会读入" in guide


def _validations(ws: Worksheet) -> dict[str, Any]:
    """Validations by the first column letter of their first range."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        letters = re.match(r"[A-Z]+", str(dv.sqref))
        assert letters is not None
        out[letters.group()] = dv
    return out


def test_template_validations_and_code_formats(template: Path) -> None:
    wb = openpyxl.load_workbook(template)
    facts = sheet(wb, "收支明细")
    dv = _validations(facts)
    assert dv["E"].type == "list" and dv["E"].formula1.startswith("'代码表'!")
    assert dv["F"].type == "list" and dv["F"].formula1.startswith("'代码表'!")
    assert dv["D"].type == "list" and dv["D"].formula1 == f"'代码表'!$A$2:$A${1 + len(_economic_codes())}"
    assert dv["D"].errorStyle == "warning"  # the bundled catalog is partial: other codes only warn
    assert (dv["H"].type, dv["H"].operator, dv["H"].formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert dv["H"].showErrorMessage and dv["H"].error and "不小于 0" in dv["H"].error
    assert str(dv["H"].sqref).startswith("H2:H")
    assert (dv["B"].type, dv["B"].formula1) == ("textLength", "7")
    lists = sheet(wb, "代码表")
    assert [c.value for c in lists["A"][1:]] == _economic_codes()
    assert [c.value for c in lists["D"][1 : 1 + len(SOURCE_CHOICES)]] == list(SOURCE_CHOICES)
    assert [c.value for c in lists["E"][1:3]] == ["基本支出", "项目支出"]
    assert SOURCE_CHOICES == (
        "一般公共预算拨款",
        "政府性基金预算拨款",
        "国有资本经营预算拨款",
        "财政专户管理资金",
        "事业收入",
        "事业单位经营收入",
        "上级补助收入",
        "附属单位上缴收入",
        "其他收入",
        "上年结转结余",
    )
    # codes are text: the code columns carry the text format, so 2070101 is not turned into a number
    for letter in ("B", "D"):
        assert facts.column_dimensions[letter].number_format == "@"
        assert facts[f"{letter}2"].data_type == "s"
    assert sheet(wb, "科目说明").column_dimensions["A"].number_format == "@"
    info_dv = {str(d.sqref): d for d in sheet(wb, "基本信息").data_validations.dataValidation}
    assert info_dv["B5"].formula1 == '"万元,元"' and info_dv["B6"].formula1 == '"fujian,shanghai"'
    assert any(d.type == "decimal" for d in info_dv.values())


def _economic_codes() -> list[str]:
    return sorted(c for c in load_catalog().economic if c.startswith("3") and len(c) == 5)


def test_every_source_choice_is_accepted_by_the_mapping() -> None:
    fact = {"function": "2070101", "economic": "30101", "kind": "基本支出", "amount": Decimal("1")}
    data = {"department": "部门", "year": 2024, "facts": [dict(fact, source=s) for s in SOURCE_CHOICES]}
    budget = budget_from_data(data, {}, "x")
    assert len({f.source for f in budget.facts}) == len(SOURCE_CHOICES)


def test_template_example_rows_are_marked_and_not_loaded(template: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(template)
    facts = sheet(wb, "收支明细")
    assert [c.value for c in facts[2]] == [
        None,
        "2013201",
        "行政运行",
        "30101",
        "一般公共预算拨款",
        "基本支出",
        None,
        12.34,
        EXAMPLE_NOTE,
    ]
    for title in ("单位构成", "科目说明", "项目与绩效目标"):
        ws = sheet(wb, title)
        assert ws.cell(2, ws.max_column).value == EXAMPLE_NOTE
    # the untouched template: nothing but the required fields is missing; the example row is not a fact
    messages = errors(template)
    assert "错误　基本信息!B2：缺少必填项“部门名称”" in messages
    assert "错误　收支明细：没有收支明细（facts）：至少需要一行" in messages

    sheet(wb, "基本信息")["B2"] = "XX区测试局"
    facts.append([None, "2080505", None, "30108", "一般公共预算拨款", "基本支出", None, 5])
    path = tmp_path / "one.xlsx"
    wb.save(path)
    budget, _ = load_source(path)
    assert [(f.function, f.amount) for f in budget.facts] == [("2080505", Decimal("5.00"))]
    assert budget.units == [] and budget.targets == [] and budget.code_purposes == {}
    assert budget.facts[0].where == "收支明细!A3:H3"

    facts["H2"] = 99  # changed, still marked as an example: an error rather than a silently lost line
    wb.save(path)
    assert errors(path) == [
        "错误　收支明细!I2：此行的备注标为“示例”，不会读入，但内容已改动：如为正式数据，请清空备注"
    ]

    facts["I2"] = None  # the marker cleared: the row is data
    wb.save(path)
    budget, _ = load_source(path)
    assert [(f.function, f.amount) for f in budget.facts] == [
        ("2013201", Decimal("99.00")),
        ("2080505", Decimal("5.00")),
    ]


def test_write_template_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "existing.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        write_template(path)
    assert path.read_bytes() == b"keep me"
    data, _ = load_yaml(EXAMPLE)
    with pytest.raises(FileExistsError):
        write_filled(path, data)
    assert path.read_bytes() == b"keep me"


# --- (b) round trip --------------------------------------------------------------------------


@pytest.mark.parametrize("source", YAML_EXAMPLES, ids=lambda p: p.name)
def test_yaml_example_round_trips_through_a_workbook(tmp_path: Path, source: Path) -> None:
    from_yaml, yaml_warnings = load_source(source)
    path = filled(tmp_path, source)
    from_xlsx, xlsx_warnings = load_source(path)
    assert comparable(from_xlsx) == comparable(from_yaml)
    assert [w.message for w in xlsx_warnings] == [w.message for w in yaml_warnings]
    assert from_xlsx.source_path == str(path)


def test_committed_example_workbook_equals_the_yaml() -> None:
    from_yaml, _ = load_source(EXAMPLE)
    from_xlsx, warnings = load_source(EXAMPLE_XLSX)
    assert warnings == []
    assert comparable(from_xlsx) == comparable(from_yaml)
    first = from_xlsx.facts[0]
    assert first.amount == Decimal("156.32") and isinstance(first.amount, Decimal)
    assert first.where == "收支明细!A2:H2"
    assert from_xlsx.place("facts[0].amount") == "收支明细!H2"
    assert from_xlsx.place("reasons.gpb") == "其他事项!B4"
    assert from_xlsx.place("reasons.sangong.abroad") == "三公经费!E2"
    assert from_xlsx.place("last_year.sangong.reception") == "三公经费!C3"
    assert from_xlsx.place("admin_running") == "基本信息!B17"
    assert from_xlsx.targets[1].where == "项目与绩效目标!A7"


def test_committed_example_workbook_is_current(tmp_path: Path) -> None:
    """Regenerate with: python -m yusuan.source.template examples/culture_bureau_2024.yaml examples/culture_bureau_2024.xlsx"""
    fresh = openpyxl.load_workbook(filled(tmp_path))
    committed = openpyxl.load_workbook(EXAMPLE_XLSX)
    assert committed.sheetnames == fresh.sheetnames
    for ws in fresh.worksheets:
        assert isinstance(ws, Worksheet)
        other = sheet(committed, ws.title)
        assert [[c.value for c in r] for r in other.iter_rows()] == [
            [c.value for c in r] for r in ws.iter_rows()
        ]
        assert len(other.data_validations.dataValidation) == len(ws.data_validations.dataValidation)


def test_filled_workbook_is_reproducible(tmp_path: Path) -> None:
    data, _ = load_yaml(EXAMPLE)
    assert workbook_bytes(build_workbook(data)) == workbook_bytes(build_workbook(data))
    a, b = filled(tmp_path, name="a.xlsx"), filled(tmp_path, name="b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_data_and_places_match_the_yaml_paths() -> None:
    yaml_data, yaml_places = load_yaml(EXAMPLE)
    data, places = load_workbook_source(EXAMPLE_XLSX)
    assert sorted(data) == sorted(yaml_data)
    assert all(isinstance(f["amount"], Decimal | int) for f in data["facts"])
    assert all(isinstance(f["function"], str) for f in data["facts"])
    missing = [p for p in yaml_places if p not in places and p != "$"]
    assert missing == []
    assert all("!" in v or v in SHEETS for v in places.values())


# --- workbook conventions an officer relies on ------------------------------------------------


def test_codes_typed_as_numbers_and_float_amounts_are_exact(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        ws = sheet(wb, "收支明细")
        ws["B2"], ws["D2"] = 2070101, 30101.0
        ws["H2"] = 0.1 + 0.2 + 156.02  # a float with binary noise, as a formula leaves it

    budget, _ = load_source(edited(tmp_path, change))
    first = budget.facts[0]
    assert (first.function, first.economic, first.amount) == ("2070101", "30101", Decimal("156.32"))


def test_targets_fill_down_and_duties_in_one_block(tmp_path: Path) -> None:
    expected, _ = load_source(EXAMPLE)

    def change(wb: openpyxl.Workbook) -> None:
        targets = sheet(wb, "项目与绩效目标")
        for r in range(3, 7):
            targets.cell(r, 1).value = None  # project name only on the first row of the project
        info = sheet(wb, "基本信息")
        info["B8"] = "\n".join(expected.duties)
        for r in range(9, 13):
            info.cell(r, 2).value = None

    budget, _ = load_source(edited(tmp_path, change))
    assert comparable(budget) == comparable(expected)


def test_a_title_row_above_the_headers_and_blank_rows(tmp_path: Path) -> None:
    expected, _ = load_source(EXAMPLE)

    def change(wb: openpyxl.Workbook) -> None:
        ws = sheet(wb, "收支明细")
        ws.insert_rows(1)
        ws["A1"] = "2024 年收支明细"
        ws.insert_rows(5, 2)  # two blank rows among the lines

    path = edited(tmp_path, change)
    budget, _ = load_source(path)
    assert comparable(budget) == comparable(expected)
    assert budget.facts[0].where == "收支明细!A3:H3"
    assert budget.facts[3].where == "收支明细!A8:H8"


# --- (c) bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coordinate", "value", "message"),
    [
        ("H5", -5, "错误　收支明细!H5：金额不能为负数（-5）"),
        ("H9", "abc", "错误　收支明细!H9：金额“abc”不是数字"),
        ("H3", 1.234, "错误　收支明细!H3：金额“1.234”超过两位小数"),
        ("H4", None, "错误　收支明细!H4：缺少金额"),
        ("B6", "207011", "错误　收支明细!B6：功能分类科目编码应为 7 位数字，实为“207011”"),
        ("E7", "拨款", "错误　收支明细!E7：未知的资金来源“拨款”"),
        ("F8", "其他", "错误　收支明细!F8：支出类型应为 basic（基本支出）或 project（项目支出），实为“其他”"),
    ],
)
def test_bad_fact_cells_are_named(tmp_path: Path, coordinate: str, value: Any, message: str) -> None:
    found = errors(edited(tmp_path, set_cell("收支明细", coordinate, value)))
    assert len(found) == 1, found
    assert found[0].startswith(message)


def test_a_class_that_does_not_exist_names_the_row(tmp_path: Path) -> None:
    found = errors(edited(tmp_path, set_cell("收支明细", "B2", "9990101")))
    assert found == ["错误　收支明细!A2:H2：功能分类科目 9990101 的类 999 不存在"]


def test_missing_required_sheet(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        del wb["收支明细"]

    path = edited(tmp_path, change)
    with pytest.raises(SourceError) as info:
        load_source(path)
    assert info.value.messages == [error(str(path), "缺少工作表“收支明细”")]


def test_missing_required_header(tmp_path: Path) -> None:
    found = errors(edited(tmp_path, set_cell("收支明细", "B1", "科目编码")))
    assert found == ["错误　收支明细!1:1：表头（第 1 行）缺少“功能分类科目编码”列，请勿修改或删除表头"]


def test_form_problems_are_named(tmp_path: Path) -> None:
    def change(wb: openpyxl.Workbook) -> None:
        info = sheet(wb, "基本信息")
        info["A3"] = "部门简写"  # not a known 项目
        info.delete_rows(2)  # 部门名称 row gone: the field is missing from the sheet
        sheet(wb, "三公经费")["D5"] = "购置一辆车"  # purpose on the 购置费 row, which is not read
        sheet(wb, "上年数")["B2"] = "一千"

    found = errors(edited(tmp_path, change))
    assert found == [
        "错误　基本信息!A2：未知的项目“部门简写”",
        "错误　三公经费!D5：此格不读取：主要用途请填在“公务用车购置及运行费”行",
    ]

    def missing_department(wb: openpyxl.Workbook) -> None:
        sheet(wb, "基本信息").delete_rows(2)
        sheet(wb, "上年数")["B2"] = "一千"

    found = errors(edited(tmp_path, missing_department))
    assert "错误　基本信息：缺少必填项“部门名称”" in found
    assert "错误　上年数!B2：金额“一千”不是数字" in found


def test_conflicting_function_names(tmp_path: Path) -> None:
    found = errors(edited(tmp_path, set_cell("收支明细", "C3", "行政管理")))
    assert found == ["错误　收支明细!C3：科目 2070101 的名称“行政管理”与 收支明细!C2 的“行政运行”不一致"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"department: x\n", "不是有效的 Excel 工作簿"),
        (b"", "不是有效的 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "文件已加密，或是旧版 .xls 格式"),
    ],
)
def test_not_a_workbook(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(content)
    found = errors(path)
    assert len(found) == 1 and found[0].startswith(f"错误　{path}：{message}")


def test_truncated_and_broken_workbooks(tmp_path: Path) -> None:
    whole = EXAMPLE_XLSX.read_bytes()
    path = tmp_path / "b.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "Excel 工作簿" in errors(path)[0]
    # a valid zip that is not a workbook
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "无法打开 Excel 工作簿" in errors(path)[0]


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsm"
    shutil.copy(EXAMPLE_XLSX, path)
    data, places = load_workbook_source(path)
    assert data["department"] == "清溪市云山区文化和旅游局" and places["department"] == "基本信息!B2"
