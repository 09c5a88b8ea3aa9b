"""Read Excel workbooks (.xlsx via openpyxl, old binary .xls via xlrd) into Document blocks.

Each sheet, in order, becomes blocks: the rectangular grid of a table (header and body) becomes one
TableBlock, and the text rows around it (caption, 单位：万元, notes, narrative) become Heading and
Paragraph blocks.

Provenance: a Cell has no sheet field, so ``page`` carries the 1-based sheet number (the position
of the sheet among the workbook's sheets, as its tab shows) and ``line`` the 1-based Excel row
number; ``column`` is the 0-based position in the table row (the table's first column is 0 even
when the grid starts in column B). ``Document.pages`` is the number of sheets.

How rows are told apart (formats, not budgets):

* A cell with one of the named styles yusuan's own renderer writes (``yusuan.render.xlsx``) says
  what it is: ``封面标题`` / ``正文`` a paragraph, ``标题 N`` a heading of level N, ``目录 N`` a
  table-of-contents entry, ``表格位置`` "the sheet this cell links to goes here" (so the narrative
  sheet and the table sheets read back in document order). These are also the names Chinese
  Excel gives its built-in styles (标题 = Title, 标题 1-4 = Heading 1-4); the English names
  (``Heading N``, openpyxl's ``Headline N``, ``Title``) are read as headings too.
* Otherwise a row with two or more filled cells, or with a bordered cell, is a grid row; a row
  with one unbordered filled cell is text. A run of grid rows is a table when it has two rows or a
  border (a lone ``编制单位：… 单位：元`` row is text). Empty bordered rows inside a table are
  kept, trailing ones dropped.
* A text row just before a table (its caption) is a level-3 heading; a short bold or large text
  row elsewhere a level-2 heading; anything else a paragraph (one per line of the cell).

Numbers are written back as text the way their number format shows them (``#,##0.00`` →
``2,161.77``, ``#,##0`` → ``0``, General → ``16``), computed in Decimal from ``repr`` of the
stored float (so 0.1 is 0.10, never 0.1000000000000000055). Merged cells hold their text in the
first cell; the others are empty, as in the markdown shape. Formulas give their cached values.

The file is recognised by its content, not its suffix: an .xls that is really an HTML page (as
many downloaded tables are) is read as HTML. Hidden sheets are not read (each is named in
``Document.problems``). A file that cannot be read raises UnreadableInput naming it (truncated,
not a workbook, encrypted, Excel 2003 XML).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import partial
from pathlib import Path
from typing import Any

import xlrd  # type: ignore[import-untyped]
from openpyxl import load_workbook

from yusuan.model import Block, Cell, Document, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read.errors import UnreadableInput, read_bytes
from yusuan.read.isolate import isolated
from yusuan.read.limits import LIMITS, check_regular_file, check_text_chars, over
from yusuan.read.package import check_package
from yusuan.read.text import join_lines

__all__ = ["exact_decimal", "format_number", "read_workbook", "workbook_text"]

# The style vocabulary of yusuan.render.xlsx (a copy: readers do not import renderers).
STYLE_TITLE = "封面标题"
STYLE_BODY = "正文"
STYLE_TABLE_REF = "表格位置"
_HEADING_STYLE = re.compile(r"^(?:标题|Heading|Headline)\s*([1-6])$", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(?:目录|TOC)\s*([1-6])$", re.IGNORECASE)
_REF_TEXT = re.compile(r"「([^」\n]{1,200})」")  # bounded: many 「 without 」 is not quadratic
_TERMINAL = set("。！？；：.!?;:")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


# -- numbers as their format shows them -----------------------------------------------------------


def exact_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a stored number stands for: ``repr`` of a float is its shortest exact spelling."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _general(d: Decimal) -> str:
    """Excel's General format, to 15 significant digits and never in exponent notation."""
    if d == d.to_integral_value():
        return str(int(d))
    rounded = Decimal(format(d, ".15g"))
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sections(fmt: str) -> list[str]:
    out, cur, quoted, escaped = [], "", False, False
    for ch in fmt:
        if escaped:
            cur += ch
            escaped = False
        elif ch == "\\":
            cur += ch
            escaped = True
        elif ch == '"':
            cur += ch
            quoted = not quoted
        elif ch == ";" and not quoted:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def _tokens(section: str) -> Iterator[tuple[str, str]]:
    """('lit', text) and ('ph', placeholder char) tokens of one format section."""
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = len(section) if j < 0 else j
            yield "lit", section[i + 1 : j]
            i = j + 1
        elif ch == "\\" and i + 1 < len(section):
            yield "lit", section[i + 1]
            i += 2
        elif ch in "_*":
            i += 2  # padding / fill: no text (also at the end: "#,##0_ " stripped is "#,##0_")
        elif ch == "[":
            j = section.find("]", i)
            j = len(section) if j < 0 else j
            inner = section[i + 1 : j]
            if inner.startswith("$"):
                yield "lit", inner[1:].split("-")[0]
            i = j + 1
        elif ch in "0#?,.%Ee+":
            yield "ph", ch
            i += 1
        else:
            yield "lit", ch
            i += 1


