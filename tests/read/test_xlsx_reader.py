"""The workbook reader: numbers as written, positions, merged cells, text around tables, a real
.xls template, workbooks from elsewhere, and bad files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Font, Side

try:
    from tests.render.sample_xlsx_publication import sample_publication
except ImportError:  # run on its own, without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.render.sample_xlsx_publication import sample_publication

from yusuan.model import Heading, Paragraph, TableBlock, TocEntry
from yusuan.read import xlsx as reader
from yusuan.read.errors import UnreadableInput
from yusuan.read.xlsx import exact_decimal, format_number, read_workbook, workbook_text
from yusuan.render import xlsx as renderer

SHARED = Path(__file__).resolve().parents[3] / "shared"
PUTUO = SHARED / "corpus" / "shanghai" / "templates" / "2026_putuo_unit_budget_template.xls"
THIN = Side(style="thin")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "sample.xlsx"
    path.write_bytes(renderer.render(sample_publication()))
    return path


def test_reader_and_renderer_share_the_style_vocabulary() -> None:
    assert reader.STYLE_TITLE == renderer.STYLE_TITLE
    assert reader.STYLE_BODY == renderer.STYLE_BODY
    assert reader.STYLE_TABLE_REF == renderer.STYLE_TABLE_REF
    for level in range(1, 7):
        assert reader._styled(reader._Raw(style=renderer.STYLE_HEADING.format(level))) == f"h{level}"
        assert reader._styled(reader._Raw(style=renderer.STYLE_TOC.format(level))) == f"toc{level}"


def test_reader_knows_formats_not_budgets() -> None:
    code = (
        "import sys, yusuan.read.xlsx\n"
        "bad = ('yusuan.extract', 'yusuan.audit', 'yusuan.profiles', 'yusuan.catalog', 'yusuan.render')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (2161.77, "#,##0.00", "2,161.77"),
        (0.1, "#,##0.00", "0.10"),
        (1234567.89, "#,##0.00", "1,234,567.89"),
        (0, "#,##0", "0"),
        (0, "#,##0.00", "0.00"),
        (16, "General", "16"),
        (16.0, "General", "16"),
        (2010301, "General", "2010301"),
        (0.1 + 0.2, "General", "0.3"),  # no binary artefacts
        (-1234.5, "#,##0.00", "-1,234.50"),
        (-1234.5, "#,##0.00_ ;[Red]-#,##0.00 ", "-1,234.50"),
        (-1234.5, "#,##0.00;(#,##0.00)", "(1,234.50)"),
        (0, "#,##0.00;-#,##0.00;", ""),  # zero section hides zeros
        (0, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "-"),
        (1234.5, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "1,234.50"),
        (0.1234, "0.00%", "12.34%"),
        (1234.5, "0.00", "1234.50"),
        (1234.5, "#,##0.0#", "1,234.5"),
        (1234567, "#,##0,", "1,235"),
        (12.3, '0.00"万元"', "12.30万元"),
        (2161.775, "#,##0.00", "2,161.78"),  # half up on the decimal the float stands for
        (Decimal("1234.5678"), "#,##0.00", "1,234.57"),
    ],
)
def test_format_number(value: float | int | Decimal, fmt: str, text: str) -> None:
    assert format_number(value, fmt) == text


def test_stored_floats_read_back_as_the_exact_decimals(sample_path: Path) -> None:
    """openpyxl hands back floats: repr gives the shortest decimal, which is the written one."""
    ws = load_workbook(sample_path)["五、一般公共预算拨款支出预算表"]
    values = [exact_decimal(c.value) for c in ws[5][2:]]
    assert values == [Decimal("1236729.76"), Decimal("2161.87"), Decimal("1234567.89")]
    assert isinstance(ws["C7"].value, float) and Decimal(ws["C7"].value) != Decimal("0.1")  # binary
    assert exact_decimal(ws["C7"].value) == Decimal("0.1")
    table = next(
        b for b in read_workbook(sample_path).blocks if isinstance(b, TableBlock) and len(b.rows[0]) == 5
    )
    assert [c.text for c in table.rows[4]] == ["2010350", "事业运行", "0.10", "0.10", ""]


# -- our own workbooks ----------------------------------------------------------------------------


def test_blocks_carry_sheet_row_and_column(sample_path: Path) -> None:
    doc = read_workbook(sample_path)
    assert doc.format == "xlsx" and doc.pages == 5 and doc.problems == []
    assert isinstance(doc.blocks[0], Paragraph) and (doc.blocks[0].line, doc.blocks[0].page) == (1, 1)
    assert isinstance(doc.blocks[2], TocEntry) and doc.blocks[2].line == 3
    caption = next(
        b for b in doc.blocks if isinstance(b, Heading) and b.text == "2024 年度一般公共预算拨款支出预算表"
    )
    assert (caption.level, caption.line, caption.page) == (3, 1, 3)  # sheet 3, row 1
    table = doc.blocks[doc.blocks.index(caption) + 2]
    assert isinstance(table, TableBlock) and (table.line, table.page) == (3, 3)
    cell = table.rows[3][2]  # 2010301's 合计
    assert (cell.text, cell.line, cell.page, cell.column) == ("2,161.77", 6, 3, 2)
    # merged header cells: the text in the first cell, the rest empty
    assert [c.text for c in table.rows[0]] == ["科目编码", "科目名称", "合计", "其中：", ""]
    assert [c.text for c in table.rows[1]] == ["", "", "", "基本支出", "项目支出"]
    note = doc.blocks[doc.blocks.index(table) + 1]
    assert isinstance(note, Paragraph) and (note.text, note.line, note.page) == (
        "备注：本表金额保留两位小数。",
        9,
        3,
    )


def test_table_sheets_are_read_where_the_narrative_links_them(sample_path: Path) -> None:
    doc = read_workbook(sample_path)
    order = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert (
        order.index("二、部门预算单位构成")
        < order.index("2024年部门预算单位构成")
        < order.index("第二部分 2024年度部门预算表")
    )
    assert (
        order.index("七、预算绩效目标情况")
        < order.index("图书馆数字化建设项目绩效目标表")
        < order.index("第四部分 名词解释")
    )


def test_text_layer(sample_path: Path) -> None:
    text = workbook_text(sample_path)
    assert "== 五、一般公共预算拨款支出预算表 ==\n2024 年度一般公共预算拨款支出预算表\n单位：万元\n" in text
    assert "\n2010301\t行政运行\t2,161.77\t2,161.77\n" in text
    assert "\n\t\t\t基本支出\t项目支出\n" in text


# -- workbooks from elsewhere ---------------------------------------------------------------------


def _foreign(tmp_path: Path) -> Path:
    """A typical downloaded workbook: table from column B, title merged, numbers as floats."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "表1"
    ws["B1"] = "2024年收支预算总表"
    ws["B1"].font = Font(size=18, bold=True)
    ws.merge_cells("B1:E1")
    ws["B2"] = "编制单位：某某局"
    ws["E2"] = "单位：万元"
    rows = [
        ["科目编码", "科目名称", "金额", "人数"],
        [2010301, "行政运行", 2161.77, 16],
        ["2010350", "事业运行\n（含离退休）", 0.1, None],
        [None, "合计", 2161.87, 16],
    ]
    for r, values in enumerate(rows, 3):
        for c, value in enumerate(values, 2):
            cell = ws.cell(r, c, value)
            cell.border = GRID
            if c == 4 and r > 3:
                cell.number_format = "#,##0.00"
    ws["B7"] = "注：本表为示例。"
    ws["B9"] = "一、部门主要职责"
    ws["B9"].font = Font(bold=True)
    ws["B10"] = "负责全区文化工作。\n\n　　负责全区旅游工作。"
    hidden = wb.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    path = tmp_path / "foreign.xlsx"
    wb.save(path)
    return path


