"""The Excel 决算填报表: the sheets an officer fills in for final accounts, read into the same plain
data as a ``document: final`` YAML source (and written from it, for ``yusuan init --final --xlsx`` and
the committed example).

Sheets: 基本信息 (two-column form), 单位构成, 支出明细 (the outturn lines, the budget workbook's
收支明细 columns), 收入与结转 (本年收入 and 年初结转和结余 by 项 and source), 科目预算 (年初预算数,
全年预算数, 主要用途 and the reasons of the differences by 项), 科目名称, 三公经费 (预算数 / 决算数 / 主要用途) and 原因.
Reading reuses the budget workbook's machinery (headers found by their text, labelled rows, every
value's cell kept as its place); checking the values is ``final_from_data``'s job.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.model.final_accounts import FINAL_SOURCES, FINAL_VEHICLE_KINDS
from yusuan.profiles import buildable, default_buildable
from yusuan.source.errors import SourceError, error
from yusuan.source.final_mapping import GRADES, REASON_KEYS
from yusuan.source.workbook import (
    FACT_COLUMNS,
    GUIDE,
    INFO,
    INFO_HEADERS,
    UNIT_COLUMNS,
    UNITS,
    Column,
    Field,
    _Book,
    _open,
    cell_value,
    code_value,
    norm_label,
)

OUTTURN = "支出明细"
MONEY = "收入与结转"
ITEMS = "科目预算"
NAMES = "科目名称"
SANGONG = "三公经费"
REASONS = "原因"
GUIDE_LINES = (
    "部门决算公开源文件填报表",
    "本表由部门（单位）财务人员填写。填好后运行 yusuan build 文件名.xlsx，即可生成部门决算公开文件的九张决算表和情况说明。",
    "只填事实：合计、年末结转和结余（年初 + 收入 − 支出）、完成率和各种百分比都由程序计算，不要填写。",
    "原因和用途只取自本表：没有填写的，程序给出警告并在说明中不写原因，不会代写。",
    f"{INFO}：部门名称、决算年度、金额单位、公开模板、主要职能、机关运行经费、政府采购、车辆和设备、“三公”数量、绩效自评、上年决算数。",
    f"{UNITS}：纳入决算的各单位，每个单位一行（本级也列一行）。",
    f"{OUTTURN}：每行一笔本年支出（决算数）：功能分类科目（7 位项级）、经济分类科目（5 位款级）、资金来源、基本支出或项目支出、金额。",
    f"{MONEY}：按项级科目和资金来源填写本年收入和年初结转和结余。",
    f"{ITEMS}：一般公共预算财政拨款支出的各项级科目：年初预算数、全年预算数、主要用途，以及决算数与预算数不同的原因。",
    f"{NAMES}：科目目录中没有的款、项名称。",
    f"{SANGONG}：“三公”经费各项的预算数（全年预算数）、决算数和主要用途。",
    f"{REASONS}：与上年相比增减、决算数与预算数不同的原因。",
    "程序报错时会指出工作表和单元格，例如“支出明细!H5”表示“支出明细”表第 5 行 H 列。",
)
#: A workbook with these sheets is a 决算填报表.
MARK_SHEETS = (OUTTURN, MONEY)

INFO_FIELDS: tuple[Field, ...] = (
    Field("部门名称", ("department",), hint="必填：部门全称"),
    Field("简称", ("short_name",), hint="可不填"),
    Field("决算年度", ("year",), "year", "必填：决算的年度，如 2024"),
    Field("金额单位", ("unit",), "choice", "所有金额都按此单位填写", choices=("万元", "元")),
    Field("公开模板", ("profile",), "choice", "决算模板", choices=tuple(buildable("final"))),
    Field("决算层级", ("level",), "choice", "部门决算或单位决算", choices=("部门", "单位")),
    Field("主要职能", ("duties",), hint="每行一条", many=True),
    Field(
        "一般公共预算财政拨款支出年初预算数",
        ("gpb_budget", "initial"),
        "amount",
        "不填则为各科目年初预算数之和",
    ),
    Field(
        "一般公共预算财政拨款支出全年预算数",
        ("gpb_budget", "adjusted"),
        "amount",
        "不填则为各科目全年预算数之和",
    ),
    Field("机关运行经费", ("admin_running",), "amount", "本年机关运行经费支出"),
    Field(
        "机关运行经费预算数", ("admin_running_budget",), "amount", "全国通用版式写明预算数和完成率，可不填"
    ),
    Field("政府采购货物金额", ("procurement", "goods"), "amount", "以合同签订为准"),
    Field("政府采购工程金额", ("procurement", "works"), "amount"),
    Field("政府采购服务金额", ("procurement", "services"), "amount"),
    Field("授予中小企业合同金额", ("procurement", "sme"), "amount"),
    *(
        Field(f"车辆数：{k}", ("assets", "vehicles", k), "count", "辆，截至决算年度 12 月 31 日")
        for k in FINAL_VEHICLE_KINDS
    ),
    Field("单价100万元（含）以上设备数", ("assets", "equipment"), "count", "台（套），不含车辆"),
    Field("国有资产补充说明", ("assets", "note"), hint="接在国有资产标准表述之后，可不填"),
    Field("因公出国（境）团组数", ("sangong", "abroad_groups"), "count"),
    Field("因公出国（境）人次", ("sangong", "abroad_persons"), "count"),
    Field("公务用车购置数", ("sangong", "vehicles_bought"), "count", "辆"),
    Field("公务用车保有量", ("sangong", "vehicles_held"), "count", "辆"),
    Field("国内公务接待批次", ("sangong", "reception_batches"), "count"),
    Field("国内公务接待人次", ("sangong", "reception_persons"), "count"),
    Field("外宾接待批次", ("sangong", "foreign_batches"), "count"),
    Field("外宾接待人次", ("sangong", "foreign_persons"), "count"),
    Field("外宾接待支出", ("sangong", "foreign_amount"), "amount"),
    Field("预算绩效管理说明", ("performance", "note"), hint="绩效管理制度等，写在绩效数字之前"),
    Field("编报绩效目标的项目数", ("performance", "target_projects"), "count"),
    Field("编报绩效目标涉及预算金额", ("performance", "target_amount"), "amount"),
    Field("绩效自评的项目数", ("performance", "evaluated_projects"), "count"),
    Field("绩效自评涉及预算金额", ("performance", "evaluated_amount"), "amount"),
    Field("绩效自评平均得分", ("performance", "average_score"), "amount", "分"),
    *(Field(f"绩效评级为{g}的项目数", ("performance", "grades", g), "count") for g in GRADES),
    Field("上年收入支出总计", ("last_year", "total"), "amount", "上年决算数，用于同比"),
    Field("上年财政拨款收入支出总计", ("last_year", "fiscal_total"), "amount"),
    Field("上年一般公共预算财政拨款支出", ("last_year", "gpb"), "amount"),
    Field("上年“三公”经费决算数", ("last_year", "sangong"), "amount"),
    Field("上年机关运行经费", ("last_year", "admin_running"), "amount"),
)

MONEY_COLUMNS = (
    Column("功能分类科目编码", "function", "code", required=True, width=18),
    Column("功能分类科目名称", "", width=30),
    Column("资金来源", "source", "choice", required=True, width=26),
    Column("本年收入", "income", "amount", width=14),
    Column("年初结转和结余", "carry_in", "amount", width=16),
)
ITEM_COLUMNS = (
    Column("功能分类科目编码", "code", "code", required=True, width=18),
    Column("功能分类科目名称", "", width=30),
    Column("年初预算数", "initial", "amount", width=14),
    Column("全年预算数", "adjusted", "amount", width=14),
    Column("主要用途", "purpose", width=40),
    Column("与全年预算差异原因", "reason", width=40, hint="决算数与全年预算数不同的原因；程序不会编写原因"),
    Column(
        "与年初预算差异原因", "initial_reason", width=40, hint="决算数与年初预算数不同的原因（全国通用版式）"
    ),
)
NAME_COLUMNS = (
    Column("功能分类科目编码", "code", "code", required=True, width=18),
    Column("功能分类科目名称", "name", required=True, width=34),
)
SANGONG_HEADERS = ("项目", "预算数", "决算数", "主要用途")
#: 三公 rows: label, item key, the purpose key its 主要用途 cell fills ('' for none).
SANGONG_ROWS = (
    ("因公出国（境）费", "abroad", "abroad"),
    ("公务用车购置费", "vehicle_purchase", ""),
    ("公务用车运行维护费", "vehicle_running", "vehicle"),
    ("公务接待费", "reception", "reception"),
)
REASON_HEADERS = ("事项", "原因")
REASON_LABELS = {
    "total": "收入支出总计比上年增减",
    "fiscal": "财政拨款收入支出总计比上年增减",
    "gpb": "一般公共预算财政拨款支出比上年增减",
    "gpb.budget": "一般公共预算财政拨款支出决算数与全年预算数的差异",
    "gpb.initial": "一般公共预算财政拨款支出决算数与年初预算数的差异",
    "sangong.budget": "“三公”经费决算数与预算数的差异",
    "sangong.change": "“三公”经费决算数比上年增减",
    "sangong.abroad": "因公出国（境）费决算数与预算数的差异",
    "sangong.vehicle_purchase": "公务用车购置费决算数与预算数的差异",
    "sangong.vehicle_running": "公务用车运行维护费决算数与预算数的差异",
    "sangong.reception": "公务接待费决算数与预算数的差异",
    "admin_running": "机关运行经费比上年增减",
}
assert tuple(REASON_LABELS) == REASON_KEYS


def _source_name(key: Any) -> Any:
    return FINAL_SOURCES.get(str(key), key)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def is_final_workbook(path: Path) -> bool:
    """Whether the workbook is a 决算填报表 (it has the outturn or the income sheet; a missing one is
    then named by ``load_final_workbook``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True)
    except Exception:  # unreadable: the budget reader says why
        return False
    try:
        names = {n.strip() for n in wb.sheetnames}
    finally:
        wb.close()
    return any(s in names for s in MARK_SHEETS)


