"""Rules and extraction on the shapes of the Shanghai template (its 编制说明 wording, the one-row
“三公” table), on small texts read with the shanghai profile."""

from __future__ import annotations

from decimal import Decimal

from yusuan.audit import audit
from yusuan.extract import extract
from yusuan.model import Disclosure, Finding
from yusuan.profiles import load
from yusuan.read import read_text

PROFILE = load("shanghai")
HEAD = "# 上海市普陀区2024年区级部门预算\n\n预算主管部门：上海市普陀区测试局\n\n## 2024年部门预算编制说明\n\n"
ITEM = (
    "1.“住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元，主要用于住房公积金。"
    "2023年当年预算执行数为348.52万元，2024年预算安排350.35万元，比2023年预算执行数增加0.53%。"
    "主要原因是：住房公积金经费增加。\n"
)


def _read(body: str) -> tuple[Disclosure, list[Finding]]:
    d = extract(read_text(HEAD + body, "t.md"), PROFILE)
    return d, audit(d, PROFILE)


def _codes(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.rule == code]


def test_the_executed_figure_is_the_base_of_the_percentage() -> None:
    d, found = _read(ITEM)
    claim = next(c for c in d.claims if c.base is not None)
    assert claim.subject.endswith("住房公积金")  # named by 类/款/项 names: no table here to give the code
    assert claim.value is not None and claim.value.value == Decimal("350.35")
    assert claim.base is not None and claim.base.value == Decimal("348.52")
    assert claim.restated is not None and claim.restated.value == Decimal("350.35")
    assert claim.percent is not None and claim.percent.value == Decimal("0.53")
    assert _codes(found, "TX313") == []
    assert d.department == "上海市普陀区测试局"


def test_tx313_a_percentage_that_is_not_on_the_base() -> None:
    _, found = _read(ITEM.replace("增加0.53%", "增加5.30%"))
    got = _codes(found, "TX313")
    assert len(got) == 1 and got[0].expected == "0.53%" and got[0].actual == "5.30%"


def test_tx313_a_percentage_pointing_the_wrong_way() -> None:
    _, found = _read(ITEM.replace("增加0.53%", "减少0.53%"))
    got = _codes(found, "TX313")
    assert len(got) == 1 and got[0].expected == "增加"


def test_tx313_the_amount_said_again_differs() -> None:
    _, found = _read(ITEM.replace("2024年预算安排350.35万元", "2024年预算安排352.67万元"))
    got = _codes(found, "TX313")
    assert len(got) == 1 and got[0].expected == "350.35万元" and got[0].actual == "352.67万元"


def test_tx313_leaves_a_zero_base_alone() -> None:
    text = ITEM.replace("执行数为348.52万元", "执行数为0万元").replace("增加0.53%", "增加100.00%")
    _, found = _read(text)
    assert _codes(found, "TX313") == []


def test_a_within_sentence_breaks_down_that_claim() -> None:
    body = (
        "支出预算950.12万元，其中：财政拨款支出预算950.12万元，比2023年预算增加0.46万元。财政拨款支出预算中，"
        "一般公共预算拨款支出预算900.12万元，比2023年预算增加0.46万元；政府性基金拨款支出预算50.00万元，"
        "与2023年预算持平；国有资本经营预算拨款支出预算0.00万元，与2023年预算持平。\n"
    )
    d, found = _read(body)
    fiscal = next(i for i, c in enumerate(d.claims) if c.subject == "fiscal.total")
    assert [c.subject for c in d.claims if c.parent == fiscal] == ["gpb.total", "gov_fund.total", "soe.total"]
    assert d.claims[fiscal].change is not None and d.claims[fiscal].change.value == Decimal("0.46")
    assert _codes(found, "TX303") == []
    _, found = _read(body.replace("政府性基金拨款支出预算50.00万元", "政府性基金拨款支出预算40.00万元"))
    got = _codes(found, "TX303")
    assert len(got) == 1 and "940.12" in got[0].expected


