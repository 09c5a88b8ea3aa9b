"""决算 (final accounts) only: the outturn against the budget, shares, balances carried in and out, the
三公 budget and counts, 政府采购 awarded to small firms, and the wording of a document that closes a year.

Every rule returns at once on a budget. A figure the narrative states is compared within the rounding of
every number it is computed from; a percentage one unit off in its last digit only (cut instead of rounded,
or nudged so that the shares add up to 100%) is told as information, not as an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from yusuan.audit.check import Check, show
from yusuan.audit.figures import Figure, cell, resolve
from yusuan.audit.registry import rule
from yusuan.extract.claims import FinalClaim
from yusuan.extract.normalize import canon
from yusuan.model import (
    BudgetTable,
    Claim,
    Direction,
    Money,
    Percent,
    Provenance,
    Severity,
    TableKind,
    TableRow,
    TextBlock,
    Unit,
    format_amount,
    parse_decimal,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _finals(check: Check) -> Iterator[FinalClaim]:
    if not check.d.final:
        return
    for claim in check.d.claims:
        if isinstance(claim, FinalClaim) and claim.value is not None:
            yield claim


def _name(claim: Claim) -> str:
    return claim.subject_text or "该项"


def _ratio(part: Money, whole: Money) -> tuple[Decimal, Decimal] | None:
    """The interval of 100·part/whole given the rounding of both; None when the whole may be ≤ 0."""
    if whole.unit is not part.unit:
        whole = whole.in_unit(part.unit)
    if whole.lo <= 0:
        return None
    lo = max(part.lo, ZERO) * HUNDRED / whole.hi
    hi = part.hi * HUNDRED / whole.lo
    return lo, hi


def _fits(p: Percent, interval: tuple[Decimal, Decimal]) -> bool:
    half = Decimal(1).scaleb(-p.places) / 2
    return not (p.value + half < interval[0] or p.value - half > interval[1])


def _exact(part: Money, whole: Money) -> Decimal:
    if whole.unit is not part.unit:
        whole = whole.in_unit(part.unit)
    return part.value * HUNDRED / whole.value


def _one_digit_off(p: Percent, exact: Decimal) -> bool:
    """A percentage one unit off in its last digit (99.86% for 99.868%): a rounding slip."""
    ulp = Decimal(1).scaleb(-p.places)
    return abs(p.value - exact) <= ulp * Decimal("1.01")


def _pct(value: Decimal, places: int) -> str:
    return f"{value:.{max(places, 0)}f}%"


def _budget_word(base: str) -> str:
    return {"年初": "年初预算数", "全年": "全年预算数"}.get(base, "预算数")


def _sangong_budget(check: Check, claim: FinalClaim) -> Money | None:
    """The 预算数 of a 三公 item in the 三公 table, for "因公出国（境）费决算为X万元，完成预算的P%"."""
    table = check.table("sangong")
    if table is None or table.column("budget") is None or not claim.subject.startswith("sangong."):
        return None
    row = table.by_key(claim.subject)
    return row.values.get("budget") if row is not None else None


def _rate_budgets(check: Check, claim: FinalClaim) -> list[Money]:
    found = claim.budgets(claim.rate_base)
    if not found and not claim.rate_base:
        table = _sangong_budget(check, claim)
        found = [table] if table is not None else []
    return found


# -- FN801 / FN802 the 完成率 ----------------------------------------------------------------------


@rule("FN801", "final.rate", Severity.ERROR, "完成率等于决算数除以预算数")
def rate(check: Check) -> None:
    """完成率（“年初预算为452.40万元，支出决算为446.11万元，完成年初预算的98.61%”）等于决算数除以其所称的
    预算数（年初预算、全年预算或所述的预算数；三公经费某项未说明预算数时，取三公经费表中的预算数），允许三
    个数各自的舍入误差。预算数为 0 时没有完成率，不检查；完成率与句中另一个预算数相符的，归 FN802。末位相
    差一个单位的，作为提示。

    示例：“年初预算为42.73万元，支出决算为40.35万元，完成年初预算的96.43%”（应为 94.43%）。

    依据：完成率 = 决算数 ÷ 预算数（部门决算公开模板，预算执行情况分析）。
    """
    for claim in _finals(check):
        p, value = claim.rate, claim.value
        if p is None or value is None:
            continue
        budgets = [b for b in _rate_budgets(check, claim) if b.value > 0]
        if not budgets or any(_fits(p, i) for b in budgets if (i := _ratio(value, b)) is not None):
            continue
        if claim.rate_base and _fits_other_base(claim):
            continue  # FN802: the rate is taken on the other budget
        budget = budgets[0]
        exact = _exact(value, budget)
        slip = _one_digit_off(p, exact)
        check.flag(
            f"“{_name(claim)}”决算数 {value.text()} ÷ {_budget_word(claim.rate_base)} {budget.text()} = "
            f"{_pct(exact, p.places + 2)}，文中完成率为 {p.value}%"
            + ("（末位差一，应按四舍五入）" if slip else ""),
            p.source or claim.source, claim.source, budget.source,
            expected=_pct(exact, p.places), actual=f"{p.value}%",
            severity=Severity.INFO if slip else None,
            suggestion="按 决算数 ÷ 预算数 重新计算完成率",
        )  # fmt: skip


def _fits_other_base(claim: FinalClaim) -> Money | None:
    """The budget of the other kind (全年 for a rate that names 年初, and the reverse) the rate fits."""
    if claim.rate is None or claim.value is None:
        return None
    other = claim.full if claim.rate_base == "年初" else claim.initial
    if other is None or other.value <= 0:
        return None
    interval = _ratio(claim.value, other)
    return other if interval is not None and _fits(claim.rate, interval) else None


@rule("FN802", "final.rate_base", Severity.ERROR, "完成率所称的预算口径正确")
def rate_base(check: Check) -> None:
    """称为“完成年初预算”的完成率是决算数 ÷ 年初预算，称为“完成全年预算”的是决算数 ÷ 全年预算。句中同时给
    出两个预算数、而完成率实际按另一个计算（或所称的预算数为 0，没有完成率）时，表述会误导读者。所称预算数
    在句中未给出的，不检查（年初预算可能等于全年预算）。

    示例：“年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%”（95.89% =
    307.82 ÷ 321.02，是全年预算）。

    依据：部门决算公开模板（完成率按所称的预算计算）；年初预算与调整后的预算不同。
    """
    for claim in _finals(check):
        p, value = claim.rate, claim.value
        if p is None or value is None or claim.rate_base not in ("年初", "全年"):
            continue
        named = claim.initial if claim.rate_base == "年初" else claim.full
        if named is None:
            continue  # the budget named is not stated: the 年初 budget may equal the 全年 one
        if named.value > 0:
            interval = _ratio(value, named)
            if interval is not None and _fits(p, interval):
                continue
        other = _fits_other_base(claim)
        if other is None:
            continue
        other_base = "全年" if claim.rate_base == "年初" else "年初"
        said = f"{claim.rate_base}预算为 {named.text()}"
        check.flag(
            f"“{_name(claim)}”称“完成{claim.rate_base}预算的{p.value}%”，但{said}；{p.value}% 是决算数 "
            f"{value.text()} ÷ {other_base}预算 {other.text()}",
            p.source or claim.source, claim.source,
            expected=f"完成{other_base}预算的{p.value}%", actual=f"完成{claim.rate_base}预算的{p.value}%",
            suggestion=f"改为“完成{other_base}预算的{p.value}%”，或按{claim.rate_base}预算重新计算",
        )  # fmt: skip


# -- FN803 / FN804 / FN805 决算数 against 预算数 ------------------------------------------------------


def _relation(value: Money, budget: Money) -> Direction:
    """决算数 against 预算数 as printed: "2.22" is less than "2.23" whatever they were rounded from."""
    if budget.unit is not value.unit:
        budget = budget.in_unit(value.unit)
    if value.value > budget.value:
        return Direction.UP
    if value.value < budget.value:
        return Direction.DOWN
    return Direction.FLAT


_VERSUS_TEXT = {Direction.UP: "大于", Direction.DOWN: "小于", Direction.FLAT: "等于（持平）"}


@rule("FN803", "final.versus_direction", Severity.ERROR, "决算数与预算数的大小表述正确")
def versus_direction(check: Check) -> None:
    """“决算数大于／小于／与…预算数持平”与句中的两个数一致：决算数超过所称的预算数（年初预算、全年预算；只
    说“预算数”时为句中任一预算数）为“大于”，不足为“小于”，舍入范围内相等为“持平”。

    示例：“全年预算为17.68万元，支出决算为11.31万元。决算数与全年预算数持平”。

    依据：句中自身的数字。
    """
    for claim in _finals(check):
        value, said = claim.value, claim.versus
        if value is None or said is None:
            continue
        budgets = claim.budgets(claim.versus_base)
        if not budgets or any(_relation(value, b) is said for b in budgets):
            continue
        budget = budgets[0]
        right = _relation(value, budget)
        check.flag(
            f"“{_name(claim)}”决算数 {value.text()}、{_budget_word(claim.versus_base)} {budget.text()}，"
            f"文中却称决算数{_VERSUS_TEXT[said]}预算数",
            claim.versus_source or claim.source, claim.source,
            expected=f"决算数{_VERSUS_TEXT[right]}预算数", actual=f"决算数{_VERSUS_TEXT[said]}预算数",
            suggestion="按两数的实际大小改正表述，并核对所述原因",
        )  # fmt: skip


def _an_item(check: Check, claim: Claim) -> bool:
    """A subject of the 决算 itself (a total, a 类/款/项, a 三公 item), not a project's 绩效自评 line."""
    return claim.subject in check.profile.subjects or claim.subject.startswith(("func:", "funcname:"))


