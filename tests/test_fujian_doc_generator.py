"""Tests of the consistent Fujian-shape disclosure generator (tests/support/fujian_doc.py)."""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

try:
    from tests.support import fujian_doc as fd
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from support import fujian_doc as fd  # type: ignore[no-redef]

from yusuan.model.money import Money, ratio_interval

CORPUS_DOC = Path(__file__).resolve().parents[2] / "shared/corpus/fujian/000_2bbe3a14c73fd150.txt"
AMOUNT_TEXT = re.compile(r"^(0|[1-9]\d{0,2}(,\d{3})*\.\d{2}|0\.\d{2})$")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def D(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal("0.00")


@pytest.fixture(scope="module")
def example() -> tuple[fd.Scenario, fd.Rendered]:
    s = fd.example_scenario()
    return s, fd.render(s)


def table(r: fd.Rendered, title: str) -> list[list[str]]:
    return fd.iter_table_rows(r.text, title)


def line_with(r: fd.Rendered, needle: str) -> str:
    hits = [line for line in r.lines if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# --- helpers used by the property tests ----------------------------------------------------------


def check_spots(r: fd.Rendered) -> None:
    lines = r.lines
    assert r.amounts
    seen: set[tuple[int, int]] = set()
    for spot in r.amounts:
        line = lines[spot.line - 1]
        assert line[spot.start : spot.end] == spot.text, spot
        assert AMOUNT_TEXT.match(spot.text), spot
        assert spot.key, spot
        # an amount is never glued to other digits
        before = line[spot.start - 1] if spot.start else ""
        after = line[spot.end] if spot.end < len(line) else ""
        assert not before.isdigit() and before not in ",." and not after.isdigit(), (spot, line)
        assert (spot.line, spot.start) not in seen
        seen.add((spot.line, spot.start))
    keys = [s.key for s in r.amounts]
    assert len(keys) == len(set(keys)), "spot keys are unique"


def check_tables(s: fd.Scenario, r: fd.Rendered) -> None:
    facts = s.facts
    gpb = sum((f.amount for f in facts if f.source == "gpb"), Decimal(0))
    total = sum((f.amount for f in facts), Decimal(0))

    summary = table(r, "、收支预算总表")
    totals = summary[-1]
    assert D(totals[1]) == D(totals[3]) == total
    assert sum((D(row[1]) for row in summary[2:-1]), Decimal(0)) == total
    assert sum((D(row[3]) for row in summary[2:-1]), Decimal(0)) == total

    income = table(r, "二、收入预算总表")
    assert income[1][0] == "合计"
    assert D(income[1][2]) == total
    for row in income[1:]:
        assert D(row[2]) == sum((D(c) for c in row[3:]), Decimal(0)), row
    for col in range(2, len(income[0])):
        assert D(income[1][col]) == sum((D(row[col]) for row in income[2:]), Decimal(0))

    expense = table(r, "三、支出预算总表")
    for row in expense[1:]:
        assert D(row[2]) == sum((D(c) for c in row[3:]), Decimal(0)), row

    t5 = table(r, "五、一般公共预算拨款支出预算表")
    assert t5[2][1] == "合计" and D(t5[2][2]) == gpb
    assert D(t5[2][3]) + D(t5[2][4]) == gpb
    assert sum((D(row[2]) for row in t5[3:]), Decimal(0)) == gpb

    t8 = table(r, "八、一般公共预算支出经济分类情况表")
    assert D(t8[1][2]) == gpb == sum((D(row[2]) for row in t8[2:]), Decimal(0))

    t9 = table(r, "九、一般公共预算基本支出经济分类情况表")
    basic_gpb = sum((f.amount for f in facts if f.source == "gpb" and f.kind == "basic"), Decimal(0))
    assert D(t9[1][2]) == basic_gpb == D(t5[2][3])
    lei: dict[str, Decimal] = {}
    kuan: dict[str, Decimal] = defaultdict(Decimal)
    for row in t9[2:]:
        code = row[0].removeprefix("<b>").removesuffix("</b>")
        if len(code) == 3:
            lei[code] = D(row[2])
        else:
            kuan[code[:3]] += D(row[2])
    assert lei == {c: kuan[c] for c in lei}
    assert sum(lei.values(), Decimal(0)) == basic_gpb

    t10 = {row[0]: D(row[1]) for row in table(r, "十、一般公共预算“三公”经费支出预算表")[1:]}
    assert t10["合计"] == t10["1、因公出国（境）费用"] + t10["2、公务接待费"] + t10["3、公务用车购置及运行费"]
    assert t10["3、公务用车购置及运行费"] == t10["其中：（1）公务用车购置费"] + t10["（2）公务用车运行费"]


def check_narrative(s: fd.Scenario, r: fd.Rendered) -> None:
    by_key = {spot.key: D(spot.text) for spot in r.amounts}
    f = r.figures
    assert by_key["n.income.total"] == by_key["t1.income.total"] == f["income.total"]
    assert (
        by_key["n.income.change"]
        == by_key["n.expense.change"]
        == abs(f["income.total"] - s.last_year_income_total)
    )
    assert by_key["n.basic.total"] == by_key["n.personnel"] + by_key["n.public"] == by_key["t9.total"]
    assert by_key["n.personnel"] == by_key["t9.301"] + by_key.get("t9.303", Decimal(0))
    gpb_codes = [k for k in by_key if re.fullmatch(r"n\.gpb\.\d{7}", k)]
    assert (
        sum((by_key[k] for k in gpb_codes), Decimal(0)) == by_key["n.gpb.total"] == by_key["t5.total.total"]
    )
    n_targets = len(s.targets)
    funds = [by_key[f"n.perf.{i}.total"] for i in range(1, n_targets + 1)]
    assert sum(funds, Decimal(0)) == by_key["n.perf.funds"]
    for i in range(1, n_targets + 1):
        assert by_key[f"n.perf.{i}.total"] == by_key[f"n.perf.{i}.fiscal"] + by_key[f"n.perf.{i}.other"]
    assert by_key["n.procurement.total"] == (
        by_key["n.procurement.goods"] + by_key["n.procurement.works"] + by_key["n.procurement.services"]
    )
    assert (
        by_key["n.sangong.vehicle"]
        == by_key["n.sangong.vehicle_running"] + by_key["n.sangong.vehicle_purchase"]
    )
    # every stated percentage equals 100·|Δ|/last, half-up
    for claim in r.claims:
        if claim.percent is not None:
            assert claim.percent == fd.pct(claim.change, claim.last)
            assert f"{claim.percent:.2f}%" in r.text


def check_claims_pinned(r: fd.Rendered) -> None:
    """A 1.00 edit of a written current amount or |change| contradicts the stated percentage."""
    half = Decimal("0.005")
    for claim in r.claims:
        if claim.percent is None or claim.change == 0:
            continue
        edits = [(claim.current, abs(claim.change) + 1), (claim.current, abs(claim.change) - 1)]
        if not claim.current_pinned:  # otherwise the table catches an edit of the current amount
            edits += [(claim.current + 1, abs(claim.change)), (claim.current - 1, abs(claim.change))]
        for cur, mag in edits:
            if cur < 0 or mag < 0:
                continue
            signed = mag if claim.change > 0 else -mag
            interval = ratio_interval(Money(signed), Money(cur))
            if interval is None:
                continue  # the edited sentence implies a non-positive last year: detectable
            lo, hi = interval
            assert not (lo - half <= claim.percent <= hi + half), (claim, cur, mag)


# --- the example ---------------------------------------------------------------------------------


def test_example_table_five_total_is_sum_of_gpb_facts(example):
    s, r = example
    gpb = sum((f.amount for f in s.facts if f.source == "gpb"), Decimal(0))
    start = r.lines.index("## 五、一般公共预算拨款支出预算表")
    line = next(line for line in r.lines[start:] if line.startswith("\t合计\t"))
    m = re.match(r"^\t合计\t([\d,]+\.\d{2})\t([\d,]*\.?\d*)\t([\d,]*\.?\d*)$", line)
    assert m is not None
    assert D(m.group(1)) == gpb == Decimal("1330.34")
    assert D(m.group(2)) + D(m.group(3)) == gpb


def test_example_consistency(example):
    s, r = example
    check_spots(r)
    check_tables(s, r)
    check_narrative(s, r)
    check_claims_pinned(r)


def test_example_has_required_features(example):
    s, r = example
    assert s.sangong.abroad and s.sangong.reception and s.sangong.vehicle
    assert any(f.source == "gov_fund" for f in s.facts)
    assert len({f.func_code[:3] for f in s.facts}) >= 2
    assert len({f.func_code[:5] for f in s.facts}) >= 3
    assert {f.econ_code[:3] for f in s.facts if f.source == "gpb"} >= {"301", "302", "303", "310"}
    assert len(s.targets) == 3
    # R12-style: 三公 items are at least the matching basic lines
    basic = defaultdict(Decimal)
    for f in s.facts:
        if f.kind == "basic" and f.source == "gpb":
            basic[f.econ_code] += f.amount
    assert s.sangong.abroad >= basic["30212"] and s.sangong.reception >= basic["30217"]
    assert s.sangong.vehicle_running >= basic["30231"]
    # R14-style: 机关运行经费 ≤ 公用经费
    assert s.admin_running <= r.figures["public"]


def test_example_sentences(example):
    _, r = example
    assert line_with(r, "收入预算为").startswith(
        "按照综合预算的原则，部门所有收入和支出均纳入部门预算管理。2024年，文旅局部门收入预算为1,510.34万元，"
        "比上年增加120.67万元，主要原因是政府性基金项目的增加。其中：一般公共预算拨款收入1,330.34万元、"
        "政府性基金预算拨款收入180.00万元、国有资本经营预算拨款收入0万元、"
    )
    assert line_with(r, "一般公共预算拨款支出1,").startswith(
        "2024年度一般公共预算拨款支出1,330.34万元，比上年增加90.67万元，增长7.31%，主要原因是"
    )
    assert "(一) 2070101-行政运行(文化和旅游)545.64万元。主要用于" in r.text
    assert "2024 年度一般公共预算拨款基本支出 1,041.34 万元，其中：" in r.lines
    assert (
        "2024年预算安排5.30万元。主要用于上级部门及兄弟单位来区调研考察的接待工作。"
        "比上年减少2.30万元，下降30.26%，主要原因是：厉行节约，压减接待次数。"
    ) in r.lines
    assert "2024年文旅局部门共设置3个项目绩效目标，共涉及资金469.00万元。" in r.lines
    assert (
        "2024年，文旅局部门一般公共预算拨款安排的机关运行经费支出72.46万元，比上年增加5.66万元，增长8.47%。"
        "主要原因是人员增加及物业管理费调整。"
    ) in r.lines
    assert "截至 2023 年 12 月 31 日" in r.text and "2024 年部门预算安排购置车辆 0 辆。" in r.text
    assert "备注：本部门 2024 年没有使用国有资本经营预算拨款安排的支出。" in r.lines
    assert "本部门 2024 年度没有使用国有资本经营预算拨款安排的支出。" in r.lines


def test_spots_exclude_thresholds_years_and_percentages(example):
    _, r = example
    texts = {(spot.line, spot.start) for spot in r.amounts}
    for i, line in enumerate(r.lines, 1):
        for m in re.finditer(r"单位价值 (50|100) 万元", line):
            assert (i, m.start(1)) not in texts
        for m in re.finditer(r"\d+(\.\d+)?%", line):
            assert (i, m.start()) not in texts


def test_render_is_deterministic():
    a = fd.render(fd.example_scenario())
    b = fd.render(fd.example_scenario())
    assert a.text == b.text and a.amounts == b.amounts


def test_empty_sangong_and_gov_fund_notes(example):
    s, _ = example
    s2 = fd.example_scenario()
    s2.facts = [f for f in s.facts if f.source != "gov_fund"]
    s2.targets = [t for t in s.targets if t.project != "文化设施配套建设项目"]
    s2.sangong = fd.SanGong()
    s2.sangong_last = fd.SanGong()
    r = fd.render(s2)
    check_spots(r)
    t6 = table(r, "六、政府性基金预算拨款支出预算表")
    assert t6[-1] == ["合计", "", "0", "0", "0"]
    assert "备注：本部门 2024 年没有使用政府性基金预算拨款安排的支出。" in r.lines
    assert "备注：本部门2024年没有一般公共预算安排的“三公”经费支出。" in r.lines
    assert (
        "2024年预算安排0万元。主要用于安排干部赴港澳地区开展文化交流。与上年持平，主要原因是：恢复对外文化交流活动。"
        in (r.lines)
    )
    t10 = table(r, "十、一般公共预算“三公”经费支出预算表")
    assert [row[1] for row in t10[1:]] == ["0"] * 6


# --- arithmetic helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "last", "expected"),
    [
        ("0.01", "1.60", "0.63"),  # 0.625 rounds half-up (banker's rounding would give 0.62)
        ("-0.01", "1.60", "0.63"),
        ("1.22", "54.66", "2.23"),
        ("-83.30", "2245.07", "3.71"),
        ("1", "3", "33.33"),
        ("2", "3", "66.67"),
        ("-4.20", "4.20", "100.00"),
    ],
)
def test_pct_rounds_half_up(change, last, expected):
    assert fd.pct(Decimal(change), Decimal(last)) == Decimal(expected)
    assert str(fd.pct(Decimal(change), Decimal(last))) == expected


def test_formatting():
    assert fd.fmt(Decimal("2161.77")) == "2,161.77"
    assert fd.fmt(Decimal("0.00")) == "0"
    assert fd.fmt_cell(Decimal("0")) == ""
    assert fd.fmt_cell(Decimal("1516")) == "1,516.00"
    assert [fd.cn_number(n) for n in (1, 10, 11, 20, 25)] == ["一", "十", "十一", "二十", "二十五"]
    assert fd.xiang_name("2013201") == "行政运行（组织事务）"
    assert fd.xiang_name("2013201", narrative=True) == "行政运行(组织事务)"
    assert fd.xiang_name("2013299") == "其他组织事务支出"


def test_detectable():
    assert fd.detectable(Decimal("6.00"), Decimal("2.00"))
    assert not fd.detectable(Decimal("0.00"), Decimal("-5.00"))  # this year 0: any change gives 100%
    assert not fd.detectable(Decimal("4000.00"), Decimal("0.50"))  # too small a change on a large base


def test_invalid_scenarios_are_refused():
    s = fd.example_scenario()
    s.facts = [*s.facts, fd.FactLine("9999999", "30101", "basic", "gpb", Decimal("1.00"))]
    with pytest.raises(ValueError, match="functional"):
        fd.render(s)
    s = fd.example_scenario()
    s.facts = [*s.facts, fd.FactLine("2013201", "30101", "project", "gpb", Decimal("1.00"))]
    with pytest.raises(ValueError, match="project"):
        fd.render(s)


# --- the shape of the real document --------------------------------------------------------------


@pytest.mark.skipif(not CORPUS_DOC.exists(), reason="../shared/corpus is not present")
def test_mirrors_the_real_document_shape(example):
    _, r = example
    real = CORPUS_DOC.read_text(encoding="utf-8").split("\n")
    # table header rows of the real document, verbatim
    headers = [line for line in real if line.startswith(("科目编码\t", "项目\t预算数", "收入\t\t支出"))]
    for h in headers:
        assert h in r.lines, h
    # table subtitles: same text once the year is replaced
    subtitles = [line.lstrip("#").strip() for line in real if re.match(r"^#+ 2023 ?年度.*表", line)]
    ours = {line.lstrip("#").strip() for line in r.lines}
    for t in subtitles:
        assert t.replace("2023", "2024") in ours, t
    # the row labels of the summary table, the 三公 table and the basic-expenditure table
    labels = {line.split("\t")[0] for line in real if "\t" in line}
    ours_labels = {line.split("\t")[0] for line in r.lines if "\t" in line}
    for label in (
        "一、一般公共预算拨款收入",
        "<b>收入合计</b>",
        "1、因公出国（境）费用",
        "其中：（1）公务用车购置费",
        "<b>301</b>",
        "30101",
        "39999",
        "项目资金 (万元)",
        "绩效目标 指标",
    ):
        assert label in labels and label in ours_labels, label


# --- random scenarios ----------------------------------------------------------------------------


@SETTINGS
@given(fd.scenario_strategy())
def test_every_generated_scenario_is_consistent(s):
    r = fd.render(s)
    assert r.amounts
    check_spots(r)
    check_tables(s, r)
    check_narrative(s, r)
    check_claims_pinned(r)
    # every project has a target and a positive fund; the targets cover all project spending
    projects = {f.project for f in s.facts if f.project}
    assert projects == {t.project for t in s.targets}
    assert r.figures["perf.funds"] == r.figures["expense.project"]
    assert s.admin_running <= r.figures["public"]
    assert all(Decimal("0.01") <= f.amount <= Decimal("5000") for f in s.facts)
    # the income change is never zero, so the income and expense sentences carry a change amount
    assert r.figures["income.total"] != s.last_year_income_total


@SETTINGS
@given(fd.scenario_strategy())
def test_generated_render_is_deterministic(s):
    assert fd.render(s) == fd.render(s)