def test_a_workbook_from_elsewhere(tmp_path: Path) -> None:
    doc = read_workbook(_foreign(tmp_path))
    shape = [
        (type(b).__name__, b.text if not isinstance(b, TableBlock) else [[c.text for c in r] for r in b.rows])
        for b in doc.blocks
    ]
    assert shape == [
        ("Heading", "2024年收支预算总表"),
        ("Paragraph", "编制单位：某某局"),
        ("Paragraph", "单位：万元"),
        (
            "TableBlock",
            [
                ["科目编码", "科目名称", "金额", "人数"],
                ["2010301", "行政运行", "2,161.77", "16"],
                ["2010350", "事业运行（含离退休）", "0.10", ""],
                ["", "合计", "2,161.87", "16"],
            ],
        ),
        ("Paragraph", "注：本表为示例。"),
        ("Heading", "一、部门主要职责"),
        ("Paragraph", "负责全区文化工作。"),
        ("Paragraph", "负责全区旅游工作。"),
    ]
    caption, table = doc.blocks[0], doc.blocks[3]
    assert isinstance(caption, Heading) and caption.level == 3
    assert isinstance(table, TableBlock) and table.rows[1][0].column == 0 and table.rows[1][0].line == 4
    assert doc.problems == ["工作表「隐藏」是隐藏的，未读取"] and doc.pages == 2