@rule("FN804", "final.versus_reason", Severity.WARNING, "决算数与预算数不同时说明原因")
def versus_reason(check: Check) -> None:
    """情况说明给出预算数和与之不同的决算数时，应说明原因（“决算数小于预算数的主要原因：…”）。

    只要求决算本身的各项（合计、类／款／项、三公经费各项）说明原因，不含项目绩效自评的概述。

    示例：“全年预算为9.00万元，支出决算为6.18万元。”此后没有下文。

    依据：部门决算公开模板（决算数与预算数不同的每一项都说明主要原因）；检查中把未说明的差异计为细化程度问
    题。
    """
    for claim in _finals(check):
        value = claim.value
        if (
            value is None
            or claim.versus_reason
            or claim.reason
            or claim.roughly
            or not _an_item(check, claim)
        ):
            continue
        budgets = claim.budgets(claim.versus_base)
        if not budgets or any(_relation(value, b) is Direction.FLAT for b in budgets):
            continue
        check.flag(
            f"“{_name(claim)}”决算数 {value.text()} 与{_budget_word(claim.versus_base)} {budgets[0].text()} "
            "不同，未说明原因",
            claim.source,
            suggestion="补充“决算数大于（小于）预算数的主要原因：……”",
        )


@rule("FN805", "final.gap", Severity.ERROR, "决算数较预算数的增减额正确")
def gap(check: Check) -> None:
    """“决算数较预算数减少5.91万元”在金额和方向上都等于决算数 − 预算数，允许舍入误差。

    示例：“预算593.46万元，支出决算587.55万元，决算数较预算数减少9.51万元”（应为 5.91）。

    依据：句中自身的数字。
    """
    for claim in _finals(check):
        value, stated = claim.value, claim.gap
        if value is None or stated is None:
            continue
        budgets = claim.budgets(claim.versus_base)
        if not budgets:
            continue

        def fits(budget: Money, value: Money = value, stated: Money = stated) -> bool:
            b = budget.in_unit(value.unit)
            gap = stated.in_unit(value.unit)
            tol = value.half_ulp + b.half_ulp + gap.half_ulp
            return abs((value.value - b.value) - gap.value) <= tol

        if any(fits(b) for b in budgets):
            continue
        budget = budgets[0].in_unit(value.unit)
        diff = value.value - budget.value
        word = "增加" if diff > 0 else "减少"
        check.flag(
            f"“{_name(claim)}”决算数 {value.text()} − 预算数 {budget.text()} = {show(diff)}，文中为"
            f"{'增加' if stated.value > 0 else '减少'}{show(abs(stated.value))}",
            stated.source or claim.source, claim.source,
            expected=f"{word}{show(abs(diff))}", actual=show(stated.value),
        )  # fmt: skip


