"""A Word document a department can keep editing: real styles, a filled TOC, real tables.

Headings use the built-in ``Heading 1..4`` styles (the title ``Title``, the 目录 ``TOC Heading``), so
Word's navigation pane works; tables use ``Table Grid`` with merged header cells
marked as repeating header rows. Fonts are set on the styles, not on runs, with an East-Asian font
(宋体 for text, 黑体 for headings, by their names SimSun and SimHei) because Word otherwise falls
back to a Japanese theme font.

What a reader sees on opening, in Word or LibreOffice, without updating anything:

* the 目录 is written out: one ``toc N`` paragraph per entry, with a dot leader and a ``PAGEREF`` to a
  bookmark on its heading, which LibreOffice computes when it lays the document out and Word when it
  updates fields on opening (a ``TOC`` field would show "update me" text until someone did);
* each table's columns are sized from its content (``table_layout``): an amount or a code never wraps,
  text columns take what is left; a table too wide for an A4 portrait page (or with more than
  ``LANDSCAPE_COLUMNS`` columns) sits in a landscape section of its own, at a smaller size if even
  that is too narrow.

The output is byte-for-byte deterministic: fixed core-property dates and fixed ZIP timestamps.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_Merge
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.font import CT_RPr
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table
from docx.text.font import Font
from docx.text.paragraph import Paragraph

from yusuan.model import PubHeading, Publication, PubParagraph, PubRow, PubTable, PubToc

LATIN = "Times New Roman"
# 宋体 and 黑体 by their own English family names: Word and WPS find the same fonts by them, and
# fontconfig knows them for a serif and a sans, so LibreOffice on Linux draws the CJK text in Noto
# Serif / Sans CJK; by the Chinese names it fell back to a sans for everything
SONG = "SimSun"
HEI = "SimHei"
MARGIN_LR_MM = 20
PAGE_MM = (210, 297)  # A4
TABLE_PT = 9  # 小五, the size of table text; a table too wide even on a landscape page gets smaller
TABLE_SIZES = (9.0, 8.0, 7.5, 7.0, 6.5)
LANDSCAPE_COLUMNS = 8  # tables with more columns than this are set on a landscape page
CELL_PADDING_PT = 10.8 + 3.0  # Table Grid's left and right cell margins (0.08" each) and a reserve

# style name → (East-Asian font, size in pt); sizes follow 小四/二号/三号/小三/四号
_STYLES: dict[str, tuple[str, float]] = {
    "Normal": (SONG, 12),
    "Body Text": (SONG, 12),
    "Title": (HEI, 22),
    "TOC Heading": (HEI, 16),
    "Heading 1": (HEI, 16),
    "Heading 2": (HEI, 15),
    "Heading 3": (HEI, 14),
    "Heading 4": (HEI, 12),
}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(rpr: CT_RPr, east_asia: str) -> None:
    """Explicit fonts on an rPr; theme attributes would win over them in Word, so drop those."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), LATIN)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _setup_styles(doc: DocxDocument) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, SONG)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:eastAsia"), "zh-CN")
    # every style that names a font (the template's table/list/char styles name theme fonts)
    for style in styles:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            _set_fonts(rpr, HEI if style.name and style.name.startswith(("Heading", "Title")) else SONG)
    for name, (east_asia, size) in _STYLES.items():
        style = _paragraph_style(doc, name)
        _set_fonts(style.element.get_or_add_rPr(), east_asia)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # the template colours headings blue
        if style.font.italic:
            style.font.italic = False  # the template's Heading 4 is italic; Chinese text is not
    title = _paragraph_style(doc, "Title")
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)  # the template underlines the title in blue
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "TOC Heading").paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = _paragraph_style(doc, "Body Text")
    body.paragraph_format.first_line_indent = Pt(24)  # two characters, as Chinese body text is set
    body.paragraph_format.space_after = Pt(6)


def _paragraph_style(doc: DocxDocument, name: str) -> ParagraphStyle:
    return cast(ParagraphStyle, doc.styles[name])


def _text_width_mm(landscape: bool) -> int:
    """The width between the margins of a portrait or landscape A4 page."""
    return PAGE_MM[landscape] - 2 * MARGIN_LR_MM


