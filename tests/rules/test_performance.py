"""Performance-target rules PF601–PF613 on small Fujian-shaped documents and on the real Fujian file."""

from __future__ import annotations

from dataclasses import replace as replace_target
from pathlib import Path

import pytest

from yusuan.audit import RULES
from yusuan.audit.engine import audit
from yusuan.extract import extract
from yusuan.model import Finding, Severity
from yusuan.profiles import load
from yusuan.read import read_document, read_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
FUJIAN_FILE = SHARED / "corpus" / "fujian" / "000_2bbe3a14c73fd150.txt"
PROFILE = load("fujian")

Row = tuple[str, str, str, str]  # 一级指标, 二级指标, 三级指标, 目标值

GOOD_ROWS: list[Row] = [
    ("成本指标", "经济成本指标", "人均补助标准", "小于等于 2000 元"),
    ("产出指标", "数量指标", "慰问人才数", "大于等于 100 人"),
    ("", "质量指标", "资金使用合规率", "等于 100%"),
    ("", "时效指标", "资金及时发放率", "大于等于 95%"),
    ("效益指标", "社会效益指标", "受益人数", "大于等于 50 人"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "大于等于 90%"),
]


def target_table(project: str, rows: list[Row], total: str = "670", other: str = "0") -> str:
    """A 项目支出绩效目标表 in the shape of the Fujian sample (TAB-separated, heading above)."""
    lines = [
        f"## {project}绩效目标表",
        "",
        f"项目资金 (万元)\t资金总额:\t\t{total}\t",
        f"\t财政拨款:\t\t{total}\t",
        f"\t其他资金:\t\t{other}\t",
        "总体目标\t鼓励企业引进和培育高层次人才，奖励表彰一批各行业优秀人才。\t\t\t",
        "绩效目标 指标\t一级指标\t二级指标\t三级指标\t目标值",
    ]
    lines += [f"\t{l1}\t{l2}\t{name}\t{value}" for l1, l2, name, value in rows]
    return "\n".join(lines) + "\n"


def gpb_table(project: str) -> str:
    return (
        "## 五、一般公共预算拨款支出预算表\n\n"
        "### 2023 年度一般公共预算拨款支出预算表\n\n"
        "单位：万元\n\n"
        "科目编码\t科目名称\t合计\t其中：\t\n"
        "\t\t\t基本支出\t项目支出\n"
        f"\t合计\t{project}\t\t{project}\n"
        f"2013299\t其他组织事务支出\t{project}\t\t{project}\n"
    )


def document(
    tables: list[str], *, count: int | None = None, funds: str | None = None, gpb_project: str | None = None
) -> str:
    parts = ["# 2023 年度中共福州市鼓楼区组织部部门预算\n"]
    if gpb_project is not None:
        parts.append(gpb_table(gpb_project))
    parts.append("# 2023年度部门预算情况说明\n\n## 七、预算绩效目标情况\n\n### (一) 绩效目标设置情况\n")
    n = len(tables) if count is None else count
    parts.append(f"2023年组织部部门共设置{n}个项目绩效目标，共涉及资金{funds or '670'}万元。\n")
    parts.append("### (二) 绩效目标表及说明\n")
    parts.extend(tables)
    parts.append("### 2. 有关情况说明\n\n本单位无其他需要说明的绩效目标情况。\n")
    return "\n".join(parts)


def one_table(rows: list[Row]) -> str:
    return document([target_table("人才工作经费", rows)])


def run(md: str, code: str) -> list[Finding]:
    d = extract(read_text(md), PROFILE)
    return audit(d, PROFILE, rules=[RULES[code]])