SANGONG = (
    "## 2024年部门“三公”经费和机关运行经费预算表\n\n编制部门：上海市普陀区测试局\n\n单位：万元\n\n"
    "2024年“三公”经费预算数\t\t\t\t\t\t2024年机关运行经费预算数\n"
    "合计\t因公出国(境)费\t公务接待费\t公务用车购置及运行费\t\t\t\n"
    "\t\t\t小计\t购置费\t运行费\t\n"
    "{total}\t0\t1.35\t46.56\t25\t21.56\t443.18\n\n"
    "## 其他相关情况说明\n\n### 一、2024年“三公”经费预算情况说明\n\n"
    "2024年“三公”经费预算数为47.91万元，与2023年预算持平。其中：\n\n"
    "（一）因公出国（境）费0万元，与2023年预算持平。\n\n"
    "（二）公务用车购置及运行费46.56万元，与2023年预算持平。其中：公务用车购置费25万元，与2023年预算持平；"
    "公务用车运行费21.56万元，与2023年预算持平。\n\n"
    "（三）公务接待费1.35万元，与2023年预算持平。\n"
)


def test_the_one_row_sangong_table_is_read_by_its_header_columns() -> None:
    d, found = _read(SANGONG.format(total="47.91"))
    table = d.tables["sangong"]
    got = {r.key: r.values["total"] for r in table.rows}
    assert {k: (v.value if v else None) for k, v in got.items()} == {
        "sangong.total": Decimal("47.91"),
        "sangong.abroad": Decimal("0"),
        "sangong.reception": Decimal("1.35"),
        "sangong.vehicle": Decimal("46.56"),
        "sangong.vehicle_purchase": Decimal("25"),
        "sangong.vehicle_running": Decimal("21.56"),
        "admin_running": Decimal("443.18"),
    }
    assert all(v is not None and v.unit.value == "万元" for v in got.values())
    # the parts of 公务用车购置及运行费 are counted once, inside it: 0 + 46.56 + 1.35 = 47.91
    assert _codes(found, "TX303") == [] and _codes(found, "ST408") == [] and _codes(found, "ST407") == []
    # the parts are flat on last year each, so the change belongs to each part, not to the total
    abroad = next(c for c in d.claims if c.subject == "sangong.abroad")
    assert abroad.direction_text == "持平"


def test_a_wrong_sangong_total_is_found_in_the_one_row_table() -> None:
    _, found = _read(SANGONG.format(total="48.91"))
    assert any(f.rule in ("AR105", "AR106", "TX301") for f in found)


GPB = (
    "## 2024年部门一般公共预算支出功能分类预算表\n\n单位：元\n\n"
    "功能分类科目编码\t功能分类科目名称\t合计\t基本支出\t项目支出\n"
    "201\t一般公共服务支出\t9,001,000\t9,000,000\t1,000\n"
    "20103\t政府办公厅（室）及相关机构事务\t9,001,000\t9,000,000\t1,000\n"
    "2010301\t行政运行\t{xiang}\t9,000,000\t1,000\n"
    "合计\t\t9,001,000\t9,000,000\t1,000\n\n"
)


def test_a_one_yuan_gap_in_a_whole_yuan_table_is_a_note_once_per_line() -> None:
    _, found = _read(GPB.format(xiang="9,001,000"))
    assert [f for f in found if f.rule.startswith("AR")] == []
    # 9,001,001 over 9,000,000 + 1,000 and under 20103: within the ±0.5 元 of each printed integer,
    # so no error, but one note for the row (AR101) and one for the 款 above it (AR103)
    _, found = _read(GPB.format(xiang="9,001,001"))
    notes = [f for f in found if f.rule.startswith("AR")]
    assert sorted((f.rule, f.severity.value, f.expected) for f in notes) == [
        ("AR101", "info", "9,001,000"),
        ("AR103", "info", "9,001,001"),
    ], [f.message for f in notes]
    # two parts off by 2 元 is beyond the rounding: an error
    _, found = _read(GPB.format(xiang="9,001,003"))
    assert any(f.rule == "AR101" and f.severity.value == "error" for f in found)