def _set_page(section: Section, *, landscape: bool) -> None:
    short, long = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(MARGIN_LR_MM)


def _setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    _set_page(section, landscape=False)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_field(footer, "PAGE", "1")


def _add_run_xml(paragraph: Paragraph, child: str, **attrs: str) -> BaseOxmlElement:
    run = paragraph.add_run()
    element = OxmlElement(child, attrs={qn(k): v for k, v in attrs.items()})
    run._r.append(element)
    return element


def _add_field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin / instruction / separate / shown result / end) Word recalculates."""
    _add_run_xml(paragraph, "w:fldChar", **{"w:fldCharType": "begin"})
    instr = _add_run_xml(paragraph, "w:instrText", **{"xml:space": "preserve"})
    instr.text = f" {instruction} "
    _add_run_xml(paragraph, "w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(placeholder)
    _add_run_xml(paragraph, "w:fldChar", **{"w:fldCharType": "end"})


def _setup_settings(doc: DocxDocument) -> None:
    settings = doc.settings.element
    # asks Word to refresh the fields (the TOC's page numbers) when the file is opened; Word rejects
    # settings out of schema order, and updateFields sits right before compat
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields", attrs={qn("w:val"): "true"})
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(update)
        else:
            settings.append(update)
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")  # the template's theme fonts are Japanese


def _mark_row(tr: CT_Row, tag: str) -> None:
    tr.get_or_add_trPr().append(OxmlElement(tag))


def _format_cell_paragraph(
    p: CT_P, *, bold: bool, align: WD_ALIGN_PARAGRAPH, indent: int, size: float
) -> CT_R:
    """Align ``p`` and append an empty run in the table font: what the Paragraph and Run proxies set."""
    ppr = p.get_or_add_pPr()
    ppr.jc_val = align
    if indent:
        ppr.ind_left = Pt(size * indent)
    run = p.add_r()
    font = Font(run)
    font.size = Pt(size)
    font.bold = bold or None
    return run


@cache
def _blank_cell_paragraph(bold: bool, align: WD_ALIGN_PARAGRAPH, indent: int, size: float) -> CT_P:
    """A formatted, still empty cell paragraph; only ever copied, never put in a document itself."""
    p = cast(CT_P, OxmlElement("w:p"))
    _format_cell_paragraph(p, bold=bold, align=align, indent=indent, size=size)
    return p


def _cell_paragraph(
    tc: CT_Tc, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH, indent: int, size: float
) -> None:
    p = tc.p_lst[0]
    if len(p):  # text a merge moved into the cell: format it in place
        run = _format_cell_paragraph(p, bold=bold, align=align, indent=indent, size=size)
    else:  # a fresh cell: copying the prototype is far cheaper than building the same XML again
        blank = deepcopy(_blank_cell_paragraph(bold, align, indent, size))
        tc.replace(p, blank)
        run = blank.r_lst[-1]
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text  # tabs and line breaks become w:tab / w:br elements
    elif text:
        run.add_t(text)  # what run.text does for plain text, without its per-character loop


def _grid_tc(tbl: CT_Tbl, row: int, col: int) -> CT_Tc:
    """The cell ``Table.cell(row, col)`` gives, found in one row instead of the whole table's grid:
    the w:tc covering grid column ``col``, or the cell above for a vertical-merge continuation."""
    offset = 0
    for tc in tbl.tr_lst[row].tc_lst:
        offset += tc.grid_span
        if offset > col:
            return _grid_tc(tbl, row - 1, col) if tc.vMerge == ST_Merge.CONTINUE else tc
    raise IndexError(f"no cell at ({row}, {col})")


def _label_index(row: PubRow) -> int:
    """The cell to indent: the last text cell before the first amount (科目名称 after 科目编码)."""
    label = 0
    for i, cell in enumerate(row.cells):
        if cell.value is not None:
            break
        label = i
    return label


def text_pt(text: str, size: float) -> float:
    """The printed width of ``text`` at ``size`` pt, on the wide side of Word's and LibreOffice's fonts.

    CJK and full-width characters are one em. Latin text is measured for the widest font it may be
    shown in: Times New Roman where it is installed, DejaVu Serif (bold digits 0.70 em) where
    LibreOffice substitutes it, so an amount sized here fits in both, bold or not.
    """
    em = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            em += 1.0
        elif ch.isdigit():
            em += 0.70
        elif ch in ",.:;'|!":
            em += 0.38
        elif ch == " ":
            em += 0.32
        else:
            em += 0.72
    return em * size


@dataclass(frozen=True, slots=True)
class TableLayout:
    """How a table is set: its columns' widths (pt), its text size and the page it needs."""

    widths: tuple[float, ...]
    size: float
    landscape: bool