def format_number(value: float | int | Decimal, number_format: str = "General") -> str:
    """A number as Excel shows it under ``number_format`` (the common formats; else General)."""
    d = exact_decimal(value)
    if not d.is_finite():
        return str(value)
    fmt = (number_format or "General").strip()
    if fmt.lower() in ("general", "@", "g/通用格式", "通用格式", ""):
        return _general(d)
    sections = _sections(fmt)
    negative = d < 0
    if negative and len(sections) >= 2:
        section, d, sign = sections[1], -d, ""
    elif d == 0 and len(sections) >= 3:
        section, sign = sections[2], ""
    else:
        section, sign = sections[0], "-" if negative else ""
        d = abs(d)
    tokens = list(_tokens(section))
    placeholders = "".join(t for kind, t in tokens if kind == "ph")
    if "E" in placeholders.upper() or (
        not any(c in placeholders for c in "0#?") and re.search(r"[ymdhs]", section, re.IGNORECASE)
    ):
        return sign + _general(d)  # exponent and date formats: General is close enough as text
    prefix, suffix, seen = "", "", False
    for kind, text in tokens:
        if kind == "ph" and text in "0#?":
            seen = True
        elif kind == "lit" or text == "%":
            if seen:
                suffix += text
            else:
                prefix += text
    if not any(c in placeholders for c in "0#?"):
        return prefix + suffix  # a section with no digits, e.g. "-" for zero
    d *= Decimal(100) ** placeholders.count("%")
    int_part, _, frac_part = placeholders.replace("%", "").partition(".")
    digits = int_part.rstrip(",")
    d /= Decimal(1000) ** (len(int_part) - len(digits))  # trailing commas scale by thousands
    grouped = "," in digits
    places_max = sum(c in "0#?" for c in frac_part)
    places_min = frac_part.count("0")
    with localcontext() as ctx:  # 1E+26 under 0.00 has 29 digits: more than the default 28
        ctx.prec = max(ctx.prec, d.adjusted() + places_max + 3)
        q = d.quantize(Decimal(1).scaleb(-places_max), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{q:.{places_max}f}".partition(".")
    frac = frac.rstrip("0").ljust(places_min, "0") if places_max > places_min else frac
    if grouped:
        whole = f"{int(whole):,}"
    if whole == "0" and "0" not in digits:
        whole = ""
    number = whole + ("." + frac if frac or (places_max and "." in frac_part and places_min) else "")
    if q == 0:
        sign = ""
    return sign + prefix + number + suffix


def _value_text(value: Any, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


# -- one sheet, whichever library read it ---------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    text: str = ""
    bold: bool = False
    size: float = 11.0
    border: bool = False
    style: str = ""
    link: str = ""  # the sheet an internal hyperlink points to
    number_format: str = "General"


@dataclass(slots=True)
class _Sheet:
    name: str
    number: int  # 1-based
    path: str = ""  # the file, for messages
    cells: dict[tuple[int, int], _Raw] = field(default_factory=dict)  # 0-based (row, column)
    covered: set[tuple[int, int]] = field(default_factory=set)  # merged, not the first cell
    merged_to: dict[tuple[int, int], int] = field(default_factory=dict)  # first cell → last column

    def rows(self) -> int:
        return max((r for r, _ in self.cells), default=-1) + 1


@dataclass(slots=True)
class _Ref:
    sheet: str


_Item = Block | _Ref


def _ruled(left: bool, right: bool, top: bool, bottom: bool) -> bool:
    """A cell of a ruled grid: a vertical line, or lines above and below. A bottom line alone is
    often the table's top rule drawn from the row above (编制单位：… 单位：万元)."""
    return left or right or (top and bottom)


def _link_sheet(location: str | None) -> str:
    """``'一、收支预算总表'!A1`` → ``一、收支预算总表``."""
    if not location:
        return ""
    loc = location.lstrip("#")
    name = loc.rsplit("!", 1)[0] if "!" in loc else loc
    if len(name) >= 2 and name[0] == name[-1] == "'":
        name = name[1:-1].replace("''", "'")
    return name


def _attr(cell: Any, get: Callable[[Any], Any], default: Any) -> Any:
    """A cell's style attribute, or ``default`` when the workbook's style tables do not have it:
    LibreOffice (an .xls saved as .xlsx) and WPS write style indexes past the end of their lists,
    where openpyxl raises IndexError."""
    try:
        return get(cell)
    except (IndexError, KeyError, AttributeError, TypeError, ValueError):
        return default


def _xlsx_bordered(cell: Any) -> bool:
    border = cell.border
    return _ruled(
        *(
            bool(side is not None and side.style)
            for side in (border.left, border.right, border.top, border.bottom)
        )
    )


def _looks(cell: Any) -> _Raw:
    """A cell's border, font, named style, link and number format (text filled in later)."""
    link = _attr(cell, lambda c: c.hyperlink.location if c.hyperlink is not None else None, None)
    raw = _Raw(
        bold=bool(_attr(cell, lambda c: c.font.b, False)),
        size=float(_attr(cell, lambda c: c.font.sz, None) or 11),
        border=bool(_attr(cell, _xlsx_bordered, False)),
        style=str(_attr(cell, lambda c: c.style if c.has_style else "", "") or ""),
        link=_link_sheet(link if isinstance(link, str) else None),
    )
    raw.number_format = str(_attr(cell, lambda c: c.number_format, "General") or "General")
    return raw


def _load_xlsx(data: bytes, name: str) -> tuple[list[_Sheet], list[str], int]:
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, rich_text=False)
    except Exception as exc:  # openpyxl raises anything on a damaged package
        raise UnreadableInput(f"{name}：Excel 文件已损坏或不完整，无法打开（{type(exc).__name__}）") from exc
    if len(wb.worksheets) > LIMITS.sheets:
        raise over(name, f"工作表数（{len(wb.worksheets):,}）", LIMITS.sheets, " 个")
    sheets: list[_Sheet] = []
    problems: list[str] = []
    for number, ws in enumerate(wb.worksheets, 1):
        if ws.sheet_state != "visible":
            problems.append(f"工作表「{ws.title}」是隐藏的，未读取")
            continue
        sheet = _Sheet(ws.title, number, name)
        for rng in ws.merged_cells.ranges:
            sheet.merged_to[(rng.min_row - 1, rng.min_col - 1)] = rng.max_col - 1
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        sheet.covered.add((r - 1, c - 1))
        for (r, c), cell in ws._cells.items():
            pos = (r - 1, c - 1)
            looks = _looks(cell)
            text = "" if pos in sheet.covered else _value_text(cell.value, looks.number_format)
            text = text if text.strip() else ""
            if not text and not looks.border:
                continue
            looks.text = text
            sheet.cells[pos] = looks
        sheets.append(sheet)
    return sheets, problems, len(wb.worksheets)


def _load_xls(data: bytes, name: str) -> tuple[list[_Sheet], list[str], int]:
    _check_xls(data, name)
    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=False, ragged_rows=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise UnreadableInput(f"{name}：文件已加密（设有打开密码），请先取消密码再读取") from exc
        raise UnreadableInput(f"{name}：不是可读取的 Excel 工作簿（{exc}）") from exc
    except Exception as exc:  # xlrd raises anything on a damaged file
        raise UnreadableInput(f"{name}：Excel 文件已损坏或不完整，无法打开（{type(exc).__name__}）") from exc
    style_of_xf = {xf_index: style for style, (_, xf_index) in book.style_name_map.items()}
    if book.nsheets > LIMITS.sheets:
        raise over(name, f"工作表数（{book.nsheets:,}）", LIMITS.sheets, " 个")
    sheets: list[_Sheet] = []
    problems: list[str] = []
    for number in range(book.nsheets):
        ws = book.sheet_by_index(number)
        if ws.visibility:
            problems.append(f"工作表「{ws.name}」是隐藏的，未读取")
            continue
        sheet = _Sheet(ws.name, number + 1, name)
        for rlo, rhi, clo, chi in ws.merged_cells:
            sheet.merged_to[(rlo, clo)] = chi - 1
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    if (r, c) != (rlo, clo):
                        sheet.covered.add((r, c))
        for r in range(ws.nrows):
            for c in range(ws.row_len(r)):
                xf = book.xf_list[ws.cell_xf_index(r, c)]
                b = xf.border
                bordered = _ruled(
                    bool(b.left_line_style),
                    bool(b.right_line_style),
                    bool(b.top_line_style),
                    bool(b.bottom_line_style),
                )
                text = "" if (r, c) in sheet.covered else _xls_text(book, ws.cell(r, c), xf)
                text = text if text.strip() else ""
                if not text and not bordered:
                    continue
                font = book.font_list[xf.font_index]
                link = ws.hyperlink_map.get((r, c))
                target = link.textmark if link is not None and link.type == "workbook" else None
                sheet.cells[(r, c)] = _Raw(
                    text=text,
                    bold=bool(font.bold or font.weight >= 700),
                    size=font.height / 20,
                    border=bordered,
                    style=style_of_xf.get(xf.parent_style_index, ""),
                    link=_link_sheet(target),
                )
        sheets.append(sheet)
    return sheets, problems, book.nsheets


# -- what a legacy .xls would cost, before xlrd loads it ------------------------------------------

# BIFF record types (MS-XLS 2.3)
_BOF, _EOF, _BOUNDSHEET, _SST, _MERGEDCELLS, _MULRK, _MULBLANK = (
    0x0809,
    0x000A,
    0x0085,
    0x00FC,
    0x00E5,
    0x00BD,
    0x00BE,
)
# records of one cell each: NUMBER, LABELSST, LABEL, RK, BLANK, BOOLERR, FORMULA, RSTRING, and
# the BIFF2-5 forms xlrd reads too
_CELL_RECORDS = frozenset({0x0203, 0x00FD, 0x0204, 0x027E, 0x0201, 0x0205, 0x0006, 0x0406, 0x0206, 0x00D6})
# records xlrd turns into an object of several parts each: FONT, FORMAT, XF, STYLE (and older forms)
_FORMAT_RECORDS = frozenset({0x0031, 0x0231, 0x041E, 0x001E, 0x00E0, 0x0043, 0x0243, 0x0443, 0x0293})
_FORMAT_RECORDS_MAX = 65_536  # a cell's format is a 16-bit index; Excel itself writes at most 4,050
_ROW_COST = 8  # xlrd keeps three containers per row: a row it creates costs what 8 cells cost


class _XlsScan:
    """Counts, record by record, what xlrd would build from a BIFF stream, and refuses past the
    limits: records (xlrd's time is about 3 µs a record), strings of the shared table, format
    records, and per sheet the cells xlrd stores — a row as long as its last cell (xlrd keeps rows
    ragged here: a cell at IV65536 no longer pads every row to 256 columns) — the rows it creates
    up to the last row of a cell or merged range, and the area merged ranges cover."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.records = 0
        self.formats = 0
        self.sheet_names: dict[int, str] = {}  # stream offset of a sheet's BOF → its name
        self.stored = 0  # cells and rows over the whole workbook
        self.sheet: str | None = None  # the worksheet being scanned
        self.widths: dict[int, int] = {}  # row → the columns xlrd stores in it
        self.cells = 0  # of the sheet
        self.merged = 0
        self.rows = 0

    def _sheet_label(self) -> str:
        return f"工作表「{self.sheet}」"

    def scan(self, mem: bytes, base: int, size: int) -> None:
        end = min(base + size, len(mem))
        pos = base
        sheets = 0
        while pos + 4 <= end:
            kind, length = struct.unpack_from("<HH", mem, pos)
            body, pos = pos + 4, pos + 4 + length
            self.records += 1
            if self.records > LIMITS.xls_records:
                raise over(self.name, "工作簿的记录数", LIMITS.xls_records, " 条")
            data = mem[body : min(pos, end)]
            if kind == _BOF:
                self._close()
                if len(data) >= 4 and struct.unpack_from("<H", data, 2)[0] == 0x0010:  # a worksheet
                    sheets += 1
                    self.sheet = self.sheet_names.get(body - 4 - base, f"第 {sheets} 个")
            elif kind == _EOF:
                self._close()
            elif self.sheet is None:
                self._globals(kind, data)
            else:
                self._cells(kind, data)
        self._close()

    def _globals(self, kind: int, data: bytes) -> None:
        if kind in _FORMAT_RECORDS:
            self.formats += 1
            if self.formats > _FORMAT_RECORDS_MAX:
                raise over(self.name, "字体和单元格格式记录数", _FORMAT_RECORDS_MAX, " 条")
        elif kind == _SST and len(data) >= 8:
            (unique,) = struct.unpack_from("<I", data, 4)
            if unique > LIMITS.sheet_cells:
                raise over(self.name, f"共享字符串表声明的字符串数（{unique:,}）", LIMITS.sheet_cells, " 个")
        elif kind == _BOUNDSHEET and len(data) >= 8:
            offset, count, flags = struct.unpack_from("<IBB", data, 0)[0], data[6], data[7]
            raw = data[8 : 8 + count * 2] if flags & 1 else data[8 : 8 + count]
            text = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
            self.sheet_names[offset] = _one_line(text)[:40] if text.isprintable() else ""

    def _cells(self, kind: int, data: bytes) -> None:
        if kind in _CELL_RECORDS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            self._reach(row, column)
        elif kind in (_MULRK, _MULBLANK) and len(data) >= 6:
            row, _ = struct.unpack_from("<HH", data)
            (last,) = struct.unpack_from("<H", data, len(data) - 2)
            self._reach(row, last)
        elif kind == _MERGEDCELLS and len(data) >= 2:
            (count,) = struct.unpack_from("<H", data)
            for k in range(min(count, (len(data) - 2) // 8)):
                r0, r1, c0, c1 = struct.unpack_from("<HHHH", data, 2 + 8 * k)
                if r1 < r0 or c1 < c0:
                    continue
                area = (r1 - r0 + 1) * (c1 - c0 + 1)
                self.merged += area
                self.stored += area  # the reader marks every cell a range covers
                if self.merged > LIMITS.merged_cells:
                    raise over(
                        self.name,
                        f"{self._sheet_label()}合并单元格覆盖的面积",
                        LIMITS.merged_cells,
                        " 个单元格",
                    )
                self._reach(r1, 0)  # xlrd puts a cell in the merged range's last row

    def _reach(self, row: int, column: int) -> None:
        before = self.widths.get(row, 0)
        if column >= before:
            self.widths[row] = column + 1
            self.cells += column + 1 - before
            self.stored += column + 1 - before
            if self.cells > LIMITS.sheet_cells:
                raise over(self.name, f"{self._sheet_label()}的单元格数", LIMITS.sheet_cells, " 个")
        if row >= self.rows:
            self.stored += _ROW_COST * (row + 1 - self.rows)
            self.rows = row + 1
        if self.stored > LIMITS.workbook_cells:
            raise over(
                self.name,
                f"单元格范围（读到{self._sheet_label()}第 {self.rows:,} 行；每行另按 {_ROW_COST} 个单元格计）",
                LIMITS.workbook_cells,
                " 个单元格",
            )

    def _close(self) -> None:
        self.sheet, self.widths, self.cells, self.merged, self.rows = None, {}, 0, 0, 0


def _check_xls(data: bytes, name: str) -> None:
    """Refuse an .xls past the limits before xlrd builds anything from it. A file whose compound
    document or workbook stream cannot be found is left to xlrd, which says what is wrong."""
    try:
        doc = xlrd.compdoc.CompDoc(data, logfile=io.StringIO())
        for stream in ("Workbook", "Book"):
            mem, base, size = doc.locate_named_stream(stream)
            if mem:
                break
        else:
            return
    except Exception:  # a damaged compound document: xlrd reports it
        return
    _XlsScan(name).scan(mem, base, size)


def _xls_text(book: Any, cell: Any, xf: Any) -> str:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        fmt = book.format_map.get(xf.format_key)
        return format_number(cell.value, fmt.format_str if fmt is not None else "General")
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _value_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), "")
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, "#ERR"))
    return str(cell.value)


# -- sheet → blocks -------------------------------------------------------------------------------


def _styled(raw: _Raw) -> str:
    """The kind a named style gives: 'h1'..'h6', 'toc1'.., 'para', 'ref', or ''."""
    style = raw.style.strip()
    if style in (STYLE_TITLE, STYLE_BODY):
        return "para"
    if style == STYLE_TABLE_REF:
        return "ref"
    if style.lower() == "title" or style == "标题":
        return "h1"
    if m := _HEADING_STYLE.match(style):
        return f"h{m.group(1)}"
    if m := _TOC_STYLE.match(style):
        return f"toc{m.group(1)}"
    return ""


def _is_heading_like(text: str) -> bool:
    return bool(text) and "\n" not in text and len(text) <= 60 and text[-1] not in _TERMINAL


def _sheet_items(sheet: _Sheet, typical: float) -> list[_Item]:
    items: list[_Item] = []
    nrows = sheet.rows()
    by_row: dict[int, list[tuple[int, _Raw]]] = {}
    for (r, c), raw in sorted(sheet.cells.items()):
        by_row.setdefault(r, []).append((c, raw))

    kinds: list[str] = []
    for r in range(nrows):
        row = by_row.get(r, [])
        filled = [raw for _, raw in row if raw.text]
        if any(_styled(raw) for raw in filled):
            kinds.append("text")
        elif not filled:
            kinds.append("blank" if any(raw.border for _, raw in row) else "empty")
        elif len(filled) >= 2 or filled[0].border:
            kinds.append("grid")
        else:
            kinds.append("text")

    pending: list[_Item] = []  # text blocks since the last table: the first may be its caption
    r = 0
    while r < nrows:
        kind = kinds[r]
        if kind in ("empty", "blank"):
            r += 1
            continue
        if kind == "text":
            pending.extend(_text_items(sheet, r, by_row.get(r, []), typical))
            r += 1
            continue
        end = r
        while end + 1 < nrows:
            if kinds[end + 1] in ("grid", "blank"):
                end += 1
            elif (after_gap := _total_after_gap(kinds, by_row, end + 1)) is not None:
                end = after_gap  # a blank row left before 合计: the 合计 row is still the table's
            else:
                break
        while kinds[end] == "blank":
            end -= 1
        run = [i for i in range(r, end + 1) if kinds[i] != "empty"]
        bordered = [any(raw.border for _, raw in by_row.get(i, [])) for i in run]
        if any(bordered):  # unbordered rows at the edges of a ruled grid are text (编制单位：… 单位：元)
            lead = bordered.index(True)
            tail = len(run) - bordered[::-1].index(True)
            before, after, run = run[:lead], run[tail:], run[lead:tail]
        else:
            before, after = [], []
        pending.extend(_loose(sheet, before, by_row))
        if len(run) >= 2 or any(bordered):
            _caption(pending)
            items.extend(pending)
            pending = []
            items.append(_table(sheet, run, by_row))
        else:
            pending.extend(_loose(sheet, run, by_row))
        pending.extend(_loose(sheet, after, by_row))
        r = end + 1
    items.extend(pending)
    return items


_TOTAL_LABEL = re.compile(r"^\s*(?:合\s*计|总\s*计)")


def _total_after_gap(kinds: list[str], by_row: dict[int, list[tuple[int, _Raw]]], start: int) -> int | None:
    """The row of a 合计/总计 grid row after one or two empty rows from ``start``, else None."""
    i = start
    while i < len(kinds) and i < start + 2 and kinds[i] == "empty":
        i += 1
    if i == start or i >= len(kinds) or kinds[i] != "grid":
        return None
    first = next((raw.text for _, raw in by_row.get(i, []) if raw.text), "")
    return i if _TOTAL_LABEL.match(first) else None


def _loose(sheet: _Sheet, rows: list[int], by_row: dict[int, list[tuple[int, _Raw]]]) -> list[_Item]:
    """Rows of several cells that are not a table: one paragraph per filled cell."""
    return [
        Paragraph(_one_line(raw.text), i + 1, sheet.number)
        for i in rows
        for _, raw in by_row.get(i, [])
        if raw.text
    ]


def _one_line(text: str) -> str:
    return join_lines(text.replace("\u3000", " ").split("\n"))


def _caption(pending: list[_Item]) -> None:
    """The first plain text row before a table is its caption (a level-3 heading)."""
    start = len(pending)
    while start > 0 and isinstance(pending[start - 1], Paragraph | Heading):
        start -= 1
    if start == len(pending):
        return
    block = pending[start]
    if isinstance(block, _Guessed):
        pending[start] = _Guessed(block.text, 3, block.line, block.page)
    elif isinstance(block, Paragraph) and not isinstance(block, _Styled) and _is_heading_like(block.text):
        pending[start] = Heading(block.text, 3, block.line, block.page)


def _text_items(sheet: _Sheet, r: int, row: list[tuple[int, _Raw]], typical: float) -> list[_Item]:
    out: list[_Item] = []
    line, page = r + 1, sheet.number
    for _, raw in row:
        if not raw.text:
            continue
        kind = _styled(raw)
        if kind == "ref":
            target = raw.link
            if not target and (m := _REF_TEXT.search(raw.text)):
                target = m.group(1)
            out.append(_Ref(target))
        elif kind == "para":
            out.append(_Styled(raw.text, line, page))
        elif kind.startswith("h"):
            out.append(Heading(raw.text, int(kind[1:]), line, page))
        elif kind.startswith("toc"):
            out.append(TocEntry(raw.text, "", line))
        else:
            lines = [ln.replace("\u3000", " ").strip() for ln in raw.text.split("\n")]
            lines = [ln for ln in lines if ln]
            if len(lines) == 1 and _is_heading_like(lines[0]) and (raw.bold or raw.size >= typical + 4):
                out.append(_Guessed(lines[0], 2, line, page))
            else:
                out.extend(Paragraph(ln, line, page) for ln in lines)
    return out


class _Guessed(Heading):
    """A heading guessed from bold or large type (a caption's level is decided by _caption)."""

    __slots__ = ()


class _Styled(Paragraph):
    """A paragraph a named style marked as one: never re-read as a table caption."""

    __slots__ = ()


def _table(sheet: _Sheet, run: list[int], by_row: dict[int, list[tuple[int, _Raw]]]) -> TableBlock:
    first = min(c for i in run for c, _ in by_row.get(i, []))
    last = max(max(c, sheet.merged_to.get((i, c), c)) for i in run for c, _ in by_row.get(i, []))
    if len(run) * (last - first + 1) > LIMITS.table_cells:
        raise over(
            sheet.path,
            f"工作表「{sheet.name}」中表格的大小（{len(run):,} 行 × {last - first + 1:,} 列）",
            LIMITS.table_cells,
            " 个单元格",
        )
    rows: list[list[Cell]] = []
    for i in run:
        present = dict(by_row.get(i, []))
        rows.append(
            [
                Cell(_one_line(present[c].text) if c in present else "", i + 1, sheet.number, c - first)
                for c in range(first, last + 1)
            ]
        )
    return TableBlock(rows, run[0] + 1, sheet.number)


def _assemble(sheets: list[_Sheet]) -> list[Block]:
    sizes = Counter(raw.size for sheet in sheets for raw in sheet.cells.values() if raw.text)
    typical = sizes.most_common(1)[0][0] if sizes else 11.0  # the body text size: larger is a heading
    items = {sheet.name: _sheet_items(sheet, typical) for sheet in sheets}
    referenced = {
        item.sheet
        for name, its in items.items()
        for item in its
        if isinstance(item, _Ref) and item.sheet != name
    }
    referenced &= set(items)
    done: set[str] = set()
    out: list[Block] = []

    def emit(name: str) -> None:
        if name in done:
            return
        done.add(name)
        for item in items[name]:
            if isinstance(item, _Ref):
                if item.sheet in items:
                    emit(item.sheet)
            elif isinstance(item, _Styled):
                out.append(Paragraph(item.text, item.line, item.page))
            elif isinstance(item, _Guessed):
                out.append(Heading(item.text, item.level, item.line, item.page))
            else:
                out.append(item)

    for sheet in sheets:
        if sheet.name not in referenced:
            emit(sheet.name)
    for sheet in sheets:  # referenced only from a cycle: still read, in sheet order
        emit(sheet.name)
    return out


# -- entry points ---------------------------------------------------------------------------------


def _sniff(data: bytes, name: str) -> str:
    """'xlsx', 'xls' or 'html'; raises UnreadableInput for anything else."""
    if not data:
        raise UnreadableInput(f"{name}：文件是空的")
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableInput(f"{name}：文件已加密（设有打开密码），请先取消密码再读取")
        return "xls"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096] and b"<workbook" in data[:4096].lower():
        raise UnreadableInput(f"{name}：这是 Excel 2003 XML 表格，请在 Excel 中另存为 .xlsx 后再读取")
    if head.startswith((b"<!doctype html", b"<html", b"<table")) or b"<table" in head:
        return "html"
    raise UnreadableInput(f"{name}：不是 Excel 工作簿（内容既不是 .xlsx 也不是 .xls 格式）")


def _sheets(path: str | Path) -> tuple[list[_Sheet], list[str], int, str]:
    p = Path(path)
    name = str(path)
    data = read_bytes(p)
    kind = _sniff(data, name)
    if kind == "html":
        return [], [], 0, "html"
    if kind == "xlsx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                check_package(data, name, archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableInput(f"{name}：Excel 文件已损坏或不完整，无法解压") from exc
        if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
            raise UnreadableInput(
                f"{name}：不是 Excel 工作簿（压缩包里没有工作簿，可能是 Word 文档或其他文件）"
            )
        sheets, problems, total = _load_xlsx(data, name)
    else:
        sheets, problems, total = _load_xls(data, name)
    return sheets, problems, total, kind


def _sheets_isolated(path: str | Path) -> tuple[list[_Sheet], list[str], int, str]:
    """_sheets in a child process with the memory and time budget of yusuan.read.isolate: xlrd
    loads a whole .xls and openpyxl a whole .xlsx before anything can be counted in Python, so
    what the checks before them do not foresee is bounded by the process's limits."""
    name = str(path)
    check_regular_file(path)
    return isolated(partial(_sheets, path), name, " Excel 文件")


def read_workbook(path: str | Path) -> Document:
    """Read an .xlsx or .xls workbook (recognised by content, not by suffix) into blocks.

    An .xls that is really an HTML page (common for downloaded tables) is read as HTML.
    Raises UnreadableInput (Chinese message naming the file) when it cannot be read.
    """
    name = str(path)
    sheets, problems, total, kind = _sheets_isolated(path)
    if kind == "html":
        from yusuan.read.decode import decode_text
        from yusuan.read.html_tables import parse_html

        text = decode_text(read_bytes(path), name)
        check_text_chars(text, name)
        return Document(path=name, blocks=parse_html(text, name=name), format="html")
    doc = Document(path=name, blocks=_assemble(sheets), format=kind, pages=total)
    doc.problems.extend(problems)
    return doc


def workbook_text(path: str | Path) -> str:
    """The text layer: per sheet ``== name ==``, then each row's cell texts TAB-joined.

    Cells read as the reader reads them (numbers in their format, merged cells in the first
    cell); trailing empty cells and rows are dropped. For golden tests and for looking at a file.
    """
    sheets, _, _, kind = _sheets_isolated(path)
    if kind == "html":
        raise UnreadableInput(f"{path}：这是 HTML 网页，不是 Excel 工作簿")
    out: list[str] = []
    for sheet in sheets:
        out.append(f"== {sheet.name} ==")
        grid: dict[int, dict[int, str]] = {}
        for (r, c), raw in sheet.cells.items():
            grid.setdefault(r, {})[c] = raw.text.replace("\t", " ").replace("\n", "\\n")
        for r in range(sheet.rows()):
            cells = grid.get(r, {})
            row = [cells.get(c, "") for c in range(max(cells, default=-1) + 1)]
            while row and not row[-1]:
                row.pop()
            out.append("\t".join(row))
        while out and not out[-1]:
            out.pop()
        out.append("")
    return "\n".join(out)
