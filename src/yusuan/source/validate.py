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


def validate(budget: Budget, catalog: Catalog) -> list[SourceMessage]:
    return [*_functional(budget, catalog), *_economic(budget, catalog), *_self(budget)]