# -- FN806 shares -----------------------------------------------------------------------------------


def _named_whole(check: Check, claim: FinalClaim, index: int) -> tuple[str, Money] | None:
    """The whole a share names ("占本年支出合计的99.86%"): the latest earlier statement of that subject,
    else its figure in the tables."""
    words = canon(claim.share_whole)
    best: tuple[int, str] | None = None
    for key, spec in check.profile.subjects.items():
        for phrase in spec.phrases:
            if phrase and canon(phrase) in words and (best is None or len(phrase) > best[0]):
                best = (len(phrase), key)
    if best is None:
        return None
    key = best[1]
    for other in reversed(check.d.claims[:index]):
        if other.subject == key and other.value is not None:
            return claim.share_whole, other.value
    spec = check.profile.subjects[key]
    fig = resolve(check.d, spec.ref) if spec.ref else None
    table = check.table(spec.ref.split(".", 1)[0]) if spec.ref else None
    if fig is None or table is None or table.unit is None:
        return None
    return claim.share_whole, Money(fig.value, table.unit, 2, fig.sources[0] if fig.sources else None)


@rule("FN806", "final.share", Severity.ERROR, "占比等于本项除以所占的总数")
def share(check: Check) -> None:
    """占比（“基本支出5377.64万元，占55.10%”，“一般公共预算财政拨款支出9746.50万元，占本年支出合计的99.86%”）
    等于本项金额除以所称的总数；未说明总数时，除以句中被分解的总数（“其中”之前的数，或各类所列其下的一般公
    共预算财政拨款支出），允许舍入误差。无法判断总数的占比不检查；末位相差一个单位的，作为提示。

    示例：“本年支出合计307.82万元，其中：基本支出105.58万元，占43.30%”（应为 34.30%）。

    依据：占比 = 本项 ÷ 总数（部门决算公开模板）。
    """
    if not check.d.final:
        return
    for index, claim in enumerate(check.d.claims):
        if not isinstance(claim, FinalClaim) or claim.share is None or claim.value is None:
            continue
        whole: tuple[str, Money] | None
        if claim.share_whole:
            whole = _named_whole(check, claim, index)
        elif claim.whole is not None and (of := check.d.claims[claim.whole]).value is not None:
            whole = (of.subject_text or "总数", of.value)
        else:
            whole = None
        if whole is None:
            continue
        words, total = whole
        p = claim.share
        interval = _ratio(claim.value, total)
        if interval is None or _fits(p, interval):
            continue
        exact = _exact(claim.value, total)
        slip = _one_digit_off(p, exact)
        check.flag(
            f"“{_name(claim)}”{claim.value.text()} ÷ “{words}” {total.text()} = {_pct(exact, p.places + 2)}，"
            f"文中占比为 {p.value}%" + ("（末位差一，应按四舍五入）" if slip else ""),
            p.source or claim.source, claim.source, total.source,
            expected=_pct(exact, p.places), actual=f"{p.value}%",
            severity=Severity.INFO if slip else None,
            suggestion="按 本项 ÷ 总数 重新计算占比",
        )  # fmt: skip


# -- FN807 / FN808 balances ------------------------------------------------------------------------


@rule("FN807", "final.carry_balance", Severity.ERROR, "年初结转和结余+本年收入−本年支出=年末结转和结余")
def carry_balance(check: Check) -> None:
    """政府性基金和国有资本经营预算财政拨款收入支出决算表中，每一行（以及情况说明中的“年初结转和结余A万元，
    收入决算B万元，支出决算C万元，年末结转和结余D万元”）都满足：年初结转和结余 + 本年收入 − 本年支出 = 年
    末结转和结余，允许舍入误差。只检查四列俱全的表。

    示例：年初结转和结余 10.00、本年收入 50.00、本年支出 45.00、年末结转和结余 5.00。

    依据：部门决算公开模板（表8、表9 的平衡关系）；规则摘要 R06。
    """
    if not check.d.final:
        return
    for table_id in ("gov_fund", "soe"):
        table = check.table(table_id)
        if table is None or any(
            table.column(c) is None for c in ("carry_in", "income", "total", "carry_out")
        ):
            continue
        for row in table.rows:
            if all(row.values.get(c) is None for c in ("carry_in", "income", "total", "carry_out")):
                continue
            left = Figure.sum([cell(row, "carry_in"), cell(row, "income")])
            spent = cell(row, "total")
            out = cell(row, "carry_out")
            computed = left.minus(spent)
            if computed.differs(out):
                what = f"{row.code or ''} {row.label}".strip()
                check.flag(
                    f"表“{table.title}”“{what}”：年初结转和结余 + 本年收入 − 本年支出 = {show(computed.value)}，"
                    f"年末结转和结余为 {show(out.value)}",
                    *out.sources, *computed.sources,
                    expected=show(computed.value), actual=show(out.value),
                )  # fmt: skip
    for claim in _finals(check):
        value = claim.value
        if value is None or claim.carry_out is None or (claim.carry_in is None and claim.income is None):
            continue
        terms = [m for m in (claim.carry_in, claim.income) if m is not None]
        balance = sum((m.in_unit(value.unit).value for m in terms), ZERO) - value.value
        tol = sum((m.half_ulp for m in (*terms, value, claim.carry_out)), ZERO)
        said = claim.carry_out.in_unit(value.unit)
        if abs(balance - said.value) > tol:
            check.flag(
                f"“{_name(claim)}”年初结转和结余 + 收入 − 支出 = {show(balance)}，文中年末结转和结余为 "
                f"{said.text()}",
                claim.carry_out.source or claim.source, claim.source,
                expected=show(balance), actual=show(said.value),
            )  # fmt: skip


