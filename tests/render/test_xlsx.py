"""The Excel renderer: real numbers, text codes, merged headers, print setup, and the round trip
Publication → .xlsx → read_workbook → the same blocks as ``Publication.to_document``."""

from __future__ import annotations

import io
import os
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.worksheet.worksheet import Worksheet

from tests.render.sample_xlsx_publication import EXPENSE, sample_publication
from tests.support.fujian_doc import scenario_strategy
from tests.support.scenario_budget import budget_from_scenario
from yusuan.derive import derive
from yusuan.model import Document, HeadCell, PubCell, Publication, PubRow, PubTable
from yusuan.read.xlsx import exact_decimal, read_workbook, workbook_text
from yusuan.render import render as render_format
from yusuan.render import xlsx as xlsx_renderer
from yusuan.render.xlsx import display_width, render, sheet_names

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def doc_shape(doc: Document) -> list[tuple[object, ...]]:
    """What a reader must give back, positions (line, page, column, bbox) left out."""
    out: list[tuple[object, ...]] = []
    for block in doc.blocks:
        kind = type(block).__name__
        if kind == "TableBlock":
            out.append((kind, tuple(tuple(c.text for c in row) for row in block.rows)))  # type: ignore[union-attr]
        elif kind == "Heading":
            out.append((kind, block.text, block.level))  # type: ignore[union-attr]
        else:
            out.append((kind, block.text))  # type: ignore[union-attr]
    return out