def _column_needs(table: PubTable, columns: int, size: float) -> tuple[list[float], list[float]]:
    """(least, wanted) width of each column in pt at ``size``: an amount or a code never wraps, nor a
    header word of up to four characters; a text column wants its longest text on one line but can
    wrap to about eight characters."""
    least = [2 * size + CELL_PADDING_PT] * columns
    wanted = list(least)
    for _, c, _, colspan, text in table.header_spans():
        if colspan == 1 and c < columns and text:
            longest = max(text_pt(word, size) for word in text.split())
            lines = max(1, math.ceil(longest / (4 * size)))  # a header may wrap onto a few lines
            least[c] = max(least[c], min(longest, text_pt(text, size) / lines, 4 * size) + CELL_PADDING_PT)
            wanted[c] = max(wanted[c], least[c])
    base = min((r.level for r in table.rows if r.level > 0), default=1)
    for row in table.rows:
        for c, cell in enumerate(row.cells[:columns]):
            if not cell.text:
                continue
            width = text_pt(cell.text, size) + CELL_PADDING_PT
            if cell.value is not None or (
                cell.text.isascii() and " " not in cell.text and len(cell.text) <= 20
            ):
                # an amount, a code or a count: on one line
                least[c] = max(least[c], width)
                wanted[c] = max(wanted[c], width)
            else:
                width += size * max(row.level - base, 0)  # the indent of a 款 / 项 label
                least[c] = max(least[c], min(width, 8 * size + CELL_PADDING_PT))
                wanted[c] = max(wanted[c], width)
    return least, wanted


def _proportional(least: list[float], weights: list[float], block: float) -> list[float]:
    """Widths in proportion to ``weights`` adding up to ``block``, each raised to its least (the
    others share what is left, again in proportion); assumes ``sum(least) <= block``."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(least)) if i not in fixed]
        rest = block - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: rest * weights[i] / share for i in free} if share > 0 else {}
        short = [i for i in free if widths[i] < least[i]]
        if not short:
            return [fixed[i] if i in fixed else widths[i] for i in range(len(least))]
        for i in short:
            fixed[i] = least[i]


def _spread(
    least: list[float], wanted: list[float], weights: tuple[int, ...], block: float, *, form: bool
) -> list[float]:
    """Widths that add up to ``block``, none below its least. A form (a table without header rows,
    such as a 绩效目标表, whose rows are laid out unlike each other) keeps the profile's relative
    widths; a table gives its text columns what they want, then the rest by the profile's widths."""
    if sum(least) >= block:  # too wide even at the smallest size: shrink every column alike
        return [w * block / sum(least) for w in least]
    designed = len(weights) == len(least) and all(x > 0 for x in weights)
    if form and designed:
        return _proportional(least, [float(x) for x in weights], block)
    widths = list(least)
    room = block - sum(widths)
    short = [want - low for want, low in zip(wanted, least, strict=True)]
    if sum(short) > 0:
        give = min(room, sum(short))
        widths = [w + give * d / sum(short) for w, d in zip(widths, short, strict=True)]
        room -= give
    shares = [float(x) for x in weights] if designed else widths
    return [w + room * x / sum(shares) for w, x in zip(widths, shares, strict=True)]