_SIDE_TOTAL = re.compile(r"^总计$|^(?:收入|支出)总计$")
_SUBTOTAL = {"income": "本年收入合计", "expense": "本年支出合计"}
_CARRY = {
    "income": re.compile(r"使用非财政拨款结余|用事业基金弥补收支差额|年初.*(?:结转|结余)|上年结转"),
    "expense": re.compile(r"结余分配|年末.*(?:结转|结余)|结转下年"),
}


def _side_rows(
    table: BudgetTable, section: str
) -> tuple[list[TableRow], TableRow | None, list[TableRow], TableRow | None]:
    """A side's items (above 本年…合计), its 本年 subtotal, its balance lines and its 总计."""
    items: list[TableRow] = []
    subtotal: TableRow | None = None
    carries: list[TableRow] = []
    total: TableRow | None = None
    for row in table.rows:
        if row.section != section:
            continue
        label = canon(row.label).replace(" ", "")
        if _SIDE_TOTAL.match(label) and total is None:
            total = row
        elif label == _SUBTOTAL[section] and subtotal is None:
            subtotal = row
        elif _CARRY[section].search(label) and subtotal is not None and total is None:
            carries.append(row)  # only the balance lines between 本年…合计 and 总计, not their breakdown
        elif subtotal is None and total is None and not _CARRY[section].search(label):
            items.append(row)
    return items, subtotal, carries, total


def _items_sum(check: Check, items: list[TableRow]) -> Figure:
    """The side's items counted once: a breakdown printed under its line (财政拨款收入 → 一般公共预算…)
    is left out."""
    listed = {r.key for r in items}
    nested = {k for parent, kids in check.profile.two_sided_parts.items() if parent in listed for k in kids}
    return Figure.sum(
        cell(r, "amount") for r in items if r.key not in nested and r.values.get("amount") is not None
    )


@rule("FN808", "final.year_and_balances", Severity.ERROR, "本年合计加结转结余等于总计")
def year_and_balances(check: Check) -> None:
    """收入支出决算总表和财政拨款收入支出决算总表中，本年收入合计等于其上各收入项之和，且本年收入合计 + 使
    用非财政拨款结余 + 年初结转和结余 = 收入总计；同样，本年支出合计 = 各支出项之和，且本年支出合计 + 结余
    分配 + 年末结转和结余 = 支出总计。（AR105、AR106 把各项和结转结余加到总计；本规则检查两者之间列出的本
    年小计。）第二个等式只在列有结转结余行和总计的一侧检查。

    示例：本年收入合计 9,746.50、年初结转和结余 112.88、总计 9,869.38。

    依据：部门决算公开模板（表1、表4 的平衡关系）。
    """
    if not check.d.final:
        return
    for table in check.d.tables.values():
        if table.kind is not TableKind.TWO_SIDED:
            continue
        for section, word in (("income", "收入"), ("expense", "支出")):
            items, subtotal, carries, total = _side_rows(table, section)
            if subtotal is None or subtotal.values.get("amount") is None:
                continue
            if items and any(r.values.get("amount") is not None for r in items):
                listed, year = _items_sum(check, items), cell(subtotal, "amount")
                if year.differs(listed):
                    check.flag(
                        f"表“{table.title}”{subtotal.label} {show(year.value)}，其上各{word}项之和为 {show(listed.value)}",
                        *year.sources, *listed.sources,
                        expected=show(listed.value), actual=show(year.value),
                    )  # fmt: skip
            if total is None or not carries or total.values.get("amount") is None:
                continue
            parts = Figure.sum([cell(subtotal, "amount"), *(cell(r, "amount") for r in carries)])
            stated = cell(total, "amount")
            if stated.differs(parts):
                names = "、".join(r.label for r in [subtotal, *carries])
                check.flag(
                    f"表“{table.title}”{word}方：{names} 之和为 {show(parts.value)}，总计为 {show(stated.value)}",
                    *stated.sources, *parts.sources,
                    expected=show(parts.value), actual=show(stated.value),
                )  # fmt: skip


# -- FN809 / FN810 三公 -----------------------------------------------------------------------------


@rule("FN809", "final.sangong_budget_parts", Severity.ERROR, "三公经费预算数合计等于各项之和")
def sangong_budget_parts(check: Check) -> None:
    """三公经费决算表中，预算数列与决算数列（AR108）一样相加：合计 = 因公出国（境）费 + 公务接待费 + 公务
    用车购置及运行维护费，且公务用车购置及运行维护费 = 购置费 + 运行维护费。

    示例：预算数合计 2.85，因公出国（境）费 1.00，公务接待费 2.85。

    依据：规则摘要 R05；部门决算公开模板表7。
    """
    table = check.table("sangong")
    if not check.d.final or table is None or table.column("budget") is None:
        return
    rows = {r.key: r for r in table.rows if r.key}
    groups = [
        ("sangong.total", ("sangong.abroad", "sangong.reception", "sangong.vehicle"), "“三公”经费合计"),
        (
            "sangong.vehicle",
            ("sangong.vehicle_purchase", "sangong.vehicle_running"),
            "公务用车购置及运行维护费",
        ),
    ]
    for total_key, part_keys, what in groups:
        if total_key not in rows or not any(k in rows for k in part_keys):
            continue
        if rows[total_key].values.get("budget") is None:
            continue
        stated = cell(rows[total_key], "budget")
        parts = Figure.sum(cell(rows[k], "budget") for k in part_keys if k in rows)
        if stated.differs(parts):
            check.flag(
                f"表“{table.title}”{what}预算数 {show(stated.value)}，各项预算数之和为 {show(parts.value)}",
                *stated.sources, *parts.sources, expected=show(parts.value), actual=show(stated.value),
            )  # fmt: skip


