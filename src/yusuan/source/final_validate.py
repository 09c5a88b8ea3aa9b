"""Checks of loaded final accounts: codes against the catalogs, and the accounts against themselves
(no source spends more than its 年初结转和结余 and 本年收入; counts that must add up do)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from yusuan.catalog import Catalog
from yusuan.model.budget import ZERO, SourceMessage
from yusuan.model.final_accounts import FINAL_SOURCES, FinalAccounts
from yusuan.source.errors import error, warning
from yusuan.source.validate import TEXT_LIMIT, _economic, _functional, _too_long, text_lengths


def _money_codes(accounts: FinalAccounts, catalog: Catalog) -> list[SourceMessage]:
    """Income and 年初结转 lines name a 项 the catalog (or function_names) knows."""
    out: list[SourceMessage] = []
    seen: set[str] = set()
    for line in [*accounts.income, *accounts.carry_in]:
        code = line.function
        if code in seen:
            continue
        seen.add(code)
        if catalog.functional_name(code[:3]) is None:
            out.append(error(line.where, f"功能分类科目 {code} 的类 {code[:3]} 不存在"))
        elif catalog.functional_name(code) is None and code not in accounts.function_names:
            out.append(error(line.where, f"功能分类科目 {code} 没有名称：请在 function_names 中填写"))
    return out


def _balances(accounts: FinalAccounts) -> list[SourceMessage]:
    """年末结转和结余 = 年初 + 收入 − 支出 must not be negative for any 项 and source."""
    money: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    where: dict[tuple[str, str], str] = {}
    for line in [*accounts.carry_in, *accounts.income]:
        money[(line.function, line.source)] += line.amount
    for f in accounts.facts:
        key = (f.function, f.source)
        money[key] -= f.amount
        where.setdefault(key, f.where)
    out = []
    for (code, source), left in sorted(money.items()):
        if left < 0:
            out.append(
                error(
                    where.get((code, source)) or accounts.place("facts"),
                    f"科目 {code} 的{FINAL_SOURCES[source]}支出比年初结转和结余与本年收入之和多 {-left}"
                    f"（年末结转和结余不能为负）：请核对 income、carry_in 与 facts",
                )
            )
    return out


def _self(accounts: FinalAccounts) -> list[SourceMessage]:
    out: list[SourceMessage] = []
    gpb_codes = {f.function for f in accounts.facts if f.source == "gpb"}
    for code in accounts.items:
        if code not in gpb_codes:
            out.append(
                warning(
                    accounts.place(f"items.{code}"),
                    f"科目 {code} 没有一般公共预算财政拨款支出，其预算数不会写入说明",
                )
            )
    p = accounts.performance
    if sum(p.grades) != p.evaluated_projects and (any(p.grades) or p.evaluated_projects):
        out.append(
            error(
                accounts.place("performance.grades"),
                f"各绩效评级的项目数之和 {sum(p.grades)} 与绩效自评的项目数 {p.evaluated_projects} 不一致",
            )
        )
    procurement = accounts.procurement
    if procurement.sme > procurement.total:
        out.append(error(accounts.place("procurement.sme"), "授予中小企业合同金额大于政府采购金额"))
    gpb_basic = sum((f.amount for f in accounts.facts if f.source == "gpb" and f.kind == "basic"), ZERO)
    if accounts.admin_running > gpb_basic:
        out.append(error(accounts.place("admin_running"), "机关运行经费大于一般公共预算财政拨款基本支出"))
    return out


def _final_lengths(accounts: FinalAccounts) -> list[SourceMessage]:
    """Texts over the limits of ``yusuan.source.validate``, each an error at its place."""
    at = accounts.place
    out = text_lengths(accounts)
    for code, item in accounts.items.items():
        for key, what, text in (
            ("purpose", "主要用途", item.purpose),
            ("reason", "差异原因", item.reason),
            ("initial_reason", "与年初预算的差异原因", item.initial_reason),
        ):
            out += _too_long(at(f"items.{code}.{key}"), f"科目 {code} 的{what}", text, TEXT_LIMIT)
    for key, text in accounts.sangong.purposes.items():
        out += _too_long(at(f"sangong.purposes.{key}"), "“三公”经费用途", text, TEXT_LIMIT)
    out += _too_long(at("performance.note"), "绩效自评说明", accounts.performance.note, TEXT_LIMIT)
    return out


def validate_final(accounts: FinalAccounts, catalog: Catalog) -> list[SourceMessage]:
    return [
        *_final_lengths(accounts),
        *_functional(accounts, catalog),
        *_economic(accounts, catalog),
        *_money_codes(accounts, catalog),
        *_balances(accounts),
        *_self(accounts),
    ]
