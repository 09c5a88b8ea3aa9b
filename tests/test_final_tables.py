"""决算 tables in the shapes the provinces print them, read from plain documents (no corpus needed):
the 三公 决算 table as pairs, as groups and as a list; the 基本支出 table in column groups; the
two-sided 总表 with 行次; the 政府性基金 table with its 结转和结余 columns."""

from __future__ import annotations

from decimal import Decimal

from yusuan.extract import extract
from yusuan.model import BudgetTable, Cell, Document, Heading, Paragraph, TableBlock
from yusuan.profiles import load

FINAL = load("national_final")


def block(*rows: tuple[str, ...]) -> TableBlock:
    return TableBlock([[Cell(t, line=i + 10, column=j) for j, t in enumerate(r)] for i, r in enumerate(rows)])


def read(title: str, table: TableBlock) -> BudgetTable:
    doc = Document(
        path="决算.md",
        blocks=[Paragraph("某局2024年度部门决算"), Heading(title, 2), Paragraph("单位：万元"), table],
        format="md",
    )
    d = extract(doc, FINAL)
    assert len(d.tables) == 1, d.unrecognised
    return next(iter(d.tables.values()))


def figures(t: BudgetTable, column: str) -> dict[str, Decimal | None]:
    return {r.key: (m.value if (m := r.values.get(column)) else None) for r in t.rows if r.key}


ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费")
PARTS = ("", "", "小计", "公务用车购置费", "公务用车运行维护费", "")
BUDGET = {
    "sangong.total": Decimal("12.00"),
    "sangong.abroad": Decimal("2.00"),
    "sangong.vehicle": Decimal("7.00"),
    "sangong.vehicle_purchase": Decimal("4.00"),
    "sangong.vehicle_running": Decimal("3.00"),
    "sangong.reception": Decimal("3.00"),
}
OUTTURN = {
    "sangong.total": Decimal("10.50"),
    "sangong.abroad": Decimal("1.50"),
    "sangong.vehicle": Decimal("6.50"),
    "sangong.vehicle_purchase": Decimal("4.00"),
    "sangong.vehicle_running": Decimal("2.50"),
    "sangong.reception": Decimal("2.50"),
}


def test_sangong_as_groups_of_items_under_budget_and_outturn() -> None:
    budget = ("12.00", "2.00", "7.00", "4.00", "3.00", "3.00")
    outturn = ("10.50", "1.50", "6.50", "4.00", "2.50", "2.50")
    t = read(
        "财政拨款“三公”经费支出决算表",
        block(
            ("预算数", "", "", "", "", "", "决算数", "", "", "", "", ""),
            ITEMS + ITEMS,
            PARTS + PARTS,
            budget + outturn,
        ),
    )
    assert t.understood and figures(t, "total") == OUTTURN and figures(t, "budget") == BUDGET


def test_sangong_as_a_budget_and_outturn_pair_under_each_item() -> None:
    pair = [x for item in ITEMS for x in (item, "")]
    parts = [x for part in PARTS for x in (part, "")]
    values = [x for b, o in zip(("12.00", "2.00", "7.00", "4.00", "3.00", "3.00"),
                                 ("10.50", "1.50", "6.50", "4.00", "2.50", "2.50"), strict=True) for x in (b, o)]  # fmt: skip
    t = read(
        "财政拨款“三公”经费支出决算表",
        block(tuple(pair), tuple(parts), ("预算数", "决算数") * 6, tuple(values)),
    )
    assert t.understood and figures(t, "total") == OUTTURN and figures(t, "budget") == BUDGET


def test_sangong_as_a_list_of_items() -> None:
    t = read(
        "一般公共预算财政拨款“三公”经费支出决算表",
        block(
            ("项目", "预算数", "决算数"),
            ("合计", "12.00", "10.50"),
            ("因公出国（境）费", "2.00", "1.50"),
            ("公务用车购置及运行维护费", "7.00", "6.50"),
            ("其中：公务用车购置费", "4.00", "4.00"),
            ("公务用车运行维护费", "3.00", "2.50"),
            ("公务接待费", "3.00", "2.50"),
        ),
    )
    assert figures(t, "total") == OUTTURN and figures(t, "budget") == BUDGET


