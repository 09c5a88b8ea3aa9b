"""The 决算 rules (FN8xx) and the 决算 claims they read.

The passing case is a consistent 决算 in the national layout (``final_example.md``: the example 决算 built by
``yusuan build examples/putuo_street_final_2024.yaml -p national_final``, rendered to Markdown and kept here
as a fixed input): no finding of any rule. Each failing case changes it in one place and expects the rule
to fire there, with the figure it should be and the one printed. Small texts cover the Shanghai wording.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import RULES, audit
from yusuan.extract.claims import FinalClaim
from yusuan.model import Direction, Disclosure, Finding, Severity
from yusuan.pipeline import read_disclosure
from yusuan.profiles import Profile
from yusuan.read import read_text

BASE = (Path(__file__).parent / "final_example.md").read_text(encoding="utf-8")


def _read(text: str, profile: str = "national_final") -> tuple[Disclosure, Profile]:
    d, chosen = read_disclosure(read_text(text, "final.md"), profile)
    return d, chosen.profile


def findings(text: str, code: str | None = None, profile: str = "national_final") -> list[Finding]:
    d, spec = _read(text, profile)
    return audit(d, spec, rules=[RULES[code]] if code else None)


def mutate(text: str, anchor: str, old: str, new: str) -> tuple[str, int]:
    """Replace ``old`` by ``new`` on the first line holding ``anchor``; the text and that line's number."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if anchor in line)
    assert old in lines[i], f"{old!r} not in line {i + 1}"
    lines[i] = lines[i].replace(old, new, 1)
    return "\n".join(lines), i + 1


def test_the_example_final_is_clean() -> None:
    """The passing case of every rule: a consistent 决算 has no finding at all."""
    d, _ = _read(BASE)
    assert d.final and d.document == "部门决算"
    assert [(f.rule, f.message) for f in findings(BASE)] == []


CASES = [
    # rule, anchor, old, new, expected, actual, severity
    ("FN801", "4、卫生健康支出（类）", "102.57%", "104.57%", "102.57%", "104.57%", Severity.ERROR),
    # 1,945.63 ÷ 1,950.00 = 99.7759%: 99.77% is cut, not rounded
    ("FN801", "5、城乡社区支出（类）城乡社区管理事务（款）行政运行", "99.78%", "99.77%", "99.78%", "99.77%", Severity.INFO),
    ("FN802", "一般公共预算财政拨款支出年初预算为", "完成年初预算数的100.82%", "完成年初预算数的99.71%",
     "完成全年预算的99.71%", "完成年初预算的99.71%", Severity.ERROR),
    ("FN803", "1、文化旅游体育与传媒支出", "决算数小于年初预算数", "决算数大于年初预算数",
     "决算数小于预算数", "决算数大于预算数", Severity.ERROR),
    ("FN804", "5、城乡社区支出（类）城乡社区管理事务（款）行政运行", "决算数小于年初预算数的主要原因：厉行节约，压减日常公用经费。",
     "", None, None, Severity.WARNING),
    ("FN805", "财政拨款安排“三公”经费支出预算22.91万元", "减少2.21万元", "减少2.31万元", "减少2.21", "-2.31",
     Severity.ERROR),
    ("FN806", "本年支出合计4,387.81万元", "占82.34%", "占80.34%", "82.34%", "80.34%", Severity.ERROR),
    ("FN806", "本年支出合计4,387.81万元", "占82.34%", "占82.33%", "82.34%", "82.33%", Severity.INFO),
    ("FN806", "占本年支出合计的93.97%", "93.97%", "95.97%", "93.97%", "95.97%", Severity.ERROR),
    ("FN806", "主要用于以下方面", "占83.96%", "占85.96%", "83.96%", "85.96%", Severity.ERROR),
    # the 中小企业 amount changed, its share of the 政府采购合同总额 left as it was
    ("FN806", "政府采购授予中小企业合同金额", "532.90万元", "560.00万元", "86.00%", "81.83%", Severity.ERROR),
    ("FN807", "年初结转和结余85.00万元，收入决算200.00万元", "年末结转和结余25.00万元", "年末结转和结余35.00万元",
     "25.00", "35.00", Severity.ERROR),
    ("FN807", "<b>212</b>\t<b>城乡社区支出</b>\t85.00", "\t25.00", "\t35.00", "25.00", "35.00", Severity.ERROR),
    ("FN808", "本年收入合计\t27\t4,328.01", "4,328.01", "4,338.01", "4,328.01", "4,338.01", Severity.ERROR),
    ("FN809", "公务接待费\t1.35\t0.96", "1.35", "2.35", "23.91", "22.91", Severity.ERROR),
    ("FN811", "政府采购授予中小企业合同金额", "532.90万元", "732.90万元", "≤ 651.20万元", "732.90万元",
     Severity.ERROR),
    ("FN812", "共有车辆7辆", "截至2024年12月31日", "截至2023年12月31日", "截至2024年12月31日", "截至2023年12月31日",
     Severity.ERROR),
    ("FN813", "2024年度收入支出总计4,414.66万元", "上海市", "2024年部门预算安排支出4,387.81万元。上海市", None, None,
     Severity.WARNING),
    ("FN814", "绩效评级为“优”的项目2个", "绩效评级为“优”的项目2个", "绩效评级为“优”的项目1个", "3", "2",
     Severity.ERROR),
    ("FN814", "平均得分95.67分", "95.67分", "105.67分", "≤ 100", "105.67", Severity.ERROR),
    ("FN815", "共有车辆7辆", "执法执勤用车3辆", "执法执勤用车4辆", "7", "8", Severity.ERROR),
    ("FN817", "年末财政拨款结转和结余\t60", "\t1.65\t", "\t2.65\t", "1.65", "2.65", Severity.ERROR),
    ("FN816", "安排公务接待费预算1.35万元", "预算1.35万元", "预算1.53万元", "1.35", "1.53万元", Severity.ERROR),
    ("FN816", "年初结转和结余85.00万元，收入决算200.00万元", "年初结转和结余85.00万元", "年初结转和结余95.00万元",
     "85.00", "95.00万元", Severity.ERROR),
]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "anchor", "old", "new", "expected", "actual", "severity"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_a_planted_error_is_found_at_its_place(
    code: str, anchor: str, old: str, new: str, expected: str | None, actual: str | None, severity: Severity
) -> None:
    text, line = mutate(BASE, anchor, old, new)
    got = findings(text, code)
    assert got, f"{code} did not fire"
    f = got[0]
    assert f.severity is severity
    assert line in f.lines, (line, f.lines, f.message)
    if expected is not None:
        assert (f.expected, f.actual) == (expected, actual), f.message


