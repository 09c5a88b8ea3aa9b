"""The national base: detection with a reason, tables by role, honest coverage, a region as a folder."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
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
        assert spec.regional == (pid not in profiles.BASES.values())
        assert spec.document == ("final" if pid.endswith("final") else "budget")
    assert profiles.buildable("budget") == ["fujian", "shanghai"]
    assert profiles.available("final")[0] == profiles.BASES["final"] == "national_final"


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


def _check(tmp_path: Path, text: str, name: str = "doc.md"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_document(read_document(path))


SPLIT_CODES = """# 2026年某市民政局部门预算

表3 支出总体情况表

单位：万元

| 类 | 款 | 项 | 科目名称 | 合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|---|---|
|  |  |  | 合计 | 16.00 | 1.50 | 14.50 |
| 205 |  |  | 教育支出 | 16.00 | 1.50 | 14.50 |
|  | 08 |  | 进修及培训 | 16.00 | 1.50 | 14.50 |
|  |  | 03 | 培训支出 | 16.00 | 1.50 | 14.50 |
"""


def test_kuan_and_xiang_rows_printing_only_their_own_digits_take_the_code_above(tmp_path: Path) -> None:
    result = _check(tmp_path, SPLIT_CODES)
    assert result.disclosure is not None
    table = result.disclosure.tables["expense"]
    assert [r.code for r in table.body()] == ["205", "20508", "2050803"]
    assert not [f for f in result.findings if f.rule[:2] in ("AR", "CD")]


def test_nested_breakdowns_without_codes_are_summed_as_printed() -> None:
    from yusuan.model import Money, Provenance, TableRow, Unit, top_rows

    def row(label: str, amount: str) -> TableRow:
        return TableRow(label, {"amount": Money(Decimal(amount), Unit.WAN, 2, None)}, Provenance("t"))

    rows = [
        row("财政拨款", "4310.31"),
        row("一般公共预算拨款", "4295.31"),
        row("政府性基金预算拨款", "15.00"),
        row("国有资本经营预算拨款", "0.00"),
        row("单位资金", "184.50"),
        row("事业收入", "0.00"),
        row("其他收入", "184.50"),
        row("其中：利息收入", "1.00"),
    ]
    tops = top_rows(rows, "amount")
    # zero rows after a complete breakdown may stand either way; they add nothing
    assert [r.label for r in tops if r.values["amount"].value] == ["财政拨款", "单位资金"]  # type: ignore[union-attr]
    assert sum(r.values["amount"].value for r in tops) == Decimal("4494.81")  # type: ignore[union-attr]


UNIT_ROWS = """# 2020年某市人社局部门综合预算

表2 2020年部门综合预算收入总表

单位：万元

| 单位编码 | 单位名称 | 合计 | 一般公共预算拨款 |
|---|---|---|---|
|  | 合计 | 300.00 | 300.00 |
| 242001 | 西安市人力资源和社会保障局 | 100.00 | 100.00 |
| 242002 | 理论讲师团 | 200.00 | 200.00 |
"""


def test_unit_codes_are_units_not_malformed_classification_codes(tmp_path: Path) -> None:
    result = _check(tmp_path, UNIT_ROWS)
    assert result.disclosure is not None
    rows = result.disclosure.tables["income"].body()
    assert [(r.code, r.key) for r in rows] == [(None, "unit:242001"), (None, "unit:242002")]
    assert not [f for f in result.findings if f.rule == "CD501"]


def test_a_change_after_brackets_speaks_of_the_claim_before_them(tmp_path: Path) -> None:
    text = (
        "# 2026年某局部门预算\n\n## 第二部分 部门预算情况说明\n\n"
        "公务用车购置及运行维护费583.16万元（公务用车购置费198万元，比上年减少108万元；"
        "公务用车运行维护费385.16万元，比上年减少24.61万元。）比上年减少132.61万元，下降18.5%。\n"
    )
    result = _check(tmp_path, text)
    assert result.disclosure is not None
    whole = result.disclosure.claims_about("sangong.vehicle")
    assert whole and whole[0].change is not None and whole[0].change.value == Decimal("-132.61")
    running = result.disclosure.claims_about("sangong.vehicle_running")
    assert running and running[0].change is not None and running[0].change.value == Decimal("-24.61")
    assert not [f for f in result.findings if f.rule == "TX304"]


def test_roughly_flat_with_a_small_change_is_not_a_contradiction(tmp_path: Path) -> None:
    head = "# 2026年某局部门预算\n\n## 第二部分 部门预算情况说明\n\n"
    fair = head + "“三公”经费预算143.47万元，与上年基本持平，增长0.9%。\n"
    assert not [f for f in _check(tmp_path, fair, "a.md").findings if f.rule == "TX305"]
    wrong = head + "“三公”经费预算143.47万元，与上年持平，增长0.9%。\n"
    assert [f for f in _check(tmp_path, wrong, "b.md").findings if f.rule == "TX305"]


def test_a_final_accounts_cover_decides_whatever_its_forms_say(tmp_path: Path) -> None:
    forms = "\n".join(f"| 项目{i} | 全年预算 | 10.00 |" for i in range(60))
    text = (
        "# 西安市某委员会（汇总）\n\n2022年度部门决算\n\n"
        "| 项目 | 指标 | 金额 |\n|---|---|---|\n" + forms + "\n"
    )
    result = _check(tmp_path, text)
    assert result.error is None and result.disclosure is not None
    assert (result.disclosure.document, result.disclosure.profile) == ("部门决算", "national_final")
