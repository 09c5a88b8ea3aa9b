"""CSV files and the Excel workbook of a known disclosure: names, BOM, numbers as numbers, text as text."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.export.conftest import Known
from yusuan.export import export
from yusuan.export.tabular import table_file_name
from yusuan.export.xlsx_format import sheet_names

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def files(culture_md: Known) -> dict[str, bytes]:
    return export(culture_md.doc, culture_md.disclosure, "csv")


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(BOM)  # Excel reads Chinese CSV as UTF-8 only with the BOM
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"))))


def test_csv_file_names(files: dict[str, bytes]) -> None:
    assert list(files) == [
        "document.csv",
        "01_2024年度收支预算总表.csv",
        "02_2024年度收入预算总表.csv",
        "03_2024年度支出预算总表.csv",
        "04_2024年度财政拨款收支预算总表.csv",
        "05_2024年度一般公共预算拨款支出预算表.csv",
        "06_2024年度政府性基金预算拨款支出预算表.csv",
        "07_2024年度国有资本经营预算拨款支出预算表.csv",
        "08_2024年度一般公共预算支出经济分类情况表.csv",
        "09_2024年度一般公共预算基本支出经济分类情况表.csv",
        "10_2024年度一般公共预算“三公”经费支出预算表.csv",
        "11_2024年度部门专项资金管理清单目录.csv",
        "claims.csv",
        "targets.csv",
        "units.csv",
        "headings.csv",
        "problems.csv",
    ]
    assert all(data.startswith(BOM) and b"\r\n" in data for data in files.values())


def test_table_file_name_drops_characters_file_systems_refuse() -> None:
    assert table_file_name(3, ' 表/一:*?"<>| 二 ', 2, "x") == "03_表一二.csv"
    assert table_file_name(7, "///", 3, "gpb") == "007_gpb.csv"


def test_csv_table_values(files: dict[str, bytes], culture_md: Known) -> None:
    rows = _rows(files["02_2024年度收入预算总表.csv"])
    assert list(rows[0])[:6] == ["序号", "科目编码", "名称", "键", "合计行", "单位"]
    assert list(rows[0])[-2:] == ["页", "行"]  # no 来源单元格: Markdown has no geometry
    total = next(r for r in rows if r["合计行"] == "是")
    assert total["名称"] == "合计" and total["单位"] == "万元"
    assert total["总计"] == str(culture_md.total()) == "1510.34"  # plain number, no thousands separator
    assert total["一般公共预算拨款收入"] == "1330.34"
    lines = culture_md.path.read_text(encoding="utf-8").splitlines()
    assert "1,510.34" in lines[int(total["行"]) - 1]
    summary = _rows(files["01_2024年度收支预算总表.csv"])
    assert {r["栏目"] for r in summary} == {"收入", "支出"}
    assert [r["预算数"] for r in summary if r["合计行"] == "是"] == ["1510.34", "1510.34"]


def test_csv_document_claims_targets(files: dict[str, bytes]) -> None:
    meta = {r["项目"]: r["内容"] for r in _rows(files["document.csv"]) if r["项目"] != "说明"}
    assert meta["模版"] == "fujian" and meta["年度"] == "2024" and meta["金额单位"] == "万元"
    assert meta["部门"] == "清溪市云山区文化和旅游局" and meta["表格数"] == "11"
    assert meta["表01"].startswith("2024 年度收支预算总表；收支对照表；单位：万元；第")
    claims = _rows(files["claims.csv"])
    assert len(claims) == 48
    assert (claims[0]["主题"], claims[0]["金额"], claims[0]["金额单位"], claims[0]["增减方向"]) == (
        "income_total",
        "1510.34",
        "万元",
        "增加",
    )
    targets = _rows(files["targets.csv"])
    first = targets[0]
    assert (first["项目"], first["资金总额"], first["比较符"], first["指标值"], first["计量单位"]) == (
        "群众文化活动经费",
        "206.80",
        "≤",
        "95",
        "%",
    )
    assert {r["项目"] for r in targets} == {"群众文化活动经费", "图书馆数字资源建设经费", "文化设施配套建设"}
    assert [r["单位名称"] for r in _rows(files["units.csv"])] == ["文旅局", "云山区图书馆"]


@pytest.fixture(scope="module")
def workbook(culture_md: Known) -> openpyxl.Workbook:
    data = export(culture_md.doc, culture_md.disclosure, "xlsx")[""]
    assert data == export(culture_md.doc, culture_md.disclosure, "xlsx")[""]  # deterministic bytes
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheet(wb: openpyxl.Workbook, name: str) -> Worksheet:
    ws = wb[name]
    assert isinstance(ws, Worksheet)
    return ws


def test_xlsx_sheets(workbook: openpyxl.Workbook) -> None:
    names = workbook.sheetnames
    assert names[0] == "说明" and names[-5:] == ["文字表述", "绩效目标", "单位构成", "章节标题", "未识别内容"]
    assert names[1:4] == ["01 2024 年度收支预算总表", "02 2024 年度收入预算总表", "03 2024 年度支出预算总表"]
    assert len(names) == 1 + 11 + 5 and len(set(names)) == len(names)
    assert all(len(n) <= 31 for n in names)
    meta = {r[0]: r[1] for r in _sheet(workbook, "说明").iter_rows(min_row=2, values_only=True)}
    assert (
        meta["来源文件"] and meta["模版"] == "fujian" and meta["年度"] == 2024 and meta["金额单位"] == "万元"
    )


def test_xlsx_numbers_are_numbers_and_codes_are_text(workbook: openpyxl.Workbook, culture_md: Known) -> None:
    ws = _sheet(workbook, "02 2024 年度收入预算总表")
    header = [c.value for c in ws[1]]
    assert header[:3] == ["序号", "科目编码", "名称"] and ws.freeze_panes == "A2"
    col = header.index("总计") + 1
    total_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == "合计")
    cell = ws.cell(total_row, col)
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"
    assert Decimal(str(cell.value)) == culture_md.total()
    code = next(ws.cell(r, 2) for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "2070101")
    assert code.data_type == "s"  # a code stays text: 2070101, not a number
    claims = _sheet(workbook, "文字表述")
    assert claims.cell(2, 5).value == 1510.34 and claims.cell(2, 5).number_format == "#,##0.00"


def test_sheet_names_are_legal_and_unique() -> None:
    long = "2025年部门一般公共预算基本支出部门预算经济分类预算表（续表）附注"
    names = sheet_names(["a/b:c*?[d]\\e", long, long, "History", "'引号'", "", "HISTORY（表）"])
    assert names[0] == "abcde"
    assert len(names[1]) == 31 and names[1] == long[:31]
    assert names[2].endswith("（2）") and len(names[2]) <= 31
    assert names[3] == "History（表）" and names[4] == "引号" and names[5] == "表6"
    assert names[6] == "HISTORY（表）（2）"
    assert len({n.casefold() for n in names}) == len(names)


def test_csv_text_that_would_be_a_formula_is_kept_as_text() -> None:
    from yusuan.export.csv_format import _field
    from yusuan.export.records import Amount

    hostile = ['=HYPERLINK("http://x","点此")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "-2+3", "\tx", "\r=1"]
    assert [_field(t) for t in hostile] == ["'" + t for t in hostile]
    # amounts (negative ones included) and ordinary text are written as they are
    assert _field(Amount(Decimal("-12.50"), 2)) == "-12.50"
    assert [_field(t) for t in ("一般公共服务支出", "2010301", "—", 7)] == [
        "一般公共服务支出",
        "2010301",
        "—",
        "7",
    ]
