"""Properties of built 决算 (DESIGN.md's, extended to final accounts), in both layouts:

1. random consistent final accounts, built, give no error-level finding and read back exactly;
2. changing one published amount of the built text (a table cell or a sentence's 万元 figure) by 1.00
   or more is reported by a finding located at the changed line.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Severity
from yusuan.model.budget import BudgetUnit, FactLine
from yusuan.model.disclosure import content
from yusuan.model.final_accounts import (
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
from yusuan.pipeline import check_document
from yusuan.profiles import load as load_profile
from yusuan.read import read_text
from yusuan.render.markdown import to_markdown

SETTINGS = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
LAYOUTS = ("national_final", "shanghai_final")
NAMES = {
    "20703": "体育",
    "2070308": "群众体育",
    "21201": "城乡社区管理事务",
    "2120101": "行政运行",
    "2120102": "一般行政管理事务",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120803": "城市建设支出",
}
#: 项 codes and the economic 款 their basic lines use (personnel 301xx, public 302xx).
BASIC = {
    "2120101": ("30101", "30102", "30201", "30211"),
    "2080505": ("30108",),
    "2080506": ("30109",),
    "2101101": ("30110",),
    "2101102": ("30110",),
    "2210201": ("30113",),
}
PROJECT = {"2120102": "30227", "2070308": "30226"}
CENT = Decimal("0.01")
REASON = "按实际需要调整"


def _money(low: int = 1, high: int = 300_000) -> st.SearchStrategy[Decimal]:
    """An amount in cents from ``low`` to ``high`` (fact lines start at 10.00: a 0.01 line changed by
    1.00 doubles its table's sums, which the reader rightly doubts instead of checking)."""
    return st.integers(low, high).map(lambda c: Decimal(c) * CENT)


@st.composite
def final_accounts(draw: st.DrawFn) -> FinalAccounts:
    facts: list[FactLine] = []
    for code in draw(st.lists(st.sampled_from(sorted(BASIC)), max_size=4, unique=True)):
        for econ in draw(st.lists(st.sampled_from(BASIC[code]), min_size=1, unique=True)):
            facts.append(FactLine(code, econ, "gpb", "basic", draw(_money(1000))))
    for code in draw(st.lists(st.sampled_from(sorted(PROJECT)), max_size=2, unique=True)):
        source = draw(st.sampled_from(["gpb", "gpb", "other"]))
        facts.append(
            FactLine(code, PROJECT[code], source, "project", draw(_money(1000)), project=f"项目{code}")
        )
    if draw(st.booleans()) or not facts:  # 政府性基金, with money carried in
        facts.append(
            FactLine("2120803", "30905", "gov_fund", "project", draw(_money(1000)), project="小区改造")
        )
    spent: dict[tuple[str, str], Decimal] = {}
    for f in facts:
        spent[(f.function, f.source)] = spent.get((f.function, f.source), Decimal("0.00")) + f.amount
    income, carry_in = [], []
    for (code, source), amount in sorted(spent.items()):
        carried = draw(st.sampled_from([Decimal("0.00"), draw(_money(100, amount_cents(amount) // 2))]))
        surplus = draw(st.sampled_from([Decimal("0.00"), draw(_money(100, 5000))]))
        if carried:
            carry_in.append(MoneyLine(code, source, carried))
        if amount - carried + surplus > 0:
            income.append(MoneyLine(code, source, amount - carried + surplus))
    items = {}
    for code in sorted({f.function for f in facts if f.source == "gpb"}):
        value = spent[(code, "gpb")]
        initial = draw(st.sampled_from([value, value + draw(_money(1, 50_000))]))
        adjusted = draw(st.sampled_from([value, initial]))
        items[code] = ItemBudget(initial, adjusted, "日常运转和事业发展", REASON, REASON)

    def pair() -> BudgetAndOutturn:
        final = draw(_money(0, 3000))
        return BudgetAndOutturn(final + draw(_money(0, 500)), final)

    sangong = FinalSanGong(
        {k: pair() for k in ("abroad", "vehicle_purchase", "vehicle_running", "reception")},
        abroad_groups=draw(st.integers(0, 5)),
        abroad_persons=draw(st.integers(0, 20)),
        vehicles_held=draw(st.integers(0, 10)),
        reception_batches=draw(st.integers(0, 30)),
        reception_persons=draw(st.integers(0, 200)),
    )
    public = sum(
        (f.amount for f in facts if f.kind == "basic" and f.economic.startswith("302")), Decimal("0.00")
    )
    goods, works, services = draw(_money(0)), draw(_money(0)), draw(_money(0))
    total = goods + works + services
    evaluated = draw(st.integers(0, 6))
    good = draw(st.integers(0, evaluated))
    grand = sum((m.amount for m in [*income, *carry_in]), Decimal("0.00"))
    fiscal = sum((m.amount for m in [*income, *carry_in] if m.source in ("gpb", "gov_fund")), Decimal("0.00"))
    gpb = sum((f.amount for f in facts if f.source == "gpb"), Decimal("0.00"))
    return FinalAccounts(
        department="上海市普陀区测试局",
        year=draw(st.integers(2021, 2025)),
        profile=draw(st.sampled_from(LAYOUTS)),
        duties=["负责本区有关工作。"],
        units=[BudgetUnit("上海市普陀区测试局（本级）", "行政单位", None, None)],
        facts=facts,
        income=income,
        carry_in=carry_in,
        function_names=NAMES,
        items=items,
        sangong=sangong,
        admin_running=draw(st.sampled_from([Decimal("0.00"), public])),
        procurement=FinalProcurement(
            goods, works, services, draw(_money(0, amount_cents(total))) if total else Decimal("0.00")
        ),
        assets=FinalAssets((0, 0, 0, 0, draw(st.integers(0, 4)), 0, 0, draw(st.integers(0, 4))), 0),
        performance=SelfEvaluation(
            evaluated,
            draw(_money(0)),
            evaluated,
            draw(_money(0)),
            Decimal("92.50"),
            (good, evaluated - good, 0, 0),
        ),
        last_year=LastYearFinal(
            total=draw(
                st.sampled_from([grand, grand + draw(_money()), max(grand - draw(_money()), Decimal("1.00"))])
            ),
            fiscal_total=fiscal + draw(_money()),
            gpb=gpb + draw(_money()),
            sangong=sangong.final("total") + draw(_money(1, 800)),
            admin_running=draw(_money()),
        ),
        reasons={
            k: REASON
            for k in (
                "total",
                "fiscal",
                "gpb",
                "gpb.budget",
                "gpb.initial",
                "sangong.budget",
                "sangong.change",
                "admin_running",
            )
        }
        | {f"sangong.{k}": REASON for k in ("abroad", "vehicle_purchase", "vehicle_running", "reception")},
    )


def amount_cents(value: Decimal) -> int:
    return max(int(value / CENT), 1)


def _built(accounts: FinalAccounts) -> str:
    return to_markdown(derive(accounts).publication)


@settings(max_examples=60, **SETTINGS)  # type: ignore[arg-type]
@given(final_accounts())
def test_consistent_final_accounts_build_without_an_error(accounts: FinalAccounts) -> None:
    md = _built(accounts)
    result = check_document(read_text(md, "built.md"))
    assert result.disclosure is not None and result.disclosure.profile == accounts.profile
    assert [(f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR] == []
    profile = load_profile(accounts.profile)
    assert content(extract(read_text(md, "built.md"), profile)) == content(
        extract(derive(accounts).publication.to_document(), profile)
    )


#: A published amount: two decimals, not a percentage, not part of a longer number.
AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d%])")


def _spots(md: str) -> list[tuple[int, int, int]]:
    """(line, start, end) of every amount in a table row or a sentence of the built text, except the
    cells that are zero (a 0.00 written so that a row keeps its cells), the 绩效 figures and the one
    figures printed once with nothing to check them against: the Shanghai layout's 年初预算 of the whole
    (its 完成率 and its items are against the 全年预算), and a fall to zero (减少X, 下降100.00%: last year's
    figure is X whatever X is)."""
    out = []
    for n, line in enumerate(md.splitlines(), 1):
        if line.startswith(("#", "**")) or "绩效" in line:
            continue
        for m in AMOUNT.finditer(line):
            unchecked = ("全年预算为" in line and line[: m.start()].endswith("年初预算为")) or (
                "下降100.00%" in line and line[: m.start()].endswith("减少")
            )
            if m.group() != "0.00" and not unchecked:
                out.append((n, m.start(), m.end()))
    return out


@functools.cache
def _perturbations() -> tuple[tuple[bool, str], ...]:
    """300 trials: a random built 决算, one amount changed; whether a finding names the changed line."""
    outcomes: list[tuple[bool, str]] = []

    @settings(max_examples=300, **SETTINGS)  # type: ignore[arg-type]
    @given(final_accounts(), st.data())
    def trial(accounts: FinalAccounts, data: st.DataObject) -> None:
        md = _built(accounts)
        line_no, start, end = data.draw(st.sampled_from(_spots(md)), label="amount")
        delta = data.draw(
            st.sampled_from([Decimal("1.00"), Decimal("-1.00"), Decimal("2.50"), Decimal("37.00")])
        )
        lines = md.splitlines()
        old = lines[line_no - 1][start:end]
        value = Decimal(old.replace(",", ""))
        new = value + delta if value + delta > 0 else value + abs(delta)
        lines[line_no - 1] = lines[line_no - 1][:start] + f"{new:,.2f}" + lines[line_no - 1][end:]
        result = check_document(read_text("\n".join(lines), "perturbed.md"))
        hit = any(line_no in f.lines for f in result.findings if f.severity is not Severity.INFO)
        outcomes.append(
            (hit, f"{accounts.profile} line {line_no} {old} {delta:+}: {lines[line_no - 1][:120]}")
        )

    trial()
    found = sum(hit for hit, _ in outcomes)
    print(
        f"single-amount changes reported at their line: {found}/{len(outcomes)} ({found / len(outcomes):.2%})"
    )
    return tuple(outcomes)


def test_one_changed_amount_is_reported_at_its_line() -> None:
    outcomes = _perturbations()
    missed = [what for hit, what in outcomes if not hit]
    assert len(outcomes) >= 300 and len(missed) / len(outcomes) <= 0.01, missed
