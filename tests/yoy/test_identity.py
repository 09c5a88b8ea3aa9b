"""department_key: one department's names across years reduce to one key, different departments
keep different keys."""

from __future__ import annotations

import pytest

from yusuan.store.identity import department_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("上海市普陀区人民政府万里街道办事处", "普陀区万里街道办事处"),
        ("上海市普陀区人民政府万里街道办事处", "上海市普陀区万里街道"),
        ("中共上海市普陀区委社会工作部", "普陀区委社会工作部"),
        ("西安市卫生健康委员会（汇总）", "西安市卫生健康委员会"),
        ("江苏省无锡市发展和改革委员会", "无锡市发展和改革委员会"),
        ("上海市普陀区长征镇人民政府", "普陀区长征镇"),
        ("福州市 鼓楼区（本级）", "福州市鼓楼区"),
    ],
)
def test_one_department_printed_two_ways_has_one_key(a: str, b: str) -> None:
    assert department_key(a) == department_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("上海市财政局", "上海市普陀区财政局"),  # municipal and district bureau
        ("上海市财政局", "北京市财政局"),
        ("上海市城市管理委员会", "北京市城市管理委员会"),  # 城市 is a word, not a district
        ("上海市普陀区人民政府办公室", "上海市普陀区委办公室"),
        ("上海市普陀区财政局", "上海市黄浦区财政局"),
    ],
)
def test_different_departments_keep_different_keys(a: str, b: str) -> None:
    assert department_key(a) != department_key(b)


def test_the_key_of_the_wanli_street_office() -> None:
    assert department_key("上海市普陀区人民政府万里街道办事处") == "普陀区万里街道"
    assert department_key("") is None and department_key(None) is None