_COUNTS = {
    "sangong.abroad": (
        "因公出国（境）",
        re.compile(r"\d+\s*(?:个|批)?\s*(?:团组|团|批次?)|团组\s*\d+|\d+\s*人次?"),
    ),
    "sangong.reception": ("公务接待", re.compile(r"\d+\s*批次|\d+\s*(?:个)?团组|团组\s*\d+|\d+\s*人次")),
    "sangong.vehicle_purchase": ("公务用车购置", re.compile(r"购置[^。；]{0,20}?\d+\s*辆|\d+\s*辆")),
    "sangong.vehicle_running": ("公务用车运行维护", re.compile(r"保有量[^。；]{0,10}?\d+\s*辆|\d+\s*辆")),
}
_COUNT_SCOPE = {
    "sangong.abroad": re.compile(r"出国|出境|团组"),
    "sangong.reception": re.compile(r"接待"),
    "sangong.vehicle_purchase": re.compile(r"购置|车"),
    "sangong.vehicle_running": re.compile(r"保有|车"),
}


def _sangong_outturns(check: Check) -> dict[str, tuple[Money, Provenance | None]]:
    """Each 三公 item's 决算数: the table's when it was read, else the narrative's."""
    found: dict[str, tuple[Money, Provenance | None]] = {}
    table = check.table("sangong")
    if table is not None:
        for row in table.rows:
            money = row.values.get("total")
            if row.key in _COUNTS and money is not None:
                found[row.key] = (money, Check.cell_source(row, "total"))
    for claim in check.d.claims:
        if claim.subject in _COUNTS and claim.value is not None and claim.subject not in found:
            found[claim.subject] = (claim.value, claim.source)
    return found


@rule("FN810", "final.sangong_counts", Severity.WARNING, "三公经费决算说明实物量")
def sangong_counts(check: Check) -> None:
    """决算中有支出的三公经费项目要说明实物量：因公出国（境）说明团组数和人次，公务接待说明批次和人次，公
    务用车说明购置车辆数和保有量。决算数为 0 的项目不需要。

    示例：公务接待费 0.39万元，而情况说明中没有任何“接待…批次、…人次”。

    依据：部门决算公开模板（“三公”经费说明）；规则摘要（三公经费决算不列实物量属细化程度问题）。
    """
    if not check.d.final or check.d.tables_only:
        return
    prose = [canon(t.text) for t in check.d.paragraphs]
    for key, (money, source) in _sangong_outturns(check).items():
        if money.value == 0:
            continue
        what, pattern = _COUNTS[key]
        scope = _COUNT_SCOPE[key]
        if any(scope.search(s) and pattern.search(s) for p in prose for s in re.split(r"[。；]", p)):
            continue
        check.flag(
            f"{what}费决算 {money.text()}，情况说明中未说明实物量（团组、批次、人次或车辆数）",
            source,
            suggestion=f"补充{what}的实物量，如“接待…批次、…人次”“购置…辆、保有量…辆”",
        )


# -- FN811 政府采购 ----------------------------------------------------------------------------------

_NUM = r"\d[\d,，]*(?:\.\d+)?"
_SME_AWARD = re.compile(
    rf"由中小企业供应商中标或成交的[，,]?\s*(?:采购|合同)?金额(?:为)?\s*(?P<num>{_NUM})\s*万元"
)


def _latest(claims: list[Claim], key: str, before: int) -> Claim | None:
    for claim in reversed(claims[:before]):
        if claim.subject == key and claim.value is not None:
            return claim
    return None


@rule("FN811", "final.procurement_sme", Severity.ERROR, "授予中小企业的金额不超过政府采购总额")
def procurement_sme(check: Check) -> None:
    """授予中小企业的金额是政府采购的一部分：授予中小企业合同金额 ≤ 政府采购支出总额，授予小微企业 ≤ 授予
    中小企业；按上海的表述，预留份额项目与其他项目中授予中小企业的金额合计 ≤ 政府采购金额。（占比由 FN806
    检查。）

    示例：政府采购金额 21.07万元，预留份额项目授予中小企业 21.07，其他项目又授予 21.07（共 42.14）。

    依据：《政府采购促进中小企业发展管理办法》（财库〔2020〕46号）；部门决算公开模板。
    """
    if not check.d.final:
        return
    claims = check.d.claims
    for index, claim in enumerate(claims):
        if claim.subject not in ("procurement.sme", "procurement.sme_small") or claim.value is None:
            continue
        whole_key = "procurement.total" if claim.subject == "procurement.sme" else "procurement.sme"
        whole = _latest(claims, whole_key, index)
        if whole is None or whole.value is None:
            continue
        part, total = claim.value.in_unit(whole.value.unit), whole.value
        if part.value - total.value > part.half_ulp + total.half_ulp:
            check.flag(
                f"“{_name(claim)}”{claim.value.text()} 超过“{_name(whole)}”{total.text()}",
                claim.source, whole.source, expected=f"≤ {total.text()}", actual=claim.value.text(),
            )  # fmt: skip
    totals = [c.value for c in claims if c.subject == "procurement.total" and c.value is not None]
    if not totals:
        return
    procured = totals[0]
    for block in check.d.paragraphs:
        awards: list[Decimal] = []
        for clause in re.split(r"[；。]", block.text):
            if "小微企业供应商" in clause:
                continue
            m = _SME_AWARD.search(clause)
            if m is None or not re.search(r"面向中小企业预留|其他政府采购项目", clause):
                continue
            parsed = parse_decimal(m.group("num"))
            if parsed is not None:
                awards.append(parsed[0])
        if len(awards) < 2:
            continue
        awarded = sum(awards, ZERO)
        tol = Decimal("0.005") * (len(awards) + 1)
        if awarded - procured.in_unit(Unit.WAN).value > tol:
            parts = " + ".join(format_amount(a) for a in awards)
            check.flag(
                f"由中小企业供应商中标或成交的采购金额（预留项目与其他项目）合计 {parts} = {show(awarded)}万元，"
                f"超过政府采购金额 {procured.text()}",
                block.source, procured.source, expected=f"≤ {procured.text()}", actual=f"{show(awarded)}万元",
                suggestion="核对预留项目与其他项目中授予中小企业的金额，其他项目 = 总额 − 预留项目",
            )  # fmt: skip


