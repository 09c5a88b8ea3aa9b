"""Excel workbook sources (the 填报表 of ``yusuan init --xlsx``) → the same plain data as a YAML source.

The layout (sheet names, column headers, row labels, example rows) lives here so that the template
writer (``yusuan.source.template``) and this reader cannot drift apart. Columns are found by their
header text and form rows by their label, so an officer may reorder columns, add a title row above
the headers, or insert rows. Values pass through as raw as possible: checking amounts, codes and
names is ``budget_from_data``'s job, and its messages name the cell through ``places``
(dotted path → "工作表!单元格").
"""

from __future__ import annotations

import datetime
import math
import re
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.model.budget import VEHICLE_KINDS, SourceMessage
from yusuan.profiles import buildable, load
from yusuan.source.errors import SourceError, error

# ---------------------------------------------------------------------------------------------
# Layout shared with the template writer
# ---------------------------------------------------------------------------------------------

GUIDE = "填表说明"
INFO = "基本信息"
UNITS = "单位构成"
FACTS = "收支明细"
CODES = "科目说明"
TARGETS = "项目与绩效目标"
SANGONG = "三公经费"
OTHER = "其他事项"
LAST = "上年数"
LISTS = "代码表"  # hidden sheet: sources of the drop-down lists
REQUIRED_SHEETS = (INFO, FACTS)

#: Column of the list sheets whose text marks the template's example row.
NOTE = "备注"
EXAMPLE_MARK = "示例"
EXAMPLE_NOTE = "示例行：不会读入。可删除本行；如在本行填写正式数据，请清空本格"

#: Columns for the officer's own notes: a row with nothing else is blank.
_COMMENT_COLUMNS = (NOTE, "填写说明")
#: How many header rows from the top are searched for the header row (a title may sit above it).
_HEADER_SEARCH = 10


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # key of the data item ('' for columns read elsewhere, e.g. 功能分类科目名称)
    kind: str = "text"  # text | code | amount | count | choice
    required: bool = False
    width: float = 14
    hint: str = ""


UNIT_COLUMNS = (
    Column("单位名称", "name", required=True, width=30, hint="预算单位全称，本级也列一行"),
    Column("经费性质", "nature", width=18, hint="如 行政单位、全额拨款事业单位"),
    Column("人员编制数", "staffing", "count", width=12),
    Column("在职人数", "actual", "count", width=12),
)
FACT_COLUMNS = (
    Column("预算单位", "unit", width=24, hint="可不填；填写时应与“单位构成”中的单位名称一致"),
    Column("功能分类科目编码", "function", "code", required=True, width=18, hint="7 位项级编码，如 2070101"),
    Column("功能分类科目名称", "", width=30, hint="可不填：科目目录中有的自动取名"),
    Column("经济分类科目编码", "economic", "code", required=True, width=18, hint="5 位部门经济分类款级编码"),
    Column("资金来源", "source", "choice", required=True, width=22),
    Column("支出类型", "kind", "choice", required=True, width=12),
    Column("项目名称", "project", width=30, hint="项目支出必填，基本支出不填"),
    Column("金额", "amount", "amount", required=True, width=14),
)
CODE_COLUMNS = (
    Column("功能分类科目编码", "code", "code", required=True, width=18, hint="5 位款级或 7 位项级编码"),
    Column("功能分类科目名称", "name", width=34),
    Column("主要用途", "purpose", width=60, hint="项级科目“主要用于……”的内容"),
)
TARGET_COLUMNS = (
    Column("项目名称", "project", required=True, width=28, hint="与收支明细中的项目名称一致"),
    Column("总体目标", "goal", required=True, width=48),
    Column("一级指标", "level1", "choice", required=True, width=14),
    Column("二级指标", "level2", "choice", required=True, width=20),
    Column("三级指标", "name", required=True, width=28),
    Column("目标值", "value", required=True, width=20),
)