class _FinalBook(_Book):
    def money(self, ws: Worksheet) -> None:
        lines: dict[str, list[dict[str, Any]]] = {"income": [], "carry_in": []}
        for head, r, values in self.list_rows(ws, MONEY_COLUMNS):
            code = code_value(values["功能分类科目编码"])
            name = cell_value(values.get("功能分类科目名称"))
            if name is not None and isinstance(code, str) and code.isdigit():
                self.name(code, str(name), self.cell(ws, head, "功能分类科目名称", r))
            for key in ("income", "carry_in"):
                header = "本年收入" if key == "income" else "年初结转和结余"
                amount = cell_value(values.get(header)) if header in head.cols else None
                if amount is None:
                    continue
                path = f"{key}[{len(lines[key])}]"
                self.places[path] = f"{ws.title}!{head.span(r)}"
                self.places[f"{path}.function"] = self.cell(ws, head, "功能分类科目编码", r)
                self.places[f"{path}.source"] = self.cell(ws, head, "资金来源", r)
                self.places[f"{path}.amount"] = self.cell(ws, head, header, r)
                lines[key].append(
                    {"function": code, "source": cell_value(values["资金来源"]), "amount": amount}
                )
        for key, items in lines.items():
            self.places[key] = ws.title
            if items:
                self.data[key] = items

    def items(self, ws: Worksheet) -> None:
        items: dict[str, dict[str, Any]] = {}
        self.places["items"] = ws.title
        for head, r, values in self.list_rows(ws, ITEM_COLUMNS):
            code = code_value(values["功能分类科目编码"])
            place = self.cell(ws, head, "功能分类科目编码", r)
            if code is None:
                self.fail(place, "缺少功能分类科目编码")
                continue
            code = str(code)
            if code in items:
                self.fail(place, f"科目 {code} 重复（另见 {self.places[f'items.{code}']}）")
                continue
            name = cell_value(values.get("功能分类科目名称"))
            if name is not None:
                self.name(code, str(name), self.cell(ws, head, "功能分类科目名称", r))
            self.places[f"items.{code}"] = place
            item: dict[str, Any] = {}
            for col in ITEM_COLUMNS[2:]:
                if col.header in head.cols:
                    self.places[f"items.{code}.{col.key}"] = self.cell(ws, head, col.header, r)
                    value = cell_value(values[col.header])
                    if value is not None:
                        item[col.key] = value
            items[code] = item
        if items:
            self.data["items"] = items

    def names_sheet(self, ws: Worksheet) -> None:
        for head, r, values in self.list_rows(ws, NAME_COLUMNS):
            code, name = code_value(values["功能分类科目编码"]), cell_value(values["功能分类科目名称"])
            if code is not None and name is not None:
                self.name(str(code), str(name), self.cell(ws, head, "功能分类科目名称", r))

    def sangong_sheet(self, ws: Worksheet) -> None:
        self.places["sangong"] = ws.title
        read = self.labelled(ws, SANGONG_HEADERS, {norm_label(label): key for label, key, _ in SANGONG_ROWS})
        if read is None:
            return
        head, found = read
        sangong = self.data.setdefault("sangong", {})
        purposes: dict[str, Any] = {}
        for _, key, purpose_key in SANGONG_ROWS:
            if key not in found:
                continue
            r, values = found[key]
            for header, field in (("预算数", "budget"), ("决算数", "final")):
                if header in head.cols:
                    self.places[f"sangong.{key}.{field}"] = self.cell(ws, head, header, r)
                    value = cell_value(values[header])
                    if value is not None:
                        sangong.setdefault(key, {})[field] = value
            if "主要用途" in head.cols:
                value = cell_value(values["主要用途"])
                cell = self.cell(ws, head, "主要用途", r)
                if purpose_key:
                    self.places[f"sangong.purposes.{purpose_key}"] = cell
                    if value is not None:
                        purposes[purpose_key] = value
                elif value is not None:
                    self.fail(cell, "此格不读取：公务用车的主要用途请填在“公务用车运行维护费”行")
        if purposes:
            sangong["purposes"] = purposes

    def reasons_sheet(self, ws: Worksheet) -> None:
        reasons = self.by_label(ws, REASON_HEADERS, [(v, k) for k, v in REASON_LABELS.items()], "reasons")
        if reasons:
            self.data["reasons"] = reasons