def table_layout(table: PubTable, columns: int) -> TableLayout:
    """Portrait at 9 pt when the table fits and has at most ``LANDSCAPE_COLUMNS`` columns, else
    landscape at the largest size at which every amount and code fits on one line."""
    tries = [(TABLE_SIZES[0], False)] if columns <= LANDSCAPE_COLUMNS else []
    tries += [(size, True) for size in TABLE_SIZES]
    for size, landscape in tries:
        least, wanted = _column_needs(table, columns, size)
        block = _text_width_mm(landscape) * 72 / 25.4
        if sum(least) <= block:
            return TableLayout(
                tuple(_spread(least, wanted, table.widths, block, form=not table.header)), size, landscape
            )
    block = _text_width_mm(True) * 72 / 25.4
    return TableLayout(
        tuple(_spread(least, wanted, table.widths, block, form=not table.header)), TABLE_SIZES[-1], True
    )


def _set_widths(out: Table, widths: tuple[float, ...]) -> None:
    """Fixed widths on the table, the grid and every cell, set before merging: merge() adds the spanned
    widths up. A fixed layout keeps Word from re-sizing the columns to the text it sees first."""
    lengths = [Length(round(Pt(w))) for w in widths]
    for column, length in zip(out.columns, lengths, strict=True):
        column.width = length
    for tr in out._tbl.tr_lst:
        for tc, length in zip(tr.tc_lst, lengths, strict=True):
            tc.width = length
    tbl_pr = out._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(round(Pt(w)) for w in widths) // 635))  # EMU → twips
    layout = OxmlElement("w:tblLayout", attrs={qn("w:type"): "fixed"})
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(layout)  # schema order: … tblW, jc, …, tblLayout, tblCellMar, tblLook
    else:
        tbl_pr.append(layout)


class _Merger:
    """``tc.merge(corner)`` for header cells, without its slow part while the spans don't overlap.

    merge() first works out the rectangle the two corners enclose from each cell's own extent, by
    XPath (half the time spent on tables), and rejects shapes that are not rectangles. Over cells no
    earlier merge touched, that rectangle is just the span's own cells, so the top-left cell is grown
    over them directly, as merge() then does. Once spans overlap (a malformed header), every merge is
    left to merge().
    """

    def __init__(self, tbl: CT_Tbl) -> None:
        self.tbl = tbl
        self.taken: set[tuple[int, int]] = set()  # grid positions inside earlier merges
        self.overlapped = False

    def merge(self, tc: CT_Tc, row: int, col: int, height: int, width: int) -> CT_Tc:
        cells = {(r, c) for r in range(row, row + height) for c in range(col, col + width)}
        self.overlapped = self.overlapped or not self.taken.isdisjoint(cells)
        self.taken |= cells
        if self.overlapped:
            return tc.merge(_grid_tc(self.tbl, row + height - 1, col + width - 1))
        tc._grow_to(width, height)
        return tc


def _header(tbl: CT_Tbl, table: PubTable, columns: int, size: float) -> None:
    rows = len(table.header)
    for tr in tbl.tr_lst[:rows]:
        _mark_row(tr, "w:cantSplit")
        _mark_row(tr, "w:tblHeader")  # Word repeats these rows on every page
    merger = _Merger(tbl)
    for r, c, rowspan, colspan, text in table.header_spans():
        tc = _grid_tc(tbl, r, c)
        if rowspan > 1 or colspan > 1:
            tc = merger.merge(tc, r, c, min(r + rowspan, rows) - r, min(c + colspan, columns) - c)
        tc.get_or_add_tcPr().vAlign_val = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_paragraph(tc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=0, size=size)


def _body_rows(tbl: CT_Tbl, table: PubTable, size: float) -> None:
    """Fill the body rows: the table holds one blank, sized row after the header; the others are copies
    of it (copying a row is much cheaper than sizing each of its cells again)."""
    if not table.rows:
        return
    blank = tbl.tr_lst[len(table.header)]
    _mark_row(blank, "w:cantSplit")  # a row never breaks across pages
    trs = [blank, *(deepcopy(blank) for _ in table.rows[1:])]
    tbl.extend(trs[1:])
    base = min((r.level for r in table.rows if r.level > 0), default=1)  # the shallowest level sits flush
    for row, tr in zip(table.rows, trs, strict=True):
        label = _label_index(row) if row.level > base else -1
        for j, (cell, tc) in enumerate(zip(row.cells, tr.tc_lst, strict=False)):
            _cell_paragraph(
                tc,
                cell.text,
                bold=row.bold or cell.bold,
                align=WD_ALIGN_PARAGRAPH.LEFT if cell.value is None else WD_ALIGN_PARAGRAPH.RIGHT,
                indent=row.level - base if j == label else 0,
                size=size,
            )


