"""Excel disclosures as officers save them (issue 11, class 7).

* number formats of the WPS/Excel accounting families (``#,##0_ ``, ``#,##0.00_);(#,##0.00)``,
  ``_ * #,##0_ ;…``) give the number, never "3,500,000_";
* the official .xls template saved as .xlsx by LibreOffice (style indexes past the end of the
  style lists, where openpyxl raises IndexError) reads as the .xls does;
* a blank row left before 合计 keeps the 合计 row (and the last data row) in the table.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from yusuan.model import TableBlock
from yusuan.read import read_document
from yusuan.read.xlsx import format_number

TEMPLATE = Path("/work/shared/corpus/shanghai/templates/2026_putuo_unit_budget_template.xls")
if not TEMPLATE.exists():
    TEMPLATE = (
        Path(__file__).resolve().parents[2]
        / "../shared/corpus/shanghai/templates/2026_putuo_unit_budget_template.xls"
    )

ACCOUNTING = [
    ("#,##0_ ", 3500000, "3,500,000"),
    ("#,##0_ ", -3500000, "-3,500,000"),
    ("#,##0.00_ ", 2161.77, "2,161.77"),
    ("#,##0.00_);(#,##0.00)", 3500000.5, "3,500,000.50"),
    ("#,##0.00_);(#,##0.00)", -3500000.5, "(3,500,000.50)"),
    ("#,##0_);[Red]\\(#,##0\\)", -12, "(12)"),
    ('_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ', 3500000, "3,500,000"),
    ('_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', -1234.5, "-1,234.50"),
    ('_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ', 0, "-"),
    ('_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-', 42, "42"),
    ("0.00_ ", 1.5, "1.50"),
    ("0_ ", 7, "7"),
    ("#,##0_", 1000, "1,000"),
    ("#,##0*", 1000, "1,000"),
]


@pytest.mark.parametrize(("fmt", "value", "shown"), ACCOUNTING)
def test_accounting_formats_give_the_number(fmt: str, value: float, shown: str) -> None:
    assert format_number(value, fmt) == shown


def test_accounting_format_in_a_workbook(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["项目", "金额"])
    ws.append(["一般公共预算拨款收入", 3500000])
    ws.append(["合计", 3500000])
    for row in (2, 3):
        ws.cell(row=row, column=2).number_format = "#,##0_ "
    path = tmp_path / "wps.xlsx"
    wb.save(path)
    table = next(b for b in read_document(path).blocks if isinstance(b, TableBlock))
    assert [c.text for c in table.rows[1]] == ["一般公共预算拨款收入", "3,500,000"]
    assert not any(c.text.endswith("_") for r in table.rows for c in r)


def _texts(path: Path) -> list[object]:
    out: list[object] = []
    for block in read_document(path).blocks:
        if isinstance(block, TableBlock):
            out.append([[c.text for c in row] for row in block.rows])
        else:
            out.append((type(block).__name__, getattr(block, "text", "")))
    return out


def test_style_index_past_the_style_list(tmp_path: Path) -> None:
    """The shape LibreOffice writes (built here with openpyxl and a patched styles.xml)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["收入预算总表"])
    ws.append(["项目", "金额"])
    ws.append(["合计", 10])
    out = io.BytesIO()
    wb.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    styles = src.read("xl/styles.xml").decode()
    # eight cell-style formats but one named style (cellStyles): LibreOffice's shape
    style_xfs = re.search(r"<cellStyleXfs[^>]*>(.*?)</cellStyleXfs>", styles, re.S)
    assert style_xfs is not None
    styles = styles.replace(
        style_xfs.group(0), f'<cellStyleXfs count="8">{style_xfs.group(1) * 8}</cellStyleXfs>'
    )
    cell_xfs = styles[styles.index("<cellXfs") :]
    patched = styles[: styles.index("<cellXfs")] + re.sub(r'xfId="0"', 'xfId="7"', cell_xfs)
    assert patched != styles
    dst_bytes = io.BytesIO()
    with zipfile.ZipFile(dst_bytes, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = patched.encode() if info.filename == "xl/styles.xml" else src.read(info)
            dst.writestr(info.filename, body)
    path = tmp_path / "lo.xlsx"
    path.write_bytes(dst_bytes.getvalue())
    table = next(b for b in read_document(path).blocks if isinstance(b, TableBlock))
    assert [[c.text for c in r] for r in table.rows] == [["项目", "金额"], ["合计", "10"]]


@pytest.mark.skipif(
    shutil.which("soffice") is None or not TEMPLATE.exists(), reason="LibreOffice or template absent"
)
def test_official_template_saved_as_xlsx_by_libreoffice(tmp_path: Path) -> None:
    xls = tmp_path / "template.xls"
    shutil.copyfile(TEMPLATE, xls)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(xls),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert _texts(tmp_path / "template.xlsx") == _texts(xls)


def _bordered_sheet(rows: list[list[object]], blank: set[int], path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["收入预算总表"])
    ws.append(["单位：万元"])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for i, row in enumerate(rows):
        ws.append(row)
        if i not in blank:
            for c in range(1, len(row) + 1):
                ws.cell(row=ws.max_row, column=c).border = box
    wb.save(path)
    return path


ROWS: list[list[object]] = [
    ["项目", "合计", "基本支出"],
    ["201 一般公共服务支出", 100, 60],
    ["205 教育支出", 50, 30],
    ["208 社会保障和就业支出", 20, 10],
]


@pytest.mark.parametrize("gap", [1, 2])
def test_blank_row_before_total_keeps_the_last_rows(tmp_path: Path, gap: int) -> None:
    rows = [*ROWS, *([[None, None, None]] * gap), ["合计", 170, 100]]
    path = _bordered_sheet(rows, set(range(4, 4 + gap)), tmp_path / "gap.xlsx")
    tables = [b for b in read_document(path).blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    texts = [[c.text for c in r] for r in tables[0].rows]
    assert texts[-2] == ["208 社会保障和就业支出", "20", "10"]
    assert texts[-1] == ["合计", "170", "100"]
    assert tables[0].rows[-1][0].line == 7 + gap  # the Excel row number is kept


def test_a_blank_row_still_parts_two_tables(tmp_path: Path) -> None:
    rows = [*ROWS, [None, None, None], ["科目", "金额", "备注"], ["一", 1, "x"]]
    path = _bordered_sheet(rows, {4}, tmp_path / "two.xlsx")
    assert len([b for b in read_document(path).blocks if isinstance(b, TableBlock)]) == 2
