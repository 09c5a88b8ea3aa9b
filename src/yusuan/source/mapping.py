"""Plain source data (from YAML or a workbook) → Budget, with a message naming the place of every
problem. Both input forms fill the same dotted paths, so they share these rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from yusuan.model.budget import (
    KINDS,
    SOURCES,
    VEHICLE_KINDS,
    ZERO,
    Assets,
    Budget,
    BudgetUnit,
    FactLine,
    LastYear,
    Procurement,
    ProjectTarget,
    SanGong,
    SourceMessage,
    TargetIndicator,
    place_of,
)
from yusuan.model.money import Unit
from yusuan.profiles import default_buildable
from yusuan.source.errors import SourceError, error

T = TypeVar("T")
_CENT = Decimal("0.01")
_SOURCE_NAMES = {v: k for k, v in SOURCES.items()} | {v.removesuffix("收入"): k for k, v in SOURCES.items()}
_KIND_NAMES = {v: k for k, v in KINDS.items()} | {"基本": "basic", "项目": "project"}


#: Chinese names of the fields a message may call missing.
_LABELS = {
    "department": "部门名称",
    "year": "预算年度",
    "name": "名称",
    "kind": "支出类型",
    "project": "项目名称",
    "goal": "总体目标",
    "level1": "一级指标",
    "level2": "二级指标",
    "value": "目标值",
}


def _label(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return _LABELS.get(last, last)


#: the largest amount a source may state (a department's year, even in 元, is far below it) and the
#: largest count (heads, vehicles): beyond them a value is a typing slip and would break the layout
_MAX_AMOUNT = Decimal("1e15")
_MAX_COUNT = Decimal("1e9")
#: control characters (not tab or newline) have no place in a publication's text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Reader:
    """Reads one field of plain source data at a time, collecting a placed error for each bad one."""

    def __init__(self, places: dict[str, str], file: str) -> None:
        self.places = places
        self.file = file
        self.problems: list[SourceMessage] = []

    def year_and_unit(self, data: dict[str, Any], word: str) -> tuple[int, Unit]:
        """The source's year (``word``: 预算 / 决算, for the messages) and its unit of amounts."""
        year = self.integer(data.get("year"), "year")
        if year is None:
            self.fail("year", f"缺少{word}年度（year）")
        elif not 2000 <= year <= 2100:
            self.fail("year", f"{word}年度 {year} 不合理")
        unit_text = self.text(data, "unit", "unit") or "万元"
        if unit_text not in {u.value for u in Unit}:
            self.fail("unit", f"金额单位应为“万元”或“元”，实为“{unit_text}”")
            unit_text = "万元"
        return year or 0, Unit(unit_text)

    def place(self, path: str) -> str:
        return place_of(self.places, path, self.file)

    def fail(self, path: str, message: str) -> None:
        self.problems.append(error(self.place(path), message))

    def text(self, data: dict[str, Any], key: str, path: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.fail(path, f"缺少必填项“{_label(path)}”")
            return ""
        if isinstance(value, dict | list):
            self.fail(path, "应为文字")
            return ""
        text = str(value).strip()
        if _CONTROL.search(text):
            self.fail(path, "含有控制字符（如 NUL、ESC），请删除")
            return ""
        return text

    def texts(self, data: dict[str, Any], key: str, path: str) -> list[str]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [value.strip()]
        if not isinstance(value, list):
            self.fail(path, "应为文字列表")
            return []
        return [str(v).strip() for v in value if v is not None and str(v).strip()]

    def amount(self, value: Any, path: str, required: bool = False) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.fail(path, "缺少金额")
            return None
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            self.fail(path, f"金额“{value}”不是数字")
            return None
        if not number.is_finite():
            self.fail(path, f"金额“{value}”不是数字")
            return None
        if abs(number) >= _MAX_AMOUNT:
            self.fail(path, f"金额“{str(value)[:30]}”过大（应小于 10¹⁵）")
            return None
        if number < 0:
            self.fail(path, f"金额不能为负数（{value}）")
            return None
        if number != number.quantize(_CENT):
            self.fail(path, f"金额“{value}”超过两位小数")
            return None
        return number.quantize(_CENT)

    def integer(self, value: Any, path: str) -> int | None:
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(path, f"“{value}”不是整数")
            return None
        if not number.is_finite() or abs(number) >= _MAX_COUNT:
            self.fail(path, f"“{str(value)[:30]}”不是合理的整数（应小于 10⁹）")
            return None
        if number != number.to_integral_value() or number < 0:
            self.fail(path, f"“{value}”不是非负整数")
            return None
        return int(number)

    def code(self, value: Any, digits: int, path: str, what: str) -> str:
        text = str(value).strip() if value is not None else ""
        if isinstance(value, Decimal) and value == value.to_integral_value():
            text = str(int(value))
        if not (text.isdigit() and len(text) == digits):
            self.fail(path, f"{what}应为 {digits} 位数字，实为“{text}”")
            return ""
        return text

    def mapping(self, data: dict[str, Any], key: str, path: str) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, "应为键值映射")
            return {}
        return value

    def items(self, data: dict[str, Any], key: str, path: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, "应为列表")
            return []
        return value

    def each(self, data: dict[str, Any], key: str, fn: Callable[[dict[str, Any], str], T | None]) -> list[T]:
        out: list[T] = []
        for i, item in enumerate(self.items(data, key, key)):
            path = f"{key}[{i}]"
            if not isinstance(item, dict):
                self.fail(path, "应为键值映射")
                continue
            made = fn(item, path)
            if made is not None:
                out.append(made)
        return out