def _write(tmp_path: Path, pub: Publication, name: str = "out.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(render(pub))
    return path


def _sheet(data: bytes, name: str, rich_text: bool = False) -> Worksheet:
    wb = load_workbook(io.BytesIO(data), rich_text=rich_text)
    return wb[name]


def _ruled(cell: object) -> bool:
    side = cell.border.left  # type: ignore[attr-defined]
    return side is not None and side.style is not None


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return render(sample_publication())


def _check_golden(text: str, name: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("YUSUAN_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


# -- the round trip --------------------------------------------------------------------------------


def test_round_trip_gives_the_blocks_of_to_document(tmp_path: Path) -> None:
    pub = sample_publication()
    doc = read_workbook(_write(tmp_path, pub))
    assert doc.format == "xlsx"
    assert doc_shape(doc) == doc_shape(pub.to_document())


def test_round_trip_of_the_example_disclosure(tmp_path: Path, example_publication: Publication) -> None:
    doc = read_workbook(_write(tmp_path, example_publication))
    assert doc_shape(doc) == doc_shape(example_publication.to_document())
    assert doc.pages == 1 + len(example_publication.tables())


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_strategy())
def test_round_trip_of_random_budgets(scenario: object) -> None:
    pub = derive(budget_from_scenario(scenario)).publication  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        doc = read_workbook(_write(Path(tmp), pub))
    assert doc_shape(doc) == doc_shape(pub.to_document())


def test_registered_as_the_xlsx_format(sample_bytes: bytes) -> None:
    assert render_format(sample_publication(), "xlsx") == sample_bytes


def test_golden_text_layer(tmp_path: Path) -> None:
    _check_golden(workbook_text(_write(tmp_path, sample_publication())), "sample.xlsx.txt")


def test_golden_text_layer_of_the_example(tmp_path: Path, example_publication: Publication) -> None:
    _check_golden(workbook_text(_write(tmp_path, example_publication)), "culture_bureau_2024.xlsx.txt")


def test_output_is_deterministic(monkeypatch: pytest.MonkeyPatch, sample_bytes: bytes) -> None:
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3 * 86400 + 7)  # zip stamps and "modified"
    assert render(sample_publication()) == sample_bytes
    wb = load_workbook(io.BytesIO(sample_bytes))
    assert wb.properties.created is not None and wb.properties.created.year == 2023
    assert wb.properties.modified is not None and wb.properties.modified.isoformat() == "2023-12-31T00:00:00"


def test_remembered_merges_are_openpyxl_merges(
    monkeypatch: pytest.MonkeyPatch, sample_bytes: bytes, example_publication: Publication
) -> None:
    """The renderer merges most ranges by copying the cell formats an earlier merge left (openpyxl's
    own merge is slow); the workbook must be byte for byte the one openpyxl's merge_cells gives."""
    example_bytes = render(example_publication)

    def merge(self: object, ws: Worksheet, row: int, col: int, rowspan: int, colspan: int) -> None:
        if rowspan > 1 or colspan > 1:
            ws.merge_cells(
                start_row=row, start_column=col, end_row=row + rowspan - 1, end_column=col + colspan - 1
            )

    monkeypatch.setattr(xlsx_renderer._Merges, "merge", merge)
    assert render(sample_publication()) == sample_bytes
    assert render(example_publication) == example_bytes


# -- sheets ----------------------------------------------------------------------------------------


def test_one_sheet_per_table_after_the_narrative(sample_bytes: bytes) -> None:
    wb = load_workbook(io.BytesIO(sample_bytes))
    assert wb.sheetnames == [
        "封面及说明",
        "2024年部门预算单位构成",
        "五、一般公共预算拨款支出预算表",
        "十、“三公”经费／机关运行经费：预算表【2024】",
        "图书馆数字化建设项目绩效目标表",
    ]


def test_sheet_names_are_legal_unique_and_short(tmp_path: Path) -> None:
    long = "一般公共预算基本支出部门预算经济分类预算表（含人员经费和公用经费明细）第二部分"
    tables = [
        PubTable(title=long, header=(), rows=(PubRow((PubCell("a"),)),)),
        PubTable(title=long, header=(), rows=(PubRow((PubCell("a"),)),)),
        PubTable(title="封面及说明", header=(), rows=()),
        PubTable(title="a/b?c*d[e]:f\\g", header=(), rows=()),
        PubTable(title="'History'", header=(), rows=()),
    ]
    pub = Publication("t", "d", 2024, "万元", "fujian", blocks=list(tables))
    names = sheet_names(pub)
    assert len({n.casefold() for n in names} | {"封面及说明"}) == len(names) + 1
    assert all(len(n.encode("utf-16-le")) // 2 <= 31 for n in names)
    assert all(not set(n) & set("[]:*?/\\") for n in names)
    assert names[0] == long[:31]
    assert names[1].endswith("（2）") and len(names[1]) == 31
    assert names[2] == "封面及说明（2）"
    assert names[3] == "a／b？c＊d【e】：f＼g"
    assert names[4] == "History（表）"
    assert load_workbook(io.BytesIO(render(pub))).sheetnames[1:] == names
    # one-column tables and tables with no rows read back too
    assert doc_shape(read_workbook(_write(tmp_path, pub))) == doc_shape(pub.to_document())


def test_narrative_sheet_keeps_every_text_block_in_order(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "封面及说明")
    rows = [(c.value, c.style) for (c,) in ws.iter_rows(max_col=1)]
    assert rows[:6] == [
        ("2024 年度清溪市云山区文化和旅游局部门预算", "封面标题"),
        ("目录", "标题 1"),
        ("第一部分 部门概况", "目录 1"),
        ("一、部门主要职责", "目录 2"),
        ("第二部分 2024年度部门预算表", "目录 1"),
        ("第一部分 部门概况", "标题 1"),
    ]
    refs = [c for (c,) in ws.iter_rows(max_col=1) if c.style == "表格位置"]
    assert [c.hyperlink.location for c in refs] == [  # type: ignore[union-attr]
        "'2024年部门预算单位构成'!A1",
        "'五、一般公共预算拨款支出预算表'!A1",
        "'十、“三公”经费／机关运行经费：预算表【2024】'!A1",
        "'图书馆数字化建设项目绩效目标表'!A1",
    ]
    # parts (level-1 headings) that start a new page in print start one here too
    breaks = [b.id for b in ws.row_breaks.brk]
    assert [ws.cell(i + 1, 1).value for i in breaks] == [
        "第一部分 部门概况",
        "第二部分 2024年度部门预算表",
        "第三部分 2024 年度部门预算情况说明",
        "第四部分 名词解释",
    ]
    assert ws.cell(ws.max_row, 1).value == "=不是公式，而是以等号开头的一段文字"
    assert ws.cell(ws.max_row, 1).data_type == "s"


def test_paragraph_lead_is_bold_rich_text(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "封面及说明", rich_text=True)
    value = ws.cell(ws.max_row - 1, 1).value
    assert isinstance(value, CellRichText)
    lead, rest = value
    assert isinstance(lead, TextBlock) and lead.text == "一般公共预算拨款收入：" and lead.font.b
    assert isinstance(rest, TextBlock) and rest.text == "是指区级财政当年拨付的资金。"
    bold_paragraph = next(
        c for (c,) in ws.iter_rows(max_col=1) if str(c.value).startswith("2024年度一般公共")
    )
    assert bold_paragraph.font.b and bold_paragraph.style == "正文"


# -- one table sheet -------------------------------------------------------------------------------


def test_amounts_are_exact_numbers_with_the_amount_format(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "五、一般公共预算拨款支出预算表")
    expected = {
        "C5": "1236729.76",
        "D5": "2161.87",
        "E5": "1234567.89",
        "C6": "2161.77",
        "C7": "0.10",
        "D7": "0.10",
        "C8": "1234567.89",
    }
    for ref, value in expected.items():
        cell = ws[ref]
        assert cell.data_type == "n" and isinstance(cell.value, int | float), ref
        assert cell.number_format == "#,##0.00", ref
        assert exact_decimal(cell.value) == Decimal(value), ref
    for ref in ("E6", "E7", "D8"):  # zero amounts written empty stay empty
        assert ws[ref].value is None, ref


def test_an_amount_written_0_is_the_number_0(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "十、“三公”经费／机关运行经费：预算表【2024】")
    assert ws["B4"].value == 0 and ws["B4"].data_type == "n" and ws["B4"].number_format == "#,##0"
    assert exact_decimal(ws["A4"].value) == Decimal("12.5") and ws["A4"].number_format == "#,##0.00"


def test_codes_and_counts_stay_text(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "五、一般公共预算拨款支出预算表")
    assert [ws.cell(r, 1).value for r in range(6, 9)] == ["2010301", "2010350", "2120899"]
    assert all(ws.cell(r, 1).data_type == "s" and ws.cell(r, 1).number_format == "@" for r in range(6, 9))
    units = _sheet(sample_bytes, "2024年部门预算单位构成")
    assert units["C3"].value == "16" and units["C3"].data_type == "s"


def test_caption_unit_header_and_note_layout(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "五、一般公共预算拨款支出预算表")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:E1", "A2:E2", "A3:A4", "B3:B4", "C3:C4", "D3:E3", "A9:E9"}
    caption = ws["A1"]
    assert caption.value == EXPENSE.title and caption.font.b and caption.alignment.horizontal == "center"
    assert ws["A2"].value == "单位：万元" and ws["A2"].alignment.horizontal == "right"
    for ref in ("A3", "D3", "D4", "E4"):
        cell = ws[ref]
        assert cell.font.b and cell.alignment.horizontal == "center" and cell.border.left.style == "thin"
    assert ws["D3"].value == "其中：" and ws["E3"].value is None and ws["A4"].value is None
    assert ws["A4"].border.bottom.style == "thin"  # the merged cell's edges are ruled too
    assert ws["B5"].value == "合计" and ws["B5"].font.b and ws["C5"].font.b  # the bold 合计 row
    assert not ws["B6"].font.b
    assert ws["B6"].alignment.indent == 2  # 项 level rows are indented
    assert ws["A9"].value == "备注：本表金额保留两位小数。" and not _ruled(ws["A9"])
    assert ws.max_row == 9


def test_freeze_panes_and_print_setup(sample_bytes: bytes) -> None:
    ws = _sheet(sample_bytes, "五、一般公共预算拨款支出预算表")
    assert ws.freeze_panes == "A5"
    assert ws.print_title_rows == "$3:$4"
    assert int(ws.page_setup.paperSize or 0) == 9  # A4
    # 99 character units (a 36-wide name and three amounts of 1,236,729.76): too wide for portrait
    assert sum(d.width for d in ws.column_dimensions.values()) > 90
    assert ws.page_setup.orientation == "landscape"
    assert _sheet(sample_bytes, "2024年部门预算单位构成").page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    targets = _sheet(sample_bytes, "图书馆数字化建设项目绩效目标表")  # no header rows: nothing to freeze
    assert targets.freeze_panes is None and targets.print_title_rows is None


def test_wide_tables_print_landscape() -> None:
    header = (tuple(HeadCell(f"列{i}") for i in range(7)),)
    table = PubTable(title="宽表", header=header, rows=(PubRow(tuple(PubCell("x") for _ in range(7))),))
    data = render(Publication("t", "d", 2024, "万元", "fujian", blocks=[table]))
    assert _sheet(data, "宽表").page_setup.orientation == "landscape"


def test_column_widths_count_cjk_double(sample_bytes: bytes) -> None:
    assert display_width("行政运行") == 8 and display_width("2010301") == 7
    ws = _sheet(sample_bytes, "五、一般公共预算拨款支出预算表")
    widths = {c: ws.column_dimensions[c].width for c in "ABCDE"}
    # the widest name up to 30 units (longer names wrap), its 项-level indent (2 × 2) and a margin of 2
    assert display_width("其他国有土地使用权出让收入安排的支出") > 30
    assert widths["B"] == 30 + 4 + 2
    assert widths["A"] < widths["B"]
    assert widths["C"] >= len("1,236,729.76")


def test_amount_that_the_text_does_not_show_stays_text() -> None:
    row = PubRow(
        (
            PubCell("—", Decimal("0")),
            PubCell("12.5%", Decimal("12.5")),
            PubCell("1,234.57", Decimal("1234.5678")),
        )
    )
    table = PubTable(title="表", header=(), rows=(row,), unit=None)
    ws = _sheet(render(Publication("t", "d", 2024, "万元", "fujian", blocks=[table])), "表")
    assert ws["A2"].value == "—" and ws["B2"].value == "12.5%"
    # more precision than written: the exact value, shown rounded as written
    assert exact_decimal(ws["C2"].value) == Decimal("1234.5678") and ws["C2"].number_format == "#,##0.00"
