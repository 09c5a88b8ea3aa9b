"""The national base: detection with a reason, tables by role, honest coverage, a region as a folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan import profiles
from yusuan.pipeline import check_document
from yusuan.read import read_document

GENERIC = """# 2026年某市档案馆部门预算

## 一、部门职责

负责全市档案工作。

表1 2026年部门收支总体情况表

单位：万元

| 收入项目 | 预算数 | 支出项目 | 预算数 |
|---|---|---|---|
| 一、一般公共预算拨款收入 | 100.00 | 一、一般公共服务支出 | 100.00 |
| 收入总计 | 100.00 | 支出总计 | 100.00 |

表3 2026年部门支出总体情况表

单位：万元

| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|
| 201 | 一般公共服务支出 | 100.00 | 80.00 | 20.00 |
| 20126 | 档案事务 | 100.00 | 80.00 | 20.00 |
| 2012601 | 行政运行 | 80.00 | 80.00 | |
| 2012604 | 档案馆 | 20.00 | | 20.00 |
|  | 合计 | 100.00 | 80.00 | 20.00 |
"""


@pytest.fixture
def generic(tmp_path: Path) -> Path:
    path = tmp_path / "archive_2026.md"
    path.write_text(GENERIC, encoding="utf-8")
    return path


def test_a_document_of_no_known_region_is_checked_as_national_and_says_why(generic: Path) -> None:
    result = check_document(read_document(generic))
    assert result.disclosure is not None and result.disclosure.profile == "national"
    assert "未可靠匹配任何地方模版" in result.profile_reason
    assert set(result.disclosure.tables) == {"summary", "expense"}
    assert result.disclosure.tables["expense"].understood
    # another region's tables are never reported missing
    assert not any("专项资金" in f.message or "财务收支" in f.message for f in result.findings)


def test_a_table_not_understood_is_one_finding_and_no_arithmetic(generic: Path, tmp_path: Path) -> None:
    # every row of 支出总表 off by the same gross amount in its 合计: the columns are not what they say
    text = GENERIC.replace(
        "| 201 | 一般公共服务支出 | 100.00 | 80.00 | 20.00 |",
        "| 201 | 一般公共服务支出 | 900.00 | 80.00 | 20.00 |",
    )
    text = text.replace("| 20126 | 档案事务 | 100.00 |", "| 20126 | 档案事务 | 900.00 |")
    text = text.replace("| 2012601 | 行政运行 | 80.00 |", "| 2012601 | 行政运行 | 700.00 |")
    text = text.replace("| 2012604 | 档案馆 | 20.00 |", "| 2012604 | 档案馆 | 200.00 |")
    path = tmp_path / "garbled.md"
    path.write_text(text, encoding="utf-8")
    result = check_document(read_document(path))
    assert result.disclosure is not None
    table = result.disclosure.tables["expense"]
    assert table.doubt is not None and "合计与分项不符" in table.doubt
    st411 = [f for f in result.findings if f.rule == "ST411"]
    assert len(st411) == 1 and "未核对该表的数字" in st411[0].message
    assert not [f for f in result.findings if f.rule.startswith("AR") and "支出总体情况表" in f.message]


def test_one_wrong_cell_is_still_an_arithmetic_error_not_a_doubt(tmp_path: Path) -> None:
    path = tmp_path / "one_slip.md"
    path.write_text(
        GENERIC.replace("| 2012601 | 行政运行 | 80.00 | 80.00 |", "| 2012601 | 行政运行 | 81.00 | 80.00 |"),
        encoding="utf-8",
    )
    result = check_document(read_document(path))
    assert result.disclosure is not None and result.disclosure.tables["expense"].understood
    assert any(f.rule == "AR101" and "行政运行" in f.message for f in result.findings)


@pytest.fixture
def region_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "templates"
    (root / "dang_an").mkdir(parents=True)
    (root / "dang_an" / "spec.yaml").write_text(
        "id: dang_an\nname: 某市档案系统模版\nbase: national\ndetect: {min: 1, markers: [档案馆部门预算]}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(profiles.PROFILE_DIRS_ENV, str(root))
    profiles.load.cache_clear()
    yield root
    profiles.load.cache_clear()


def test_a_new_region_is_one_folder_with_a_spec_and_no_code(region_folder: Path, generic: Path) -> None:
    assert "dang_an" in profiles.available()
    result = check_document(read_document(generic))
    assert result.disclosure is not None and result.disclosure.profile == "dang_an"
    assert "档案馆部门预算" in result.profile_reason
    assert result.disclosure.tables["expense"].understood  # the national roles come with the base


def test_every_template_folder_loads_and_buildable_ones_name_a_layout() -> None:
    for pid in profiles.available():
        spec = profiles.load(pid)
        assert spec.id == pid and spec.tables
        assert spec.regional == (pid != profiles.BASE)
    assert profiles.buildable() == ["fujian", "shanghai"]


def test_a_spec_with_an_unknown_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "spec.yaml").write_text("id: bad\nbase: national\ntabels: []\n", encoding="utf-8")
    monkeypatch.setenv(profiles.PROFILE_DIRS_ENV, str(tmp_path))
    profiles.load.cache_clear()
    try:
        with pytest.raises(profiles.SpecError, match="tabels"):
            profiles.load("bad")
    finally:
        profiles.load.cache_clear()
