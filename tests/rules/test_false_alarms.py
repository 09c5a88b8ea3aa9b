"""Wordings real disclosures use that are right, each of which a rule once reported as a defect
(the national corpus: Hangzhou, Zhuhai, Guangzhou). Each test also keeps the rule firing on the
near miss that is a real defect, so that a fix cannot silence the rule."""

from __future__ import annotations

from tests.support.fujian_doc import example_scenario, render
from yusuan.audit import RULES, audit
from yusuan.audit.rules.text import _reason_direction
from yusuan.extract import extract
from yusuan.model import Direction, Finding
from yusuan.profiles import load
from yusuan.read import read_text

PROFILE = load("fujian")
BASE = render(example_scenario()).text
INCOME = "收入预算为1,510.34万元，比上年增加120.67万元，主要原因是政府性基金项目的增加。"


def findings(text: str, code: str) -> list[Finding]:
    return audit(extract(read_text(text, "example.md"), PROFILE), PROFILE, rules=[RULES[code]])


# -- TX308: the direction of a reason -------------------------------------------------------------


def test_a_reason_with_a_comparison_both_ways_has_no_direction() -> None:
    # Hangzhou: 公务用车运行维护费 down because the share of electric cars rose and they cost less
    assert _reason_direction("新能源汽车数量占比提高，运行维护费低于燃油车辆") is None
    assert _reason_direction("人员增加") is Direction.UP
    assert _reason_direction("车辆维修支出减少") is Direction.DOWN


def test_a_reason_saying_nothing_changed_has_no_direction() -> None:
    # Zhuhai fills every line of its template: “比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化”
    assert _reason_direction("与上年持平，无增减变化") is None
    assert _reason_direction("无增减变化") is None


def test_tx308_is_silent_on_an_increase_of_zero() -> None:
    assert INCOME in BASE
    zero = BASE.replace(INCOME, "收入预算为1,510.34万元，比上年增加0万元，主要原因是压减一般性支出。")
    assert findings(zero, "TX308") == []
    down = BASE.replace(INCOME, "收入预算为1,510.34万元，比上年增加120.67万元，主要原因是压减一般性支出。")
    assert [f.rule for f in findings(down, "TX308")] == ["TX308"]


# -- ST410: the totals the explanation states -----------------------------------------------------


def test_st410_reads_a_total_with_a_thousands_separator() -> None:
    # Hangzhou: “2026年收入预算99,230.46万元，比上年执行数增加…”, which the national profile reads
    # as no claim: the wording itself must satisfy the rule
    national = load("national")

    def st410(sentence: str) -> list[str]:
        md = (
            "# 杭州市司法局2026年度部门预算\n\n## 二、部门预算安排情况说明\n\n（二）收入预算情况说明\n\n"
            f"{sentence}\n\n（三）支出预算情况说明\n\n2026年支出预算99,230.46万元。\n\n"
            + "按照综合预算的原则，本部门所有收入和支出均纳入部门预算管理，收入包括一般公共预算收入。\n\n"
            * 3
        )
        d = extract(read_text(md, "x.md"), national)
        return [f.message for f in audit(d, national, rules=[RULES["ST410"]])]

    assert st410("2026年收入预算99,230.46万元，比上年执行数增加7,331.92万元。") == []
    # Xi'an: “2022年本部门预算收入1899.9万元”; Chongqing: “（一）收入预算：2026年年初预算数186549.30万元”
    assert st410("2022年本部门预算收入1899.9万元，其中一般公共预算拨款收入1899.9万元。") == []
    assert st410("（一）收入预算：2026年年初预算数186,549.30万元，其中：一般公共预算拨款1.00万元。") == []
    # a part of the income is not its total
    assert st410("2026年一般公共预算收入99,230.46万元。") == ["情况说明中没有找到收入预算总额的表述"]
    assert st410("2026年收入比上年执行数增加7,331.92万元。") == ["情况说明中没有找到收入预算总额的表述"]


# -- ST405: the 目录 against the body ----------------------------------------------------------------