def table_columns(table: PubTable) -> int:
    return max([table.columns, *(len(r.cells) for r in table.rows)])


def _table(w: _Writer, table: PubTable, layout: TableLayout) -> None:
    columns = table_columns(table)
    # the header rows and a single body row, which _body_rows copies for the rest of the rows
    out = w.doc.add_table(rows=len(table.header) + min(len(table.rows), 1), cols=columns)
    tbl = out._tbl
    tbl.tblStyle_val = w.style_id("Table Grid", WD_STYLE_TYPE.TABLE)
    _set_widths(out, layout.widths)
    _header(tbl, table, columns, layout.size)
    _body_rows(tbl, table, layout.size)
    if table.note and tbl.tr_lst:  # the note never starts a page alone: the last row goes with it
        for p in tbl.tr_lst[-1].iter(qn("w:p")):
            cast(CT_P, p).get_or_add_pPr().keepNext_val = True


class _Writer:
    """Adds paragraphs in order; the first one after the title page starts a new page."""

    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.break_pending = False
        self.fresh_page = False  # a section break was just written: the next paragraph tops a page
        self.landscape = False
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}

    def style_id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        """A style's id, looked up once: python-docx scans all styles on every lookup by name."""
        key = (name, kind)
        if key not in self._style_ids:
            style_id = self.doc.styles.get_style_id(name, kind)
            self._style_ids[key] = cast("str | None", style_id)
        return self._style_ids[key]

    def paragraph(self, text: str = "", style: str = "Normal", *, new_page: bool = False) -> Paragraph:
        p = self.doc.add_paragraph(text)
        p._p.style = self.style_id(style)  # what `p.style = style` sets, minus the lookup
        if (new_page or self.break_pending) and not self.fresh_page:
            p.paragraph_format.page_break_before = True
        self.break_pending = self.fresh_page = False
        return p

    def heading(self, text: str, level: int, *, new_page: bool = False, bookmark: str = "") -> Paragraph:
        p = self.paragraph(text, f"Heading {min(max(level, 1), 9)}", new_page=new_page)
        if bookmark:  # the target of the 目录 entry's PAGEREF
            number = str(int(bookmark.removeprefix("_Toc")))
            start = OxmlElement("w:bookmarkStart", attrs={qn("w:id"): number, qn("w:name"): bookmark})
            end = OxmlElement("w:bookmarkEnd", attrs={qn("w:id"): number})
            first = p._p.r_lst[0] if p._p.r_lst else None
            if first is not None:
                first.addprevious(start)
            else:
                p._p.append(start)
            p._p.append(end)
        return p

    def orient(self, landscape: bool) -> None:
        """Start a new section (on a new page) when the page turns; the footer carries on."""
        if landscape == self.landscape:
            return
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _set_page(section, landscape=landscape)
        self.landscape = landscape
        self.fresh_page = True  # the section break already starts the page