#: Example row of each list sheet (header → text as the reader sees it), written by the template.
EXAMPLES: dict[str, dict[str, str]] = {
    UNITS: {"单位名称": "XX局（本级）", "经费性质": "行政单位", "人员编制数": "20", "在职人数": "18"},
    FACTS: {
        "预算单位": "",
        "功能分类科目编码": "2013201",
        "功能分类科目名称": "行政运行",
        "经济分类科目编码": "30101",
        "资金来源": "一般公共预算拨款",
        "支出类型": "基本支出",
        "项目名称": "",
        "金额": "12.34",
    },
    CODES: {
        "功能分类科目编码": "2013201",
        "功能分类科目名称": "行政运行",
        "主要用途": "机关行政人员的工资福利及机关日常运转支出",
    },
    TARGETS: {
        "项目名称": "XX专项经费",
        "总体目标": "完成年度XX工作任务，提升XX服务水平。",
        "一级指标": "产出指标",
        "二级指标": "数量指标",
        "三级指标": "开展XX活动场次",
        "目标值": "大于等于 10 场",
    },
}


@dataclass(frozen=True)
class Field:
    """One row of the two-column 基本信息 form."""

    label: str
    path: tuple[str, ...]  # keys into the data dict
    kind: str = "text"  # text | amount | count | year | choice
    hint: str = ""
    many: bool = False  # a list: one item per row (continuation rows leave 项目 blank) or per line
    choices: tuple[str, ...] = ()


INFO_HEADERS = ("项目", "内容", "填写说明")
INFO_FIELDS: tuple[Field, ...] = (
    Field("部门名称", ("department",), hint="必填：部门全称，如 XX市XX区文化和旅游局"),
    Field("简称", ("short_name",), hint="说明文字中对本部门的称呼，如 文旅局；可不填"),
    Field("预算年度", ("year",), "year", "必填：四位年份，如 2024"),
    Field("金额单位", ("unit",), "choice", "下拉选择；所有金额都按此单位填写", choices=("万元", "元")),
    Field(
        "公开模板",
        ("profile",),
        "choice",
        "下拉选择：" + "、".join(f"{p}（{load(p).name}）" for p in buildable("budget")),
        choices=tuple(buildable("budget")),
    ),
    Field("机关处室数", ("offices",), "count", "机关行政处（科）室个数"),
    Field("主要职责", ("duties",), hint="每行一条，下方空行可续填，也可插入行", many=True),
    Field("工作任务概述", ("tasks_intro",), hint="主要工作任务前的一段概述"),
    Field("主要工作任务", ("tasks",), hint="每行一条，下方空行可续填，也可插入行", many=True),
    Field("机关运行经费", ("admin_running",), "amount", "本年机关运行经费预算数"),
    Field("政府采购货物预算", ("procurement", "goods"), "amount"),
    Field("政府采购工程预算", ("procurement", "works"), "amount"),
    Field("政府采购服务预算", ("procurement", "services"), "amount"),
    Field("国有资产截至日期", ("assets", "as_of"), hint="如 2023 年 12 月 31 日；不填则为上年末"),
    *(Field(f"车辆数：{k}", ("assets", "vehicles", k), "count", "辆") for k in VEHICLE_KINDS),
    Field("本年预算安排购置车辆数", ("assets", "vehicles_to_purchase"), "count", "辆"),
    Field("单位价值50万元以上通用设备数", ("assets", "general_equipment"), "count", "台（套）"),
    Field("单位价值100万元以上专用设备数", ("assets", "special_equipment"), "count", "台（套）"),
    Field("国有资产补充说明", ("assets", "note"), hint="接在国有资产标准表述之后的文字，可不填"),
    Field("绩效说明", ("performance_note",), hint="绩效目标表下方的有关情况说明，可不填"),
)


@dataclass(frozen=True)
class SanGongRow:
    label: str
    key: str
    amounts: bool  # reads 本年预算数 / 上年预算数
    texts: bool  # reads 主要用途 (when purpose) and 变动原因
    purpose: bool = True


