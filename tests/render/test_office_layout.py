"""The layout of the built Word and Excel files, read back with python-docx and openpyxl (issue 11
class 11): what LibreOffice or Word will show, checked without running either.

DOCX: every table spans exactly the text width of its page; every amount fits its column on one
line, measured with the real glyph widths of the serif fonts Times New Roman may be replaced by
(DejaVu Serif, Liberation Serif) in bold, the widest case; tables of more than
``LANDSCAPE_COLUMNS`` columns are in a landscape section; the 目录 lists the section titles.
XLSX: the cover sheet fits an A4 page and wraps its text; every table sheet prints to one page
wide, with its header rows repeated and frozen, landscape when wide, amount columns wide enough.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.derive import derive
from yusuan.model import PubHeading, Publication, PubTable, PubToc
from yusuan.render import docx as docx_renderer
from yusuan.render import xlsx as xlsx_renderer
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# a 万元 budget, a budget in 元 (amounts of 13 characters) and a 决算 in both 决算 layouts
BUILDS = {
    "fujian": ("culture_bureau_2024.yaml", None),
    "shanghai_yuan": ("putuo_street_2025.yaml", None),
    "shanghai_final": ("putuo_street_final_2024.yaml", "shanghai_final"),
    "national_final": ("putuo_street_final_2024.yaml", "national_final"),
}
CELL_MARGINS_PT = 2 * 5.4  # Table Grid: 0.08" left and right
SERIF_BOLD = ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf")


@functools.cache
def _publication(name: str) -> Publication:
    source, layout = BUILDS[name]
    budget, _ = load_source(EXAMPLES / source)
    return derive(budget, layout).publication


@functools.cache
def _docx(name: str) -> DocxDocument:
    return docx.Document(io.BytesIO(docx_renderer.render(_publication(name))))


@functools.cache
def _xlsx(name: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_renderer.render(_publication(name))))


def _printed_tables(pub: Publication) -> list[PubTable]:
    return [t for t in pub.tables() if t.header or t.rows]


def _tables_and_sections(document: DocxDocument) -> list[tuple[object, object]]:
    """Each w:tbl with the w:sectPr of the section it is in (the next one in document order)."""
    body = document.element.body
    pending: list[object] = []
    out: list[tuple[object, object]] = []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            pending.append(child)
            continue
        sect = child if child.tag == qn("w:sectPr") else child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if sect is not None:
            out.extend((tbl, sect) for tbl in pending)
            pending = []
    assert pending == []
    return out


def _text_width(sect: object) -> int:
    """The width between the margins of a section, in EMU."""
    size = sect.find(qn("w:pgSz"))  # type: ignore[attr-defined]
    margins = sect.find(qn("w:pgMar"))  # type: ignore[attr-defined]
    twips = int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))
    return twips * 635


def _landscape(sect: object) -> bool:
    size = sect.find(qn("w:pgSz"))  # type: ignore[attr-defined]
    return int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))


@functools.cache
def _serif_fonts() -> list[object]:
    image_font = pytest.importorskip("PIL.ImageFont")
    found = [p for name in SERIF_BOLD for p in Path("/usr/share/fonts").rglob(name)]
    if not found:
        pytest.skip("no DejaVu Serif or Liberation Serif font to measure amounts with")
    return [image_font.truetype(str(p), 100) for p in found]


def _printed_pt(text: str, size: float) -> float:
    """The width of ``text`` at ``size`` pt in the widest of the bold serif fonts found."""
    return max(font.getlength(text) for font in _serif_fonts()) * size / 100  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_docx_tables_span_the_text_width_of_their_page(name: str) -> None:
    document = _docx(name)
    pairs = _tables_and_sections(document)
    assert len(pairs) == len(_printed_tables(_publication(name)))
    for tbl, sect in pairs:
        grid = [int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol"))]  # type: ignore[attr-defined]
        assert abs(sum(grid) * 635 - _text_width(sect)) <= Mm(1)
        layout = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblLayout')}")  # type: ignore[attr-defined]
        assert layout is not None and layout.get(qn("w:type")) == "fixed"


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_docx_wide_tables_are_on_landscape_pages(name: str) -> None:
    document = _docx(name)
    tables = _printed_tables(_publication(name))
    pairs = _tables_and_sections(document)
    for table, (_, sect) in zip(tables, pairs, strict=True):
        columns = docx_renderer.table_columns(table)
        if columns > docx_renderer.LANDSCAPE_COLUMNS:
            assert _landscape(sect), table.title
    # a page turns only where a table needs it: the first and the last section are portrait
    sections = document.sections
    assert sections[0].page_width < sections[0].page_height


def test_docx_the_wide_income_table_is_landscape_and_the_narrow_ones_portrait() -> None:
    tables = _printed_tables(_publication("fujian"))
    pairs = _tables_and_sections(_docx("fujian"))
    orientation = {t.title: _landscape(sect) for t, (_, sect) in zip(tables, pairs, strict=True)}
    assert orientation["2024 年度收入预算总表"]  # 13 columns
    assert not orientation["2024 年度收支预算总表"]  # 4 columns
    assert not orientation["2024 年度一般公共预算拨款支出预算表"]


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_docx_every_amount_fits_its_column_on_one_line(name: str) -> None:
    document = _docx(name)
    tables = _printed_tables(_publication(name))
    checked = 0
    for table, word in zip(tables, document.tables, strict=True):
        grid = [Emu(int(c.get(qn("w:w"))) * 635).pt for c in word._tbl.iter(qn("w:gridCol"))]
        sizes = {int(sz.get(qn("w:val"))) / 2 for sz in word._tbl.iter(qn("w:sz"))}
        (size,) = sizes  # one text size per table
        for row in table.rows:
            for c, cell in enumerate(row.cells):
                if cell.value is not None and cell.text:
                    room = grid[c] - CELL_MARGINS_PT
                    assert _printed_pt(cell.text, size) <= room, (table.title, cell.text, size, grid[c])
                    checked += 1
    assert checked > 50


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_docx_toc_lists_the_section_titles(name: str) -> None:
    pub = _publication(name)
    (toc,) = [b for b in pub.blocks if isinstance(b, PubToc)]
    document = _docx(name)
    entries = [p for p in document.paragraphs if p.style.name.startswith("toc ")]
    assert [p.text.split("\t")[0] for p in entries] == [text for _, text in toc.entries]
    headings = {b.text for b in pub.blocks if isinstance(b, PubHeading) and b.level <= 2 and b.in_toc}
    assert headings <= {p.text.split("\t")[0] for p in entries}
    bookmarks = {m.get(qn("w:name")) for m in document.element.body.iter(qn("w:bookmarkStart"))}
    for p in entries:
        refs = [t.text.split()[1] for t in p._p.iter(qn("w:instrText"))]
        assert len(refs) == 1 and refs[0] in bookmarks


# --- XLSX


def _cover(name: str) -> Worksheet:
    ws = _xlsx(name)[xlsx_renderer.NARRATIVE_SHEET]
    assert isinstance(ws, Worksheet)
    return ws


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_xlsx_cover_fits_a_page_and_wraps(name: str) -> None:
    ws = _cover(name)
    assert ws.max_column == 1
    width = ws.column_dimensions["A"].width
    # Excel's column width: 7 px a character unit and 5 px of padding; LibreOffice's default font
    # is up to a fifth wider. The column fits between the 0.5" margins of A4 portrait unscaled
    # (96 units, before, did not and LibreOffice cut the text at the page's edge).
    assert (width * 7 + 5) * 0.75 * 1.2 <= 595 - 72
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    long_rows = 0
    for row in ws.iter_rows(min_col=1, max_col=1):
        cell = row[0]
        if not cell.value:
            continue
        text = str(cell.value)
        if cell.hyperlink is None:
            assert cell.alignment.wrap_text, (cell.coordinate, text)
        else:  # LibreOffice never wraps a link: it must fit on its line
            assert xlsx_renderer.display_width(text) * 11 / 10.5 <= width, text
        if xlsx_renderer.display_width(text) > 2 * width:  # two lines or more
            height = ws.row_dimensions[cell.row].height
            assert height is not None and height >= 2 * 11 * 1.2, (cell.coordinate, height)
            long_rows += 1
    assert long_rows > 0


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_xlsx_table_sheets_print_one_page_wide_with_their_header(name: str) -> None:
    wb = _xlsx(name)
    tables = _printed_tables(_publication(name))
    sheets = [ws for ws in wb.worksheets if ws.title != xlsx_renderer.NARRATIVE_SHEET]
    assert len(sheets) == len(tables)
    for ws, table in zip(sheets, tables, strict=True):
        assert int(ws.page_setup.paperSize or 0) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        widths = [ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: table.columns]]
        if table.columns > 6 or sum(widths) > 90:
            assert ws.page_setup.orientation == "landscape", ws.title
        else:
            assert ws.page_setup.orientation == "portrait", ws.title
        if table.header:
            first = 2 + (1 if table.unit else 0)
            last = first + len(table.header) - 1
            assert ws.print_title_rows == f"${first}:${last}"
            assert ws.freeze_panes == f"A{last + 1}"


@pytest.mark.parametrize("name", sorted(BUILDS))
def test_xlsx_amount_columns_show_every_amount(name: str) -> None:
    """An amount column narrower than its formatted number shows ##### in Excel and LibreOffice."""
    wb = _xlsx(name)
    checked = 0
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, (int, float)) or type(cell.value).__name__ == "Decimal":
                    shown = f"{cell.value:,.2f}" if "0.00" in cell.number_format else f"{cell.value:,.0f}"
                    width = ws.column_dimensions[cell.column_letter].width
                    assert len(shown) + 1 <= width, (ws.title, cell.coordinate, shown, width)
                    checked += 1
    assert checked > 50