def test_fn802_does_not_double_as_fn801() -> None:
    text, _ = mutate(
        BASE, "一般公共预算财政拨款支出年初预算为", "完成年初预算数的100.82%", "完成年初预算数的99.71%"
    )
    assert [f.rule for f in findings(text) if f.rule.startswith("FN80")] == ["FN802"]


def test_fn810_counts_of_a_reception_are_asked_for() -> None:
    text, _ = mutate(
        BASE, "共接待国内来访团组12个", "共接待国内来访团组12个，来宾86人次，其中：接待外宾0批次、0人次。", ""
    )
    got = findings(text, "FN810")
    assert [f.severity for f in got] == [Severity.WARNING]
    assert "公务接待" in got[0].message


def test_budget_rules_of_income_against_expense_do_not_apply_to_a_final() -> None:
    """XT203–XT206 compare this year's income with its spending, which a 决算 does not balance."""
    d, spec = _read(BASE)
    assert d.tables["gov_fund"].rows  # 年初 85.00 + 收入 200.00 − 支出 260.00 = 年末 25.00
    for code in ("XT203", "XT204", "XT205", "XT206", "TX306"):
        assert audit(d, spec, rules=[RULES[code]]) == []


# -- the Shanghai wording, on small texts -----------------------------------------------------------

HEAD = "# 上海市普陀区测试局2024年度部门决算\n\n## 第三部分 上海市普陀区测试局2024年度部门决算情况说明\n\n"
GPB = (
    "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。"
    "决算数小于预算数的主要原因：人员经费支出数小于预算数。\n\n"
)
ITEMS = (
    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。全年预算为52.00万元，"
    "支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数的主要原因：人员变动引起实际支出低于预算。\n\n"
    "2、一般公共服务支出（类）社会工作事务（款）事业运行（项）。主要用于：事业单位人员支出。全年预算为17.68万元，"
    "支出决算为11.31万元。决算数小于全年预算数的主要原因：单位2024年新成立，人员变动，按实际支出。\n\n"
)
SME = (
    "## （二）政府采购支出情况\n\n"
    "上海市普陀区测试局2024年度政府采购金额（以合同签订为准）为21.07万元，其中：货物采购金额21.07万元、"
    "工程采购金额0万元、服务采购金额0万元。\n\n"
    "2024年度本部门面向中小企业预留政府采购项目预算金额21.07万元。在面向中小企业预留的政府采购项目中，由中小企业"
    "供应商中标或成交的，采购金额21.07万元；在面向小微企业预留政府采购项目中，由小微企业供应商中标或成交的，采购金额"
    "21.07万元；在其他政府采购项目中，由中小企业供应商中标或成交的，采购金额{other}万元。\n\n"
)