SANGONG_HEADERS = ("项目", "本年预算数", "上年预算数", "主要用途", "变动原因")
SANGONG_ROWS = (
    SanGongRow("因公出国（境）费", "abroad", amounts=True, texts=True),
    SanGongRow("公务接待费", "reception", amounts=True, texts=True),
    SanGongRow("公务用车购置及运行费", "vehicle", amounts=False, texts=True),
    SanGongRow("其中：公务用车购置费", "vehicle_purchase", amounts=True, texts=False),
    SanGongRow("其中：公务用车运行费", "vehicle_running", amounts=True, texts=False),
    SanGongRow("“三公”经费合计", "total", amounts=False, texts=True, purpose=False),
)
_SANGONG_ALIASES = {"公务用车运行维护费": "vehicle_running", "合计": "total", "三公经费合计": "total"}

OTHER_HEADERS = ("事项", "变动原因", "填写说明")
OTHER_ROWS: tuple[tuple[str, str], ...] = (
    ("收入预算", "income"),
    ("支出预算", "expense"),
    ("一般公共预算拨款支出", "gpb"),
    ("财政拨款", "fiscal"),
    ("机关运行经费", "admin_running"),
)
LAST_HEADERS = ("项目", "金额", "填写说明")
LAST_ROWS: tuple[tuple[str, str], ...] = (
    ("上年收入预算总额", "income_total"),
    ("上年支出预算总额", "expense_total"),
    ("上年一般公共预算拨款", "gpb_total"),
    ("上年财政拨款", "fiscal_total"),
    ("上年机关运行经费", "admin_running"),
)

# ---------------------------------------------------------------------------------------------
# Cell values
# ---------------------------------------------------------------------------------------------

_LABEL_NOISE = re.compile(r"[\s*＊:：“”\"'‘’]")
_HEADER_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")


def norm_label(text: str) -> str:
    """A label or header as compared: no spaces, stars, colons or quotes; half-width brackets."""
    t = _LABEL_NOISE.sub("", text).replace("（", "(").replace("）", ")")
    return t.removeprefix("其中")


def _norm_header(text: str) -> str:
    # "金额（万元）" and "*金额" are the column 金额
    t = _LABEL_NOISE.sub("", text)
    return _HEADER_SUFFIX.sub("", t) or t


def cell_value(value: object) -> Any:
    """A cell as source data: blank → None, text stripped, numbers exact (Decimal or int)."""
    if value is None:
        return None
    if isinstance(value, bool | int | Decimal):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # Excel keeps 15 significant digits: 15.600000000000001 (from a formula) is 15.6
        return Decimal(format(value, ".15g"))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.year} 年 {value.month} 月 {value.day} 日"
    text = str(value).strip()
    return text or None


def code_value(value: object) -> Any:
    """A code cell: numbers (2070101, 30101.0) become the digit string; anything else passes through."""
    v = cell_value(value)
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value():
        return str(int(v))
    return v


