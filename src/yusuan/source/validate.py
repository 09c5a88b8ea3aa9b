"""Checks of a loaded Budget against the classification catalogs and against itself."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from yusuan.catalog import Catalog
from yusuan.model.budget import FISCAL_SOURCES, SANGONG_ECON, Budget, SourceMessage
from yusuan.model.final_accounts import FinalAccounts
from yusuan.source.errors import error, warning


def _functional(budget: Budget | FinalAccounts, catalog: Catalog) -> list[SourceMessage]:
    out: list[SourceMessage] = []
    seen: set[str] = set()
    named = budget.function_names
    for f in budget.facts:
        code = f.function
        if code in seen:
            continue
        seen.add(code)
        where = f.where or budget.place("facts")
        lei, kuan = code[:3], code[:5]
        if catalog.functional_name(lei) is None:
            out.append(error(where, f"功能分类科目 {code} 的类 {lei} 不存在"))
            continue
        if (
            kuan not in named
            and catalog.functional_name(kuan) is None
            and catalog.knows_functional_level(kuan)
        ):
            out.append(error(where, f"功能分类科目 {code} 所属的款 {kuan} 不在 {lei} 类下"))
            continue
        if catalog.functional_name(code) is None and code not in named:
            out.append(error(where, f"功能分类科目 {code} 没有名称：请在 function_names 中填写"))
        elif catalog.functional_name(code) is None and catalog.knows_functional_level(code):
            out.append(warning(where, f"功能分类科目 {code} 不在科目目录中，请核对"))
        elif code in named and catalog.functional_name(code) not in (None, named[code]):
            out.append(
                warning(
                    where,
                    f"功能分类科目 {code} 的名称“{named[code]}”与科目目录“{catalog.functional_name(code)}”不一致",
                )
            )
        if kuan not in named and catalog.functional_name(kuan) is None:
            out.append(warning(where, f"功能分类科目款 {kuan} 没有名称：请在 function_names 中填写"))
    return out


def _economic(budget: Budget | FinalAccounts, catalog: Catalog) -> list[SourceMessage]:
    out: list[SourceMessage] = []
    for f in budget.facts:
        if catalog.economic_name(f.economic[:3]) is None:
            out.append(error(f.where, f"经济分类科目 {f.economic} 的类 {f.economic[:3]} 不存在"))
        elif catalog.economic_name(f.economic) is None:
            out.append(warning(f.where, f"经济分类科目 {f.economic} 不在科目目录中，请核对"))
    return out


def _self(budget: Budget) -> list[SourceMessage]:
    out: list[SourceMessage] = []
    projects = set(budget.projects())
    for t in budget.targets:
        if t.project not in projects:
            out.append(error(t.where, f"绩效目标的项目“{t.project}”在收支明细中没有项目支出"))
    counts = Counter((f.function, f.economic, f.source, f.kind, f.project, f.unit) for f in budget.facts)
    for f in budget.facts:
        key = (f.function, f.economic, f.source, f.kind, f.project, f.unit)
        if counts[key] > 1:
            out.append(warning(f.where, "与另一行收支明细的科目、来源、类型和项目完全相同，金额将合并"))
            counts[key] = 0
    for item, econ in SANGONG_ECON.items():
        stated = getattr(budget.sangong, item)
        lines = sum((f.amount for f in budget.facts if f.economic == econ and f.source == "gpb"), Decimal(0))
        if lines and stated != lines:
            out.append(
                warning(
                    budget.place(f"sangong.{item}"),
                    f"“三公”经费 {item} 为 {stated}，而经济分类 {econ} 的一般公共预算拨款明细合计 {lines}",
                )
            )
    fiscal = sum((f.amount for f in budget.facts if f.source in FISCAL_SOURCES), Decimal(0))
    if budget.admin_running > fiscal:
        out.append(error(budget.place("admin_running"), "机关运行经费大于财政拨款总额"))
    return out


# The longest text a source may give. A name (department, unit, project, subject, indicator) is printed
# in titles, table cells and sheet names: 100 characters is twice the longest real one in the corpus
# (单位 names such as 上海市普陀区人民政府长征镇社区事务受理服务中心 are under 40) and keeps the title
# within the 255 characters Word and Excel allow in document properties. A paragraph (职责, 任务,
# 用途, 原因, 绩效目标) is printed as running text: 2,000 characters is a long page.
NAME_LIMIT = 100
TEXT_LIMIT = 2000


def _too_long(place: str, what: str, text: str, limit: int) -> list[SourceMessage]:
    if len(text) <= limit:
        return []
    return [error(place, f"{what}过长：{len(text)} 个字符，最多 {limit} 个；请精简")]


def text_lengths(source: Budget | FinalAccounts) -> list[SourceMessage]:
    """Names over ``NAME_LIMIT`` and paragraphs over ``TEXT_LIMIT`` characters, each an error at its
    place: what a budget and final accounts share (the rest is checked by their own validators)."""
    at = source.place
    out = [
        *_too_long(at("department"), "部门名称", source.department, NAME_LIMIT),
        *_too_long(at("short_name"), "部门简称", source.short_name, NAME_LIMIT),
    ]
    for i, text in enumerate(source.duties):
        out += _too_long(at(f"duties[{i}]"), "部门职责", text, TEXT_LIMIT)
    for i, u in enumerate(source.units):
        out += _too_long(at(f"units[{i}].name"), "单位名称", u.name, NAME_LIMIT)
        out += _too_long(at(f"units[{i}].nature"), "单位性质", u.nature, NAME_LIMIT)
    seen: set[str] = set()  # a project or unit named on many lines is reported at its first
    for i, f in enumerate(source.facts):
        for key, what, text in (("project", "项目名称", f.project or ""), ("unit", "预算单位名称", f.unit)):
            if text not in seen:
                seen.add(text)
                out += _too_long(at(f"facts[{i}].{key}"), what, text, NAME_LIMIT)
    for code, name in source.function_names.items():
        out += _too_long(at(f"function_names.{code}"), f"科目 {code} 的名称", name, NAME_LIMIT)
    for key, text in source.reasons.items():
        out += _too_long(at(f"reasons.{key}"), "原因", text, TEXT_LIMIT)
    out += _too_long(at("assets.note"), "资产情况说明", source.assets.note, TEXT_LIMIT)
    return out


def _budget_lengths(budget: Budget) -> list[SourceMessage]:
    at = budget.place
    out = text_lengths(budget)
    out += _too_long(at("tasks_intro"), "工作任务概述", budget.tasks_intro, TEXT_LIMIT)
    for i, text in enumerate(budget.tasks):
        out += _too_long(at(f"tasks[{i}]"), "工作任务", text, TEXT_LIMIT)
    for code, text in budget.code_purposes.items():
        out += _too_long(at(f"code_purposes.{code}"), f"科目 {code} 的主要用途", text, TEXT_LIMIT)
    for key, text in budget.sangong_purposes.items():
        out += _too_long(at(f"sangong_purposes.{key}"), "“三公”经费用途", text, TEXT_LIMIT)
    out += _too_long(at("performance_note"), "绩效情况说明", budget.performance_note, TEXT_LIMIT)
    out += _too_long(at("assets.as_of"), "资产截至日期", budget.assets.as_of, NAME_LIMIT)
    for i, t in enumerate(budget.targets):
        path = f"targets[{i}]"
        out += _too_long(at(f"{path}.project"), "绩效目标的项目名称", t.project, NAME_LIMIT)
        out += _too_long(at(f"{path}.goal"), "绩效目标", t.goal, TEXT_LIMIT)
        for j, ind in enumerate(t.indicators):
            for key, what in (
                ("level1", "一级指标"),
                ("level2", "二级指标"),
                ("name", "三级指标"),
                ("value", "指标值"),
            ):
                out += _too_long(at(f"{path}.indicators[{j}].{key}"), what, getattr(ind, key), NAME_LIMIT)
    return out


def validate(budget: Budget, catalog: Catalog) -> list[SourceMessage]:
    return [
        *_budget_lengths(budget),
        *_functional(budget, catalog),
        *_economic(budget, catalog),
        *_self(budget),
    ]