def _fact(r: Reader, item: dict[str, Any], path: str) -> FactLine | None:
    function = r.code(item.get("function"), 7, f"{path}.function", "功能分类科目编码")
    economic = r.code(item.get("economic"), 5, f"{path}.economic", "经济分类科目编码")
    raw_source = r.text(item, "source", f"{path}.source") or "gpb"
    source = raw_source if raw_source in SOURCES else _SOURCE_NAMES.get(raw_source, "")
    if not source:
        r.fail(f"{path}.source", f"未知的资金来源“{raw_source}”（可用：{'、'.join(SOURCES)}）")
    raw_kind = r.text(item, "kind", f"{path}.kind", required=True)
    kind = raw_kind if raw_kind in KINDS else _KIND_NAMES.get(raw_kind, "")
    if raw_kind and not kind:
        r.fail(f"{path}.kind", f"支出类型应为 basic（基本支出）或 project（项目支出），实为“{raw_kind}”")
    amount = r.amount(item.get("amount"), f"{path}.amount", required=True)
    project = r.text(item, "project", f"{path}.project") or None
    if kind == "project" and not project:
        r.fail(f"{path}.project", "项目支出必须填写项目名称")
    if kind == "basic" and project:
        r.fail(f"{path}.project", "基本支出不应填写项目名称")
    if not (function and economic and source and kind and amount is not None):
        return None
    if amount == 0:
        return None  # an empty line of the workbook: nothing to publish
    return FactLine(
        function,
        economic,
        source,
        kind,
        amount,
        unit=r.text(item, "unit", f"{path}.unit"),
        project=project,
        where=r.place(path),
    )


def _sangong(r: Reader, data: dict[str, Any], path: str) -> SanGong:
    def get(k: str) -> Decimal:
        return r.amount(data.get(k), f"{path}.{k}") or ZERO

    return SanGong(get("abroad"), get("reception"), get("vehicle_purchase"), get("vehicle_running"))


def _target(r: Reader, item: dict[str, Any], path: str) -> ProjectTarget | None:
    project = r.text(item, "project", f"{path}.project", required=True)
    indicators = []
    for i, ind in enumerate(r.items(item, "indicators", f"{path}.indicators")):
        p = f"{path}.indicators[{i}]"
        if not isinstance(ind, dict):
            r.fail(p, "应为键值映射")
            continue
        indicators.append(
            TargetIndicator(
                r.text(ind, "level1", f"{p}.level1", required=True),
                r.text(ind, "level2", f"{p}.level2", required=True),
                r.text(ind, "name", f"{p}.name", required=True),
                r.text(ind, "value", f"{p}.value", required=True),
            )
        )
    if not project:
        return None
    return ProjectTarget(
        project, r.text(item, "goal", f"{path}.goal", required=True), tuple(indicators), r.place(path)
    )


