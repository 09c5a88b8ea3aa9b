"""类 | 款 | 项 in separate columns (the Shanghai PDFs) are read as one functional code."""

from __future__ import annotations

from decimal import Decimal

from yusuan.extract import extract
from yusuan.profiles import load
from yusuan.read import read_text

TEXT = "\n".join(
    [
        "### 2025年部门一般公共预算支出功能分类预算表",
        "",
        "单位：元",
        "",
        "项目\t\t\t\t一般公共预算支出\t\t",
        "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出",
        "类\t款\t项\t\t\t\t",
        "201\t\t\t一般公共服务支出\t1,000.00\t600.00\t400.00",
        "201\t03\t\t政府办公厅（室）及相关机构事务\t1,000.00\t600.00\t400.00",
        "201\t03\t01\t行政运行\t600.00\t600.00\t",
        "201\t03\t99\t其他政府办公厅（室）及相关机构事务支出\t400.00\t\t400.00",
        "合计\t\t\t\t1,000.00\t600.00\t400.00",
    ]
)


def test_split_code_columns_join_into_one_code() -> None:
    d = extract(read_text(TEXT, "split.md"), load("shanghai"))
    table = next(t for t in d.tables.values() if "一般公共预算支出功能分类" in t.title)
    codes = [r.code for r in table.rows if not r.is_total]
    assert codes == ["201", "20103", "2010301", "2010399"]
    row = table.by_code("2010301")
    assert row is not None and row.label == "行政运行"
    total = row.values["total"]
    assert total is not None and total.value == Decimal("600.00")
