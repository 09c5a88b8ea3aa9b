"""The Word renderer: real heading styles, a TOC field, real tables with merged, repeating headers."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Mm
from docx.table import Table

from tests.render.golden import check_golden, docx_text_layer
from tests.render.sample_publication import EXPENDITURE, sample_publication
from yusuan.model import PubHeading, Publication, PubParagraph, PubTable, PubToc
from yusuan.render import docx as docx_renderer
from yusuan.render.docx import render


@pytest.fixture(scope="module")
def pub() -> Publication:
    return sample_publication()


@pytest.fixture(scope="module")
def data(pub: Publication) -> bytes:
    return render(pub)


@pytest.fixture(scope="module")
def doc(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def _check_table(table: Table, pub_table: PubTable) -> None:
    """Every grid position shows the text of the model's header grid / row cell at that position."""
    header = pub_table.header_grid()
    spans = {(r, c): (rs, cs) for r, c, rs, cs, _ in pub_table.header_spans()}
    assert len(table.rows) == len(header) + len(pub_table.rows)
    for r, row in enumerate(header):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            if (r, c) in spans:
                assert cell.text == text
                rowspan, colspan = spans[(r, c)]
                # the merged cell covers its whole span: every position returns the same w:tc
                assert table.cell(r + rowspan - 1, c + colspan - 1)._tc is cell._tc
    for i, row in enumerate(pub_table.rows):
        word_row = table.rows[len(header) + i]
        assert [c.text for c in word_row.cells][: len(row.cells)] == [c.text for c in row.cells]
        for word_cell, cell in zip(word_row.cells, row.cells, strict=False):
            paragraph = word_cell.paragraphs[0]
            right = paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
            assert right == (cell.value is not None)
            if cell.text:
                assert bool(paragraph.runs[0].bold) == (row.bold or cell.bold)
    for r, tr in enumerate(table._tbl.tr_lst):
        is_header = tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        assert is_header == (r < len(header))
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_title_headings_and_page_breaks(doc: DocxDocument, pub: Publication) -> None:
    paragraphs = doc.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[0].text == pub.title
    expected: list[tuple[str, str, bool]] = []
    for block in pub.blocks:
        if isinstance(block, PubHeading):
            expected.append((f"Heading {block.level}", block.text, block.new_page))
        elif isinstance(block, PubTable):
            expected.append((f"Heading {block.title_level}", block.title, False))
    got = [
        (p.style.name, p.text, bool(p.paragraph_format.page_break_before))
        for p in paragraphs
        if p.style.name.startswith("Heading")
    ]
    assert got == expected
    assert {level for level, _, _ in got} == {"Heading 1", "Heading 2", "Heading 3", "Heading 4"}
    toc_heading = next(p for p in paragraphs if p.style.name == "TOC Heading")
    assert toc_heading.text == "目录"
    assert toc_heading.paragraph_format.page_break_before  # the cover page stands alone


def _toc_paragraphs(document: DocxDocument) -> list[docx.text.paragraph.Paragraph]:
    return [p for p in document.paragraphs if p.style.name.startswith("toc ")]


def _toc_check(document: DocxDocument, pub: Publication) -> None:
    """The 目录 shows every entry of the model, at its level, each with a PAGEREF to a bookmark that
    sits on the heading of the same text: a reader sees the entries without updating any field."""
    (toc,) = [b for b in pub.blocks if isinstance(b, PubToc)]
    paragraphs = _toc_paragraphs(document)
    assert [(int(p.style.name.split()[1]), p.text.split("\t")[0]) for p in paragraphs] == list(toc.entries)
    marks = {
        m.get(qn("w:name")): p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
        for m in p._p.iter(qn("w:bookmarkStart"))
    }
    for p in paragraphs:
        (instr,) = [t.text.strip() for t in p._p.iter(qn("w:instrText"))]
        kind, mark, flag = instr.split()
        assert (kind, flag) == ("PAGEREF", "\\h")
        assert marks[mark] == p.text.split("\t")[0]
        assert p.style.paragraph_format.tab_stops[0].leader == WD_TAB_LEADER.DOTS
    assert "右键更新域" not in "".join(p.text for p in document.paragraphs)
    assert not [t for t in document.element.body.iter(qn("w:instrText")) if "TOC" in (t.text or "")]
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_toc_is_written_out(doc: DocxDocument, pub: Publication) -> None:
    _toc_check(doc, pub)


def test_toc_of_the_example(example_publication: Publication) -> None:
    document = docx.Document(io.BytesIO(render(example_publication)))
    _toc_check(document, example_publication)
    levels = {int(p.style.name.split()[1]) for p in _toc_paragraphs(document)}
    assert levels == {1, 2}  # the example's 目录 lists parts and sections


def test_paragraphs_and_leads(doc: DocxDocument, pub: Publication) -> None:
    body = [p for p in doc.paragraphs if p.style.name == "Body Text"]
    expected = [b for b in pub.blocks if isinstance(b, PubParagraph)]
    assert [p.text for p in body] == [b.lead + b.text for b in expected]
    lead, text = body[-1].runs
    assert (lead.text, lead.bold, text.bold) == ("二、基本支出：", True, None)
    assert body[1].runs[0].bold  # a bold paragraph
    assert body[1].text == "单位构成见下表（含 <图书馆> & 文化馆）："


