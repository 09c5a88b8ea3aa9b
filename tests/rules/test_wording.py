"""Wording rules WD701–WD708 on small Fujian-shaped narratives and on the real Fujian file."""

from __future__ import annotations

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

GOOD = (
    "按照综合预算的原则，部门所有收入和支出均纳入部门预算管理。2023年，组织部部门收入预算为2,161.77万元，"
    "比上年减少83.3万元，主要原因是专项资金的减少。"
)


def narrative(*paragraphs: str, heading: str = "### (二) 政府采购情况") -> str:
    """A title, the part-three heading, one sub-heading and the given paragraphs (blank-line separated)."""
    parts = ["# 2023 年度中共福州市鼓楼区组织部部门预算", "# 2023年度部门预算情况说明", heading, *paragraphs]
    return "\n\n".join(parts) + "\n"


def run(md: str, code: str) -> list[Finding]:
    d = extract(read_text(md), PROFILE)
    return audit(d, PROFILE, rules=[RULES[code]])


def line_of(md: str, needle: str) -> int:
    return next(i for i, line in enumerate(md.splitlines(), 1) if needle in line)


def test_clean_narrative_passes_every_wording_rule() -> None:
    md = narrative(
        GOOD,
        "单位：万元",
        "2023 年，组织部部门政府采购预算总额 4.60 万元，其中：政府采购货物预算 4.6 万元、政府采购工程预算 0 万元。",
        "主要支出项目(按项级科目分类统计)包括：",
        "（一）人员经费 550.40 万元，主要包括：基本工资、津贴补贴、奖金、因公出国（境）费用。",
        "本部门“三公”经费与上年持平，主要原因是：公务用车由区机关中心统一安排。",
        "比上年增加12万元，主要原因是：",
        "（一）人员增加；（二）物业管理费调整。",
    )
    wd = [RULES[c] for c in RULES if c.startswith("WD")]
    assert len(wd) >= 8
    d = extract(read_text(md), PROFILE)
    assert audit(d, PROFILE, rules=wd) == []


# -- WD701 ----------------------------------------------------------------------------------------


def test_wd701_numbers_and_units_in_words_pass() -> None:
    md = narrative(
        "单位价值 50 万元以上通用设备 0 台，金额以万元为单位，折合数万元，按每名党员每年不低于100元标准安排。",
        "财政拨款收入：指财政当年拨付的资金，包括五十万元以内的一般公共预算拨款收入。",
    )
    assert run(md, "WD701") == []


def test_wd701_flags_a_unit_without_its_number() -> None:
    text = "2023 年，组织部部门政府采购预算总额万元，其中：政府采购货物预算 4.6 万元。"
    md = narrative(text)
    [f] = run(md, "WD701")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "预算总额万元")]
    assert f.actual == "预算总额万元"


@pytest.mark.parametrize("mark", ["XX", "××", "＊＊", "某某", "【】", "（ ）"])
def test_wd701_flags_placeholders(mark: str) -> None:
    md = narrative(f"2023年，组织部部门机关运行经费支出{mark}万元，比上年增加1.22万元。")
    found = run(md, "WD701")
    assert found and found[0].actual == mark
    assert found[0].lines == [line_of(md, "机关运行经费")]


# -- WD702 ----------------------------------------------------------------------------------------


def test_wd702_balanced_and_mixed_width_brackets_pass() -> None:
    md = narrative(
        "主要支出项目(按项级科目分类统计)包括：(一）行政运行；“三公”经费；《关于〈意见〉的通知》【2017】。",
        "主要措施：1）加强管理；2）压减开支。",
    )
    assert run(md, "WD702") == []


def test_wd702_flags_a_lone_closing_quote() -> None:
    text = "本部门 2023 年度没有使用国有资本经营预算拨款安排的支出”"
    md = narrative(GOOD, text)
    [f] = run(md, "WD702")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "国有资本经营")]
    assert f.actual == "多出右双引号（”）"


def test_wd702_flags_an_unclosed_bracket() -> None:
    md = narrative("因公出国（境经费0万元，与上年持平。")
    [f] = run(md, "WD702")
    assert f.actual == "多出左括号（（）"


# -- WD703 ----------------------------------------------------------------------------------------


def test_wd703_single_marks_pass() -> None:
    assert run(narrative(GOOD, "收入合计2,161.77万元。"), "WD703") == []


def test_wd703_flags_doubled_marks() -> None:
    md = narrative("比上年减少83.3万元，，主要原因是专项资金的减少。。")
    found = run(md, "WD703")
    assert [f.actual for f in found] == ["，，", "。。"]
    assert all(f.severity is Severity.WARNING and f.lines == [line_of(md, "83.3")] for f in found)


# -- WD704 ----------------------------------------------------------------------------------------


def test_wd704_terminated_paragraphs_notes_and_titles_pass() -> None:
    md = narrative(
        GOOD,
        "组织部部门的主要职责是：",
        "备注：本部门 2023 年没有使用政府性基金预算拨款安排的支出",
        "2023年度一般公共预算“三公”经费支出预算表",
        "其他用车主要用于机要通信和应急保障（详见附表）。",
        "这是一段以引号结束的句子，引用的是“关于推进乡镇党校建设的意见。”",
    )
    assert run(md, "WD704") == []


