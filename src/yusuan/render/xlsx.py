"""Excel workbook (.xlsx): the narrative sheet 封面及说明, then one sheet per table.

Layout (``yusuan.read.xlsx`` reads it back to the same blocks as ``Publication.to_document``):

* Sheet 1 ``封面及说明`` holds every non-table block in document order, one row each, in column A.
  The kind of each row is its *named cell style* (visible in Excel's 样式 gallery, invisible in
  print): ``封面标题`` the publication title, ``标题 N`` a heading of level N, ``正文`` a
  paragraph, ``目录 N`` an entry of the table of contents, and ``表格位置`` a row standing for a
  table: it links to the table's sheet, and the reader puts that sheet's blocks at this place.
* Each table sheet: row 1 the caption (style ``标题 N``, merged, bold, centred), row 2 ``单位：万元``
  (style ``正文``), the header rows (merged cells, bold, centred), the body rows, and the note in
  the row after the last (style ``正文``). Every table cell has a thin border; caption, unit and
  note have none, which is how a reader tells the grid from the text around it.
* Amounts are numbers (the exact Decimal) whose number format reproduces the written text:
  ``1,234.56`` → ``#,##0.00``, ``0`` → ``#,##0``; an amount written empty stays an empty cell.
  Everything else (codes such as ``2010301``, staff counts) is text.

The output is deterministic: document properties and zip timestamps come from the budget year.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from copy import copy
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.model import PubCell, PubHeading, Publication, PubParagraph, PubTable, PubToc
from yusuan.sheet_title import fit_title
from yusuan.zip_stamp import fixed_zip

# The style vocabulary, shared with yusuan.read.xlsx (which keeps its own copy: readers do not
# import renderers; tests/read/test_xlsx_reader.py checks that the two agree).
NARRATIVE_SHEET = "封面及说明"
STYLE_TITLE = "封面标题"
STYLE_HEADING = "标题 {}"  # level 1-6
STYLE_BODY = "正文"
STYLE_TOC = "目录 {}"  # level 1-6
STYLE_TABLE_REF = "表格位置"

AMOUNT_FORMAT = "#,##0.00"
_FONT = "宋体"
_HEAD_FONT = "黑体"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_NUMBER_TEXT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_SHEET_NAME_MAP = str.maketrans(
    {"[": "【", "]": "】", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"}
)
# column A of 封面及说明, in character units: 80 fit an A4 portrait page between 0.5" margins at 100%
# (LibreOffice prints this sheet unscaled, whatever its fit-to-width setting says)
_NARRATIVE_WIDTH = 80
_MIN_WIDTH, _MAX_WIDTH = 6, 44
_HEADER_WIDTH = 8  # a header wider than this wraps (four CJK characters a line)
_TEXT_WIDTH = 30  # a name or text column wider than this wraps
_PORTRAIT_WIDTH = 90  # columns (character units) an A4 portrait page holds at 85% or more
_Horizontal = Literal["left", "center", "right"]


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _at(ws: Worksheet, row: int, column: int) -> Cell:
    """The cell at (row, column): always a real cell, since cells are written before merging."""
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)
    return cell


def _set_text(cell: Cell, text: str) -> None:
    """Write text as text: never a formula (``=…``), never a number (``2010301``)."""
    cell.value = _clean(text)
    cell.data_type = "s"
    cell.number_format = "@"


def _amount_format(cell: PubCell) -> str | None:
    """The number format that shows ``cell.value`` exactly as ``cell.text``; None when none can."""
    if cell.value is None or not cell.text:
        return None
    match = _NUMBER_TEXT.fullmatch(cell.text.strip())
    if match is None:
        return None
    places = len(match.group(1) or "")
    try:
        written = Decimal(cell.text.strip().replace(",", ""))
        shown = cell.value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    if shown != written or (written == 0 and shown.is_signed() != written.is_signed()):
        return None
    digits = cell.text.strip().lstrip("-").split(".")[0]
    grouped = "," in digits or len(digits) <= 3
    base = "#,##0" if grouped else "0"
    return base + ("." + "0" * places if places else "")


def sheet_names(pub: Publication) -> list[str]:
    """The sheet name of each table: its numbered heading, else its title; legal and unique."""
    used = {NARRATIVE_SHEET.casefold()}
    names: list[str] = []
    for i, table in enumerate(pub.tables(), 1):
        base = (table.numbered or table.title).translate(_SHEET_NAME_MAP).strip().strip("'").strip()
        base = base or f"表{i}"
        if base.casefold() == "history":
            base = f"{base}（表）"
        name, n = fit_title(base, ""), 1
        while name.casefold() in used:
            n += 1
            name = fit_title(base, f"（{n}）")
        used.add(name.casefold())
        names.append(name)
    return names


def _named_styles(wb: Workbook) -> None:
    title = NamedStyle(STYLE_TITLE)
    title.font = Font(name=_HEAD_FONT, size=20, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.add_named_style(title)
    for level in range(1, 7):
        style = NamedStyle(STYLE_HEADING.format(level))
        style.font = Font(name=_HEAD_FONT, size=max(16 - 2 * (level - 1), 11), bold=True)
        style.alignment = Alignment(vertical="center", wrap_text=True)
        wb.add_named_style(style)
    body = NamedStyle(STYLE_BODY)
    body.font = Font(name=_FONT, size=11)
    body.alignment = Alignment(vertical="top", wrap_text=True)
    wb.add_named_style(body)
    for level in range(1, 7):
        style = NamedStyle(STYLE_TOC.format(level))
        style.font = Font(name=_FONT, size=11, bold=level == 1)
        style.alignment = Alignment(indent=2 * (level - 1), vertical="center", wrap_text=True)
        wb.add_named_style(style)
    ref = NamedStyle(STYLE_TABLE_REF)
    ref.font = Font(name=_FONT, size=11, color="0563C1", underline="single")
    ref.alignment = Alignment(vertical="center", wrap_text=True)
    wb.add_named_style(ref)


def _lines(text: str, width: float, size: float) -> int:
    """Lines ``text`` at ``size`` pt wraps to in a cell ``width`` characters wide: a character unit is
    about 7 px, a CJK character at 10.5 pt two of them."""
    per_line = max((width - 1) * 10.5 / size, 1)
    return sum(max(1, math.ceil(display_width(part) / per_line)) for part in text.split("\n"))


def _text_height(text: str, width: float, size: float) -> float:
    """Row height (points) for wrapped text in a cell ``width`` characters wide."""
    return round(_lines(text, width, size) * size * 1.5, 1)


def _fit_row(ws: Worksheet, row: int, text: str, width: float, size: float) -> None:
    """Give a row the height of its wrapped text when that takes more than one line."""
    if _lines(text, width, size) > 1:
        ws.row_dimensions[row].height = _text_height(text, width, size)


def _narrative(ws: Worksheet, pub: Publication, names: list[str]) -> None:
    ws.column_dimensions["A"].width = _NARRATIVE_WIDTH
    ws.sheet_view.showGridLines = False
    cell = _at(ws, 1, 1)
    cell.style = STYLE_TITLE
    _set_text(cell, pub.title)
    ws.row_dimensions[1].height = _text_height(pub.title, _NARRATIVE_WIDTH, 20)
    row, table_no = 2, 0
    for block in pub.blocks:
        if isinstance(block, PubToc):
            cell = _at(ws, row, 1)
            cell.style = STYLE_HEADING.format(1)
            _set_text(cell, "目录")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            row += 1
            for level, text in block.entries:
                cell = _at(ws, row, 1)
                level = min(max(level, 1), 6)
                cell.style = STYLE_TOC.format(level)
                _set_text(cell, text)
                _fit_row(ws, row, text, _NARRATIVE_WIDTH - 2 * (level - 1), 11)
                row += 1
            continue
        cell = _at(ws, row, 1)
        if isinstance(block, PubHeading):
            level = min(max(block.level, 1), 6)
            cell.style = STYLE_HEADING.format(level)
            _set_text(cell, block.text)
            size = max(16 - 2 * (level - 1), 11)
            ws.row_dimensions[row].height = _text_height(block.text, _NARRATIVE_WIDTH, size)
            if block.new_page and block.level == 1 and row > 2:  # tables are on their own sheets
                ws.row_breaks.append(Break(id=row - 1))
        elif isinstance(block, PubParagraph):
            cell.style = STYLE_BODY
            _set_text(cell, block.lead + block.text)
            if block.lead:
                bold = InlineFont(rFont=_FONT, sz=11, b=True)
                plain = InlineFont(rFont=_FONT, sz=11, b=block.bold)
                cell.value = CellRichText(
                    TextBlock(bold, _clean(block.lead)), TextBlock(plain, _clean(block.text))
                )
            if block.bold:
                cell.font = Font(name=_FONT, size=11, bold=True)
            ws.row_dimensions[row].height = _text_height(block.lead + block.text, _NARRATIVE_WIDTH, 11)
        else:
            name = names[table_no]
            table_no += 1
            cell.style = STYLE_TABLE_REF
            # short, since LibreOffice never wraps a cell holding a link; a sentence, so that the
            # workbook printed to PDF reads as finished text
            ref = f"见工作表「{name}」。"
            _set_text(cell, ref)
            quoted = name.replace("'", "''")
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!A1", display=name)
        row += 1
    _page_setup(ws, landscape=False)


def _page_setup(ws: Worksheet, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75


def _column_widths(table: PubTable) -> list[float]:
    """Each column as wide as its widest body cell (amounts never wrap, text up to ``_MAX_WIDTH``);
    a header wraps at about ``_HEADER_WIDTH`` (its rows are as high as the wrapped text needs)."""
    width = table.columns
    need = [0] * width
    for _, c, _, colspan, text in table.header_spans():
        if colspan == 1 and c < width:
            need[c] = max(need[c], min(display_width(text), _HEADER_WIDTH))
    for row in table.rows:
        for c, cell in enumerate(row.cells[:width]):
            extra = 2 * max(row.level - 1, 0)
            shown = display_width(cell.text)
            if _amount_format(cell) is None and not cell.text.isdigit():
                shown = min(shown, _TEXT_WIDTH)
            need[c] = max(need[c], shown + extra)
    return [float(min(max(n + 2, _MIN_WIDTH), _MAX_WIDTH)) for n in need]


class _GridStyles:
    """The formats of ruled table cells (thin border, 10pt 宋体), each built once, then copied.
    Only for cells with no format yet: a copy replaces the whole format.

    Assigning ``cell.font`` / ``.border`` / ``.alignment`` looks the object up in the workbook's style
    lists by hash, and openpyxl hashes styles field by field, recursively: that dominated rendering.
    A cell's format is just the array of indices into those lists, so cells that look alike get a copy
    of the first one's array, as openpyxl itself copies formats. The first cell of each format still
    goes through the descriptors, so the style lists (and styles.xml) fill in the same order as before.
    """

    def __init__(self) -> None:
        self._built: dict[tuple[bool, str, _Horizontal, bool | None, int], StyleArray] = {}

    def apply(
        self,
        cell: Cell,
        *,
        bold: bool,
        number_format: str,
        horizontal: _Horizontal,
        wrap: bool | None = None,
        indent: int = 0,
    ) -> None:
        key = (bold, number_format, horizontal, wrap, indent)
        built = self._built.get(key)
        if built is not None:
            cell._style = copy(built)  # type: ignore[attr-defined]
            return
        cell.border = _BORDER
        cell.font = Font(name=_FONT, size=10, bold=bold)
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap, indent=indent)
        cell.number_format = number_format
        self._built[key] = copy(cell._style)  # type: ignore[attr-defined]


def _format_of(ws: Worksheet, row: int, col: int) -> StyleArray | None:
    """A cell's format (its style indices), or None for no cell or no format yet."""
    cell = ws._cells.get((row, col))
    style: StyleArray | None = None if cell is None else cell._style  # type: ignore[union-attr]
    return None if style is None else copy(style)