def _small(body: str) -> tuple[Disclosure, list[Finding]]:
    d, spec = _read(HEAD + body, "shanghai_final")
    return d, audit(d, spec)


def _codes(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.rule == code]


def test_the_outturn_sentence_is_read_with_its_budgets_rate_and_reason() -> None:
    d, _ = _small(GPB + ITEMS)
    gpb = d.claims[0]
    assert isinstance(gpb, FinalClaim) and gpb.subject == "gpb.total"
    assert gpb.value is not None and gpb.value.value == Decimal("307.82")  # the 决算数, not the budget
    assert gpb.initial is not None and gpb.initial.value == 0
    assert gpb.full is not None and gpb.full.value == Decimal("321.02")
    assert gpb.rate is not None and (gpb.rate.value, gpb.rate_base) == (Decimal("95.89"), "年初")
    assert gpb.versus_reason == "人员经费支出数小于预算数"
    item = d.claims[2]
    assert isinstance(item, FinalClaim) and item.subject.endswith("事业运行")  # from the paragraph's 类/款/项
    assert item.value is not None and item.value.value == Decimal("11.31")
    assert item.full is not None and item.full.value == Decimal("17.68") and item.rate is None


def test_fn802_a_rate_said_of_a_zero_initial_budget() -> None:
    """The 社会工作部 2024 决算: 95.89% = 307.82 ÷ 321.02 (全年预算), called 完成年初预算 (年初预算 0)."""
    _, found = _small(GPB + ITEMS)
    got = _codes(found, "FN802")
    assert len(got) == 1 and "年初预算为 0万元" in got[0].message
    assert (got[0].expected, got[0].actual) == ("完成全年预算的95.89%", "完成年初预算的95.89%")
    assert _codes(found, "FN801") == [] and _codes(found, "FN803") == [] and _codes(found, "FN804") == []


def test_fn802_passes_the_right_base() -> None:
    _, found = _small(GPB.replace("完成年初预算的", "完成全年预算的") + ITEMS)
    assert [f.rule for f in found if f.rule.startswith("FN")] == []


def test_fn803_prints_compare_as_printed() -> None:
    """2.22 is less than 2.23 as printed: "决算数小于预算数" is right, "持平" is not."""
    item = (
        "6、卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）。主要用于：行政单位医疗保险支出。全年预算为2.23万元，"
        "支出决算为2.22万元，完成全年预算数的99.55%。决算数{word}全年预算数{tail}\n\n"
    )
    _, found = _small(item.format(word="小于", tail="的主要原因：人员变动。"))
    assert _codes(found, "FN803") == []
    _, found = _small(item.format(word="与", tail="持平。"))
    assert [(f.expected, f.actual) for f in _codes(found, "FN803")] == [
        ("决算数小于预算数", "决算数等于（持平）预算数")
    ]


def test_fn811_small_firms_awarded_more_than_was_procured() -> None:
    _, found = _small(SME.format(other="0.00"))
    assert _codes(found, "FN811") == []
    _, found = _small(SME.format(other="21.07"))  # 社会工作部 2024: the other projects are 21.07 − 21.07 = 0
    got = _codes(found, "FN811")
    assert len(got) == 1 and got[0].actual == "42.14万元" and got[0].expected == "≤ 21.07万元"