def load_final_workbook(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The 决算填报表 as the plain data of a ``document: final`` source, and every path's cell."""
    name = str(path)
    wb = _open(Path(path), name)
    sheets = {t.strip(): ws for t in wb.sheetnames if isinstance(ws := wb[t], Worksheet)}
    missing = [s for s in (INFO, *MARK_SHEETS) if s not in sheets]
    if missing:
        raise SourceError([error(name, f"缺少工作表“{s}”") for s in missing])
    book = _FinalBook(name)
    book.data["document"] = "final"
    book.info(sheets[INFO], INFO_FIELDS)
    if UNITS in sheets:
        book.units(sheets[UNITS])
    book.facts(sheets[OUTTURN])
    book.money(sheets[MONEY])
    if ITEMS in sheets:
        book.items(sheets[ITEMS])
    if NAMES in sheets:
        book.names_sheet(sheets[NAMES])
    book.codes(None)  # the names gathered from every sheet become function_names
    if SANGONG in sheets:
        book.sangong_sheet(sheets[SANGONG])
    if REASONS in sheets:
        book.reasons_sheet(sheets[REASONS])
    if book.problems:
        raise SourceError(book.problems)
    return book.data, book.places


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDEBF7")
_HINT = Font(color="808080")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _value(value: Any) -> Any:
    """A source value as a cell value: numbers stay numbers (Decimal), codes and text are text."""
    if value is None or isinstance(value, bool | int | Decimal):
        return value
    return str(value)


def _sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[float]) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    for c, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = ws.cell(1, c, header)
        cell.font, cell.fill, cell.alignment = _BOLD, _FILL, Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    return ws