# what a merge leaves in a cell depends on: the range's first and last cells (their formats, whether
# the last exists) and whether it is one row / one column high; and on the cell's own place: whether
# it is the first cell, on the top, bottom, left, right edge
_Ends = tuple[StyleArray | None, StyleArray | None, bool, bool, bool]  # StyleArray hashes by value
_Place = tuple[bool, bool, bool, bool, bool]


class _Merges:
    """``ws.merge_cells``, remembering the format a merge leaves in each cell.

    openpyxl's merge re-derives the border of every cell on the range's edges by adding Border objects,
    which it hashes and compares field by field: about 1 ms a range, a third of the rendering. Ranges
    whose ends look alike leave the same format in cells in the same place (see ``_Place``), so
    openpyxl merges a range only when one of its cells is in a place not seen yet; otherwise this does
    what ``merge_cells`` does (register the range, fill it with MergedCells) and gives each cell the
    format remembered for its place.
    """

    def __init__(self) -> None:
        self._left: dict[tuple[_Ends, _Place], StyleArray | None] = {}

    def merge(self, ws: Worksheet, row: int, col: int, rowspan: int, colspan: int) -> None:
        if rowspan == 1 and colspan == 1:
            return
        bottom, right = row + rowspan - 1, col + colspan - 1
        first, last = _format_of(ws, row, col), _format_of(ws, bottom, right)
        ends: _Ends = (first, last, (bottom, right) in ws._cells, rowspan == 1, colspan == 1)
        places = {
            (r, c): (ends, ((r, c) == (row, col), r == row, r == bottom, c == col, c == right))
            for r in range(row, bottom + 1)
            for c in range(col, right + 1)
        }
        if not all(place in self._left for place in places.values()):
            ws.merge_cells(start_row=row, start_column=col, end_row=bottom, end_column=right)
            for (r, c), place in places.items():
                self._left[place] = _format_of(ws, r, c)
            return
        coord = CellRange(min_col=col, min_row=row, max_col=right, max_row=bottom).coord
        ws.merged_cells.add(MergedCellRange(ws, coord))
        for (r, c), place in places.items():
            cell = ws._cells[r, c] if (r, c) == (row, col) else MergedCell(ws, r, c)
            cell._style = copy(self._left[place])  # type: ignore[union-attr]
            ws._cells[r, c] = cell