def _toc_style(w: _Writer, level: int) -> str:
    """The built-in ``toc N`` paragraph style: indented by level, the page number after a dot leader."""
    name = f"toc {level}"
    styles = w.doc.styles
    if not any(s.name == name for s in styles):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        fmt = style.paragraph_format
        fmt.left_indent = Pt(24 * (level - 1))
        fmt.space_after = Pt(3)
        fmt.tab_stops.add_tab_stop(Mm(_text_width_mm(False)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        style.font.bold = level == 1 or None
        w._style_ids.pop((name, WD_STYLE_TYPE.PARAGRAPH), None)
    return name


def _toc(w: _Writer, toc: PubToc, marks: list[str]) -> None:
    """The 目录 as written paragraphs (``toc N``), each entry's page number a ``PAGEREF`` to its heading.

    Not a ``TOC`` field: LibreOffice shows a TOC field's stored result as it is and would never fill
    the page numbers in it, while a PAGEREF outside one is computed by LibreOffice at layout and by
    Word when it updates fields on opening (``updateFields``)."""
    w.paragraph("目录", "TOC Heading")
    for (level, text), mark in zip(toc.entries, marks, strict=True):
        p = w.paragraph(style=_toc_style(w, min(max(level, 1), 9)))
        p.add_run(text)
        if mark:
            p.add_run("\t")
            _add_field(p, f"PAGEREF {mark} \\h", "")


def _toc_marks(pub: Publication) -> tuple[list[str], dict[int, str]]:
    """Bookmark names for the 目录 entries, and the block index of the heading each one marks.

    Each entry is matched, in order, to the next heading of the same text after the 目录 (the entries
    and the headings come from the same outline); an entry with no heading gets no page number."""
    toc_at = next((i for i, b in enumerate(pub.blocks) if isinstance(b, PubToc)), -1)
    if toc_at < 0:
        return [], {}
    toc = pub.blocks[toc_at]
    assert isinstance(toc, PubToc)
    headings = [
        (i, b.text.strip())
        for i, b in enumerate(pub.blocks)
        if i > toc_at and isinstance(b, PubHeading) and b.in_toc
    ]
    marks: list[str] = []
    targets: dict[int, str] = {}
    k = 0
    for n, (_, text) in enumerate(toc.entries):
        j = next((j for j in range(k, len(headings)) if headings[j][1] == text.strip()), None)
        if j is None:
            marks.append("")
            continue
        name = f"_Toc{n + 1:04d}"
        marks.append(name)
        targets[headings[j][0]] = name
        k = j + 1
    return marks, targets


def _pages(pub: Publication, layouts: dict[int, TableLayout]) -> list[bool]:
    """Whether each block sits on a landscape page: a wide table, and the headings right before it
    (its numbered heading goes with it, not alone at the foot of a portrait page)."""
    landscape = [i in layouts and layouts[i].landscape for i in range(len(pub.blocks))]
    for i in range(len(pub.blocks) - 2, -1, -1):
        if isinstance(pub.blocks[i], PubHeading) and landscape[i + 1]:
            landscape[i] = True
    return landscape


def _body(w: _Writer, pub: Publication) -> None:
    layouts = {
        i: table_layout(b, table_columns(b))
        for i, b in enumerate(pub.blocks)
        if isinstance(b, PubTable) and (b.header or b.rows)
    }
    pages = _pages(pub, layouts)
    marks, targets = _toc_marks(pub)
    for i, block in enumerate(pub.blocks):
        w.orient(pages[i])
        if isinstance(block, PubHeading):
            w.heading(block.text, block.level, new_page=block.new_page, bookmark=targets.get(i, ""))
        elif isinstance(block, PubParagraph):
            p = w.paragraph(style="Body Text")
            if block.lead:
                p.add_run(block.lead).bold = True
            p.add_run(block.text).bold = block.bold or None
        elif isinstance(block, PubToc):
            _toc(w, block, marks)
        else:
            caption = w.heading(block.title, block.title_level)
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            caption.paragraph_format.keep_with_next = True
            if block.unit:
                unit = w.paragraph(f"单位：{block.unit}")
                unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                unit.paragraph_format.keep_with_next = True
                unit.paragraph_format.space_after = Pt(2)
            if i in layouts:
                _table(w, block, layouts[i])
            if block.note:
                w.paragraph(block.note)


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry timestamps (zipfile stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render(pub: Publication) -> bytes:
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    _setup_settings(doc)
    stamp = datetime(pub.year - 1, 12, 31, tzinfo=UTC)  # fixed, so the same budget gives the same bytes
    props = doc.core_properties
    # core properties hold at most 255 characters (python-docx refuses more)
    name, department = pub.title[:255], pub.department[:255]
    props.title, props.author, props.last_modified_by = name, department, department
    props.comments, props.subject, props.revision = "yusuan", f"{pub.year} 年度部门预算", 1
    props.created = props.modified = props.last_printed = stamp

    w = _Writer(doc)
    title = w.paragraph(pub.title, "Title")
    title.paragraph_format.space_before = Pt(180)  # roughly a third down the cover page
    w.break_pending = True
    _body(w, pub)

    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())
