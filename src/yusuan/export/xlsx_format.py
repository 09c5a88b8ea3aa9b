"""An Excel workbook of an extracted disclosure: 说明, one sheet per table, then the other sheets.

Amounts are numbers whose number format shows the decimals they were published with
(``#,##0.00`` for 1,234.56, ``#,##0`` for 1234); codes, labels and everything else are text, never
formulas. Each sheet has its header row frozen and an autofilter. The bytes are deterministic:
document properties and zip timestamps are fixed.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.export.records import Amount, ExportDocument
from yusuan.export.tabular import Sheet, Value, encodable, sheets
from yusuan.sheet_title import fit_title
from yusuan.zip_stamp import fixed_zip

_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_MAX_WIDTH = 60
_WHEN = datetime(2000, 1, 1)


def amount_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def sheet_names(bases: list[str]) -> list[str]:
    """Legal, unique (case-insensitively) sheet names of at most 31 characters."""
    used: set[str] = set()
    names: list[str] = []
    for i, raw in enumerate(bases, 1):
        base = re.sub(r"\s+", " ", _SHEET_BAD.sub("", encodable(raw))).strip().strip("'").strip() or f"表{i}"
        if base.casefold() == "history":
            base += "（表）"
        name, n = fit_title(base, ""), 1
        while name.casefold() in used:
            n += 1
            name = fit_title(base, f"（{n}）")
        used.add(name.casefold())
        names.append(name)
    return names


def _display_width(v: Value) -> int:
    if v is None:
        return 0
    text = f"{v.value:,.{max(v.places, 0)}f}" if isinstance(v, Amount) else str(v)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _at(ws: Worksheet, row: int, column: int) -> Cell:
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)  # nothing is merged in these sheets
    return cell


def _put(cell: Cell, v: Value) -> None:
    if v is None:
        return
    if isinstance(v, Amount):
        cell.value = v.value
        cell.number_format = amount_format(v.places)
    elif isinstance(v, int):
        cell.value = v
    else:  # text stays text: never a formula ('=…'), never a number ('2010301')
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", encodable(v))
        cell.data_type = "s"
        cell.number_format = "@"


def _fill(ws: Worksheet, sheet: Sheet) -> None:
    bold = Font(bold=True)
    for c, header in enumerate(sheet.headers, 1):
        cell = _at(ws, 1, c)
        _put(cell, header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for r, row in enumerate(sheet.rows, 2):
        for c, v in enumerate(row, 1):
            if v is not None:
                _put(_at(ws, r, c), v)
    for c, header in enumerate(sheet.headers, 1):
        need = max([_display_width(header), *(_display_width(row[c - 1]) for row in sheet.rows)])
        ws.column_dimensions[get_column_letter(c)].width = min(max(need + 2, 6), _MAX_WIDTH)
    ws.freeze_panes = "A2"
    if sheet.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(sheet.rows) + 1}"


def to_xlsx(rec: ExportDocument) -> bytes:
    all_sheets = sheets(rec)
    names = sheet_names([s.name for s in all_sheets])
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, sheet in zip(names, all_sheets, strict=True):
        _fill(wb.create_sheet(name), sheet)
    wb.properties.created = _WHEN
    wb.properties.modified = _WHEN
    wb.properties.creator = "yusuan"
    wb.properties.lastModifiedBy = "yusuan"
    if rec.title:
        wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("", encodable(rec.title))
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip(buffer.getvalue(), _WHEN)