def _table(ws: Worksheet, table: PubTable, grid: _GridStyles, merges: _Merges) -> None:
    width = max(table.columns, 1)
    widths = _column_widths(table) or [float(_MIN_WIDTH)]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    total_width = sum(widths)

    caption = _at(ws, 1, 1)
    caption.style = STYLE_HEADING.format(min(max(table.title_level, 1), 6))
    _set_text(caption, table.title)
    caption.font = Font(name=_HEAD_FONT, size=14, bold=True)
    caption.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = max(_text_height(table.title, total_width, 14), 28)
    merges.merge(ws, 1, 1, 1, width)
    row = 2
    if table.unit:
        unit = _at(ws, row, 1)
        unit.style = STYLE_BODY
        _set_text(unit, f"单位：{table.unit}")
        unit.alignment = Alignment(horizontal="right", vertical="center")
        merges.merge(ws, row, 1, 1, width)
        row += 1

    head = row
    for r in range(len(table.header)):
        for c in range(width):
            cell = _at(ws, head + r, c + 1)
            grid.apply(cell, bold=True, number_format="@", horizontal="center", wrap=True)
    lines = [1] * len(table.header)
    for r, c, rowspan, colspan, text in table.header_spans():
        _set_text(_at(ws, head + r, c + 1), text)
        merges.merge(ws, head + r, c + 1, min(rowspan, len(table.header) - r), min(colspan, width - c))
        if rowspan == 1 and r < len(lines):
            lines[r] = max(lines[r], _lines(text, sum(widths[c : c + colspan]), 10))
    for r, n in enumerate(lines):
        if n > 1:  # a wrapped header: as high as its text (Excel keeps a stored height, and so does this)
            ws.row_dimensions[head + r].height = round(n * 10 * 1.4 + 2, 1)
    row = head + len(table.header)

    body = row
    for pub_row in table.rows:
        _body_row(ws, grid, row, pub_row.cells, width, pub_row.bold, pub_row.level)
        wrapped = max(
            (
                _lines(cell.text, widths[c] - 2 * max(pub_row.level - 1, 0), 10)
                for c, cell in enumerate(pub_row.cells[: len(widths)])
                if cell.text and _amount_format(cell) is None
            ),
            default=1,
        )
        if wrapped > 1:  # a long name wraps in its cell: the row is as high as the text
            ws.row_dimensions[row].height = round(wrapped * 10 * 1.4 + 2, 1)
        row += 1

    if table.note:
        note = _at(ws, row, 1)
        note.style = STYLE_BODY
        _set_text(note, table.note)
        note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.row_dimensions[row].height = _text_height(table.note, total_width, 11)
        merges.merge(ws, row, 1, 1, width)

    if table.header:
        ws.freeze_panes = _at(ws, body, 1).coordinate
        ws.print_title_rows = f"{head}:{body - 1}"
    _page_setup(ws, landscape=width > 6 or total_width > _PORTRAIT_WIDTH)