# -- FN812 / FN813 wording of a document that closes a year ----------------------------------------

_AS_OF = re.compile(r"截[至止]\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?:12\s*月\s*31\s*日|年?底|年?末)")
_ASSETS = re.compile(r"车辆|资产|设备|房屋|土地|用车|人员|编制|实有")


def _prose(check: Check) -> Iterator[TextBlock]:
    yield from check.d.paragraphs


@rule("FN812", "final.closing_date", Severity.ERROR, "截至日期为决算年度末")
def closing_date(check: Check) -> None:
    """决算以本年度为截止：“截至YYYY年12月31日”（年底、年末）中的年份是决算年度。更早的年份是上年文件的遗
    留，更晚的年份是尚未到来的日期。只检查决算所述的期末余额（资产、车辆、设备、人员）：叙述进展的“截至
    2023年底，已建成…”可以回顾往年。

    示例：2024 年决算中写“截至2023年12月31日，…共有车辆0辆”。

    依据：部门决算涵盖本年 1 月 1 日至 12 月 31 日（《预算法》第七十四条；公开模板国有资产说明）。
    """
    year = check.d.year
    if not check.d.final or year is None:
        return
    for block in _prose(check):
        for m in _AS_OF.finditer(block.text):
            y = int(m.group("y"))
            if y == year:
                continue
            clause = re.split(r"[。；]", block.text[m.start() :], maxsplit=1)[0]
            if not _ASSETS.search(clause):
                continue
            check.flag(
                f"{year}年度决算中的截至日期“{m.group().strip()}”应为决算年度末（{year}年12月31日）",
                block.source.with_(text=clause[:60]),
                expected=f"截至{year}年12月31日", actual=m.group().strip(),
                suggestion=f"改为“截至{year}年12月31日”并核对所列数字",
                section=block.section or None,
            )  # fmt: skip


_SELF_BUDGET = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年度?\s*(?:(?:部门|单位)预算(?:安排|收入|支出){0,2}(?:总额|总计|合计)?"
    r"|预算(?:收入|支出)(?:总额|总计|合计))(?:为|是|共)?\s*(?P<num>\d[\d,，]*(?:\.\d+)?)\s*万?元"
)
_SELF_TITLE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年度?\s*(?P<level>部门|单位)预算(?:情况说明|表)")
_OUTTURN_WORDS = re.compile(r"决算|执行|完成|实际|支出数")


@rule("FN813", "final.budget_wording", Severity.WARNING, "决算不把本年度支出称作预算安排")
def budget_wording(check: Check) -> None:
    """决算报告本年的实际收支，而不是计划：2024 年决算中的“2024年部门预算收入总额X万元”或标题“2024年度部门
    预算情况说明”是预算的用语（部门预算文字的遗留）。同时说明执行结果（决算、执行、完成、实际）的句子是在
    比较两者，没有问题；项目的“2024年预算安排300万元”是该项目的预算，不是文件的用语。

    示例：2024 年决算开篇写“2024年部门预算安排支出9746.50万元”。

    依据：部门决算公开模板（收入支出决算总体情况）；决算应说明决算数。
    """
    year = check.d.year
    if not check.d.final or year is None:
        return
    for block in [*check.d.texts, *check.d.toc]:
        text = canon(block.text).replace(" ", "")
        for clause in re.split(r"[。；]", text):
            m = _SELF_TITLE.search(clause) if block.is_heading else None
            m = m or _SELF_BUDGET.search(clause)
            if m is None or int(m.group("y")) != year or _OUTTURN_WORDS.search(clause):
                continue
            check.flag(
                f"{year}年度决算中写作“{m.group().strip()}”：决算应说明本年度的决算数，而非预算安排",
                block.source.with_(text=clause[:60]),
                expected="决算数（收入/支出决算）", actual=m.group().strip(),
                suggestion="改用决算的表述（如“本年收入合计”“支出决算为……”），或核对是否误用预算文本",
                section=block.section or None,
            )  # fmt: skip
            break


# -- FN814 / FN815 counts ------------------------------------------------------------------------------

_SELF_EVALUATED = re.compile(r"绩效自评的[^。；]{0,20}?项目\s*(?P<n>\d+)\s*个")
_GRADE = re.compile(r"绩效评级为[“\"]?(?P<g>优|良|中|合格|不合格|差)[”\"]?的项目\s*(?P<n>\d+)\s*个")
_SCORE = re.compile(r"(?:平均得分|自评得分|综合得分|评价得分)(?:为)?\s*(?P<s>\d+(?:\.\d+)?)\s*分?")


@rule("FN814", "final.performance_counts", Severity.ERROR, "绩效自评项目数与评级、得分一致")
def performance_counts(check: Check) -> None:
    """绩效自评：评为优、良、合格、不合格的项目数之和等于参评项目数，得分（“平均得分99.33分”，“自评得分
    99.5”）不超过 100。

    示例：“绩效自评的2024年度项目39个…“优”的项目38个；“良”的项目0个；…”（38 ≠ 39）。

    依据：段落自身的数字；绩效自评满分 100 分（财预〔2020〕10号）。
    """
    if not check.d.final:
        return
    for block in check.d.paragraphs:
        text = canon(block.text).replace(" ", "")
        evaluated = _SELF_EVALUATED.search(text)
        grades = list(_GRADE.finditer(text, evaluated.end() if evaluated else 0))
        names = {g.group("g") for g in grades}
        if evaluated is not None and {"优", "良"} <= names and ("不合格" in names or "差" in names):
            n = int(evaluated.group("n"))
            graded = sum(int(g.group("n")) for g in grades)
            if graded != n:
                check.flag(
                    f"绩效自评项目 {n} 个，各评级项目数之和为 {graded} 个",
                    block.source.with_(text=evaluated.group()), expected=str(n), actual=str(graded),
                )  # fmt: skip
        for m in _SCORE.finditer(text):
            score = Decimal(m.group("s"))
            if score > 100:
                check.flag(
                    f"绩效自评得分 {m.group('s')} 分超过满分100分",
                    block.source.with_(text=m.group()), expected="≤ 100", actual=m.group("s"),
                )  # fmt: skip


