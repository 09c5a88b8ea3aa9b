"""The section a text is in follows the document's numbered outline, not only its type sizes: a
目录 heading is never a parent, 二、 after 一、 is its sibling even when set smaller, and 第二部分
closes the 四、 before it (杭州 and 西安 documents, whose heading sizes said otherwise)."""

from __future__ import annotations

from yusuan.extract import extract
from yusuan.profiles import load
from yusuan.read import read_text

MD = """# 杭州市司法局2026年度部门预算

# 目录

一、部门概况

## 一、部门概况

本部门内设机构五个，所属单位三个，均纳入部门预算编制范围。

### 二、部门预算安排情况说明

2026年收入预算99,230.46万元，比上年执行数增加7,331.92万元。

#### （一）收支预算情况的总体说明

按照综合预算的原则，所有收入和支出均纳入部门预算管理。

## 第二部分 收支情况

本部分说明收支情况。
"""


def _sections() -> dict[str, str]:
    d = extract(read_text(MD, "hz.md"), load("national"))
    return {t.text[:6]: t.section for t in d.texts if not t.is_heading}


def test_the_outline_decides_the_sections() -> None:
    sections = _sections()
    assert sections["本部门内设机"] == "一、部门概况"
    # set one level smaller than 一、 yet its sibling, and the 目录 is no one's parent
    assert sections["2026年收"] == "二、部门预算安排情况说明"
    assert sections["按照综合预算"] == ("二、部门预算安排情况说明 / （一）收支预算情况的总体说明")
    # 第二部分 closes 二、 and its （一）
    assert sections["本部分说明收"] == "第二部分收支情况"