def _plain(value: Any) -> str:
    """A loaded value as text, for comparing a row with the template's example row."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    return [line.strip() for line in str(value).splitlines() if line.strip()]


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


@dataclass
class _Header:
    row: int
    cols: dict[str, int]  # header → 1-based column

    def span(self, row: int) -> str:
        """The data columns of ``row`` as a range, e.g. A5:H5."""
        data = [c for h, c in self.cols.items() if h not in _COMMENT_COLUMNS] or [1]
        first, last = min(data), max(data)
        return f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"


class _Book:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[SourceMessage] = []
        self.places: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.reasons: dict[str, Any] = {}
        self.names: dict[str, tuple[str, str]] = {}  # functional code → (name, cell)

    def fail(self, place: str, message: str) -> None:
        self.problems.append(error(place, message))

    # -- structure ----------------------------------------------------------------------------

    def header(self, ws: Worksheet, headers: Sequence[str], required: Sequence[str]) -> _Header | None:
        """Find the header row (the first of the top rows naming any known header) and its columns."""
        wanted = {_norm_header(h): h for h in headers}
        r, cols = 1, {}
        for i, row in enumerate(ws.iter_rows(max_row=_HEADER_SEARCH, values_only=True), 1):
            found: dict[str, int] = {}
            for c, value in enumerate(row, 1):
                if isinstance(value, str) and _norm_header(value) in wanted:
                    found.setdefault(wanted[_norm_header(value)], c)
            if found:
                r, cols = i, found
                break
        missing = [h for h in required if h not in cols]
        if missing:
            names = "、".join(f"“{h}”" for h in missing)
            self.fail(f"{ws.title}!{r}:{r}", f"表头（第 {r} 行）缺少{names}列，请勿修改或删除表头")
            return None
        return _Header(r, cols)

    def rows(self, ws: Worksheet, head: _Header) -> Iterator[tuple[int, dict[str, Any]]]:
        """Data rows below the header as header → raw value; blank rows are skipped."""
        last_col = max(head.cols.values())
        for r, row in enumerate(
            ws.iter_rows(min_row=head.row + 1, max_col=last_col, values_only=True), head.row + 1
        ):
            values = {h: (row[c - 1] if c - 1 < len(row) else None) for h, c in head.cols.items()}
            if all(cell_value(v) is None for h, v in values.items() if h not in _COMMENT_COLUMNS):
                continue
            yield r, values

    def cell(self, ws: Worksheet, head: _Header, header: str, row: int) -> str:
        return f"{ws.title}!{get_column_letter(head.cols[header])}{row}"

    def is_example(
        self, ws: Worksheet, head: _Header, r: int, values: dict[str, Any], columns: Sequence[Column]
    ) -> bool:
        """Whether the row is the template's example row (marked in 备注), which is not loaded."""
        note = cell_value(values.get(NOTE))
        if not (isinstance(note, str) and note.startswith(EXAMPLE_MARK)):
            return False
        example = EXAMPLES[ws.title]
        for col in columns:
            if col.header not in head.cols:
                continue
            read = code_value(values[col.header]) if col.kind == "code" else cell_value(values[col.header])
            if _plain(read) != example.get(col.header, ""):
                self.fail(
                    self.cell(ws, head, NOTE, r),
                    "此行的备注标为“示例”，不会读入，但内容已改动：如为正式数据，请清空备注",
                )
                break
        return True

    def list_rows(
        self, ws: Worksheet, columns: Sequence[Column]
    ) -> Iterator[tuple[_Header, int, dict[str, Any]]]:
        head = self.header(
            ws, [*(c.header for c in columns), NOTE], [c.header for c in columns if c.required]
        )
        if head is None:
            return
        for r, values in self.rows(ws, head):
            if not self.is_example(ws, head, r, values, columns):
                yield head, r, values

    # -- sheets -------------------------------------------------------------------------------

    def info(self, ws: Worksheet, form: Sequence[Field] = INFO_FIELDS) -> None:
        head = self.header(ws, INFO_HEADERS, INFO_HEADERS[:2])
        fields = {norm_label(f.label): f for f in form}
        for f in form:
            for n in range(1, len(f.path) + 1):
                self.places[".".join(f.path[:n])] = ws.title
        if head is None:
            return
        seen: dict[str, str] = {}
        lists: dict[str, list[tuple[str, str]]] = {}  # path → (item, cell)
        current: Field | None = None
        for r, values in self.rows(ws, head):
            label_cell = self.cell(ws, head, "项目", r)
            place = self.cell(ws, head, "内容", r)
            raw_label = cell_value(values["项目"])
            raw = values["内容"]
            if raw_label is None:
                if current is None or not current.many:
                    self.fail(place, "这一行没有填写“项目”：请在 A 列写明内容所属的项目")
                    continue
                f = current
            else:
                found = fields.get(norm_label(str(raw_label)))
                if found is None:
                    self.fail(label_cell, f"未知的项目“{raw_label}”")
                    current = None
                    continue
                f = current = found
            path = ".".join(f.path)
            if f.many:
                if path not in lists:
                    lists[path] = []
                    self.places[path] = place
                lists[path].extend((line, place) for line in _lines(cell_value(raw)))
                continue
            if path in seen:
                self.fail(label_cell, f"项目“{f.label}”重复（另见 {seen[path]}）")
                continue
            seen[path] = place
            self.places[path] = place
            value = cell_value(raw)
            if value is not None:
                self.put(f.path, value)
        for path, items in lists.items():
            if items:
                self.data[path] = [item for item, _ in items]
                for i, (_, place) in enumerate(items):
                    self.places[f"{path}[{i}]"] = place

    def put(self, path: tuple[str, ...], value: Any) -> None:
        target = self.data
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value

    def units(self, ws: Worksheet) -> None:
        units: list[dict[str, Any]] = []
        for head, r, values in self.list_rows(ws, UNIT_COLUMNS):
            path = f"units[{len(units)}]"
            self.places[path] = f"{ws.title}!{head.span(r)}"
            unit: dict[str, Any] = {}
            for col in UNIT_COLUMNS:
                if col.header in head.cols:
                    self.places[f"{path}.{col.key}"] = self.cell(ws, head, col.header, r)
                    value = cell_value(values[col.header])
                    if value is not None:
                        unit[col.key] = value
            units.append(unit)
        if units:
            self.data["units"] = units
        self.places["units"] = ws.title

    def facts(self, ws: Worksheet) -> None:
        facts: list[dict[str, Any]] = []
        for head, r, values in self.list_rows(ws, FACT_COLUMNS):
            path = f"facts[{len(facts)}]"
            self.places[path] = f"{ws.title}!{head.span(r)}"
            fact: dict[str, Any] = {}
            for col in FACT_COLUMNS:
                if col.key and col.header in head.cols:
                    self.places[f"{path}.{col.key}"] = self.cell(ws, head, col.header, r)
                    raw = values[col.header]
                    value = code_value(raw) if col.kind == "code" else cell_value(raw)
                    if value is not None:
                        fact[col.key] = value
            facts.append(fact)
            name = cell_value(values.get("功能分类科目名称"))
            code = fact.get("function")
            if name is not None and isinstance(code, str) and code.isdigit():
                self.name(code, str(name), self.cell(ws, head, "功能分类科目名称", r))
        self.data["facts"] = facts
        self.places["facts"] = ws.title

    def name(self, code: str, name: str, place: str) -> None:
        if code in self.names:
            known, where = self.names[code]
            if known != name:
                self.fail(place, f"科目 {code} 的名称“{name}”与 {where} 的“{known}”不一致")
            return
        self.names[code] = (name, place)

    def codes(self, ws: Worksheet | None) -> None:
        names = self.names
        purposes: dict[str, tuple[str, str]] = {}
        if ws is not None:
            for head, r, values in self.list_rows(ws, CODE_COLUMNS):
                code = code_value(values["功能分类科目编码"])
                place = self.cell(ws, head, "功能分类科目编码", r)
                if code is None:
                    self.fail(place, "缺少功能分类科目编码")
                    continue
                code = str(code)
                name = cell_value(values.get("功能分类科目名称"))
                if name is not None:
                    self.name(code, str(name), self.cell(ws, head, "功能分类科目名称", r))
                purpose = cell_value(values.get("主要用途"))
                if purpose is not None:
                    cell = self.cell(ws, head, "主要用途", r)
                    if code in purposes:
                        self.fail(cell, f"科目 {code} 的主要用途重复（另见 {purposes[code][1]}）")
                    else:
                        purposes[code] = (str(purpose), cell)
        if names:
            self.data["function_names"] = {code: name for code, (name, _) in names.items()}
            for code, (_, place) in names.items():
                self.places[f"function_names.{code}"] = place
        if purposes:
            self.data["code_purposes"] = {code: text for code, (text, _) in purposes.items()}
            for code, (_, place) in purposes.items():
                self.places[f"code_purposes.{code}"] = place
        if ws is not None:
            self.places.setdefault("function_names", ws.title)
            self.places["code_purposes"] = ws.title

    def targets(self, ws: Worksheet) -> None:
        targets: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        for head, r, values in self.list_rows(ws, TARGET_COLUMNS):
            project = cell_value(values["项目名称"])
            goal = cell_value(values["总体目标"])
            if current is None or (project is not None and str(project) != current.get("project")):
                path = f"targets[{len(targets)}]"
                current = {"indicators": []}
                if project is not None:
                    current["project"] = str(project)
                targets.append(current)
                self.places[path] = self.cell(ws, head, "项目名称", r)
                self.places[f"{path}.project"] = self.cell(ws, head, "项目名称", r)
                self.places[f"{path}.goal"] = self.cell(ws, head, "总体目标", r)
                self.places[f"{path}.indicators"] = f"{ws.title}!{head.span(r)}"
            path = f"targets[{len(targets) - 1}]"
            if goal is not None:
                if "goal" not in current:
                    current["goal"] = str(goal)
                    self.places[f"{path}.goal"] = self.cell(ws, head, "总体目标", r)
                elif current["goal"] != str(goal):
                    self.fail(
                        self.cell(ws, head, "总体目标", r),
                        f"同一项目的总体目标不一致（另见 {self.places[f'{path}.goal']}）",
                    )
            indicator: dict[str, Any] = {}
            for col in TARGET_COLUMNS[2:]:
                value = cell_value(values[col.header])
                if value is not None:
                    indicator[col.key] = str(value)
            if indicator:
                p = f"{path}.indicators[{len(current['indicators'])}]"
                self.places[p] = f"{ws.title}!{head.span(r)}"
                for col in TARGET_COLUMNS[2:]:
                    self.places[f"{p}.{col.key}"] = self.cell(ws, head, col.header, r)
                current["indicators"].append(indicator)
        if targets:
            self.data["targets"] = targets
        self.places["targets"] = ws.title

    def labelled(
        self, ws: Worksheet, headers: Sequence[str], keys: dict[str, str]
    ) -> tuple[_Header, dict[str, tuple[int, dict[str, Any]]]] | None:
        """A sheet of labelled rows: its header and, for each known label, the row and its values."""
        head = self.header(ws, headers, headers[:2])
        if head is None:
            return None
        found: dict[str, tuple[int, dict[str, Any]]] = {}
        for r, values in self.rows(ws, head):
            label = cell_value(values[headers[0]])
            label_cell = self.cell(ws, head, headers[0], r)
            if label is None:
                self.fail(label_cell, f"这一行没有填写“{headers[0]}”")
                continue
            key = keys.get(norm_label(str(label)))
            if key is None:
                self.fail(label_cell, f"未知的{headers[0]}“{label}”")
            elif key in found:
                self.fail(label_cell, f"“{label}”重复（另见第 {found[key][0]} 行）")
            else:
                found[key] = (r, values)
        return head, found

    def sangong(self, ws: Worksheet) -> None:
        keys = {norm_label(s.label): s.key for s in SANGONG_ROWS} | {
            norm_label(k): v for k, v in _SANGONG_ALIASES.items()
        }
        for what in ("sangong", "last_year.sangong", "sangong_purposes"):
            self.places[what] = ws.title
        read = self.labelled(ws, SANGONG_HEADERS, keys)
        if read is None:
            return
        head, found = read
        now: dict[str, Any] = {}
        last: dict[str, Any] = {}
        purposes: dict[str, Any] = {}
        for spec in SANGONG_ROWS:
            if spec.key not in found:
                continue
            r, row = found[spec.key]
            reason = f"sangong.{spec.key}"
            columns: list[tuple[str, bool, dict[str, Any], str, str]] = [
                ("本年预算数", spec.amounts, now, spec.key, f"sangong.{spec.key}"),
                ("上年预算数", spec.amounts, last, spec.key, f"last_year.sangong.{spec.key}"),
                ("主要用途", spec.texts and spec.purpose, purposes, spec.key, f"sangong_purposes.{spec.key}"),
                ("变动原因", spec.texts, self.reasons, reason, f"reasons.{reason}"),
            ]
            for header, used, target, key, path in columns:
                if header not in head.cols:
                    continue
                value = cell_value(row[header])
                place = self.cell(ws, head, header, r)
                if used:
                    self.places[path] = place
                    if value is not None:
                        target[key] = value
                elif value is not None and header in ("主要用途", "变动原因"):
                    where = "公务用车购置及运行费" if spec.key.startswith("vehicle") else "相应项目"
                    self.fail(place, f"此格不读取：{header}请填在“{where}”行")
        if now:
            self.data["sangong"] = now
        if last:
            self.data.setdefault("last_year", {})["sangong"] = last
        if purposes:
            self.data["sangong_purposes"] = purposes

    def by_label(
        self, ws: Worksheet, headers: Sequence[str], rows: Sequence[tuple[str, str]], prefix: str
    ) -> dict[str, Any]:
        """A sheet of labelled rows with one value column (headers[1]): key → value, with places."""
        self.places[prefix] = ws.title
        read = self.labelled(ws, headers, {norm_label(label): key for label, key in rows})
        out: dict[str, Any] = {}
        if read is None:
            return out
        head, found = read
        for key, (r, values) in found.items():
            self.places[f"{prefix}.{key}"] = self.cell(ws, head, headers[1], r)
            value = cell_value(values[headers[1]])
            if value is not None:
                out[key] = value
        return out

    def other(self, ws: Worksheet) -> None:
        self.reasons.update(self.by_label(ws, OTHER_HEADERS, OTHER_ROWS, "reasons"))

    def last_year(self, ws: Worksheet) -> None:
        last = self.by_label(ws, LAST_HEADERS, LAST_ROWS, "last_year")
        if last:
            self.data.setdefault("last_year", {}).update(last)