@pytest.mark.skipif(not PUTUO.exists(), reason="../shared (the corpus) is not present")
def test_the_putuo_xls_template() -> None:
    doc = read_workbook(PUTUO)
    assert doc.format == "xls" and doc.pages == 16 and doc.problems == []
    pages = {b.page for b in doc.blocks if isinstance(b, Heading | Paragraph | TableBlock)}
    assert pages == set(range(1, 17))  # every sheet gave blocks, numbered by its position
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "上海市普陀区2026年区级单位预算" in headings
    assert "2026年预算单位收入预算总表" in headings
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "（二）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。" in paragraphs
    assert "单位：元" in paragraphs and "编制单位：" in paragraphs
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == 9
    income = next(t for t in tables if t.page == 8)
    texts = [[c.text for c in row] for row in income.rows]
    assert texts[0][:5] == ["项目", "", "", "", "收入预算"]
    assert texts[1] == [
        "功能分类科目编码",
        "",
        "",
        "功能分类科目名称",
        "合计",
        "财政拨款收入",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
    ]
    assert texts[2][:3] == ["类", "款", "项"]
    assert texts[5][:4] == ["205", "02", "05", "高等教育"]  # 205 is a number cell: read as General
    assert texts[-1][0] == "合计"
    three_public = next(t for t in tables if t.page == 15)
    assert three_public.rows[0][0].text == "“三公”经费预算数" and three_public.line == 4
    assert three_public.rows[1][3].text == "公务用车购置及运行费"
    assert "== 单位收入总表 ==" in workbook_text(PUTUO)


# -- bad files -------------------------------------------------------------------------------------


def _unreadable(path: Path) -> str:
    with pytest.raises(UnreadableInput) as info:
        read_workbook(path)
    message = str(info.value)
    assert message.startswith(str(path) + "：")
    return message


def test_truncated_xlsx(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(sample_path.read_bytes()[:3000])
    assert "损坏或不完整" in _unreadable(path)


def test_text_file_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("单位：万元\t合计\n1\t2\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _unreadable(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "不是 Excel 工作簿" in _unreadable(path)


def test_damaged_workbook_part(tmp_path: Path, sample_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(sample_path) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "xl/workbook.xml" else data)
    assert "损坏或不完整" in _unreadable(path)


def test_encrypted_workbook(tmp_path: Path) -> None:
    """Excel saves a password-protected .xlsx as an OLE file holding an EncryptedPackage stream."""
    path = tmp_path / "secret.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    assert "加密" in _unreadable(path)


def test_damaged_xls_empty_and_missing(tmp_path: Path) -> None:
    ole = tmp_path / "broken.xls"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 3000)
    assert "损坏或不完整" in _unreadable(ole)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert "空" in _unreadable(empty)
    assert "不存在" in _unreadable(tmp_path / "missing.xls")


def test_an_html_page_saved_as_xls_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "download.xls"
    path.write_text("<html><body><table><tr><td>合计</td><td>1,510.34</td></tr></table></body></html>")
    doc = read_workbook(path)
    assert doc.format == "html"
    assert [[c.text for c in r] for r in doc.blocks[0].rows] == [["合计", "1,510.34"]]  # type: ignore[union-attr]
