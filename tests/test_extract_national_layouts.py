"""Layouts of the national corpus that were read as 'not understood' and are read now, so that their
sums are checked: a classification table with one column of amounts (科目 | 预算, as Guangzhou and
Zhuhai print their 一般公共预算基本支出情况表) with codes in brackets before the names
([301]工资福利支出), and Xi'an's 一般公共预算支出明细表 (合计 | 人员经费支出 | 公用经费支出 |
专项业务经费支出, the 基本支出 not printed)."""

from __future__ import annotations

from yusuan.audit import RULES, audit
from yusuan.extract import extract
from yusuan.profiles import load
from yusuan.read import read_text

NATIONAL = load("national")
TABLE = """# 广州市生态环境局2026年部门预算

### 表6 一般公共预算基本支出情况表（按经济分类科目）

单位：万元

| 部门预算支出经济科目 | 预算 |
| --- | --- |
| 合计 | 150.00 |
| [301]工资福利支出 | 100.00 |
| [30101]基本工资 | 60.00 |
| [30102]津贴补贴 | 40.00 |
| [302]商品和服务支出 | 50.00 |
| [30201]办公费 | 50.00 |
"""


def _table(md: str):  # type: ignore[no-untyped-def]
    d = extract(read_text(md, "gz.md"), NATIONAL)
    return d, d.tables["econ_basic"]


def test_the_one_amount_column_is_the_total_and_bracketed_codes_are_codes() -> None:
    _, t = _table(TABLE)
    assert t.understood, t.doubt
    assert [c.key for c in t.columns] == ["total"]
    assert [(r.code, r.label) for r in t.rows if r.code] == [
        ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"),
        ("302", "商品和服务支出"), ("30201", "办公费"),
    ]  # fmt: skip


def test_a_wrong_sum_in_such_a_table_is_found_at_its_cell() -> None:
    d, _ = _table(TABLE.replace("| [30102]津贴补贴 | 40.00 |", "| [30102]津贴补贴 | 45.00 |"))
    found = audit(d, NATIONAL, rules=[RULES["AR101"], RULES["AR102"], RULES["AR104"]])
    assert [(f.rule, f.locations[0].row) for f in found] == [("AR104", "301")]
    assert "列示 100.00，各项之和为 105.00" in found[0].message


def test_a_list_of_sources_under_one_amount_column_is_not_taken_for_the_table() -> None:
    # Jiangsu 2019 prints its 收入预算总表 as named rows under one 金额 column: not the spec's layout
    md = TABLE.replace("表6 一般公共预算基本支出情况表（按经济分类科目）", "表2 收入预算总表").replace(
        "部门预算支出经济科目 | 预算", "项目 | 金额"
    )
    md = (
        md.replace("[301]", "")
        .replace("[30101]", "")
        .replace("[30102]", "")
        .replace("[302]", "")
        .replace("[30201]", "")
    )
    d = extract(read_text(md, "js.md"), NATIONAL)
    income = d.tables["income"]  # found by its title, and said not to be read
    assert not income.understood and income.doubt == "找不到合计列"


XIAN = """# 西安市气象局2022年部门综合预算

### 2022年部门综合预算一般公共预算支出明细表（按功能科目分）

单位：元

| 功能科目编码 | 功能科目名称 | 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出 |
| --- | --- | --- | --- | --- | --- |
|  | 合计 | 300.00 | 100.00 | 50.00 | 150.00 |
| 220 | 自然资源海洋气象等支出 | 300.00 | 100.00 | 50.00 | 150.00 |
| 22005 | 气象事务 | 300.00 | 100.00 | 50.00 | 150.00 |
| 2200504 | 气象事业机构 | 300.00 | 100.00 | 50.00 | 150.00 |
"""


def test_xian_columns_are_the_parts_of_the_total() -> None:
    d = extract(read_text(XIAN, "xa.md"), NATIONAL)
    t = d.tables["gpb"]
    assert t.understood, t.doubt
    assert [c.key for c in t.columns] == ["total", "personnel", "public", "project"]
    assert audit(d, NATIONAL, rules=[RULES["AR101"]]) == []
    wrong = XIAN.replace("| 2200504 | 气象事业机构 | 300.00 | 100.00 | 50.00 | 150.00 |",
                         "| 2200504 | 气象事业机构 | 300.00 | 100.00 | 50.00 | 140.00 |")  # fmt: skip
    found = audit(extract(read_text(wrong, "xa.md"), NATIONAL), NATIONAL, rules=[RULES["AR101"]])
    assert [(f.rule, f.locations[0].row) for f in found] == [("AR101", "2200504")]


def test_a_name_cut_at_its_cell_edge_is_not_a_wrong_name() -> None:
    # Xi'an: the visible part of 其他社会保障和就业支出 in a narrow cell is 其他社会保障和就业支
    cut = XIAN.replace("自然资源海洋气象等支出 |", "自然资源海洋气象等支 |")
    d = extract(read_text(cut, "xa.md"), NATIONAL)
    assert audit(d, NATIONAL, rules=[RULES["CD503"]]) == []
    wrong = XIAN.replace("自然资源海洋气象等支出 |", "国土海洋气象等支出 |")  # its name until 2019
    found = audit(extract(read_text(wrong, "xa.md"), NATIONAL), NATIONAL, rules=[RULES["CD503"]])
    assert [f.expected for f in found] == ["自然资源海洋气象等支出"]


def test_yantai_basic_spending_split_into_staff_and_daily_costs() -> None:
    # 烟台: 基本支出 (小计 | 人员支出 | 日常公用支出) | 项目支出
    md = XIAN.replace(
        "| 功能科目编码 | 功能科目名称 | 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出 |\n| --- | --- | --- | --- | --- | --- |",
        "| 功能科目编码 | 功能科目名称 | 合计 | 基本支出 | 人员支出 | 日常公用支出 | 项目支出 |\n| --- | --- | --- | --- | --- | --- | --- |",
    ).replace("| 300.00 | 100.00 | 50.00 | 150.00 |", "| 300.00 | 150.00 | 100.00 | 50.00 | 150.00 |")
    d = extract(read_text(md, "yt.md"), NATIONAL)
    t = d.tables["gpb"]
    assert t.understood, t.doubt
    assert [c.key for c in t.columns] == ["total", "basic", "personnel", "public", "project"]
    assert audit(d, NATIONAL, rules=[RULES["AR101"]]) == []