def _open(path: Path, name: str) -> Workbook:
    """The workbook, or SourceError with a message an officer can act on."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise SourceError([error(name, f"无法读取文件（{exc.strerror or exc}）")]) from exc
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(
            [
                error(
                    name,
                    "文件已加密，或是旧版 .xls 格式：请在 Excel 中取消密码保护，并“另存为”Excel 工作簿（.xlsx）",
                )
            ]
        )
    if not zipfile.is_zipfile(path):
        raise SourceError(
            [error(name, "不是有效的 Excel 工作簿（.xlsx），或文件已损坏：请用 Excel 重新保存")]
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "Data Validation extension is not supported"
            return load_workbook(path, data_only=True)
    except Exception as exc:  # any failure to parse means the file cannot be used as a source
        raise SourceError(
            [
                error(
                    name,
                    f"无法打开 Excel 工作簿，文件可能已损坏（{type(exc).__name__}）：请用 Excel 重新保存",
                )
            ]
        ) from exc


def load_workbook_source(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The workbook as the plain data a YAML source gives, and the cell of every dotted path."""
    p = Path(path)
    name = str(path)
    wb = _open(p, name)
    sheets: dict[str, Worksheet] = {}
    book = _Book(name)
    for title in wb.sheetnames:
        ws = wb[title]
        if isinstance(ws, Worksheet):
            sheets[title.strip()] = ws
    missing = [s for s in REQUIRED_SHEETS if s not in sheets]
    if missing:
        raise SourceError([error(name, f"缺少工作表“{s}”") for s in missing])
    book.info(sheets[INFO])
    if UNITS in sheets:
        book.units(sheets[UNITS])
    book.facts(sheets[FACTS])
    book.codes(sheets.get(CODES))
    if TARGETS in sheets:
        book.targets(sheets[TARGETS])
    if SANGONG in sheets:
        book.sangong(sheets[SANGONG])
    if OTHER in sheets:
        book.other(sheets[OTHER])
    if LAST in sheets:
        book.last_year(sheets[LAST])
    if book.reasons:
        book.data["reasons"] = book.reasons
    if book.problems:
        raise SourceError(book.problems)
    return book.data, book.places