_VEHICLES = re.compile(r"共有车辆\s*(?P<n>\d+)\s*辆[，,]?\s*其中[：:]?(?P<parts>[^。]*)")
_VEHICLE_PART = re.compile(r"[\u4e00-\u9fff]{2,12}?用车\s*(?P<n>\d+)\s*辆")


@rule("FN815", "final.vehicle_counts", Severity.ERROR, "车辆总数等于各类车辆之和")
def vehicle_counts(check: Check) -> None:
    """国有资产占有使用情况：“共有车辆N辆，其中：…用车a辆、…用车b辆…”中所列各类车辆（含其他用车）之和等于
    N。

    示例：“共有车辆517辆，其中机要通信用车57辆，应急保障用车52辆，特种专业技术用车375辆，其他用车30辆”。

    依据：句中自身的数字（部门决算公开模板国有资产说明）。
    """
    if not check.d.final:
        return
    for block in check.d.paragraphs:
        text = canon(block.text).replace(" ", "")
        for m in _VEHICLES.finditer(text):
            listed = m.group("parts")
            if re.search(r"[（(][^）)]*用车", listed):
                continue  # "执法执勤用车3辆（含特种专业技术用车1辆）": a breakdown inside the list
            parts = [int(p.group("n")) for p in _VEHICLE_PART.finditer(listed)]
            if len(parts) < 2 or "其他用车" not in listed:
                continue  # only a full list (ending in 其他用车) must add up
            n = int(m.group("n"))
            if sum(parts) != n:
                check.flag(
                    f"共有车辆 {n} 辆，所列各类车辆之和为 {sum(parts)} 辆",
                    block.source.with_(text=m.group()[:60]), expected=str(n), actual=str(sum(parts)),
                )  # fmt: skip


# -- FN816 the narrative's budgets and balances against the tables -------------------------------------

_FUND_COLUMNS = (("carry_in", "年初结转和结余"), ("income", "本年收入"), ("carry_out", "年末结转和结余"))


@rule("FN816", "final.stated_vs_table", Severity.ERROR, "文字中的预算数、结转结余与表格一致")
def stated_vs_table(check: Check) -> None:
    """情况说明所述三公经费某项的预算数（“‘三公’经费…预算593.46万元”，“全年预算为…”）等于三公经费表的预算
    数列；所述某项资金的年初结转和结余、收入、年末结转和结余等于该资金表的合计行。只有年初预算的不比较：表
    中的预算数可能是调整后的数。

    示例：“2022年度财政拨款安排公务接待费预算1.86万元”，而三公经费表的预算数为 1.68。

    依据：规则摘要 R13（文字中的数字 = 表格中的数字）。
    """
    if not check.d.final:
        return
    sangong = check.table("sangong")
    for claim in _finals(check):
        stated = claim.full or claim.plain
        if sangong is not None and sangong.column("budget") is not None and stated is not None:
            row = sangong.by_key(claim.subject) if claim.subject.startswith("sangong.") else None
            printed = row.values.get("budget") if row is not None else None
            if printed is not None and Figure.of(stated).differs(Figure.of(printed.in_unit(stated.unit))):
                check.flag(
                    f"“{_name(claim)}”文字中预算数为 {stated.text()}，“{sangong.title}”预算数为 {show(printed.value)}",
                    stated.source or claim.source, Check.cell_source(row, "budget") if row else None,
                    expected=show(printed.value), actual=stated.text(),
                    suggestion="核对“三公”经费预算数，文字与表格应一致",
                )  # fmt: skip
        fund = claim.subject.split(".", 1)[0] if claim.subject in ("gov_fund.total", "soe.total") else None
        table = check.table(fund) if fund else None
        total = table.total() if table is not None else None
        if table is None or total is None:
            continue
        for column, word in _FUND_COLUMNS:
            said: Money | None = getattr(claim, column)
            printed = total.values.get(column)
            if said is None or table.column(column) is None:
                continue
            value = Figure.of(printed.in_unit(said.unit)) if printed is not None else Figure(ZERO, ZERO, [])
            if Figure.of(said).differs(value):
                check.flag(
                    f"“{_name(claim)}”文字中{word}为 {said.text()}，“{table.title}”合计为 {show(value.value)}",
                    said.source or claim.source, Check.cell_source(total, column),
                    expected=show(value.value), actual=said.text(),
                )  # fmt: skip


# -- FN817 each 财政拨款 fund carried through the year -----------------------------------------------

_FUNDS = (
    ("gpb", "一般公共预算财政拨款"),
    ("gov_fund", "政府性基金预算财政拨款"),
    ("soe", "国有资本经营预算财政拨款"),
)


def _fund_rows(
    table: BudgetTable,
) -> tuple[dict[str, TableRow], dict[str, TableRow], TableRow | None, TableRow | None]:
    """财政拨款收入支出决算总表: each fund's 本年收入 row and its 年初结转和结余 row (the lines under
    年初财政拨款结转和结余), and the 支出 side's 本年支出合计 and 年末结转和结余 rows (one column per fund)."""
    income: dict[str, TableRow] = {}
    carried: dict[str, TableRow] = {}
    after_carry = False
    for row in table.rows:
        if row.section != "income":
            continue
        label = canon(row.label).replace(" ", "")
        if _CARRY["income"].search(label) and "年初" in label:
            after_carry = True
            continue
        key = row.key or ""
        if key.startswith("income.carry_in."):  # a fund's line under 年初财政拨款结转和结余
            carried.setdefault(key.rsplit(".", 1)[1], row)
            continue
        fund = key.split(".", 1)[1] if key.startswith("income.") else None
        if fund is None or fund not in dict(_FUNDS):
            continue
        (carried if after_carry else income).setdefault(fund, row)
    _, spent, carries, _ = _side_rows(table, "expense")
    out = next((r for r in carries if "年末" in canon(r.label)), None)
    return income, carried, spent, out


