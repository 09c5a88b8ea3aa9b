"""Plain source data of final accounts (``document: final``, from YAML or the 决算 workbook) →
FinalAccounts, every problem a message naming its place. The checks of single values are
``mapping``'s; this module knows the 决算's fields."""

from __future__ import annotations

from typing import Any

from yusuan.model.budget import KINDS, ZERO, BudgetUnit, FactLine
from yusuan.model.final_accounts import (
    FINAL_REASONS,
    FINAL_SOURCES,
    FINAL_VEHICLE_KINDS,
    SANGONG_ITEMS,
    BudgetAndOutturn,
    FinalAccounts,
    FinalAssets,
    FinalProcurement,
    FinalSanGong,
    ItemBudget,
    LastYearFinal,
    MoneyLine,
    SelfEvaluation,
)
from yusuan.profiles import default_buildable
from yusuan.source.errors import SourceError
from yusuan.source.mapping import Reader

#: How a source may name a 决算 source: its key, its name, or its name without 收入 / 财政拨款.
_SOURCE_NAMES = (
    {v: k for k, v in FINAL_SOURCES.items()}
    | {v.removesuffix("收入"): k for k, v in FINAL_SOURCES.items()}
    | {"一般公共预算拨款": "gpb", "一般公共预算": "gpb", "政府性基金": "gov_fund", "国有资本经营预算": "soe"}
    | {"事业单位经营收入": "operating"}
)
_KIND_NAMES = {v: k for k, v in KINDS.items()} | {"基本": "basic", "项目": "project"}
SANGONG_COUNTS = (
    "abroad_groups",
    "abroad_persons",
    "vehicles_bought",
    "vehicles_held",
    "reception_batches",
    "reception_persons",
    "foreign_batches",
    "foreign_persons",
)
GRADES = ("优", "良", "合格", "不合格")
REASON_KEYS = tuple(FINAL_REASONS)


def is_final(data: dict[str, Any]) -> bool:
    """A source of final accounts says so: ``document: final`` (or 决算)."""
    return str(data.get("document", "")).strip() in {"final", "决算", "部门决算", "单位决算"}


def _source(r: Reader, item: dict[str, Any], path: str) -> str:
    raw = r.text(item, "source", f"{path}.source") or "gpb"
    source = raw if raw in FINAL_SOURCES else _SOURCE_NAMES.get(raw, "")
    if not source:
        r.fail(f"{path}.source", f"未知的资金来源“{raw}”（决算可用：{'、'.join(FINAL_SOURCES)}）")
    return source


def _fact(r: Reader, item: dict[str, Any], path: str) -> FactLine | None:
    function = r.code(item.get("function"), 7, f"{path}.function", "功能分类科目编码")
    economic = r.code(item.get("economic"), 5, f"{path}.economic", "经济分类科目编码")
    source = _source(r, item, path)
    raw_kind = r.text(item, "kind", f"{path}.kind", required=True)
    kind = raw_kind if raw_kind in KINDS else _KIND_NAMES.get(raw_kind, "")
    if raw_kind and not kind:
        r.fail(f"{path}.kind", f"支出类型应为 basic（基本支出）或 project（项目支出），实为“{raw_kind}”")
    amount = r.amount(item.get("amount"), f"{path}.amount", required=True)
    project = r.text(item, "project", f"{path}.project") or None
    if not (function and economic and source and kind and amount):
        return None
    return FactLine(
        function, economic, source, kind, amount, r.text(item, "unit", f"{path}.unit"), project, r.place(path)
    )


def _money_line(r: Reader, item: dict[str, Any], path: str) -> MoneyLine | None:
    function = r.code(item.get("function"), 7, f"{path}.function", "功能分类科目编码")
    source = _source(r, item, path)
    amount = r.amount(item.get("amount"), f"{path}.amount", required=True)
    if not (function and source and amount):
        return None
    return MoneyLine(function, source, amount, r.place(path))


