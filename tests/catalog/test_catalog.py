"""The merged catalog: compiled lists + names the corpus prints + renames, with real values."""

from __future__ import annotations

import csv
from pathlib import Path

from yusuan.catalog import TRUSTED_DOCUMENTS, load

DATA = Path(__file__).resolve().parents[2] / "src" / "yusuan" / "catalog" / "data"


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_flat_dicts_keep_the_compiled_lists() -> None:
    cat = load()
    assert cat.functional_name("210") == "卫生健康支出"
    assert cat.functional_name("2080505") == "机关事业单位基本养老保险缴费支出"
    assert cat.economic_name("30101") == "基本工资"
    assert cat.economic_name("50101") == "工资奖金津补贴"
    compiled = {
        r["code"]: r["name"] for f in ("econ_dept", "econ_gov") for r in _csv(f"{f}_compiled_UNVERIFIED.csv")
    }
    assert cat.economic == compiled  # economic names stay the compiled lists (derive lists its 款 rows)
    assert all(cat.functional[r["code"]] == r["name"] for r in _csv("func_lei_compiled_UNVERIFIED.csv"))


def test_functional_items_confirmed_by_two_documents() -> None:
    cat = load()
    assert cat.names_for("2101101") == ["行政单位医疗"]  # 21 documents, 2019–2026
    assert cat.names_for("2210201") == ["住房公积金"]
    assert cat.names_for("2089901") == ["其他社会保障和就业支出"]
    assert cat.name_ok("2013802", "一般行政管理事务") is True
    assert cat.name_ok("2013802", "行政运行") is False
    # the flat dict stays the compiled lists (its readers assume "类 complete, a few 款/项")
    assert cat.functional_name("2013802") is None
    assert cat.functional_name("2101101") == "行政单位医疗"  # in the compiled personnel list
    # printed by one document only: not relied on
    assert cat.entry("2110301") is not None
    assert cat.names_for("2110301") == []
    assert cat.name_ok("2110301", "大气") is None
    # the flat dict gives the current name; names_for knows the year
    assert cat.functional_name("20805") == "行政事业单位养老支出"


def test_levels_known_complete() -> None:
    cat = load()
    assert cat.knows_functional_level("210")
    assert not cat.knows_functional_level("20802")
    assert not cat.knows_functional_level("2080201")


def test_2019_renames() -> None:
    cat = load()
    r = cat.former_name("210", "医疗卫生与计划生育支出")
    assert r is not None and r.name == "卫生健康支出" and r.from_year == 2019
    assert cat.names_for("210", 2018) == ["医疗卫生与计划生育支出"]
    assert cat.names_for("210", 2019) == ["卫生健康支出"]
    assert cat.name_ok("210", "医疗卫生与计划生育支出", 2024) is False
    assert cat.name_ok("207", "文化旅游体育与传媒支出", 2023) is True
    assert cat.renamed("国土海洋气象等支出") is not None
    assert cat.code_for_name("医疗卫生与计划生育支出", level="类") == "210"
    assert cat.former_name("210", "卫生健康支出") is None


def test_rename_seen_in_the_corpus() -> None:
    cat = load()
    by_year = cat.printed_by_year("20805")
    assert by_year[2019] == ["行政事业单位离退休"]
    assert all(by_year[y][0] == "行政事业单位养老支出" for y in range(2020, 2027))
    assert cat.names_for("20805", 2019) == ["行政事业单位离退休"]
    assert cat.names_for("20805", 2020) == ["行政事业单位养老支出"]
    rows = {r["name"]: r for r in _csv("observed_codes.csv") if r["code"] == "20805"}
    assert rows["行政事业单位离退休"]["years"] == "2019"
    assert rows["行政事业单位离退休"]["documents"] == "4"
    assert rows["行政事业单位养老支出"]["first_year"] == "2020"
    assert int(rows["行政事业单位养老支出"]["documents"]) >= 20


def test_names_with_sources() -> None:
    cat = load()
    e = cat.entry("2080505")
    assert e is not None and e.system == "functional" and e.level == "项"
    top = e.names[0]
    assert (
        top.name == "机关事业单位基本养老保险缴费支出"
        and top.source == "func_personnel_items_compiled_UNVERIFIED.csv"
    )
    corpus = next(r for r in e.names if r.source == "corpus" and r.name == top.name)
    assert corpus.documents >= 20 and corpus.first_year == 2019 and corpus.confidence == "high"
    assert "national/2026_beijing_shenjiju_dept_budget.pdf" in corpus.files
    assert "func_lei_compiled_UNVERIFIED.csv (high)" in cat.source("210")
    assert "份文件" in cat.source("2101101")
    assert cat.source("2999999") == ""


def test_one_document_does_not_outvote_the_list() -> None:
    # 上海 2024 福利院 prints 30212 机关事业单位退休人员活动费 (a local numbering): a conflict, not a name
    cat = load()
    assert cat.economic_name("30212") == "因公出国（境）费用"
    assert cat.names_for("30212") == ["因公出国（境）费用"]
    conflicts = {(r["code"], r["name"]): r for r in _csv("observed_conflicts.csv")}
    row = conflicts[("30212", "机关事业单位退休人员活动费")]
    assert row["documents"] == "1" and row["sources"] == "shanghai/budget/2024_putuo_fuliyuan_unit.pdf"
    assert int(conflicts[("30212", "因公出国（境）费用")]["documents"]) >= TRUSTED_DOCUMENTS


def test_two_trusted_spellings_are_both_accepted() -> None:
    # 50999: the compiled list says 其他对个人和家庭补助, three 2026 documents print 其他对个人和家庭的补助
    cat = load()
    assert set(cat.names_for("50999")) == {"其他对个人和家庭补助", "其他对个人和家庭的补助"}
    assert cat.name_ok("50999", "其他对个人和家庭的补助") is True


def test_code_for_name_needs_a_parent_when_names_repeat() -> None:
    cat = load()
    assert cat.code_for_name("行政运行", level="项") is None  # under dozens of 款
    assert cat.code_for_name("行政运行", level="项", parent="20103") == "2010301"
    assert cat.code_for_name("住房公积金", level="项") == "2210201"
    assert cat.code_for_name("住房公积金", level="款", parent="301") == "30113"
    assert cat.code_for_name("不存在的科目") is None


def test_observed_csv_shape() -> None:
    rows = _csv("observed_codes.csv")
    assert {r["system"] for r in rows} == {"functional", "econ_dept", "econ_gov"}
    for r in rows:
        assert int(r["first_year"]) <= int(r["last_year"])
        assert len(r["sources"].split(";")) == int(r["documents"])
        assert {"类": 3, "款": 5, "项": 7}[r["level"]] == len(r["code"])


def test_rename_sources_quote_the_observed_counts() -> None:
    observed = {(r["code"], r["name"]): r for r in _csv("observed_codes.csv")}
    renames = {r["code"]: r for r in _csv("renames.csv")}
    for code, name, phrase in [
        ("210", "卫生健康支出", "{n} corpus documents of {a}–{b} print 210"),
        ("20805", "行政事业单位养老支出", "{n} documents of {a}–{b} print 行政事业单位养老支出"),
        ("20805", "行政事业单位离退休", "the {n} documents of {a} print 20805"),
        ("207", "文化旅游体育与传媒支出", "{n} corpus documents of {a}–{b} print 207"),
        ("215", "资源勘探工业信息等支出", "{n} corpus documents of {a}–{b} print 215"),
    ]:
        r = observed[(code, name)]
        quoted = phrase.format(n=r["documents"], a=r["first_year"], b=r["last_year"])
        assert quoted in renames[code]["source"], (code, quoted)