def _rows(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> None:
    for r, row in enumerate(rows, 2):
        for c, col in enumerate(columns, 1):
            value = _value(row.get(col.header))
            cell = ws.cell(r, c, str(value) if col.kind == "code" and value is not None else value)
            if col.kind == "code":
                cell.number_format = "@"
            elif col.kind == "amount":
                cell.number_format = "#,##0.00"


def _get(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def build_final_workbook(data: Mapping[str, Any] | None = None, year: int | None = None) -> Workbook:
    """The 决算填报表: empty (prefilled year, unit, template) when ``data`` is None, else filled."""
    data = data or {"year": year, "unit": "万元", "profile": default_buildable("final"), "level": "部门"}
    wb = Workbook()
    first = wb.active
    assert isinstance(first, Worksheet)
    wb.remove(first)
    names: Mapping[str, Any] = data.get("function_names") or {}

    guide = wb.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 120
    for r, line in enumerate(GUIDE_LINES, 1):
        cell = guide.cell(r, 1, line)
        cell.alignment = _WRAP
        if r == 1:
            cell.font = Font(bold=True, size=14)

    ws = _sheet(wb, INFO, INFO_HEADERS, (34, 60, 40))
    r = 2
    for field in INFO_FIELDS:
        value = _get(data, field.path)
        values = (list(value) if isinstance(value, list) else [value]) if field.many else [value]
        for i, item in enumerate(values or [None]):
            ws.cell(r, 1, field.label if i == 0 else None)
            ws.cell(r, 2, _value(item)).alignment = _WRAP
            hint = field.hint or ("从下拉列表选择：" + "、".join(field.choices) if field.choices else "")
            ws.cell(r, 3, hint if i == 0 else None).font = _HINT
            r += 1

    units = [{c.header: u.get(c.key) for c in UNIT_COLUMNS} for u in data.get("units") or []]
    _rows(
        _sheet(wb, UNITS, [c.header for c in UNIT_COLUMNS], [c.width for c in UNIT_COLUMNS]),
        UNIT_COLUMNS,
        units,
    )

    facts = []
    for f in data.get("facts") or []:
        row = {c.header: f.get(c.key) for c in FACT_COLUMNS if c.key}
        row["功能分类科目名称"] = names.get(str(f.get("function")))
        row["资金来源"] = _source_name(f.get("source"))
        row["支出类型"] = {"basic": "基本支出", "project": "项目支出"}.get(str(f.get("kind")), f.get("kind"))
        facts.append(row)
    _rows(
        _sheet(wb, OUTTURN, [c.header for c in FACT_COLUMNS], [c.width for c in FACT_COLUMNS]),
        FACT_COLUMNS,
        facts,
    )

    money: dict[tuple[str, str], dict[str, Any]] = {}
    for key, header in (("income", "本年收入"), ("carry_in", "年初结转和结余")):
        for line in data.get(key) or []:
            function, source = str(line.get("function")), str(line.get("source"))
            row = money.setdefault(
                (function, source),
                {
                    "功能分类科目编码": function,
                    "功能分类科目名称": names.get(function),
                    "资金来源": _source_name(source),
                },
            )
            row[header] = line.get("amount")
    _rows(
        _sheet(wb, MONEY, [c.header for c in MONEY_COLUMNS], [c.width for c in MONEY_COLUMNS]),
        MONEY_COLUMNS,
        list(money.values()),
    )

    items = [
        {
            "功能分类科目编码": code,
            "功能分类科目名称": names.get(str(code)),
            **{c.header: (item or {}).get(c.key) for c in ITEM_COLUMNS[2:]},
        }
        for code, item in (data.get("items") or {}).items()
    ]
    _rows(
        _sheet(wb, ITEMS, [c.header for c in ITEM_COLUMNS], [c.width for c in ITEM_COLUMNS]),
        ITEM_COLUMNS,
        items,
    )

    named = {
        str(c)
        for f in [*(data.get("facts") or []), *(data.get("income") or []), *(data.get("carry_in") or [])]
        for c in [f.get("function")]
    }
    named |= {str(c) for c in data.get("items") or {}}
    extra = [{"功能分类科目编码": c, "功能分类科目名称": n} for c, n in names.items() if str(c) not in named]
    _rows(
        _sheet(wb, NAMES, [c.header for c in NAME_COLUMNS], [c.width for c in NAME_COLUMNS]),
        NAME_COLUMNS,
        extra,
    )

    ws = _sheet(wb, SANGONG, SANGONG_HEADERS, (24, 14, 14, 50))
    sangong: Mapping[str, Any] = data.get("sangong") or {}
    purposes: Mapping[str, Any] = sangong.get("purposes") or {}
    for r, (label, key, purpose_key) in enumerate(SANGONG_ROWS, 2):
        amounts: Mapping[str, Any] = sangong.get(key) or {}
        ws.cell(r, 1, label)
        ws.cell(r, 2, _value(amounts.get("budget")))
        ws.cell(r, 3, _value(amounts.get("final")))
        ws.cell(r, 4, _value(purposes.get(purpose_key)) if purpose_key else None)

    ws = _sheet(wb, REASONS, REASON_HEADERS, (40, 80))
    reasons: Mapping[str, Any] = data.get("reasons") or {}
    for r, (key, label) in enumerate(REASON_LABELS.items(), 2):
        ws.cell(r, 1, label)
        ws.cell(r, 2, _value(reasons.get(key))).alignment = _WRAP
    return wb