def budget_from_data(data: dict[str, Any], places: dict[str, str], file: str) -> Budget:
    """Build the Budget; raise SourceError listing every error (warnings come from ``validate``)."""
    r = Reader(places, file)
    year, unit = r.year_and_unit(data, "预算")
    facts = r.each(data, "facts", lambda item, path: _fact(r, item, path))
    if not r.items(data, "facts", "facts"):
        r.fail("facts", "没有收支明细（facts）：至少需要一行")
    ly = r.mapping(data, "last_year", "last_year")
    sangong_last = r.mapping(ly, "sangong", "last_year.sangong")
    assets = r.mapping(data, "assets", "assets")
    vehicles = r.mapping(assets, "vehicles", "assets.vehicles")
    unknown_vehicles = [k for k in vehicles if k not in VEHICLE_KINDS]
    for k in unknown_vehicles:
        r.fail(f"assets.vehicles.{k}", f"未知的车辆类型“{k}”（可用：{'、'.join(VEHICLE_KINDS)}）")
    procurement = r.mapping(data, "procurement", "procurement")
    budget = Budget(
        department=r.text(data, "department", "department", required=True),
        short_name=r.text(data, "short_name", "short_name"),
        year=year,
        unit=unit,
        profile=r.text(data, "profile", "profile") or default_buildable(),
        duties=r.texts(data, "duties", "duties"),
        offices=r.integer(data.get("offices"), "offices"),
        units=r.each(
            data,
            "units",
            lambda u, p: BudgetUnit(
                r.text(u, "name", f"{p}.name", required=True),
                r.text(u, "nature", f"{p}.nature"),
                r.integer(u.get("staffing"), f"{p}.staffing"),
                r.integer(u.get("actual"), f"{p}.actual"),
            ),
        ),
        tasks_intro=r.text(data, "tasks_intro", "tasks_intro"),
        tasks=r.texts(data, "tasks", "tasks"),
        facts=facts,
        function_names={
            r.code(k, len(str(k)), f"function_names.{k}", "功能分类科目编码"): str(v).strip()
            for k, v in r.mapping(data, "function_names", "function_names").items()
        },
        code_purposes={
            str(k): str(v).strip() for k, v in r.mapping(data, "code_purposes", "code_purposes").items()
        },
        last_year=LastYear(
            income_total=r.amount(ly.get("income_total"), "last_year.income_total"),
            expense_total=r.amount(ly.get("expense_total"), "last_year.expense_total"),
            gpb_total=r.amount(ly.get("gpb_total"), "last_year.gpb_total"),
            fiscal_total=r.amount(ly.get("fiscal_total"), "last_year.fiscal_total"),
            sangong=_sangong(r, sangong_last, "last_year.sangong") if sangong_last else None,
            admin_running=r.amount(ly.get("admin_running"), "last_year.admin_running"),
        ),
        sangong=_sangong(r, r.mapping(data, "sangong", "sangong"), "sangong"),
        sangong_purposes={
            str(k): str(v).strip() for k, v in r.mapping(data, "sangong_purposes", "sangong_purposes").items()
        },
        admin_running=r.amount(data.get("admin_running"), "admin_running") or ZERO,
        procurement=Procurement(
            *(
                r.amount(procurement.get(k), f"procurement.{k}") or ZERO
                for k in ("goods", "works", "services")
            )
        ),
        assets=Assets(
            as_of=r.text(assets, "as_of", "assets.as_of"),
            vehicles=tuple(r.integer(vehicles.get(k), f"assets.vehicles.{k}") or 0 for k in VEHICLE_KINDS),
            vehicles_to_purchase=r.integer(assets.get("vehicles_to_purchase"), "assets.vehicles_to_purchase")
            or 0,
            general_equipment=r.integer(assets.get("general_equipment"), "assets.general_equipment") or 0,
            special_equipment=r.integer(assets.get("special_equipment"), "assets.special_equipment") or 0,
            note=r.text(assets, "note", "assets.note"),
        ),
        reasons={str(k): str(v).strip() for k, v in r.mapping(data, "reasons", "reasons").items() if v},
        targets=r.each(data, "targets", lambda item, path: _target(r, item, path)),
        performance_note=r.text(data, "performance_note", "performance_note"),
        places=dict(places),
        source_path=file,
    )
    if r.problems:
        raise SourceError(r.problems)
    return budget