def line_of(md: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(md.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def replace(rows: list[Row], name: str, row: Row) -> list[Row]:
    return [row if r[2] == name else r for r in rows]


def test_good_table_passes_every_indicator_rule() -> None:
    md = document([target_table("人才工作经费", GOOD_ROWS)], gpb_project="670.00")
    d = extract(read_text(md), PROFILE)
    assert len(d.targets) == 1 and len(d.targets[0].indicators) == len(GOOD_ROWS)
    pf = [RULES[c] for c in RULES if c.startswith("PF")]
    assert len(pf) >= 13
    assert audit(d, PROFILE, rules=pf) == []


# -- PF601 ----------------------------------------------------------------------------------------


def test_pf601_sum_of_tables_equals_stated_funds() -> None:
    md = document(
        [target_table("人才工作经费", GOOD_ROWS, "670"), target_table("党建工作专项经费", GOOD_ROWS, "140")],
        funds="810",
    )
    assert run(md, "PF601") == []


def test_pf601_rounding_is_tolerated() -> None:
    # 670.4 + 140.4 = 810.8, stated as 811 (rounded to the 万元): inside the interval
    md = document(
        [
            target_table("人才工作经费", GOOD_ROWS, "670.4"),
            target_table("党建工作专项经费", GOOD_ROWS, "140.4"),
        ],
        funds="811",
    )
    assert run(md, "PF601") == []


def test_pf601_flags_a_different_total() -> None:
    md = document(
        [target_table("人才工作经费", GOOD_ROWS, "670"), target_table("党建工作专项经费", GOOD_ROWS, "140")],
        funds="846",
    )
    [f] = run(md, "PF601")
    assert f.severity is Severity.ERROR
    assert f.expected == "810万元" and f.actual == "846万元"
    assert f.lines == [line_of(md, "共涉及资金"), line_of(md, "资金总额:"), line_of(md, "资金总额:", 2)]
    assert "相差 36万元" in f.message


# -- PF602 ----------------------------------------------------------------------------------------


def test_pf602_count_matches() -> None:
    assert run(one_table(GOOD_ROWS), "PF602") == []


def test_pf602_flags_a_wrong_count() -> None:
    md = document([target_table("人才工作经费", GOOD_ROWS)], count=3)
    [f] = run(md, "PF602")
    assert f.severity is Severity.ERROR
    assert (f.expected, f.actual) == ("1个", "3个")
    assert f.lines[0] == line_of(md, "共设置3个")
    assert f.lines[1] == line_of(md, "资金总额:")


# -- PF603 ----------------------------------------------------------------------------------------


def test_pf603_within_project_spending() -> None:
    md = document([target_table("人才工作经费", GOOD_ROWS, "670")], gpb_project="1,528.00")
    assert run(md, "PF603") == []


def test_pf603_flags_targets_above_project_spending() -> None:
    md = document([target_table("人才工作经费", GOOD_ROWS, "670")], gpb_project="600.00")
    [f] = run(md, "PF603")
    assert f.severity is Severity.WARNING
    assert f.actual == "670.00万元" and f.expected == "不超过 600.00万元"
    assert line_of(md, "\t合计\t600.00") in f.lines and line_of(md, "资金总额:") in f.lines


# -- PF604 ----------------------------------------------------------------------------------------


def test_pf604_percent_in_range_and_ratio_formula_name() -> None:
    rows = [*GOOD_ROWS, ("", "", "满意人数/有效调查人数×100%，抽样调查。", "大于 95%")]
    assert run(one_table(rows), "PF604") == []


def test_pf604_growth_rate_may_exceed_100() -> None:
    rows = replace(GOOD_ROWS, "受益人数", ("效益指标", "经济效益指标", "人才企业产值增长率", "大于等于 120%"))
    assert run(one_table(rows), "PF604") == []


def test_pf604_flags_a_share_above_100() -> None:
    rows = replace(GOOD_ROWS, "资金使用合规率", ("", "质量指标", "资金使用合规率", "大于等于 120%"))
    md = one_table(rows)
    [f] = run(md, "PF604")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "资金使用合规率")]
    assert (f.expected, f.actual) == ("0%～100%", "大于等于 120%")


# -- PF605 ----------------------------------------------------------------------------------------