def _items(r: Reader, data: dict[str, Any]) -> dict[str, ItemBudget]:
    out: dict[str, ItemBudget] = {}
    for key, value in r.mapping(data, "items", "items").items():
        path = f"items.{key}"
        code = r.code(key, 7, path, "功能分类科目编码")
        if not isinstance(value, dict):
            r.fail(path, "应为键值映射（initial、adjusted、purpose、reason、initial_reason）")
            continue
        if code:
            out[code] = ItemBudget(
                initial=r.amount(value.get("initial"), f"{path}.initial"),
                adjusted=r.amount(value.get("adjusted"), f"{path}.adjusted"),
                purpose=r.text(value, "purpose", f"{path}.purpose"),
                reason=r.text(value, "reason", f"{path}.reason"),
                initial_reason=r.text(value, "initial_reason", f"{path}.initial_reason"),
            )
    return out


def _count(r: Reader, data: dict[str, Any], key: str, path: str) -> int:
    return r.integer(data.get(key), f"{path}.{key}") or 0


def _sangong(r: Reader, data: dict[str, Any]) -> FinalSanGong:
    g = r.mapping(data, "sangong", "sangong")
    items: dict[str, BudgetAndOutturn] = {}
    for key in SANGONG_ITEMS:
        item = r.mapping(g, key, f"sangong.{key}")
        items[key] = BudgetAndOutturn(
            r.amount(item.get("budget"), f"sangong.{key}.budget") or ZERO,
            r.amount(item.get("final"), f"sangong.{key}.final") or ZERO,
        )
    unknown = [k for k in g if k not in {*SANGONG_ITEMS, *SANGONG_COUNTS, "foreign_amount", "purposes"}]
    for k in unknown:
        r.fail(f"sangong.{k}", f"未知的“三公”经费项目“{k}”（可用：{'、'.join(SANGONG_ITEMS)}）")
    purposes = {str(k): str(v).strip() for k, v in r.mapping(g, "purposes", "sangong.purposes").items() if v}
    c = {k: _count(r, g, k, "sangong") for k in SANGONG_COUNTS}
    return FinalSanGong(
        items,
        abroad_groups=c["abroad_groups"],
        abroad_persons=c["abroad_persons"],
        vehicles_bought=c["vehicles_bought"],
        vehicles_held=c["vehicles_held"],
        reception_batches=c["reception_batches"],
        reception_persons=c["reception_persons"],
        foreign_batches=c["foreign_batches"],
        foreign_persons=c["foreign_persons"],
        foreign_amount=r.amount(g.get("foreign_amount"), "sangong.foreign_amount") or ZERO,
        purposes=purposes,
    )


def _assets(r: Reader, data: dict[str, Any]) -> FinalAssets:
    a = r.mapping(data, "assets", "assets")
    vehicles = r.mapping(a, "vehicles", "assets.vehicles")
    for k in vehicles:
        if k not in FINAL_VEHICLE_KINDS:
            r.fail(f"assets.vehicles.{k}", f"未知的车辆类型“{k}”（可用：{'、'.join(FINAL_VEHICLE_KINDS)}）")
    return FinalAssets(
        tuple(r.integer(vehicles.get(k), f"assets.vehicles.{k}") or 0 for k in FINAL_VEHICLE_KINDS),
        _count(r, a, "equipment", "assets"),
        r.text(a, "note", "assets.note"),
    )


def _performance(r: Reader, data: dict[str, Any]) -> SelfEvaluation:
    p = r.mapping(data, "performance", "performance")
    grades = r.mapping(p, "grades", "performance.grades")
    for k in grades:
        if k not in GRADES:
            r.fail(f"performance.grades.{k}", f"未知的绩效评级“{k}”（可用：{'、'.join(GRADES)}）")
    score = r.amount(p.get("average_score"), "performance.average_score")
    if score is not None and score > 100:
        r.fail("performance.average_score", f"平均得分 {score} 超过 100 分")
    return SelfEvaluation(
        _count(r, p, "target_projects", "performance"),
        r.amount(p.get("target_amount"), "performance.target_amount") or ZERO,
        _count(r, p, "evaluated_projects", "performance"),
        r.amount(p.get("evaluated_amount"), "performance.evaluated_amount") or ZERO,
        score,
        (
            _count(r, grades, "优", "performance.grades"),
            _count(r, grades, "良", "performance.grades"),
            _count(r, grades, "合格", "performance.grades"),
            _count(r, grades, "不合格", "performance.grades"),
        ),
        r.text(p, "note", "performance.note"),
    )


