"""The Excel 填报表 a finance officer fills in: ``write_template`` (empty, for ``yusuan init --xlsx``)
and ``write_filled`` (the same layout filled from plain source data, e.g. a YAML source).

The layout (sheets, headers, labels, example rows) is defined in ``yusuan.source.workbook``, which
reads the filled workbook back. Written files are reproducible: ``write_filled`` gives the same bytes
for the same data (fixed timestamps in the document properties and the zip entries).

Regenerate the committed example with
``python -m yusuan.source.template examples/culture_bureau_2024.yaml examples/culture_bureau_2024.xlsx``.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from yusuan.catalog import load as load_catalog
from yusuan.model.budget import FISCAL_SOURCES, KINDS, SOURCES
from yusuan.profiles import default_buildable
from yusuan.source.final_mapping import is_final
from yusuan.source.final_workbook import build_final_workbook
from yusuan.source.workbook import (
    CODE_COLUMNS,
    CODES,
    EXAMPLE_NOTE,
    EXAMPLES,
    FACT_COLUMNS,
    FACTS,
    GUIDE,
    INFO,
    INFO_FIELDS,
    INFO_HEADERS,
    LAST,
    LAST_HEADERS,
    LAST_ROWS,
    LISTS,
    NOTE,
    OTHER,
    OTHER_HEADERS,
    OTHER_ROWS,
    SANGONG,
    SANGONG_HEADERS,
    SANGONG_ROWS,
    TARGET_COLUMNS,
    TARGETS,
    UNIT_COLUMNS,
    UNITS,
    Column,
)

__all__ = ["SOURCE_CHOICES", "build_workbook", "write_filled", "write_template"]

#: Names offered in the 资金来源 drop-down (all accepted by the source mapping).
SOURCE_CHOICES: tuple[str, ...] = tuple(
    v.removesuffix("收入") if k in (*FISCAL_SOURCES, "special_account") else v for k, v in SOURCES.items()
)
KIND_CHOICES: tuple[str, ...] = tuple(KINDS.values())
LEVEL1_CHOICES = ("成本指标", "产出指标", "效益指标", "满意度指标")
LEVEL2_CHOICES = (
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "数量指标",
    "质量指标",
    "时效指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

#: Rows of the list sheets that carry validations and formats (data may go further; only checks stop).
_ROWS = 2000
_CONTINUATION_ROWS = 4  # blank rows under 主要职责 / 主要工作任务 in the empty template
_STAMP = datetime.datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)

_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_UNUSED_FILL = PatternFill("solid", fgColor="D9D9D9")
_EXAMPLE_FONT = Font(italic=True, color="808080")
_HINT_FONT = Font(color="808080")
_WRAP = Alignment(wrap_text=True, vertical="top")
# text columns are formatted as text so that Excel keeps what is typed: "95%" stays "95%", not 0.95
_FORMATS = {"code": "@", "text": "@", "choice": "@", "amount": "#,##0.00", "count": "0", "year": "0"}

_GUIDE_LINES: tuple[tuple[str, str], ...] = (
    ("title", "部门预算公开源文件填报表"),
    (
        "",
        "本表由部门（单位）财务人员填写。填好后运行 yusuan build 文件名.xlsx，即可生成部门预算公开文件的各张预算表和说明文字。",
    ),
    ("", "合计、小计、增减额和增减百分比都由程序计算，不要填写；说明文字中的数字也由程序根据本表生成。"),
    ("head", "一、通用规则"),
    (
        "",
        "1. 请勿修改各工作表第 1 行的表头文字，也不要删除或改名工作表；可以插入、删除数据行，空行会被跳过。",
    ),
    ("", "2. 金额按“基本信息”中的“金额单位”（万元或元）填写：填数字，不带单位，不小于 0，最多两位小数。"),
    (
        "",
        "3. 科目编码按文本填写：功能分类科目编码为 7 位项级编码（如 2070101），部门预算支出经济分类科目编码为 5 位款级编码（如 30101）。",
    ),
    (
        "",
        "4. 带下拉箭头的单元格（金额单位、公开模板、资金来源、支出类型、经济分类科目编码、绩效指标）请从列表中选择。",
    ),
    (
        "",
        "5. 示例行：“单位构成”“收支明细”“科目说明”“项目与绩效目标”四张表的第 2 行是灰色斜体的示例行，"
        "其“备注”列写有“示例行”，程序不会读入。可以直接删除示例行；"
        "如在示例行上改填正式数据，请同时清空“备注”列，否则程序会报错提醒。",
    ),
    ("", "6. 程序报错时会指出工作表和单元格，例如“收支明细!H5”表示“收支明细”表第 5 行 H 列。"),
    ("head", "二、各工作表"),
    (
        "",
        f"{INFO}：部门名称、预算年度、金额单位、公开模板、主要职责、主要工作任务、机关运行经费、政府采购、"
        "国有资产等。每行一个项目，内容填在 B 列；主要职责和主要工作任务每行一条，A 列留空的行接续上一项目。",
    ),
    ("", f"{UNITS}：纳入部门预算的各预算单位，每个单位一行（本级也列一行）。"),
    (
        "",
        f"{FACTS}：每行一笔预算，写明预算单位、功能分类科目（项）、部门经济分类科目（款）、资金来源、"
        "基本支出或项目支出、金额。项目支出必须填写项目名称，基本支出不填。"
        "“功能分类科目名称”可不填（科目目录中有的自动取名），填写后用于公开表。",
    ),
    (
        "",
        f"{CODES}：补充功能分类科目名称（特别是 5 位款级科目）和各项级科目的主要用途"
        "（写入预算说明中“主要用于……”）。",
    ),
    (
        "",
        f"{TARGETS}：每个绩效指标一行。同一项目的多行，项目名称可以每行重复，也可以只在第一行填写"
        "（下方留空表示同一项目）；总体目标只需填一次。",
    ),
    (
        "",
        f"{SANGONG}：本年和上年“三公”经费预算数、主要用途和变动原因。公务用车的金额分别填在购置费和运行费两行，"
        "主要用途和变动原因填在“公务用车购置及运行费”行；合计行只填变动原因。灰色格不需要填写。",
    ),
    (
        "",
        f"{OTHER}：收入、支出、一般公共预算拨款、财政拨款、机关运行经费与上年相比的变动原因。"
        "程序不会编写原因：与上年相比有增减的，请填写原因。",
    ),
    ("", f"{LAST}：上年预算数，用于计算与上年相比的增减。"),
    ("", f"{LISTS}（隐藏）：下拉列表的选项来源，请勿修改。"),
)


def _money(value: Any) -> Any:
    """An amount as written to a cell: a number when it is one, else the text as given."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return str(value)


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _typed(col: Column, value: Any) -> Any:
    if col.kind == "amount":
        return _money(value)
    if col.kind == "count":
        return int(value) if isinstance(value, int | Decimal) and value == int(value) else _text(value)
    return _text(value)