def test_pf605_ceiling_on_a_reverse_indicator_is_fine() -> None:
    rows = [*GOOD_ROWS, ("", "质量指标", "资金使用差错率", "小于等于 1%"), ("", "", "群众投诉率", "小于 5%")]
    assert run(one_table(rows), "PF605") == []


def test_pf605_flags_ceiling_on_a_floor_indicator() -> None:
    rows = replace(GOOD_ROWS, "资金及时发放率", ("", "时效指标", "资金及时发放率", "小于等于 100%"))
    md = one_table(rows)
    [f] = run(md, "PF605")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "资金及时发放率")]
    assert (f.expected, f.actual) == ("≥100%", "小于等于 100%")


# -- PF606 ----------------------------------------------------------------------------------------


def test_pf606_count_with_count_unit_is_fine() -> None:
    assert run(one_table(GOOD_ROWS), "PF606") == []


def test_pf606_flags_a_count_in_percent() -> None:
    rows = replace(GOOD_ROWS, "慰问人才数", ("产出指标", "数量指标", "慰问人才数", "小于等于 100%"))
    md = one_table(rows)
    [f] = run(md, "PF606")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "慰问人才数")]
    assert f.actual == "小于等于 100%"


def test_pf606_warns_on_a_ratio_with_a_count_unit() -> None:
    rows = [*GOOD_ROWS, ("", "质量指标", "培训覆盖率", "大于等于 10 个")]
    md = one_table(rows)
    [f] = run(md, "PF606")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "培训覆盖率")]
    assert (f.expected, f.actual) == ("%", "大于等于 10 个")


# -- PF607 ----------------------------------------------------------------------------------------


def test_pf607_distinct_names_pass() -> None:
    assert run(one_table(GOOD_ROWS), "PF607") == []


def test_pf607_warns_on_a_plain_repeat() -> None:
    rows = [*GOOD_ROWS, ("", "社会效益指标", "受益人数", "大于等于 50 人")]
    md = one_table(rows)
    [f] = run(md, "PF607")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "受益人数"), line_of(md, "受益人数", 2)]


def test_pf607_errs_on_a_conflicting_repeat() -> None:
    rows = [*GOOD_ROWS, ("效益指标", "社会效益指标", "受益人数", "小于等于 1 个")]
    md = one_table(rows)
    [f] = run(md, "PF607")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "受益人数"), line_of(md, "受益人数", 2)]
    assert f.actual == "大于等于 50 人；小于等于 1 个"


def test_pf607_warns_when_the_repeat_is_under_another_group() -> None:
    # 西安 2021 宣传部: "会议培训费、劳务费 ≥90%" under 质量指标 and "196.6万" under 成本指标
    rows = [*GOOD_ROWS, ("", "质量指标", "会议培训费、劳务费", "大于等于 90%")]
    rows += [("成本指标", "经济成本指标", "会议培训费、劳务费", "196.6万")]
    md = one_table(rows)
    [f] = run(md, "PF607")
    assert f.severity is Severity.WARNING
    assert "分别列于“质量指标”和“经济成本指标”" in f.message


# -- PF608 ----------------------------------------------------------------------------------------


def test_pf608_equal_100_and_growth_pass() -> None:
    rows = [*GOOD_ROWS, ("效益指标", "经济效益指标", "产值同比增长率", "大于等于 100%")]
    assert run(one_table(rows), "PF608") == []


def test_pf608_flags_at_least_100_percent() -> None:
    rows = replace(GOOD_ROWS, "资金使用合规率", ("", "质量指标", "资金使用合规率", "大于等于 100%"))
    md = one_table(rows)
    [f] = run(md, "PF608")
    assert f.severity is Severity.INFO
    assert f.lines == [line_of(md, "资金使用合规率")]
    assert (f.expected, f.actual) == ("=100%", "大于等于 100%")


# -- PF609 ----------------------------------------------------------------------------------------


def test_pf609_input_under_an_input_category_is_fine() -> None:
    rows = [*GOOD_ROWS, ("投入管理指标", "预算执行指标", "预算执行率", "大于等于 95%")]
    assert run(one_table(rows), "PF609") == []