def _last_year(r: Reader, data: dict[str, Any]) -> LastYearFinal:
    ly = r.mapping(data, "last_year", "last_year")
    return LastYearFinal(
        total=r.amount(ly.get("total"), "last_year.total"),
        fiscal_total=r.amount(ly.get("fiscal_total"), "last_year.fiscal_total"),
        gpb=r.amount(ly.get("gpb"), "last_year.gpb"),
        sangong=r.amount(ly.get("sangong"), "last_year.sangong"),
        admin_running=r.amount(ly.get("admin_running"), "last_year.admin_running"),
    )


def _reasons(r: Reader, data: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in r.mapping(data, "reasons", "reasons").items():
        if k not in REASON_KEYS:
            r.fail(f"reasons.{k}", f"未知的原因项“{k}”（可用：{'、'.join(REASON_KEYS)}）")
        elif v is not None and str(v).strip():
            out[str(k)] = str(v).strip()
    return out


def final_from_data(data: dict[str, Any], places: dict[str, str], file: str) -> FinalAccounts:
    """Build the FinalAccounts; raise SourceError listing every error of the source's values."""
    r = Reader(places, file)
    year, unit = r.year_and_unit(data, "决算")
    level = r.text(data, "level", "level") or "部门"
    if level not in ("部门", "单位"):
        r.fail("level", f"决算层级应为“部门”或“单位”，实为“{level}”")
    if not r.items(data, "facts", "facts"):
        r.fail("facts", "没有本年支出明细（facts）：至少需要一行")
    gpb = r.mapping(data, "gpb_budget", "gpb_budget")
    accounts = FinalAccounts(
        department=r.text(data, "department", "department", required=True),
        year=year,
        unit=unit,
        short_name=r.text(data, "short_name", "short_name"),
        profile=r.text(data, "profile", "profile") or default_buildable("final"),
        level=level,
        duties=r.texts(data, "duties", "duties"),
        units=r.each(
            data,
            "units",
            lambda u, p: BudgetUnit(
                r.text(u, "name", f"{p}.name", required=True), r.text(u, "nature", f"{p}.nature"), None, None
            ),
        ),
        facts=r.each(data, "facts", lambda item, path: _fact(r, item, path)),
        income=r.each(data, "income", lambda item, path: _money_line(r, item, path)),
        carry_in=r.each(data, "carry_in", lambda item, path: _money_line(r, item, path)),
        function_names={
            r.code(k, len(str(k)), f"function_names.{k}", "功能分类科目编码"): str(v).strip()
            for k, v in r.mapping(data, "function_names", "function_names").items()
        },
        items=_items(r, data),
        gpb_initial=r.amount(gpb.get("initial"), "gpb_budget.initial"),
        gpb_adjusted=r.amount(gpb.get("adjusted"), "gpb_budget.adjusted"),
        sangong=_sangong(r, data),
        admin_running=r.amount(data.get("admin_running"), "admin_running") or ZERO,
        admin_running_budget=r.amount(data.get("admin_running_budget"), "admin_running_budget"),
        procurement=FinalProcurement(
            *(
                r.amount(r.mapping(data, "procurement", "procurement").get(k), f"procurement.{k}") or ZERO
                for k in ("goods", "works", "services", "sme")
            )
        ),
        assets=_assets(r, data),
        performance=_performance(r, data),
        last_year=_last_year(r, data),
        reasons=_reasons(r, data),
        places=dict(places),
        source_path=file,
    )
    if r.problems:
        raise SourceError(r.problems)
    return accounts