@rule("FN817", "final.fiscal_by_fund", Severity.ERROR, "各项财政拨款年初结转+本年收入−本年支出=年末结转")
def fiscal_by_fund(check: Check) -> None:
    """财政拨款收入支出决算总表中，每项资金（一般公共预算、政府性基金、国有资本经营）逐年结转：其年初结转
    和结余（列在年初财政拨款结转和结余下的各行）+ 本年收入 − 本年支出合计中该资金的列 = 年末结转和结余中该
    资金的列，允许舍入误差。只检查列出各资金列的表。

    示例：一般公共预算年初 95.39 + 收入 296,030.91 − 支出 296,047.75，年末为 87.55（应为 78.55）。

    依据：部门决算公开模板表4（财政拨款收入支出决算总表）的平衡关系。
    """
    table = check.table("fiscal")
    if not check.d.final or table is None or table.kind is not TableKind.TWO_SIDED:
        return
    income, carried, spent, out = _fund_rows(table)
    if spent is None or out is None or not carried:
        return
    for fund, name in _FUNDS:
        if table.column(fund) is None or fund not in income:
            continue
        cells = [income[fund].values.get("amount"), spent.values.get(fund), out.values.get(fund)]
        if fund in carried:
            cells.append(carried[fund].values.get("amount"))
        if all(c is None or c.value == 0 for c in cells):
            continue
        came = Figure.sum(
            [cell(income[fund], "amount"), *([cell(carried[fund], "amount")] if fund in carried else [])]
        )
        gone = cell(spent, fund)
        left = came.minus(gone)
        stated = cell(out, fund)
        if left.differs(stated):
            check.flag(
                f"表“{table.title}”{name}：年初结转和结余 + 本年收入 − 本年支出 = {show(left.value)}，"
                f"年末结转和结余为 {show(stated.value)}",
                *stated.sources, *left.sources,
                expected=show(left.value), actual=show(stated.value),
            )  # fmt: skip


#: 类 of the economic classification whose spending is 人员经费 (工资福利支出, 对个人和家庭的补助); every
#: other 类 of the 基本支出 table is 公用经费
_PERSONNEL_LEI = ("301", "303")


def _group_totals(table: BudgetTable) -> dict[str, TableRow]:
    return {k: r for k in ("personnel", "public") if (r := table.by_key(f"{k}_total")) is not None}


@rule("FN818", "final.basic_groups", Severity.ERROR, "人员经费合计、公用经费合计等于所含各类之和")
def basic_group_totals(check: Check) -> None:
    """一般公共预算财政拨款基本支出决算表以人员经费合计（= 301 工资福利支出 + 303 对个人和家庭的补助）和公
    用经费合计（= 其余各类：302 商品和服务支出、307、310 资本性支出…）分组收尾。

    示例：公用经费合计 481.66，而 302 商品和服务支出 480.66，310 资本性支出 0.00。

    依据：部门决算公开模板表6；规则摘要 §2（人员经费 + 公用经费 = 基本支出）。
    """
    table = check.table("econ_basic")
    if not check.d.final or table is None:
        return
    groups = _group_totals(table)
    lei = [r for r in table.rows if r.code and len(r.code) == 3 and r.values.get("total") is not None]
    if not groups or not lei:
        return
    for key, what in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
        row = groups.get(key)
        if row is None or row.values.get("total") is None:
            continue
        members = [r for r in lei if (r.code in _PERSONNEL_LEI) == (key == "personnel")]
        stated = cell(row, "total")
        parts = Figure.sum(cell(r, "total") for r in members)
        if stated.differs(parts):
            names = "、".join(f"{r.code} {r.label}" for r in members) or "（无）"
            check.flag(
                f"表“{table.title}”{what} {show(stated.value)}，所含各类（{names}）之和为 {show(parts.value)}",
                *stated.sources, *parts.sources, expected=show(parts.value), actual=show(stated.value),
            )  # fmt: skip


@rule(
    "FN819",
    "final.basic_vs_gpb",
    Severity.ERROR,
    "基本支出决算表的人员经费与公用经费之和等于一般公共预算基本支出",
)
def basic_groups_vs_gpb(check: Check) -> None:
    """基本支出决算表的人员经费合计 + 公用经费合计，等于一般公共预算财政拨款支出决算表的基本支出合计：两者
    都是本年一般公共预算财政拨款基本支出。

    示例：人员经费合计 4,884.09 + 公用经费合计 480.66 = 5,364.75，而基本支出为 5,377.64。

    依据：部门决算公开模板表5 与表6；规则摘要 §2.6。
    """
    table, gpb = check.table("econ_basic"), check.table("gpb")
    if not check.d.final or table is None or gpb is None or gpb.column("basic") is None:
        return
    groups = _group_totals(table)
    total = gpb.total()
    if set(groups) != {"personnel", "public"} or total is None or total.values.get("basic") is None:
        return
    if any(r.values.get("total") is None for r in groups.values()):
        return
    stated = cell(total, "basic")
    parts = Figure.sum(cell(r, "total") for r in groups.values())
    if stated.differs(parts):
        check.flag(
            f"“{table.title}”人员经费合计与公用经费合计之和为 {show(parts.value)}，"
            f"“{gpb.title}”基本支出合计为 {show(stated.value)}",
            *parts.sources, *stated.sources, expected=show(stated.value), actual=show(parts.value),
        )  # fmt: skip