def test_wd704_numbered_title_lines_of_a_table_of_contents_pass() -> None:
    # a 目录 going on over a page without page numbers: its lines read as paragraphs, two run together
    md = narrative(
        GOOD,
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "八、政府性基金预算财政拨款收入支出决算情况说明九、国有资本经营预算财政拨款收入支出决算情况说明",
        "（三）一般公共预算财政拨款支出决算具体情况",
    )
    assert run(md, "WD704") == []
    # a table's title listing with 、 (西安 公开09表)
    assert run(narrative(GOOD, "公开09表 财政拨款“三公”经费及会议费、培训费支出决算表"), "WD704") == []
    # a numbered sentence is still one
    md = narrative(
        GOOD, "六、本部门本年度无政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出"
    )
    assert [f.rule for f in run(md, "WD704")] == ["WD704"]


def test_wd704_flags_a_paragraph_without_final_mark() -> None:
    text = "本部门 2023 年度没有使用国有资本经营预算拨款安排的支出”"
    md = narrative(GOOD, text)
    [f] = run(md, "WD704")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "国有资本经营")]
    assert (f.expected, f.actual) == ("以“。”结束", "以“””结束")


# -- WD705 ----------------------------------------------------------------------------------------


def test_wd705_reason_given_or_listed_next_passes() -> None:
    md = narrative(
        "与上年持平，主要原因是：没有此项目的安排。",
        "比上年增加12万元，主要原因是：",
        "（一）人员增加；（二）物业管理费调整。",
    )
    assert run(md, "WD705") == []


@pytest.mark.parametrize(
    ("text", "actual"),
    [
        ("比上年减少83.3万元，主要原因是：。", "主要原因是：。"),
        ("比上年减少83.3万元，主要原因是等原因。", "主要原因是等原因"),
        ("与上年相比支出下降100%，主要原因是", "主要原因是"),
    ],
)
def test_wd705_flags_a_missing_reason(text: str, actual: str) -> None:
    md = narrative(text, "本部门无其他需要说明的事项。")
    [f] = run(md, "WD705")
    assert f.severity is Severity.ERROR
    assert f.lines == [line_of(md, "比上年" if "比上年" in text else "下降100%")]
    assert f.actual == actual


# -- WD706 ----------------------------------------------------------------------------------------


def test_wd706_single_reason_passes() -> None:
    assert run(narrative("主要原因是人员增加。", "主要是人员增加等原因。"), "WD706") == []


def test_wd706_flags_reason_said_twice() -> None:
    md = narrative(GOOD, "主要原因是人员增加等原因。")
    [f] = run(md, "WD706")
    assert f.severity is Severity.INFO
    assert f.lines == [line_of(md, "人员增加等原因")]
    assert (f.expected, f.actual) == ("主要原因是人员增加", "主要原因是人员增加等原因")


# -- WD707 ----------------------------------------------------------------------------------------


def test_wd707_resolved_direction_passes() -> None:
    md = narrative("机关运行经费支出55.88万元，比上年增加1.22万元（增幅2.23%），增加2.23%。")
    assert run(md, "WD707") == []


@pytest.mark.parametrize("leftover", ["（增加）", "增加（减少）", "增加/减少"])
def test_wd707_flags_a_template_direction(leftover: str) -> None:
    md = narrative(f"2023年，机关运行经费支出55.88万元，比上年{leftover}1.22万元，增加2.23%。")
    [f] = run(md, "WD707")
    assert f.severity is Severity.WARNING
    assert f.lines == [line_of(md, "55.88")]
    assert f.actual == leftover


# -- WD708 ----------------------------------------------------------------------------------------


def test_wd708_half_width_between_digits_and_ascii_passes() -> None:
    md = narrative("收入预算为2,161.77万元，其中：基本支出633.77万元(含人员经费)。")
    assert run(md, "WD708") == []


def test_wd708_flags_half_width_comma_between_chinese() -> None:
    md = narrative("通过政府补助方式,鼓励企业引进和培育高层次人才;降低企业人才成本。")
    [f] = run(md, "WD708")
    assert f.severity is Severity.INFO
    assert f.lines == [line_of(md, "政府补助")]
    assert (f.expected, f.actual) == ("，", ",")
    assert "2处" in f.message


# -- the real Fujian document ---------------------------------------------------------------------


@pytest.mark.skipif(
    not FUJIAN_FILE.exists(), reason="../shared/corpus is not available outside the workspace"
)
def test_fujian_sample() -> None:
    d = extract(read_document(FUJIAN_FILE), PROFILE)
    found = audit(d, PROFILE, rules=[r for c, r in RULES.items() if c.startswith("WD")])
    got = {(f.rule, line) for f in found for line in f.lines}
    assert ("WD701", 528) in got
    assert ("WD702", 421) in got and ("WD704", 421) in got
    assert ("WD707", 522) in got
    assert {f.actual for f in found if f.rule == "WD707"} == {"（增加）"}
    assert {f.actual for f in found if f.rule == "WD701"} == {"预算总额万元"}
    # the only errors are the missing procurement total; 401 and 524 are only the redundant 等原因
    assert [(f.rule, f.lines) for f in found if f.severity is Severity.ERROR] == [("WD701", [528])]
    assert {(f.rule, f.lines[0]) for f in found if f.severity is Severity.INFO} == {
        ("WD706", 401),
        ("WD706", 524),
    }
    assert len(found) == 6