def test_tables(doc: DocxDocument, pub: Publication) -> None:
    assert len(doc.tables) == len(pub.tables()) == 2
    for table, pub_table in zip(doc.tables, pub.tables(), strict=True):
        assert table.style.name == "Table Grid"
        _check_table(table, pub_table)


def test_merged_header_cells(doc: DocxDocument) -> None:
    table = doc.tables[1]
    first, second = table._tbl.tr_lst[:2]
    # row 1: three cells starting a vertical merge, then one cell spanning two grid columns
    assert [tc.grid_span for tc in first.tc_lst] == [1, 1, 1, 2]
    assert [tc.vMerge for tc in first.tc_lst] == ["restart", "restart", "restart", None]
    assert [tc.vMerge for tc in second.tc_lst] == ["continue", "continue", "continue", None, None]
    assert table.cell(0, 3)._tc is table.cell(0, 4)._tc
    assert table.cell(0, 0)._tc is table.cell(1, 0)._tc
    assert [table.cell(1, c).text for c in (3, 4)] == ["基本支出", "项目支出"]
    # the name column (科目名称) is the widest, and the merged cell adds its two columns up
    grid = [col.width for col in table.columns]
    assert grid[1] == max(grid) and grid[1] > 2 * grid[0]
    assert first.tc_lst[3].width == grid[3] + grid[4]


def test_unit_and_note_paragraphs(doc: DocxDocument) -> None:
    texts = [p.text for p in doc.paragraphs]
    unit = doc.paragraphs[texts.index("单位：万元")]
    assert unit.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert texts.index(EXPENDITURE.title) + 1 == texts.index("单位：万元")
    assert EXPENDITURE.note in texts
    assert texts.count("单位：万元") == 1  # the 单位构成 table has no unit


def test_label_indent(doc: DocxDocument) -> None:
    rows = doc.tables[1].rows[2:]
    indents = [row.cells[1].paragraphs[0].paragraph_format.left_indent for row in rows]
    assert [i.pt if i is not None else 0 for i in indents] == [0, 0, 9, 18, 18, 0]


def test_east_asian_fonts_on_styles(doc: DocxDocument) -> None:
    def east_asia(name: str) -> str | None:
        rfonts = doc.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:asciiTheme")) is None  # a theme font would override the explicit one
        return rfonts.get(qn("w:eastAsia"))

    # 宋体 and 黑体 by their English family names, which fontconfig also knows (serif / sans)
    assert east_asia("Normal") == "SimSun"
    assert east_asia("Body Text") == "SimSun"
    assert east_asia("Title") == "SimHei"
    assert [east_asia(f"Heading {n}") for n in range(1, 5)] == ["SimHei"] * 4
    assert not any(doc.styles[f"Heading {n}"].font.italic for n in range(1, 5))
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "SimSun"
    for style in doc.styles:  # no style left on the template's (Japanese) theme fonts
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            assert rpr.rFonts.get(qn("w:eastAsiaTheme")) is None, style.name


def test_page_and_footer(doc: DocxDocument) -> None:
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    footer = section.footer.paragraphs[0]._p
    assert [t.text.strip() for t in footer.iter(qn("w:instrText"))] == ["PAGE"]


def test_core_properties_and_determinism(doc: DocxDocument, data: bytes, pub: Publication) -> None:
    props = doc.core_properties
    assert props.created == props.modified == datetime(2023, 12, 31, tzinfo=UTC)
    assert props.title == pub.title
    assert props.author == pub.department
    assert render(sample_publication()) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_header_merges_are_python_docx_merges(
    monkeypatch: pytest.MonkeyPatch, data: bytes, example_publication: Publication
) -> None:
    """The renderer grows merged header cells without python-docx's (slow) span search; the document
    must be byte for byte the one python-docx's own merge gives."""
    example_bytes = render(example_publication)

    def merge(self: docx_renderer._Merger, tc: CT_Tc, row: int, col: int, height: int, width: int) -> CT_Tc:
        return tc.merge(docx_renderer._grid_tc(self.tbl, row + height - 1, col + width - 1))

    monkeypatch.setattr(docx_renderer._Merger, "merge", merge)
    assert render(sample_publication()) == data
    assert render(example_publication) == example_bytes


def test_golden(data: bytes) -> None:
    check_golden("example.docx.txt", docx_text_layer(data))


def test_example_publication(example_publication: Publication) -> None:
    data = render(example_publication)
    document = docx.Document(io.BytesIO(data))
    tables = [t for t in example_publication.tables() if t.header or t.rows]
    assert len(document.tables) == len(tables)
    for table, pub_table in zip(document.tables, tables, strict=True):
        _check_table(table, pub_table)
    assert render(example_publication) == data
    check_golden("culture_bureau_2024.docx.txt", docx_text_layer(data))
