"""Consistency rules WD720–WD724 on small literal documents: for each a case that fires and near
misses that must not (the phrasings real disclosures use and that are right)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yusuan.audit import RULES
from yusuan.audit.engine import audit
from yusuan.extract import extract
from yusuan.model import Disclosure, Finding, Indicator, Money, Provenance, Severity, TargetTable, Unit
from yusuan.profiles import load
from yusuan.read import read_text

PROFILE = load("fujian")
DEPT_TITLE = "# 2026 年度中共福州市鼓楼区组织部部门预算"
UNIT_TITLE = "# 泉州市市场监管综合监测与技术保障中心2026年度单位预算"


def doc(*paragraphs: str, title: str = DEPT_TITLE, part: str = "# 2026年度部门预算情况说明") -> str:
    """A title, the explanation part heading, one sub-heading and the given paragraphs."""
    parts = [title, part, "### (一) 收入预算情况", *paragraphs]
    return "\n\n".join(parts) + "\n"


def run(md: str, code: str) -> list[Finding]:
    d = extract(read_text(md, "doc.md"), PROFILE)
    return audit(d, PROFILE, rules=[RULES[code]])


def line_of(md: str, needle: str) -> int:
    return next(i for i, line in enumerate(md.splitlines(), 1) if needle in line)


def test_rules_are_registered_with_docstrings() -> None:
    for code in ("WD720", "WD721", "WD722", "WD723", "WD724"):
        assert RULES[code].doc and "示例：" in RULES[code].doc and "依据：" in RULES[code].doc


# -- WD720 the year compared with -----------------------------------------------------------------


def test_wd720_flags_a_comparison_with_two_years_back() -> None:
    text = "2026年，组织部部门收入预算为1,510.34万元，比2024年增加120.67万元，主要原因是人员增加。"
    md = doc(text)
    [f] = run(md, "WD720")
    assert f.severity is Severity.ERROR  # the sentence names the budget year
    assert f.lines == [line_of(md, "比2024年")]
    assert f.actual == "2024年" and f.expected == "2025年（上年）"


def test_wd720_without_a_subject_year_is_a_warning() -> None:
    [f] = run(doc("“三公”经费预算5.30万元，较2024年预算减少1.00万元。"), "WD720")
    assert f.severity is Severity.WARNING


def test_wd720_flags_last_year_named_wrongly() -> None:
    md = doc(
        "2026年收入预算为1,510.34万元，比上年（2024年）预算增加120.67万元。",
        "2024年（上一年度）“三公”经费预算为5.30万元。",
    )
    found = run(md, "WD720")
    assert [(f.lines, f.actual) for f in found] == [
        ([line_of(md, "上年（2024年）")], "2024年"),
        ([line_of(md, "2024年（上一年度）")], "2024年"),
    ]


def test_wd720_near_misses_pass() -> None:
    md = doc(
        "2026年收入预算为1,510.34万元，比上年增加120.67万元，与2025年相比增长8.7%。",
        "支出预算1,510.34万元，比2025年（上一年度，下同）预算增加120.67万元；“三公”经费与2025年持平。",
        "2024年预算执行数比2023年增加50.00万元。",  # a sentence about other years
        "到2026年底，全区森林覆盖率比2020年提高2个百分点。",  # not money: any base year
        "2024年与2025年预算安排情况对比如下。",  # 与 joins two years
        "机关运行经费72.46万元，比2024年决算数减少1.00万元。",  # the last closed 决算
        "全市一般公共预算收入达到500亿元，较2023年增长12%。",  # the region's statistics
        "项目总投资3,000万元，比2020年规划增加500万元。",  # the base year of a plan
    )
    assert run(md, "WD720") == []


# -- WD721 what the document calls itself ---------------------------------------------------------


def test_wd721_flags_a_unit_budget_heading_calling_itself_a_department_budget() -> None:
    md = doc("单位收入预算为1,468.70万元。", title=UNIT_TITLE, part="# 第三部分 2026年度部门预算情况说明")
    [f] = run(md, "WD721")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "第三部分")]
    assert f.expected == "单位预算" and f.actual == "部门预算"


def test_wd721_flags_a_department_budget_heading_calling_itself_a_unit_budget() -> None:
    md = doc("收入预算为1,510.34万元。", part="# 第二部分 2026年度单位预算表")
    [f] = run(md, "WD721")
    assert f.expected == "部门预算" and f.actual == "单位预算"


def test_wd721_flags_a_sentence_opening_with_the_wrong_kind() -> None:
    md = doc(
        "2026年单位预算安排购置单价100万元（含）以上设备0台（套）。",
        "2026年部门预算安排购置车辆0辆，其中：一般公务用车0辆；部门预算安排购置设备0台。",
        title=UNIT_TITLE,
        part="# 第三部分 2026年度单位预算情况说明",
    )
    [f] = run(md, "WD721")
    assert f.lines == [line_of(md, "2026年部门预算安排购置车辆")]
    assert f.actual == "部门预算"


def test_wd721_department_words_in_a_unit_budget_pass() -> None:
    md = "\n\n".join(
        [
            UNIT_TITLE,
            "# 第一部分 单位概况",
            "## 二、部门预算单位构成",
            "## 2026年预算单位一般公共预算基本支出部门预算经济分类预算表",
            "# 第三部分 2026年度单位预算情况说明",
            "本单位预算纳入市场监督管理局部门预算管理，部门预算包括所属事业单位预算。",
            "2026年，本单位将深化部门预算改革，2026年单位预算安排购置车辆0辆。",
            "2026年本部门预算收入1,468.70万元。",  # whose budget, not which document
        ]
    )
    assert run(md + "\n", "WD721") == []


def test_wd721_kind_from_headings_when_the_title_is_missing() -> None:
    md = "\n\n".join(
        [
            "# 第一部分 单位概况",
            "# 第二部分 2026年度单位预算表",
            "# 第三部分 2026年度单位预算情况说明",
            "# 第四部分 2026年度部门预算编制说明",
            "收入预算为1,468.70万元。",
        ]
    )
    [f] = run(md + "\n", "WD721")
    assert f.actual == "部门预算" and f.lines == [line_of(md, "第四部分")]


def test_wd721_a_tie_is_broken_by_whose_overview_it_is() -> None:
    md = "\n\n".join(
        [
            "# 第一部分 单位概况",
            "## 一、单位主要职责",
            "# 第二部分 2026年度单位预算表",
            "# 第三部分 2026年度部门预算情况说明",
            "收入预算为1,468.70万元。",
        ]
    )
    [f] = run(md + "\n", "WD721")
    assert f.actual == "部门预算" and f.lines == [line_of(md, "第三部分")]


def test_wd721_an_even_split_without_other_evidence_is_left_alone() -> None:
    md = "\n\n".join(["# 第二部分 2026年度单位预算表", "# 第三部分 2026年度部门预算情况说明", "收入1万元。"])
    assert run(md + "\n", "WD721") == []


# -- WD722 its own 决算 ----------------------------------------------------------------------------


def test_wd722_flags_the_budget_years_final_accounts() -> None:
    md = doc("收入预算为1,510.34万元。", part="# 第三部分 2026年度部门决算情况说明")
    [f] = run(md, "WD722")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "2026年度部门决算")]


def test_wd722_flags_a_level_word_or_a_body_before_final_accounts() -> None:
    md = doc("按照2026年度市级部门决算要求编制。", "详见2026年度湖州市财政局部门决算表。")
    found = run(md, "WD722")
    assert sorted(f.lines[0] for f in found) == [line_of(md, "市级部门决算"), line_of(md, "湖州市财政局")]


def test_wd722_last_years_final_accounts_pass() -> None:
    md = doc(
        "机关运行经费72.46万元，比2025年决算数减少1.00万元。",
        "“三公”经费：纳入财政预决算管理的“三公”经费，是指使用财政拨款安排的支出。",
        "2026年完成上年度部门决算编制工作，负责编制全市财政总决算、部门决算。",
        "2026年将继续做好部门决算公开工作，指导各单位做好部门决算。",
        "2026年预算执行和2025年决算情况良好。",
    )
    assert run(md, "WD722") == []


def test_wd722_a_final_accounts_document_is_left_alone() -> None:
    md = "\n\n".join(
        [
            "# 2025年度中共福州市鼓楼区组织部部门决算",
            "# 第二部分 2025年度部门决算表",
            "# 第三部分 2025年度部门决算情况说明",
            "2025年度收入决算1,510.34万元。",
        ]
    )
    assert run(md + "\n", "WD722") == []
    assert run(md + "\n", "WD720") == []


# -- WD723 percentages on a zero base -------------------------------------------------------------


def test_wd723_flags_a_percentage_on_a_zero_base() -> None:
    md = doc("其中：公务接待费5.00万元，比上年增加5.00万元，增长100.00%。")
    [f] = run(md, "WD723")
    assert f.severity is Severity.WARNING
    assert set(f.lines) == {line_of(md, "公务接待费")}
    assert f.actual == "100.00%"


def test_wd723_flags_a_percentage_on_a_stated_zero_base() -> None:
    md = doc(
        "2.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”60.13万元，主要用于统计管理。"
        "2025年当年预算执行数为0万元，2026年预算安排60.13万元，比2025年预算执行数增加100.00%。"
    )
    found = run(md, "WD723")
    assert [f.actual for f in found] == ["100.00%"]


def test_wd723_zero_to_zero_is_information() -> None:
    [f] = run(doc("公务用车购置费0.00万元，比上年增加0.00万元，增长0.00%，与上年持平。"), "WD723")
    assert f.severity is Severity.INFO


def test_wd723_percentages_on_a_nonzero_base_pass() -> None:
    md = doc(
        "公务接待费5.00万元，比上年增加2.00万元，增长66.67%。",
        "公务用车运行维护费0万元，比上年减少3.00万元，下降100%。",
        "2025年当年预算执行数为54.60万元，2026年预算安排53.84万元，比2025年预算执行数减少1.39%。",
    )
    assert run(md, "WD723") == []


# -- WD724 dates before the budget year -----------------------------------------------------------


def _with_target(text: str, name: str = "项目完成时间", level2: str = "时效指标") -> Disclosure:
    src = Provenance("doc.md", line=40)
    ind = Indicator("产出指标", level2, name, None, None, None, text, src)
    funds = Money(Decimal("20.00"), Unit.WAN, 2)
    table = TargetTable("实施公车统管费用", funds, funds, None, "保障部门正常运转。", [ind], src)
    return Disclosure("doc.md", "fujian", title="2026年烟台市民政局部门预算", year=2026, targets=[table])


def test_wd724_flags_a_completion_date_before_the_budget_year() -> None:
    d = _with_target("2025年12月31日")
    [f] = audit(d, PROFILE, rules=[RULES["WD724"]])
    assert f.severity is Severity.WARNING
    assert f.lines == [40] and f.actual == "2025年12月31日"


@pytest.mark.parametrize(
    ("text", "name", "level2"),
    [
        ("2026年12月31日前", "项目完成时间", "时效指标"),
        ("2025年1月至2027年12月", "项目实施周期", "时效指标"),  # a multi-year project
        ("较2024年提高", "资金到位时间", "时效指标"),  # not a date
        ("2025年12月31日", "服务对象人数", "数量指标"),  # not a time indicator
        ("2025年12月底前完成招标，2026年完成建设", "项目完成时间", "时效指标"),
    ],
)
def test_wd724_near_misses_in_targets_pass(text: str, name: str, level2: str) -> None:
    assert audit(_with_target(text, name, level2), PROFILE, rules=[RULES["WD724"]]) == []


def test_wd724_flags_a_period_that_ended_and_a_future_balance_date() -> None:
    md = doc(
        "实施周期：2024年1月1日至2025年12月31日。",
        "截至2026年12月31日，组织部部门共有车辆0辆。",
    )
    found = run(md, "WD724")
    assert sorted(f.lines[0] for f in found) == [line_of(md, "实施周期"), line_of(md, "截至2026年12月")]


def test_wd724_dates_in_the_past_and_usual_balance_dates_pass() -> None:
    md = doc(
        "2019年9月29日，西安市机构编制委员会办公室发文调整机构。",
        "截至2025年12月31日，组织部部门共有车辆0辆。截至2026年1月31日，本部门固定资产金额51.28万元。",
        "实施周期：2026年1月1日至2026年12月31日。",
        "财政拨款结转是指项目实施周期内，年度预算执行结束时，预算未全部执行的资金。",
        "截至2026年12月底，完成全区党员培训3000人次。",  # a target, not a balance
    )
    assert run(md, "WD724") == []