def test_pf609_flags_budget_execution_as_cost() -> None:
    rows = [("成本指标", "经济成本指标", "预算执行率", "大于等于 95%"), *GOOD_ROWS[1:]]
    md = one_table(rows)
    [f] = run(md, "PF609")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "预算执行率")]
    assert f.actual == "成本指标 / 经济成本指标：预算执行率 大于等于 95%"


# -- PF610 ----------------------------------------------------------------------------------------


def test_pf610_output_and_effect_present() -> None:
    assert run(one_table(GOOD_ROWS), "PF610") == []


def test_pf610_flags_a_table_without_effect() -> None:
    rows = [r for r in GOOD_ROWS if r[2] != "受益人数"]
    md = one_table(rows)
    [f] = run(md, "PF610")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "资金总额:")]
    assert f.expected == "效益指标"
    assert "缺少效益指标" in f.message


def test_pf610_a_form_continued_on_the_next_page_is_one_form() -> None:
    # 长沙: the project's row (name, 资金总额) is printed again at the top of the next page
    first = [r for r in GOOD_ROWS if r[0] in ("成本指标", "产出指标") or r[1] in ("质量指标", "时效指标")]
    rest = [r for r in GOOD_ROWS if r not in first]
    md = document([target_table("人才工作经费", first), target_table("人才工作经费", rest)])
    assert run(md, "PF610") == []
    md = document([target_table("人才工作经费", first), target_table("人才工作经费", rest, total="80")])
    assert [f.message for f in run(md, "PF610")] == [  # another 资金总额: two forms
        "“人才工作经费”绩效目标表缺少效益指标",
        "“人才工作经费”绩效目标表缺少产出指标",
    ]


def test_pf601_pf602_wait_for_every_form_to_be_read() -> None:
    # a form read with a doubt (ST411) leaves the sum and the count of the forms unknown
    md = document([target_table("人才工作经费", GOOD_ROWS)], count=2, funds="900")
    assert [f.rule for f in run(md, "PF601") + run(md, "PF602")] == ["PF601", "PF602"]
    d = extract(read_text(md), PROFILE)
    d.targets.append(replace_target(d.targets[0], doubt="找不到指标表头"))
    found = audit(d, PROFILE, rules=[RULES["PF601"], RULES["PF602"]])
    assert not [f for f in found if f.rule in ("PF601", "PF602")]


def test_pf601_pf602_leave_the_whole_department_form_out() -> None:
    # 泉州 政府办: 8 项目 forms and the 部门整体支出绩效目标表 (资金总额 8200.95 = 基本 + 项目支出)
    md = document(
        [target_table("人才工作经费", GOOD_ROWS), target_table("部门整体支出", GOOD_ROWS, total="8200")]
    )
    md = md.replace("共设置2个项目绩效目标", "共设置1个项目绩效目标")
    assert run(md, "PF601") == [] and run(md, "PF602") == []


# -- PF611 ----------------------------------------------------------------------------------------


def test_pf611_qualitative_value_is_fine() -> None:
    rows = [*GOOD_ROWS, ("", "社会效益指标", "人才发展环境", "有效提升")]
    assert run(one_table(rows), "PF611") == []


def test_pf611_flags_a_slash() -> None:
    rows = replace(GOOD_ROWS, "资金使用合规率", ("", "质量指标", "资金使用合规率", "/"))
    md = one_table(rows)
    [f] = run(md, "PF611")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "资金使用合规率")]
    assert f.actual == "/"


def test_pf611_flags_an_empty_cell() -> None:
    rows = replace(GOOD_ROWS, "慰问人才数", ("产出指标", "数量指标", "慰问人才数", ""))
    md = one_table(rows)
    [f] = run(md, "PF611")
    assert f.lines == [line_of(md, "慰问人才数")]
    assert f.actual == "（空）"
    assert "慰问人才数" in f.message