def test_a_change_that_restates_its_subject_is_a_change() -> None:
    """ "与2023年度相比，收入支出总计增加1062.85万元" is the total's change, not a second total."""
    body = (
        "上海市普陀区测试局2024年度收入支出总计9859.38万元。与2023年度相比，收入支出总计增加1062.85万元，增长12.08%。"
        "主要原因：项目支出增加，较上一度增加1133.95万元，主要由于办公大楼装修等。\n\n"
    )
    d, found = _small(body)
    assert [(c.subject, c.value.value if c.value else None) for c in d.claims] == [
        ("income_total", Decimal("9859.38"))
    ]  # the amounts of the reason are not statements
    claim = d.claims[0]
    assert claim.change is not None and claim.change.value == Decimal("1062.85")
    assert claim.percent is not None and claim.percent.value == Decimal("12.08")
    assert _codes(found, "TX304") == [] and _codes(found, "TX307") == []
    _, found = _small(body.replace("增长12.08%", "增长13.08%"))
    assert len(_codes(found, "TX304")) == 1


def test_the_parts_of_a_breakdown_said_twice_count_once() -> None:
    """The 三公 parts listed with their 完成率 and again with their shares add up once (0.39, not 0.78)."""
    body = (
        "“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元，完成预算的13.68%，其中：因公出国（境）费决算为"
        "0.00万元，完成预算的0.00%；公务用车购置及运行维护费支出决算为0.00万元，完成预算的0.00%；公务接待费支出决算为"
        "0.39万元，完成预算的13.68%。2024年度“三公”经费支出决算数小于预算数的主要原因：严格落实中央八项规定。\n\n"
        "“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0.00万元，占0.00%；公务用车购置及运行维护费支出决算"
        "0.00万元，占0.00%；公务接待费支出决算0.39万元，占100.00%。\n\n"
    )
    d, found = _small(body)
    total = d.claims[0]
    assert isinstance(total, FinalClaim) and total.value is not None and total.value.value == Decimal("0.39")
    assert total.initial is not None and total.initial.value == Decimal("2.85")
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == []
    _, found = _small(body.replace("占100.00%", "占10.00%"))
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == ["FN806"]


def test_a_budget_is_read_as_before() -> None:
    """The 决算 phrasings are read only for a template of document: final."""
    text = "# 测试局2024年部门预算\n\n## 情况说明\n\n一般公共预算拨款支出年初预算为10.00万元，支出决算为9.00万元。\n"
    d, _ = read_disclosure(read_text(text, "budget.md"), "national")
    assert not d.final
    assert all(not isinstance(c, FinalClaim) for c in d.claims)


def test_what_is_left_alone() -> None:
    """No guess: a rate naming a budget not stated, a look back in a narrative of progress, a project's
    budget, and a part the breakdown names beyond 基本/项目支出."""
    body = (
        "一般公共预算财政拨款支出全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。"
        "决算数小于预算数的主要原因：人员经费支出数小于预算数。\n\n"
        "截至2023年底，已建成社区服务站12个。2024年预算安排社区服务项目300.00万元，用于服务站运营。\n\n"
        "本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出182.24万元，占59.20%；"
        "经营支出20.00万元，占6.50%。\n\n"
    )
    _, found = _small(body)
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == []


def test_fn812_the_closing_balance_of_the_wrong_year() -> None:
    body = "截至2023年12月31日，上海市普陀区测试局共有车辆2辆，其中：执法执勤用车1辆、其他用车1辆。\n\n"
    _, found = _small(body)
    got = _codes(found, "FN812")
    assert [(f.severity, f.expected, f.actual) for f in got] == [
        (Severity.ERROR, "截至2024年12月31日", "截至2023年12月31日")
    ]


def test_other_provinces_wording() -> None:
    """收、支总计; "完成年初预算100%，决算数大于预算数55.93万元" (the gap said with the direction word); a
    change of a total with its reason (TX309 asks for one)."""
    body = (
        "2024年度收、支总计均为1523.26万元。\n\n"
        "本单位财政拨款收入总计1516.64万元，与上年相比减少58.49万元，降低3.71%，主要原因是人员减少。其中：一般公共预算财政拨款收入"
        "1486.64万元，政府性基金预算财政拨款收入30.00万元。\n\n"
        "一般公共预算财政拨款支出年初预算为1685.82万元，支出决算为1741.75万元，完成年初预算的103.32%，"
        "决算数大于预算数55.93万元，主要原因：职工工资调标。\n\n"
    )
    d, found = _small(body)
    subjects = [(c.subject, c.value.value if c.value else None) for c in d.claims]
    assert subjects[:2] == [("income_total", Decimal("1523.26")), ("fiscal_total", Decimal("1516.64"))]
    gpb = d.claims[-1]
    assert isinstance(gpb, FinalClaim) and gpb.gap is not None and gpb.gap.value == Decimal("55.93")
    assert gpb.versus_reason == "职工工资调标"
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == []
    _, found = _small(body.replace("大于预算数55.93万元", "大于预算数65.93万元"))
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == ["FN805"]


