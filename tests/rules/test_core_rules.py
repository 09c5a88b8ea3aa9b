"""A passing and a failing case for every rule of the arithmetic, cross-table, text, structure and
code families. The passing case is the consistent example disclosure (no finding at all); each
failing case changes it in one place and expects the rule to fire at that place."""

from __future__ import annotations

import re

import pytest

from tests.support.fujian_doc import example_scenario, render
from yusuan.audit import RULES, audit
from yusuan.extract import extract
from yusuan.model import Finding
from yusuan.profiles import load
from yusuan.read import read_text

PROFILE = load("fujian")
BASE = render(example_scenario()).text


def findings(text: str, code: str | None = None) -> list[Finding]:
    d = extract(read_text(text, "example.md"), PROFILE)
    rules = [RULES[code]] if code else None
    return audit(d, PROFILE, rules=rules)


def mutate(text: str, anchor: str, old: str, new: str, occurrence: int = 0) -> tuple[str, int]:
    """Replace `old` by `new` on the occurrence-th line containing `anchor`; return text and that line."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if anchor in line]
    assert len(hits) > occurrence, f"anchor {anchor!r} not found {occurrence + 1} times"
    i = hits[occurrence]
    assert old in lines[i], f"{old!r} not in line {i + 1}: {lines[i]!r}"
    lines[i] = lines[i].replace(old, new, 1)
    return "\n".join(lines), i + 1


def test_example_is_clean() -> None:
    """The passing case of every rule: a consistent disclosure has no finding of any rule."""
    assert [(f.rule, f.message) for f in findings(BASE)] == []


CASES = [
    # rule, anchor, occurrence, old, new
    ("AR101", "2070104\t图书馆\t328.19", 1, "70.20", "71.20"),  # 支出总表 row
    ("AR102", "合计\t\t1,510.34\t1,330.34", 0, "1,510.34", "1,511.34"),  # 收入总表 total
    ("AR104", "30101\t基本工资", 0, "244.47", "245.47"),
    ("AR105", "一、一般公共预算拨款收入\t1,330.34", 0, "1,330.34", "1,331.34"),
    ("AR106", "十九、住房保障支出\t66.05", 0, "66.05", "67.05"),
    ("AR107", "支出合计</b>\t1,510.34", 0, "支出合计</b>\t1,510.34", "支出合计</b>\t1,511.34"),
    ("AR108", "2、公务接待费\t5.30", 0, "5.30", "6.30"),
    ("AR109", "财政拨款:\t\t82.20", 0, "82.20", "81.20"),
    ("XT201", "收入合计</b>\t1,510.34", 0, "1,510.34", "1,511.34"),
    ("XT202", "支出合计</b>\t1,510.34", 0, "支出合计</b>\t1,510.34", "支出合计</b>\t1,511.34"),
    ("XT203", "2070104\t图书馆\t328.19\t328.19", 0, "328.19\t328.19", "329.19\t329.19"),
    ("XT204", "一、一般公共预算拨款收入\t1,330.34", 1, "1,330.34", "1,331.34"),
    ("XT205", "二、政府性基金预算拨款收入\t180.00", 1, "180.00", "181.00"),
    ("XT206", "三、国有资本经营预算拨款收入\t", 1, "收入\t", "收入\t5.00"),
    ("XT207", "合计\t\t1,330.34", 0, "1,330.34", "1,331.34"),
    ("XT208", "合计\t\t1,041.34", 0, "1,041.34", "1,042.34"),
    ("XT209", "301\t工资福利支出\t886.36", 0, "886.36", "880.36"),
    ("XT210", "七、文化旅游体育与传媒支出\t1,092.63", 0, "1,092.63", "1,093.63"),
    ("XT211", "一、一般公共预算拨款收入\t1,330.34", 0, "1,330.34", "1,331.34"),
    ("XT212", "一、一般公共预算拨款收入\t1,330.34", 1, "1,330.34", "1,331.34"),
    ("XT213", "2070104\t图书馆\t328.19\t257.99\t70.20", 1, "257.99\t70.20", "256.99\t71.20"),
    ("XT214", "2、公务接待费\t5.30", 0, "5.30", "2.30"),
    ("TX301", "其中：基本支出1,041.34万元", 0, "基本支出1,041.34万元", "基本支出1,042.34万元"),
    ("TX302", "(三) 2070104-图书馆328.19万元", 0, "328.19万元", "329.19万元"),
    ("TX303", "收入预算为1,510.34万元", 0, "一般公共预算拨款收入1,330.34", "一般公共预算拨款收入1,320.34"),
    ("TX304", "增长7.31%", 0, "7.31%", "7.41%"),
    ("TX305", "增长7.31%", 0, "增长7.31%", "下降7.31%"),
    ("TX306", "2024年度一般公共预算拨款支出", 0, "2024年度", "2023年度"),
    ("TX308", "收入预算为1,510.34万元", 0, "政府性基金项目的增加", "政府性基金项目的减少"),
    (
        "TX310",
        "机关运行经费支出72.46万元",
        0,
        "72.46万元，比上年增加5.66万元",
        "172.46万元，比上年增加105.66万元",
    ),
    ("TX311", "(三) 2070104-图书馆", 0, "图书馆328", "博物馆328"),
    ("TX312", "相应安排支出预算1,510.34万元", 0, "比上年增加120.67万元", "比上年增加123.17万元"),
    ("ST407", "合计\t\t1,510.34\t1,330.34", 0, "1,510.34", "1,5l0.34"),
    ("ST409", "\t全额拨款\t", 0, "全额拨款", "全额拨款"),  # replaced below with 在职 > 编制
    ("CD501", "2070104\t图书馆\t328.19\t257.99", 0, "2070104", "207010"),
    ("CD502", "2070109\t群众文化\t206.80\t\t206.80", 0, "2070109", "2990109"),
    ("CD503", "30101\t基本工资", 0, "基本工资", "岗位工资"),
    ("CD504", "2070104\t图书馆\t328.19\t257.99\t70.20", 1, "图书馆", "博物馆"),
    ("CD505", "30101\t基本工资", 0, "30101", "50101"),
    ("CD506", "2210201\t住房公积金\t66.05\t66.05", 1, "2210201\t住房公积金", "22102\t住房改革支出"),
    ("CD509", "30101\t基本工资", 0, "30101", "30198"),
]


@pytest.mark.parametrize(("code", "anchor", "occurrence", "old", "new"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_at_the_changed_line(code: str, anchor: str, occurrence: int, old: str, new: str) -> None:
    if code == "ST409":  # 在职 above 编制 on the first unit row
        lines = BASE.split("\n")
        i = next(i for i, line in enumerate(lines) if "\t全额拨款\t" in line)
        cells = lines[i].split("\t")
        cells[3] = str(int(cells[2]) + 1)
        lines[i] = "\t".join(cells)
        text, line = "\n".join(lines), i + 1
    else:
        text, line = mutate(BASE, anchor, old, new, occurrence)
    got = findings(text, code)
    assert got, f"{code} did not fire"
    assert any(line in f.lines for f in got), [(f.message, f.lines) for f in got]


def test_ar103_functional_hierarchy() -> None:
    """类 row inserted above its 项 rows: passes when it equals their sum, fails when it does not."""
    anchor = "2070101\t行政运行（文化和旅游）\t545.64\t545.64\t"
    ok, _ = mutate(
        BASE, anchor, "2070101", "207\t文化旅游体育与传媒支出\t1,092.63\t803.63\t289.00\n2070101", 1
    )
    assert findings(ok, "AR103") == []
    bad, line = mutate(
        BASE, anchor, "2070101", "207\t文化旅游体育与传媒支出\t1,093.63\t803.63\t290.00\n2070101", 1
    )
    got = findings(bad, "AR103")
    assert got and all(line in f.lines for f in got)
    assert {f.expected for f in got} == {"1,092.63", "289.00"}


def test_tx307_same_subject_twice() -> None:
    text, line = mutate(BASE, "2024年度一般公共预算拨款支出1,330.34万元", "1,330.34万元", "1,330.34万元")
    assert findings(text, "TX307") == []
    extra = "\n\n2024年度一般公共预算拨款支出1,331.34万元。\n"
    lines = text.split("\n")
    lines.insert(line, extra)
    got = findings("\n".join(lines), "TX307")
    assert len(got) == 1 and got[0].actual == "1,331.34万元" and got[0].expected == "1,330.34万元"


def test_tx309_missing_reason() -> None:
    text, line = mutate(BASE, "机关运行经费支出72.46万元", "主要原因是", "")
    text = re.sub(r"(机关运行经费支出72\.46万元[^\n]*?增长8\.47%。)[^\n]*", r"\1", text)
    got = findings(text, "TX309")
    assert len(got) == 1 and got[0].lines == [line]


def test_st404_unit_not_stated() -> None:
    text, _ = mutate(BASE, "单位：万元", "单位：万元", "金额单位见各表")
    got = findings(text, "ST404")
    assert len(got) == 1 and "收支预算总表" in got[0].message


def test_st401_missing_table() -> None:
    text = BASE.replace("一般公共预算“三公”经费支出预算表", "附表")
    got = findings(text, "ST401")
    assert [f.expected for f in got] == ["一般公共预算“三公”经费支出预算表"]


def test_st402_empty_table_without_note() -> None:
    text = re.sub(r".*没有使用国有资本经营预算拨款安排的支出.*", "", BASE)
    got = findings(text, "ST402")
    assert len(got) == 1 and "国有资本经营" in got[0].message


def test_st403_missing_section() -> None:
    text = re.sub(r"#+ *(\*\*)?\(二\) 政府采购情况(\*\*)?", "", BASE)
    text = re.sub(r".*政府采购预算总额.*", "", text)
    got = findings(text, "ST403")
    assert [f.expected for f in got] == ["政府采购情况"]


def test_st405_toc_entry_without_heading() -> None:
    text, _ = mutate(BASE, "一、部门主要职责", "一、部门主要职责", "一、部门主要职责", 1)
    assert findings(text, "ST405") == []
    text, _ = mutate(BASE, "一、部门主要职责", "一、部门主要职责", "一、职能", 1)
    got = findings(text, "ST405")
    assert len(got) == 1 and got[0].lines == [6]


def test_st406_no_year_in_title() -> None:
    text = BASE.replace("**2024 年度清溪市云山区文化和旅游局部门预算**", "**清溪市云山区文化和旅游局**")
    text = re.sub(r"20\d\d", "", text)
    assert any("预算年度" in f.message for f in findings(text, "ST406"))


def test_st408_sangong_item_missing() -> None:
    text = re.sub(r".*（1）公务用车购置费.*\n", "", BASE)
    got = findings(text, "ST408")
    assert [f.expected for f in got] == ["公务用车购置费"]


def test_st410_no_income_total_claim() -> None:
    text = BASE.replace("收入预算为", "收入为")
    got = findings(text, "ST410")
    assert len(got) == 1 and "收入预算总额" in got[0].message


def test_cd507_economic_detail() -> None:
    lines = BASE.split("\n")
    start = next(
        i
        for i, line in enumerate(lines)
        if "一般公共预算基本支出经济分类情况表" in line and line.startswith("###")
    )
    kept = [line for i, line in enumerate(lines) if not (i > start and re.match(r"^3\d{4}\t", line))]
    got = findings("\n".join(kept), "CD507")
    assert {f.locations[0].row for f in got} == {"301", "302", "303", "310"}


def test_cd508_duplicate_code() -> None:
    text, line = mutate(
        BASE, "2070109\t群众文化\t206.80\t\t206.80", "2070109", "2070109\t群众文化\t0\t\t0\n2070109", 1
    )
    got = findings(text, "CD508")
    assert len(got) == 1 and got[0].lines == [line, line + 1]


def test_tx305_an_increase_larger_than_this_year() -> None:
    text, line = mutate(
        BASE, "机关运行经费支出72.46万元", "比上年增加5.66万元，增长8.47%", "比上年增加75.66万元，增长8.47%"
    )
    got = [f for f in findings(text, "TX305") if "上年数将为负" in f.message]
    assert len(got) == 1 and got[0].lines == [line]


def test_every_rule_has_a_test() -> None:
    tested = {c[0] for c in CASES} | {
        "AR103",
        "TX307",
        "TX309",
        "ST401",
        "ST402",
        "ST403",
        "ST405",
        "ST406",
        "ST408",
    }
    tested |= {"ST404", "ST410", "CD507", "CD508"}
    tested |= {"TX313"}  # tests/rules/test_shanghai_rules.py
    tested |= {"ST411"}  # tests/test_national.py
    mine = {code for code in RULES if code[:2] in ("AR", "XT", "TX", "ST", "CD")}
    assert mine - tested == set()