def test_pf611_none_is_the_target_of_a_reverse_indicator() -> None:
    # 长沙: "群众投诉事件 | 无 | 无群众投诉事件 | 定性"
    rows = [*GOOD_ROWS, ("", "社会效益指标", "群众投诉事件", "无")]
    assert run(one_table(rows), "PF611") == []
    # 长沙 部门整体: "行政管理职能正常完成 | 定性 | 无": written, but nothing to hold the unit to
    rows = [*GOOD_ROWS, ("", "社会效益指标", "行政管理职能正常完成", "无")]
    [f] = run(one_table(rows), "PF611")
    assert (f.actual, f.severity) == ("无", Severity.WARNING)


def test_pf611_a_group_heading_is_no_indicator() -> None:
    # 西安 2021: "生态效益指标" with neither 三级指标 nor 目标值 only heads an empty group
    rows = [*GOOD_ROWS, ("", "生态效益指标", "", ""), ("", "可持续影响指标", "-", "-")]
    assert run(one_table(rows), "PF611") == []


# -- PF612 ----------------------------------------------------------------------------------------


def test_pf612_high_satisfaction_is_fine() -> None:
    assert run(one_table(GOOD_ROWS), "PF612") == []


def test_pf612_flags_satisfaction_below_60() -> None:
    rows = replace(
        GOOD_ROWS, "服务对象满意度", ("满意度指标", "服务对象满意度指标", "服务对象满意度", "大于等于 5%")
    )
    md = one_table(rows)
    [f] = run(md, "PF612")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "服务对象满意度\t")]
    assert f.actual == "大于等于 5%"


# -- PF613 ----------------------------------------------------------------------------------------


def test_pf613_zero_on_a_reverse_indicator_is_fine() -> None:
    rows = [*GOOD_ROWS, ("", "质量指标", "安全事故发生率", "等于 0%")]
    assert run(one_table(rows), "PF613") == []


def test_pf613_flags_a_floor_of_zero() -> None:
    rows = replace(GOOD_ROWS, "慰问人才数", ("产出指标", "数量指标", "慰问人才数", "大于等于 0 人"))
    md = one_table(rows)
    [f] = run(md, "PF613")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "慰问人才数")]
    assert (f.expected, f.actual) == ("大于0的目标值", "大于等于 0 人")


# -- the real Fujian document ---------------------------------------------------------------------


@pytest.mark.skipif(
    not FUJIAN_FILE.exists(), reason="../shared/corpus is not available outside the workspace"
)
def test_fujian_sample() -> None:
    d = extract(read_document(FUJIAN_FILE), PROFILE)
    found = audit(d, PROFILE, rules=[r for c, r in RULES.items() if c.startswith("PF")])
    by = {(f.rule, min(f.lines)): f for f in found}

    pf601 = by[("PF601", 451)]
    assert pf601.lines == [451, 459, 473, 488, 502]
    assert (pf601.expected, pf601.actual) == ("1,480万元", "1,516万元")
    assert by[("PF605", 468)].actual == "小于等于 100%"
    assert by[("PF606", 466)].severity is Severity.ERROR
    pf607 = by[("PF607", 465)]
    assert pf607.lines == [465, 469] and pf607.severity is Severity.ERROR

    errors = {(f.rule, line) for f in found if f.severity is Severity.ERROR for line in f.lines}
    assert errors == {("PF601", n) for n in (451, 459, 473, 488, 502)} | {
        ("PF605", 468), ("PF606", 466), ("PF607", 465), ("PF607", 469),
    }  # fmt: skip
    # 484 "满意人数/有效调查人数×100%，抽样调查。 大于 95%" is consistent: nothing points at it
    assert not [f for f in found if 484 in f.lines]
    assert {min(f.lines) for f in found if f.rule == "PF609"} == {464, 479, 493, 507}
    assert {min(f.lines) for f in found if f.rule == "PF608"} == {467, 494, 496, 497, 510, 511}
    assert not [f for f in found if f.rule in ("PF602", "PF603", "PF604", "PF610", "PF611", "PF612", "PF613")]