def _example_value(col: Column, text: str) -> Any:
    if not text:
        return None
    if col.kind == "amount":
        return Decimal(text)
    if col.kind == "count":
        return int(text)
    return text


class _Writer:
    def __init__(self) -> None:
        self.wb = Workbook()
        self.lists = self._lists_sheet()

    # -- helpers ------------------------------------------------------------------------------

    def _lists_sheet(self) -> dict[str, str]:
        """The hidden 代码表: drop-down sources, returned as name → absolute range."""
        first = self.wb.active
        assert isinstance(first, Worksheet)
        self.wb.remove(first)
        ws = self.wb.create_sheet(LISTS)
        ws.sheet_state = "hidden"
        catalog = load_catalog()
        economic = sorted(c for c in catalog.economic if c.startswith("3") and len(c) == 5)
        ws.append(["经济分类科目编码", "经济分类科目名称", None, "资金来源", "支出类型"])
        for i, code in enumerate(economic, 2):
            ws.cell(i, 1, code).number_format = "@"
            ws.cell(i, 2, catalog.economic[code])
        for i, name in enumerate(SOURCE_CHOICES, 2):
            ws.cell(i, 4, name)
        for i, name in enumerate(KIND_CHOICES, 2):
            ws.cell(i, 5, name)
        ws.column_dimensions["A"].width = 18
        ws.column_dimensions["B"].width = 30
        ws.column_dimensions["D"].width = 20
        return {
            "economic": f"'{LISTS}'!$A$2:$A${len(economic) + 1}",
            "source": f"'{LISTS}'!$D$2:$D${len(SOURCE_CHOICES) + 1}",
            "kind": f"'{LISTS}'!$E$2:$E${len(KIND_CHOICES) + 1}",
        }

    def sheet(self, title: str, headers: Sequence[str], widths: Sequence[float]) -> Worksheet:
        ws: Worksheet = self.wb.create_sheet(title, len(self.wb.sheetnames) - 1)  # 代码表 stays last
        for c, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
            cell = ws.cell(1, c, header)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.border = _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(c)].width = width
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 22
        return ws

    @staticmethod
    def validate(
        ws: Worksheet, ranges: str | Sequence[str], kind: str, *, choices: str = "", warn: bool = False
    ) -> None:
        """Add the data validation of ``kind`` (amount, count, year, list, code7, code57) to ``ranges``."""
        ranges = [ranges] if isinstance(ranges, str) else list(ranges)
        dv: DataValidation
        if kind == "amount":
            dv = DataValidation("decimal", "0", operator="greaterThanOrEqual")
            dv.errorTitle, dv.error = "金额有误", "请填写不小于 0 的数字（最多两位小数），不要带单位。"
        elif kind == "count":
            dv = DataValidation("whole", "0", operator="greaterThanOrEqual")
            dv.errorTitle, dv.error = "数量有误", "请填写不小于 0 的整数。"
        elif kind == "year":
            dv = DataValidation("whole", "2000", "2100", operator="between")
            dv.errorTitle, dv.error = "年度有误", "请填写四位年份，如 2024。"
        elif kind == "code7":
            dv = DataValidation("textLength", "7", operator="equal")
            dv.errorTitle, dv.error = "编码有误", "功能分类科目编码应为 7 位数字（项级），如 2070101。"
        elif kind == "code57":
            top = ranges[0].split(":")[0]
            dv = DataValidation("custom", f"OR(LEN({top})=5,LEN({top})=7)")
            dv.errorTitle, dv.error = "编码有误", "功能分类科目编码应为 5 位（款级）或 7 位（项级）数字。"
        else:
            dv = DataValidation("list", choices)
            dv.errorTitle = "请从列表中选择"
            dv.error = (
                "该值不在列表中。如确需使用，请点“是”继续，并核对是否正确。"
                if warn
                else "请从下拉列表中选择。"
            )
        if warn:
            dv.errorStyle = "warning"
        dv.allow_blank = True
        dv.showErrorMessage = True
        for rng in ranges:
            dv.add(rng)
        ws.add_data_validation(dv)

    def header_hints(self, ws: Worksheet, columns: Sequence[Column]) -> None:
        for c, col in enumerate(columns, 1):
            if col.hint:
                comment = Comment(col.hint, "yusuan")
                comment.width, comment.height = 240, 60
                ws.cell(1, c).comment = comment

    # -- sheets -------------------------------------------------------------------------------

    def guide(self) -> None:
        ws = self.wb.create_sheet(GUIDE, 0)
        ws.column_dimensions["A"].width = 120
        for r, (style, text) in enumerate(_GUIDE_LINES, 1):
            cell = ws.cell(r, 1, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if style == "title":
                cell.font = Font(bold=True, size=14)
                ws.row_dimensions[r].height = 24
            elif style == "head":
                cell.font = Font(bold=True)

    def info(self, data: Mapping[str, Any] | None, year: int | None) -> None:
        ws = self.sheet(INFO, INFO_HEADERS, (30, 70, 50))
        checked: dict[str, list[str]] = {}  # validation kind → cells
        r = 2
        for field in INFO_FIELDS:
            if data is None:
                prefill: dict[str, Any] = {
                    "unit": "万元",
                    "profile": default_buildable("budget"),
                    "year": year,
                }
                value = prefill.get(field.path[0]) if len(field.path) == 1 else None
                values: list[Any] = [value] + [None] * _CONTINUATION_ROWS if field.many else [value]
            else:
                value = data
                for key in field.path:
                    value = value.get(key) if isinstance(value, Mapping) else None
                if field.many:
                    items = [value] if isinstance(value, str) else list(value or [])
                    values = items or [None]
                else:
                    values = [value]
            for i, item in enumerate(values):
                label = ws.cell(r, 1, field.label if i == 0 else None)
                label.fill = _LABEL_FILL
                label.border = _BORDER
                label.alignment = _WRAP
                content = _put(ws, r, 2, _money(item) if field.kind == "amount" else _typed_info(item))
                content.border = _BORDER
                content.alignment = _WRAP
                if field.kind in _FORMATS:
                    content.number_format = _FORMATS[field.kind]
                hint = ws.cell(r, 3, field.hint if i == 0 else ("（续）" if data is None else None))
                hint.font = _HINT_FONT
                hint.alignment = _WRAP
                hint.border = _BORDER
                if field.kind == "choice":
                    self.validate(ws, f"B{r}", "list", choices='"' + ",".join(field.choices) + '"')
                elif field.kind in ("amount", "count", "year"):
                    checked.setdefault(field.kind, []).append(f"B{r}")
                r += 1
        for kind, cells in checked.items():
            self.validate(ws, cells, kind)

    def list_sheet(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Mapping[str, Any]],
        example: bool,
    ) -> Worksheet:
        ws = self.sheet(title, [*(c.header for c in columns), NOTE], [*(c.width for c in columns), 24])
        self.header_hints(ws, columns)
        for c, col in enumerate(columns, 1):
            if col.kind in _FORMATS:
                ws.column_dimensions[get_column_letter(c)].number_format = _FORMATS[col.kind]
        r = 2
        if example:
            sample = EXAMPLES[title]
            for c, col in enumerate(columns, 1):
                cell = _put(ws, r, c, _example_value(col, sample.get(col.header, "")))
                cell.font = _EXAMPLE_FONT
                if col.kind in _FORMATS:
                    cell.number_format = _FORMATS[col.kind]
            ws.cell(r, len(columns) + 1, EXAMPLE_NOTE).font = _EXAMPLE_FONT
            r += 1
        for row in rows:
            for c, col in enumerate(columns, 1):
                cell = _put(ws, r, c, _typed(col, row.get(col.header)))
                if col.kind in _FORMATS:
                    cell.number_format = _FORMATS[col.kind]
            r += 1
        return ws

    def units(self, data: Mapping[str, Any] | None) -> None:
        rows = [{c.header: u.get(c.key) for c in UNIT_COLUMNS} for u in _dicts(data, "units")]
        ws = self.list_sheet(UNITS, UNIT_COLUMNS, rows, data is None)
        self.validate(ws, f"C2:D{_ROWS}", "count")

    def facts(self, data: Mapping[str, Any] | None) -> None:
        names = _mapping(data, "function_names")
        rows = []
        for f in _dicts(data, "facts"):
            row = {c.header: f.get(c.key) for c in FACT_COLUMNS if c.key}
            row["功能分类科目名称"] = names.get(str(f.get("function")))
            row["资金来源"] = _display(f.get("source"), SOURCES, SOURCE_CHOICES)
            row["支出类型"] = KINDS.get(str(f.get("kind")), f.get("kind"))
            rows.append(row)
        ws = self.list_sheet(FACTS, FACT_COLUMNS, rows, data is None)
        col = {c.header: get_column_letter(i) for i, c in enumerate(FACT_COLUMNS, 1)}

        def span(header: str) -> str:
            return f"{col[header]}2:{col[header]}{_ROWS}"

        self.validate(ws, span("功能分类科目编码"), "code7")
        self.validate(ws, span("经济分类科目编码"), "list", choices=self.lists["economic"], warn=True)
        self.validate(ws, span("资金来源"), "list", choices=self.lists["source"])
        self.validate(ws, span("支出类型"), "list", choices=self.lists["kind"])
        self.validate(ws, span("金额"), "amount")

    def codes(self, data: Mapping[str, Any] | None) -> None:
        names = _mapping(data, "function_names")
        purposes = _mapping(data, "code_purposes")
        rows = [
            {"功能分类科目编码": code, "功能分类科目名称": names.get(code), "主要用途": purposes.get(code)}
            for code in dict.fromkeys([*map(str, names), *map(str, purposes)])
        ]
        ws = self.list_sheet(CODES, CODE_COLUMNS, rows, data is None)
        self.validate(ws, f"A2:A{_ROWS}", "code57")

    def targets(self, data: Mapping[str, Any] | None) -> None:
        rows: list[dict[str, Any]] = []
        for t in _dicts(data, "targets"):
            indicators = [i for i in t.get("indicators") or [] if isinstance(i, Mapping)] or [{}]
            for n, ind in enumerate(indicators):
                row = {c.header: ind.get(c.key) for c in TARGET_COLUMNS[2:]}
                row["项目名称"] = t.get("project")
                row["总体目标"] = t.get("goal") if n == 0 else None
                rows.append(row)
        ws = self.list_sheet(TARGETS, TARGET_COLUMNS, rows, data is None)
        for c in range(1, len(TARGET_COLUMNS) + 1):
            ws.column_dimensions[get_column_letter(c)].alignment = _WRAP
        self.validate(ws, f"C2:C{_ROWS}", "list", choices='"' + ",".join(LEVEL1_CHOICES) + '"', warn=True)
        self.validate(ws, f"D2:D{_ROWS}", "list", choices='"' + ",".join(LEVEL2_CHOICES) + '"', warn=True)

    def sangong(self, data: Mapping[str, Any] | None) -> None:
        ws = self.sheet(SANGONG, SANGONG_HEADERS, (26, 14, 14, 44, 44))
        now = _mapping(data, "sangong")
        last = _mapping(_mapping(data, "last_year"), "sangong")
        purposes = _mapping(data, "sangong_purposes")
        reasons = _mapping(data, "reasons")
        row_of = {spec.key: r for r, spec in enumerate(SANGONG_ROWS, 2)}
        sums = {
            "vehicle": ("vehicle_purchase", "vehicle_running"),
            "total": ("abroad", "reception", "vehicle"),
        }
        amounts: list[str] = []
        for r, spec in enumerate(SANGONG_ROWS, 2):
            ws.cell(r, 1, spec.label).fill = _LABEL_FILL
            for c, values in ((2, now), (3, last)):
                cell = ws.cell(r, c)
                cell.number_format = _FORMATS["amount"]
                letter = get_column_letter(c)
                if spec.amounts:
                    cell.value = _money(values.get(spec.key))
                    amounts.append(f"{letter}{r}")
                else:
                    cell.value = "=" + "+".join(f"{letter}{row_of[k]}" for k in sums[spec.key])
                    cell.fill = _UNUSED_FILL
            purpose = _put(ws, r, 4, _text(purposes.get(spec.key)) if spec.texts and spec.purpose else None)
            reason = _put(ws, r, 5, _text(reasons.get(f"sangong.{spec.key}")) if spec.texts else None)
            purpose.number_format = reason.number_format = "@"
            if not (spec.texts and spec.purpose):
                purpose.fill = _UNUSED_FILL
            if not spec.texts:
                reason.fill = _UNUSED_FILL
            for c in range(1, 6):
                ws.cell(r, c).border = _BORDER
                ws.cell(r, c).alignment = _WRAP
        self.validate(ws, amounts, "amount")

    def labelled(
        self,
        title: str,
        headers: Sequence[str],
        rows: Sequence[tuple[str, str]],
        values: Mapping[str, Any],
        amount: bool,
        hint: str,
    ) -> None:
        ws = self.sheet(title, headers, (26, 16 if amount else 60, 44))
        for r, (label, key) in enumerate(rows, 2):
            ws.cell(r, 1, label).fill = _LABEL_FILL
            value = _put(ws, r, 2, _money(values.get(key)) if amount else _text(values.get(key)))
            value.number_format = _FORMATS["amount"] if amount else "@"
            ws.cell(r, 3, hint).font = _HINT_FONT
            for c in range(1, 4):
                ws.cell(r, c).border = _BORDER
                ws.cell(r, c).alignment = _WRAP
        if amount:
            self.validate(ws, f"B2:B{len(rows) + 1}", "amount")


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Set a cell; text that starts with "=" (a target value such as "=0%") stays text, not a formula."""
    cell: Cell = ws.cell(row, column, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _typed_info(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return str(value)


def _mapping(data: Mapping[str, Any] | None, key: str) -> Mapping[str, Any]:
    value = data.get(key) if data is not None else None
    return value if isinstance(value, Mapping) else {}


def _dicts(data: Mapping[str, Any] | None, key: str) -> list[Mapping[str, Any]]:
    value = data.get(key) if data is not None else None
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _display(value: Any, names: Mapping[str, str], choices: Sequence[str]) -> Any:
    """A source key (gpb) as the name offered in the drop-down (一般公共预算拨款)."""
    if value in names:
        full = names[str(value)]
        return next((c for c in choices if full.startswith(c)), full)
    return value


def build_workbook(data: Mapping[str, Any] | None = None, year: int | None = None) -> Workbook:
    """The 填报表: empty with example rows when ``data`` is None, else filled from source data (the
    决算填报表 when the data is of final accounts)."""
    if data is not None and is_final(dict(data)):
        return build_final_workbook(data)
    w = _Writer()
    w.guide()
    w.info(data, year)
    w.units(data)
    w.facts(data)
    w.codes(data)
    w.targets(data)
    w.sangong(data)
    reasons = _mapping(data, "reasons")
    w.labelled(
        OTHER, OTHER_HEADERS, OTHER_ROWS, reasons, False, "与上年相比有增减时填写原因；程序不会编写原因"
    )
    w.labelled(
        LAST,
        LAST_HEADERS,
        LAST_ROWS,
        _mapping(data, "last_year"),
        True,
        "上年预算数，用于计算与上年相比的增减",
    )
    return w.wb


def workbook_bytes(wb: Workbook, stamp: datetime.datetime | None = _STAMP) -> bytes:
    """The .xlsx file; with ``stamp`` the bytes depend on the content only (fixed timestamps)."""
    when = stamp or datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "yusuan"
    raw = BytesIO()
    with ZipFile(raw, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    if stamp is None:
        return raw.getvalue()
    out = BytesIO()
    with ZipFile(raw) as src, ZipFile(out, "w", ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def write_template(path: str | Path, year: int | None = None, final: bool = False) -> None:
    """Write the empty 填报表 (the 决算填报表 when ``final``); raise FileExistsError (leaving it
    untouched) when ``path`` exists."""
    wb = build_final_workbook(None, year) if final else build_workbook(None, year)
    content = workbook_bytes(wb, stamp=None)
    with Path(path).open("xb") as fh:
        fh.write(content)


def write_filled(path: str | Path, data: Mapping[str, Any], overwrite: bool = False) -> None:
    """Write the 填报表 filled from plain source data (as ``load_yaml`` returns it), reproducibly."""
    content = workbook_bytes(build_workbook(data))
    with Path(path).open("wb" if overwrite else "xb") as fh:
        fh.write(content)


def main(argv: Sequence[str]) -> int:
    if len(argv) != 2:
        print("用法：python -m yusuan.source.template 源文件.yaml 输出.xlsx", file=sys.stderr)
        return 2
    from yusuan.source.yaml_source import load_yaml

    data, _ = load_yaml(argv[0])
    write_filled(argv[1], data, overwrite=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