def _body_row(
    ws: Worksheet, grid: _GridStyles, row: int, cells: tuple[PubCell, ...], width: int, bold: bool, level: int
) -> None:
    indented = False
    for c in range(width):
        pub = cells[c] if c < len(cells) else PubCell("")
        cell = _at(ws, row, c + 1)
        heavy = bold or pub.bold
        fmt = _amount_format(pub)
        if fmt is not None and pub.value is not None:
            cell.value = pub.value
            grid.apply(cell, bold=heavy, number_format=fmt, horizontal="right")
        elif pub.value is not None and not pub.text:
            # an amount written empty: typing one in looks right
            grid.apply(cell, bold=heavy, number_format=AMOUNT_FORMAT, horizontal="right")
        else:
            indent = 0
            if not indented and pub.text and not pub.text.isdigit():
                indent, indented = max(level - 1, 0), True
            grid.apply(cell, bold=heavy, number_format="@", horizontal="left", wrap=True, indent=indent)
            _set_text(cell, pub.text)


def render(pub: Publication) -> bytes:
    """The workbook's bytes: 封面及说明, then one sheet per table in document order."""
    names = sheet_names(pub)
    wb = Workbook()
    _named_styles(wb)
    narrative = wb.active
    assert narrative is not None
    narrative.title = NARRATIVE_SHEET
    _narrative(narrative, pub, names)
    grid, merges = _GridStyles(), _Merges()  # both remember formats of this workbook
    for name, table in zip(names, pub.tables(), strict=True):
        _table(wb.create_sheet(name), table, grid, merges)
    when = datetime(pub.year - 1, 12, 31)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "yusuan"
    wb.properties.lastModifiedBy = "yusuan"
    wb.properties.title = pub.title[:255]  # openpyxl refuses a longer property
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip(buffer.getvalue(), when)
