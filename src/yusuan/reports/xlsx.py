"""The report as an Excel workbook: a 汇总 sheet across documents, then a sheet per document with
one row per finding and a 状态 dropdown (待核实 / 已确认 / 误报) for the reviewer.

Document text is text, never a formula: every text cell is a string cell (the export's ``_put``)
and one that a spreadsheet would read as a formula (= + - @) is also marked quote-prefixed, so it
stays text when a person edits it. Header rows are frozen and filtered, long text wraps, and the
sheets print landscape on A4, one page wide, with the header repeated on every page.
"""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.export.xlsx_format import _put, sheet_names
from yusuan.reports.escape import formula_like
from yusuan.reports.model import (
    COLUMNS,
    KEY_COLUMNS,
    STATUSES,
    SUMMARY_COLUMNS,
    Report,
    ReportDocument,
    finding_cells,
    summary_rows,
)
from yusuan.zip_stamp import fixed_zip

_WHEN = datetime(2000, 1, 1)
SUMMARY_SHEET = "汇总"
#: column widths of a findings sheet (characters), in COLUMNS order
_WIDTHS = (5, 5, 6, 20, 14, 12, 7, 6, 8, 48, 12, 12, 26, 8, 16)
_LINE_PT = 15.0  # row height per wrapped line (11 pt type)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD = Alignment(wrap_text=True, vertical="center", horizontal="center")
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="A0A0A0")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SEVERITY_FILL = {
    "错误": PatternFill("solid", fgColor="F8D0D0"),
    "警告": PatternFill("solid", fgColor="FCEBC0"),
    "提示": PatternFill("solid", fgColor="D8E8F8"),
}


def _cell(ws: Worksheet, row: int, column: int) -> Cell:
    c = ws.cell(row, column)
    assert isinstance(c, Cell)  # nothing is merged
    return c