def test_basic_spending_in_two_column_groups_is_one_list_with_its_group_totals() -> None:
    t = read(
        "一般公共预算财政拨款基本支出决算表",
        block(
            ("科目编码", "科目名称", "决算数", "科目编码", "科目名称", "决算数"),
            ("301", "工资福利支出", "90.00", "302", "商品和服务支出", "15.00"),
            ("30101", "基本工资", "90.00", "30201", "办公费", "15.00"),
            ("303", "对个人和家庭的补助", "5.00", "310", "资本性支出", "0.00"),
            ("30302", "退休费", "5.00", "", "", ""),
            ("", "人员经费合计", "95.00", "", "公用经费合计", "15.00"),
        ),
    )
    assert t.understood
    assert [r.code or r.key for r in t.rows] == [
        "301", "30101", "303", "30302", "personnel_total", "302", "30201", "310", "public_total",
    ]  # fmt: skip
    row = t.by_key("public_total")
    assert (
        row is not None and row.values["total"] is not None and row.values["total"].value == Decimal("15.00")
    )
    assert row.values["total"].source.cell == 5  # the cell as printed, in the right-hand group


def test_two_sided_summary_with_line_numbers() -> None:
    t = read(
        "收入支出决算总表",
        block(
            ("项目", "行次", "决算数", "项目", "行次", "决算数"),
            ("栏次", "", "1", "栏次", "", "2"),
            ("一、一般公共预算财政拨款收入", "1", "100.00", "一、一般公共服务支出", "31", "90.00"),
            ("", "2", "", "二、教育支出", "32", "10.00"),
            ("本年收入合计", "3", "100.00", "本年支出合计", "33", "100.00"),
            ("年初结转和结余", "4", "5.00", "年末结转和结余", "34", "5.00"),
            ("总计", "5", "105.00", "总计", "35", "105.00"),
        ),
    )
    assert t.understood
    labels = [(r.section, r.label) for r in t.rows]
    assert ("income", "一般公共预算财政拨款收入") in labels and ("expense", "教育支出") in labels
    assert not any(label.isdigit() or label == "栏次" for _, label in labels)
    total = t.total("income")
    assert total is not None and total.values["amount"] is not None
    assert total.values["amount"].value == Decimal("105.00")
    carry = t.by_key("income.carry_in")
    assert carry is not None and carry.values["amount"] is not None
    assert carry.values["amount"].value == Decimal("5.00")