def test_tx303_a_list_with_a_part_of_no_known_subject_is_not_summed() -> None:
    body = (
        "本年收入合计307.82万元，其中：财政拨款收入287.82万元，占93.50%；非同级财政拨款收入20.00万元，占6.50%。\n\n"
        "本年支出合计307.82万元，其中：基本支出105.58万元，占34.30%；项目支出202.24万元，占65.70%。\n\n"
    )
    _, found = _small(body)
    assert _codes(found, "TX303") == []
    _, found = _small(body.replace("项目支出202.24万元", "项目支出212.24万元"))
    assert len(_codes(found, "TX303")) == 1


def test_fn805_a_gap_said_without_the_word_jue_suan() -> None:
    body = "“三公”经费财政拨款支出预算为10.00万元，支出决算为8.00万元，完成预算的80.00%，较预算减少{gap}万元。\n\n"
    d, found = _small(body.format(gap="2.00"))
    claim = d.claims[0]
    assert isinstance(claim, FinalClaim) and claim.gap is not None and claim.gap.value == Decimal("-2.00")
    assert _codes(found, "FN805") == []
    _, found = _small(body.format(gap="3.00"))
    assert [(f.expected, f.actual) for f in _codes(found, "FN805")] == [("减少2.00", "-3.00")]


def test_flat_against_the_budget_is_not_a_change_on_last_year() -> None:
    body = "机关运行经费预算为45.00万元，支出决算为{b}万元，完成预算的{p}%，与预算{w}。\n\n"
    d, found = _small(body.format(b="45.00", p="100.00", w="持平"))
    claim = d.claims[0]
    assert isinstance(claim, FinalClaim) and claim.versus is Direction.FLAT and claim.direction is None
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == []
    _, found = _small(body.format(b="44.00", p="97.78", w="持平"))
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == ["FN803", "FN804"]  # and no reason given
    _, found = _small(body.format(b="44.90", p="99.78", w="基本持平"))
    assert [f.rule for f in found if f.rule[:2] in ("FN", "TX")] == []


def test_st410_the_totals_said_together() -> None:
    """ "收入总计、支出总计均为X万元" states both totals of a 决算."""
    _, found = _small("2022年度收入总计、支出总计均为2,480,372.70万元。\n\n")
    assert _codes(found, "ST410") == []


def test_an_item_whose_name_is_not_read_is_not_the_one_before() -> None:
    """Items in one paragraph: a later item whose name is not read does not give its figures to the item
    before it; a 项 name with a bracket inside (中医（民族）医院) is read."""
    body = (
        "1.卫生健康支出（类）公立医院（款）综合医院（项）。年初预算41225.36万元，支出决算69978.46万元，完成年初预算的"
        "169.75%，决算数大于年初预算数的主要原因是：追加预算；2.卫生健康支出（类）公立医院（款）中医（民族）医院（项）。"
        "年初预算4379.61万元，支出决算19028.68万元，完成年初预算的434.48%，决算数大于年初预算数的主要原因是：追加预算；"
        "3.公立医院的其他支出。年初预算10.00万元，支出决算12.00万元，完成年初预算的120.00%。\n\n"
    )
    d, _ = _small(body)
    outturns = [(c.subject, c.value.value if c.value else None) for c in d.claims]
    assert outturns == [
        ("funcname:卫生健康支出/公立医院/综合医院", Decimal("69978.46")),
        ("funcname:卫生健康支出/公立医院/中医（民族）医院", Decimal("19028.68")),
        ("final.unnamed", Decimal("12.00")),
    ]


def test_every_final_rule_has_a_planted_case() -> None:
    """Each FN rule is documented (an example defect and its basis) and has a failing case here."""
    planted = {c[0] for c in CASES} | {"FN810"}  # FN810: test_fn810_counts_of_a_reception_are_asked_for
    planted |= {"FN818", "FN819"}  # the 基本支出 groups: tests/rules/test_final_basic_groups.py
    finals = {code for code in RULES if code.startswith("FN")}
    assert finals == planted
    for code in finals:
        assert "示例：" in RULES[code].doc and "依据：" in RULES[code].doc, code