def _set(ws: Worksheet, row: int, column: int, value: str | int | None) -> Cell:
    c = _cell(ws, row, column)
    if isinstance(value, str):
        _put(c, value)  # a string cell, illegal XML characters dropped
        if formula_like(value):
            c.quotePrefix = True
    elif value is not None:
        c.value = value
    return c


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _lines(value: str | int | None, width: float) -> int:
    """How many lines a wrapped value takes in a column of ``width`` characters."""
    if value is None:
        return 1
    per_line = max(int(width * 0.9) - 1, 1)  # LibreOffice's and Excel's type runs a little wide
    return sum(max(1, -(-_width(part) // per_line)) for part in str(value).split("\n"))


def _fit_height(ws: Worksheet, row: int, values: list[str | int | None], widths: tuple[float, ...]) -> None:
    """Row height for the wrapped text (LibreOffice does not size rows written without one)."""
    lines = max((_lines(v, w) for v, w in zip(values, widths, strict=False)), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(lines, 30) * _LINE_PT


def _header(ws: Worksheet, row: int, titles: tuple[str, ...]) -> None:
    for i, title in enumerate(titles, 1):
        c = _set(ws, row, i, title)
        c.font, c.alignment, c.fill, c.border = _BOLD, _HEAD, _HEAD_FILL, _BORDER


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    if ws.oddFooter is not None and ws.oddFooter.center is not None:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _summary(ws: Worksheet, report: Report, names: list[str]) -> None:
    _set(ws, 1, 1, report.title).font = Font(bold=True, size=14)
    _set(
        ws,
        2,
        1,
        f"来源：{report.source}    生成时间：{report.generated}    文档 {len(report.documents)} 份，问题 {report.findings} 条",
    )
    head = 4
    _header(ws, head, (*SUMMARY_COLUMNS, "工作表"))
    rows = summary_rows(report)
    widths = (48, 9, 6, *([6] * 3), *([8] * 4), 7, 34)
    for r, values in enumerate(rows, head + 1):
        for c, v in enumerate(values, 1):
            cell = _set(ws, r, c, v)
            cell.border = _BORDER
            cell.alignment = _WRAP
        if r - head - 1 < len(names):
            name = names[r - head - 1]
            link = _set(ws, r, len(values) + 1, name)
            link.hyperlink = f"#{quote_sheetname(name)}!A1"
            link.font = Font(color="1F4E9E", underline="single")
            link.border = _BORDER
            link.alignment = _WRAP
            _fit_height(ws, r, [*values, name], widths)
        else:  # 合计
            for c in range(1, len(values) + 2):
                _cell(ws, r, c).font = _BOLD
                _cell(ws, r, c).border = _BORDER
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = f"A{head + 1}"
    last = head + len(report.documents)
    if report.documents:
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(widths))}{last}"
    _print_setup(ws, head)


def _document(ws: Worksheet, d: ReportDocument) -> None:
    info = [f"文件：{d.name}"]
    if d.kind:
        info.append(f"类型：{d.kind}")
    if d.year:
        info.append(f"年度：{d.year}")
    if d.title:
        info.append(f"标题：{d.title}")
    if d.version and d.version > 1:
        info.append(f"第 {d.version} 版")
    info.append(f"问题 {len(d.findings)} 条")
    _set(ws, 1, 1, "    ".join(info)).font = _BOLD
    head = 2
    _header(ws, head, (*COLUMNS, *KEY_COLUMNS))
    status_col = COLUMNS.index("状态") + 1
    level_col = COLUMNS.index("级别") + 1
    _fit_height(ws, head, list(COLUMNS), _WIDTHS)
    for r, f in enumerate(d.findings, head + 1):
        values = finding_cells(f)
        for c, v in enumerate(values, 1):
            cell = _set(ws, r, c, v)
            cell.alignment = _WRAP
            cell.border = _BORDER
        _fit_height(ws, r, values, _WIDTHS)
        _set(ws, r, len(COLUMNS) + 1, d.subject)
        _set(ws, r, len(COLUMNS) + 2, f.fingerprint)
        level = _cell(ws, r, level_col)
        if isinstance(level.value, str) and level.value in _SEVERITY_FILL:
            level.fill = _SEVERITY_FILL[level.value]
    last = head + len(d.findings)
    if d.error:
        _set(ws, head + 1, 1, f"未检查：{d.error}").alignment = Alignment(wrap_text=False)
    for i, w in enumerate(_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for i in range(len(COLUMNS) + 1, len(COLUMNS) + len(KEY_COLUMNS) + 1):
        ws.column_dimensions[get_column_letter(i)].hidden = True  # keys for reading the marks back
    ws.freeze_panes = f"A{head + 1}"
    ws.auto_filter.ref = f"A{head}:{get_column_letter(len(COLUMNS))}{max(last, head + 1)}"
    # the reviewer's dropdown, on the findings' rows and a margin below for rows added by hand
    letter = get_column_letter(status_col)
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="状态",
        error="请从列表中选择：" + "、".join(STATUSES),
        promptTitle="核实状态",
        prompt="待核实：尚未核实；已确认：确属问题；误报：不是问题",
        showInputMessage=True,
    )
    dv.add(f"{letter}{head + 1}:{letter}{max(last, head + 1) + 200}")
    ws.add_data_validation(dv)
    _print_setup(ws, head)


def write_xlsx(report: Report, *, images: bool = True) -> bytes:
    names = sheet_names([SUMMARY_SHEET, *(d.name.rsplit(".", 1)[0] for d in report.documents)])
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = names[0]
    _summary(first, report, names[1:])
    for name, d in zip(names[1:], report.documents, strict=True):
        _document(wb.create_sheet(name), d)
    wb.properties.created = _WHEN
    wb.properties.modified = _WHEN
    wb.properties.creator = "yusuan"
    wb.properties.lastModifiedBy = "yusuan"
    wb.properties.title = report.title
    buffer = io.BytesIO()
    wb.save(buffer)
    return fixed_zip(buffer.getvalue(), _WHEN)
