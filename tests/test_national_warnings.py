"""Warnings on the national corpus that were false, each class pinned absent: a reviewer reads
warnings too, and one that is wrong teaches them to skip the rest. Each was read against the PDF
(pdftotext -layout) before its fix; the near misses that are real defects are in
tests/rules/test_false_alarms.py."""

from __future__ import annotations

import pytest

from tests.test_national_corpus import CORPUS, TABLES, _checked
from yusuan.model import Severity

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"{CORPUS} is not here (../shared beside the repository)"
)

HANGZHOU = "2026_zhejiang_hangzhou_sifaju_dept_budget"
ZHUHAI = "2026_guangdong_zhuhai_jiaotongshizheng_gongwuzhongxin_dept_budget"


def test_a_numbered_heading_above_an_indented_paragraph_is_read_apart() -> None:
    # “（一）收支预算情况的总体说明（详见表 1-3）” fills its narrow line; the paragraph under it is
    # indented as deep: two texts, not one
    d = _checked(HANGZHOU).disclosure
    assert d is not None
    texts = [t.text for t in d.texts]
    assert "（一）收支预算情况的总体说明（详见表1-3）" in texts
    assert any(t.startswith("2026年收入预算99,230.46万元") for t in texts)


def test_hangzhou_warns_only_of_the_tables_it_could_not_read() -> None:
    # 28 TX302 (items looked up in the empty 政府性基金 table), 8 ST405, 2 ST410 and a TX308 were false
    result = _checked(HANGZHOU)
    assert {f.rule for f in result.findings} == {"ST411"}
    assert len(result.findings) == 6


@pytest.mark.parametrize("stem", sorted(TABLES))
def test_no_false_warning_of_the_classes_fixed(stem: str) -> None:
    d = _checked(stem).disclosure
    assert d is not None
    partial = {t.title for t in d.tables.values() if t.id in ("gov_fund", "soe")}
    for f in _checked(stem).findings:
        if f.severity is Severity.INFO:
            continue
        # an item of the 一般公共预算 is not missing from the 政府性基金 or 国有资本经营 table
        assert not (f.rule == "TX302" and any(f"在“{t}”中" in f.message for t in partial)), f.message
        # “单位名称：…” above a table, “联系电话：…”, “…审签情况：已审签” are fields, not sentences
        assert not (f.rule == "WD704" and "：" in f.message.split("：“", 1)[1]), f.message
        # “与上年持平，无增减变化” explains no direction
        assert not (f.rule == "TX308" and "持平" in f.message), f.message


def test_a_code_printed_with_the_name_of_its_year_is_not_outdated() -> None:
    # 2019: 20805 was 行政事业单位离退休; the 2020 catalogue renamed it 行政事业单位养老支出
    result = _checked("2019_jiangsu_prov_renminjianchayuan_dept_budget")
    assert not [f for f in result.findings if f.rule == "CD503" and "20805" in f.message]


def test_an_empty_table_of_a_tables_only_file_is_a_note_not_a_warning() -> None:
    # Beijing publishes the tables apart from the 情况说明, which may say why 预算07表 is empty
    result = _checked("2026_beijing_shenjiju_dept_budget")
    empty = [f for f in result.findings if f.rule == "ST402"]
    assert len(empty) == 2 and {f.severity for f in empty} == {Severity.INFO}
    assert all("未核对" in f.message for f in empty)