def test_fund_table_with_its_carry_over_columns() -> None:
    t = read(
        "政府性基金预算财政拨款收入支出决算表",
        block(
            ("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
            ("功能分类科目编码", "科目名称", "", "", "合计", "基本支出", "项目支出", ""),
            ("", "合计", "1.00", "20.00", "18.00", "", "18.00", "3.00"),
            ("212", "城乡社区支出", "1.00", "20.00", "18.00", "", "18.00", "3.00"),
        ),
    )
    assert [c.key for c in t.columns] == ["carry_in", "income", "total", "basic", "project", "carry_out"]
    total = t.total()
    assert total is not None
    assert {k: m.value if m else None for k, m in total.values.items()} == {
        "carry_in": Decimal("1.00"),
        "income": Decimal("20.00"),
        "total": Decimal("18.00"),
        "basic": None,
        "project": Decimal("18.00"),
        "carry_out": Decimal("3.00"),
    }


def test_an_empty_fund_table_whose_total_shares_a_line_with_sub_headers() -> None:
    t = read(
        "国有资本经营预算财政拨款收入支出决算表",
        block(
            ("项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"),
            ("功能分类科目编码", "科目名称", "", "", "", "", "", ""),
            ("合计", "", "", "", "合计", "基本支出", "项目支出", ""),
        ),
    )
    assert t.is_empty() and t.understood


def test_spending_table_with_budget_groups_reads_the_outturn_group() -> None:
    t = read(
        "一般公共预算财政拨款支出决算表",
        block(
            ("科目编码", "科目名称", "年初预算数", "", "", "全年预算数", "", "", "决算数", "", ""),
            (
                "",
                "",
                "合计",
                "基本支出",
                "项目支出",
                "合计",
                "基本支出",
                "项目支出",
                "合计",
                "基本支出",
                "项目支出",
            ),
            ("", "合计", "30.00", "20.00", "10.00", "32.00", "20.00", "12.00", "31.00", "20.00", "11.00"),
            (
                "201",
                "一般公共服务支出",
                "30.00",
                "20.00",
                "10.00",
                "32.00",
                "20.00",
                "12.00",
                "31.00",
                "20.00",
                "11.00",
            ),
        ),
    )
    total = t.total()
    assert total is not None
    assert {k: m.value if m else None for k, m in total.values.items()} == {
        "total": Decimal("31.00"),
        "basic": Decimal("20.00"),
        "project": Decimal("11.00"),
    }
    assert {k: total.values[k].source.cell for k in ("total", "basic", "project")} == {  # type: ignore[union-attr]
        "total": 8, "basic": 9, "project": 10,
    }  # fmt: skip


def test_fiscal_summary_reads_the_three_sources_beside_the_spending_total() -> None:
    t = read(
        "财政拨款收入支出决算总表",
        block(
            (
                "项目",
                "决算数",
                "项目",
                "合计",
                "一般公共预算财政拨款",
                "政府性基金预算财政拨款",
                "国有资本经营预算财政拨款",
            ),
            ("一、一般公共预算财政拨款", "100.00", "一、一般公共服务支出", "90.00", "80.00", "10.00", ""),
            ("二、政府性基金预算财政拨款", "10.00", "二、城乡社区支出", "20.00", "20.00", "", ""),
            ("本年收入合计", "110.00", "本年支出合计", "110.00", "100.00", "10.00", ""),
            ("总计", "110.00", "总计", "110.00", "100.00", "10.00", ""),
        ),
    )
    assert [c.key for c in t.columns] == ["amount", "gpb", "gov_fund", "soe"]
    row = next(r for r in t.rows if r.code == "212")
    assert {k: m.value if m else None for k, m in row.values.items()} == {
        "amount": Decimal("20.00"), "gpb": Decimal("20.00"), "gov_fund": None, "soe": None,
    }  # fmt: skip
    income = t.by_key("income.gpb")
    assert income is not None and set(income.values) == {"amount"}


def test_an_empty_table_explained_on_the_line_after_its_note() -> None:
    """上海 决算: "注：本表反映…情况。" (the template's note) then "说明：…本年度没有…，故本表无数据。"."""
    from yusuan.audit import audit
    from yusuan.audit.registry import RULES

    table = block(("科目编码", "科目名称", "合计", "基本支出", "项目支出"), ("", "合计", "", "", ""))
    table.line = 10
    doc = Document(
        path="决算.pdf",
        blocks=[
            Paragraph("某单位2024年度单位决算"),
            Heading("一般公共预算财政拨款支出决算表", 2),
            Paragraph("单位：万元", line=3),
            table,
            Paragraph("注：本表反映单位本年度一般公共预算财政拨款支出情况。", line=20),
            Paragraph("说明：某单位本年度没有一般公共预算财政拨款支出，故本表无数据。", line=21),
        ],
        format="pdf",
    )
    d = extract(doc, FINAL)
    assert d.tables["gpb"].is_empty()
    assert audit(d, FINAL, rules=[RULES["ST402"]]) == []
    doc.blocks = doc.blocks[:-1]  # the 注 alone does not say why it is empty
    assert [f.rule for f in audit(extract(doc, FINAL), FINAL, rules=[RULES["ST402"]])] == ["ST402"]


def test_spending_table_with_personnel_and_public_under_basic() -> None:
    from yusuan.audit import audit
    from yusuan.audit.registry import RULES

    rows = [
        ("科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"),
        ("", "", "", "小计", "人员经费", "公用经费", ""),
        ("", "合计", "30.00", "20.00", "15.00", "5.00", "10.00"),
        ("201", "一般公共服务支出", "30.00", "20.00", "15.00", "5.00", "10.00"),
    ]
    t = read("一般公共预算财政拨款支出决算表", block(*rows))
    assert [c.key for c in t.columns] == ["total", "basic", "personnel", "public", "project"]
    rows[3] = ("201", "一般公共服务支出", "30.00", "20.00", "16.00", "5.00", "10.00")
    doc = Document(
        path="决算.md", blocks=[Heading("一般公共预算财政拨款支出决算表", 2), block(*rows)], format="md"
    )
    got = audit(extract(doc, FINAL), FINAL, rules=[RULES["AR101"]])
    assert [(f.expected, f.actual) for f in got] == [("21.00", "20.00")]


def test_an_empty_cell_is_named_by_its_column_not_by_an_internal_key() -> None:
    from yusuan.audit import audit
    from yusuan.audit.registry import RULES

    rows = [
        ("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("", "合计", "30.00", "20.00", "10.00"),
        ("201", "一般公共服务支出", "", "20.00", "10.00"),
    ]
    doc = Document(
        path="决算.md", blocks=[Heading("一般公共预算财政拨款支出决算表", 2), block(*rows)], format="md"
    )
    [finding] = audit(extract(doc, FINAL), FINAL, rules=[RULES["AR101"]])
    assert finding.locations[0].column == "合计"


def test_the_funds_under_the_carry_in_line_are_its_parts() -> None:
    """One fund carried in (政府性基金 1.00 of 年初财政拨款结转和结余 1.00): the lines under it are its
    parts, not 本年收入 a second time — 收入 sums to 总计 and each fund still closes (FN817)."""
    from yusuan.audit import audit

    t_rows = [
        ("项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
        ("一、一般公共预算财政拨款", "1", "10.00", "一、社会保障和就业支出", "33", "10.00", "10.00", "", ""),
        ("二、政府性基金预算财政拨款", "2", "9.00", "二、城乡社区支出", "34", "10.00", "", "10.00", ""),
        ("本年收入合计", "27", "19.00", "本年支出合计", "59", "20.00", "10.00", "10.00", ""),
        ("年初财政拨款结转和结余", "28", "1.00", "年末财政拨款结转和结余", "60", "0.00", "0.00", "0.00", ""),
        ("一般公共预算财政拨款", "29", "0.00", "", "", "", "", "", ""),
        ("政府性基金预算财政拨款", "30", "1.00", "", "", "", "", "", ""),
        ("国有资本经营预算财政拨款", "31", "0.00", "", "", "", "", "", ""),
        ("总计", "32", "20.00", "总计", "64", "20.00", "10.00", "10.00", ""),
    ]  # fmt: skip
    doc = Document(path="f.md", blocks=[Heading("财政拨款收入支出决算总表", 2), block(*t_rows)], format="md")
    d = extract(doc, FINAL)
    assert [r.key for r in d.tables["fiscal"].rows if r.section == "income"][3:7] == [
        "income.carry_in", "income.carry_in.gpb", "income.carry_in.gov_fund", "income.carry_in.soe",
    ]  # fmt: skip
    assert [f.rule for f in audit(d, FINAL) if f.rule.startswith(("AR", "FN", "XT"))] == []
    t_rows[6] = ("政府性基金预算财政拨款", "30", "2.00", "", "", "", "", "", "")  # 9 + 2 − 10 ≠ 0
    doc.blocks[1] = block(*t_rows)
    assert "FN817" in [f.rule for f in audit(extract(doc, FINAL), FINAL)]
