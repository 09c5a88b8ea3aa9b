"""A classification table with one column of amounts (科目 | 预算, as Guangzhou and Zhuhai print
their 一般公共预算基本支出情况表) and codes printed in brackets before the names ([301]工资福利支出):
read as the table's total column with its hierarchy, so that its sums are checked."""

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
    income = d.tables.get("income")
    assert income is None or not income.understood