def test_st405_takes_a_table_worded_a_little_differently_for_its_entry() -> None:
    from yusuan.audit.rules.structure import _bare, _near

    # Changsha: 目录 “1、部门收支总表” heads the table “2026年部门收支总体情况表”
    assert _near(_bare("1、部门收支总表"), {_bare("部门收支总体情况表")})
    # Xi'an: “六、部门预算“三公”经费等情况说明” heads “六、部门预算“三公”经费等预算情况说明”
    assert _near(_bare("六、“三公”经费等情况说明"), {_bare("六、“三公”经费等预算情况说明")})
    # a section the body lacks is still missing
    assert not _near(_bare("四、人员情况说明"), {_bare("三、收支总体情况"), _bare("五、名词解释")})


# -- WD702: brackets --------------------------------------------------------------------------------


def test_wd702_pairs_a_bracket_the_reader_broke_across_two_lines() -> None:
    md = (
        "# 2026 年度中共福州市鼓楼区组织部部门预算\n\n"
        "一般公共预算拨款支出（按部门预算支出经\n\n100000\n\n济科目分）金额（万元）\n\n"
        "另一段文字（没有闭合。\n\n下一段文字说明了别的事情。\n"
    )
    got = findings(md, "WD702")
    assert [f.message.split("：")[0] for f in got] == ["段落（第9行）括号不成对，多出左括号（（）"]
    # the same two lines as two sentences are two defects
    md = md.replace("支出经", "支出经。")
    assert len(findings(md, "WD702")) == 3


# -- WD704: paragraphs that end a sentence -----------------------------------------------------------


def test_wd704_passes_fields_and_table_titles_but_not_a_cut_sentence() -> None:
    md = (
        "# 2026 年度中共福州市鼓楼区组织部部门预算\n\n"
        "单位名称：福州市鼓楼区委组织部机关本级\n\n"
        "单位主要负责人审签情况：已审签\n\n"
        "联系电话：0591-87654321\n\n"
        "（三）提升重大战略、重大活动气象保障服务能力\n\n"
        "8.助力乡村振兴。9.助力生态西安建设。\n\n"
        "本部门2026年没有使用国有资本经营预算拨款安排的支出，住房补贴随之增加\n"
    )
    got = findings(md, "WD704")
    assert [f.message.split("：")[0] for f in got] == ["段落（第13行）未以句末标点结束"]


def test_a_table_title_with_a_note_in_brackets_is_a_title() -> None:
    from yusuan.audit.rules.wording import _title_like

    assert _title_like("2022年部门综合预算一般公共预算拨款“三公”经费会议费培训费表（不含上年结转）", None)
    assert not _title_like("本部门没有使用国有资本经营预算拨款安排的支出（详见附表）", None)


def test_a_missing_reason_is_reported_once_by_wd705_not_again_by_wd704() -> None:
    # 烟台: “…比上年减少2.7万元，下降9.88％。主要原因是” and the next paragraph lists the 三公 items
    md = (
        "# 2026 年度中共福州市鼓楼区组织部部门预算\n\n"
        "“三公”经费预算共24.62万元，比上年减少2.7万元，下降9.88％。主要原因是\n\n"
        "### 二、机关运行经费\n\n"
        "机关运行经费支出55.88万元，与上年持平。\n"
    )
    assert findings(md, "WD704") == []
    assert [f.rule for f in findings(md, "WD705")] == ["WD705"]


def test_digits_after_a_letter_or_a_point_are_not_an_amount() -> None:
    # “1e999999万元” is no amount of 999,999万元 (it would be compared with the table as one)
    md = BASE.replace("部门收入预算为1,510.34万元", "部门收入预算为1e999999万元")
    d = extract(read_text(md, "example.md"), PROFILE)
    values = [c.value.value for c in d.claims if c.subject == "income_total" and c.value is not None]
    assert 999999 not in values
    assert [f.rule for f in findings(md, "TX301") if "999,999" in f.message] == []
