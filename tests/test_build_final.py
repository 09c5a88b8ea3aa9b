"""`yusuan build` for final accounts: the example's tables carry the sums worked out by hand from its
lines, the narrative states the 完成率 and shares computed from them, reasons come only from the source,
and a bad source is refused with a message naming its place."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app
from yusuan.derive import derive
from yusuan.model import Publication, PubParagraph
from yusuan.model.budget import SourceMessage
from yusuan.model.final_accounts import FinalAccounts
from yusuan.pipeline import check_document, check_path
from yusuan.read import read_text
from yusuan.render.markdown import to_markdown
from yusuan.source import SourceError, load_source

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "putuo_street_final_2024.yaml"
EXAMPLE_XLSX = ROOT / "examples" / "putuo_street_final_2024.xlsx"
BUDGET_EXAMPLE = ROOT / "examples" / "putuo_street_2025.yaml"


def _example() -> FinalAccounts:
    accounts, messages = load_source(EXAMPLE)
    assert isinstance(accounts, FinalAccounts) and messages == []
    return accounts


def _paragraphs(pub: Publication) -> str:
    return "\n".join(b.text for b in pub.blocks if isinstance(b, PubParagraph))


def _amount(table: object, key: str, column: str, section: str = "") -> Decimal | None:
    rows = [r for r in table.rows if key in (r.key, r.label) and r.section == section]  # type: ignore[attr-defined]
    assert rows, key
    money = rows[0].values.get(column)
    return None if money is None else money.value


@pytest.mark.parametrize("layout", ["national_final", "shanghai_final"])
def test_tables_carry_the_sums_worked_out_by_hand(tmp_path: Path, layout: str) -> None:
    path = tmp_path / "built.md"
    path.write_text(to_markdown(derive(_example(), layout).publication), encoding="utf-8")
    d = check_path(path).disclosure
    assert d is not None and d.profile == layout
    t = d.tables
    # 本年收入 4,328.01 (11 lines) + 年初结转和结余 86.65 = 总计 4,414.66 = 本年支出 4,387.81 + 年末 26.85
    assert [r.values["amount"].value for r in t["summary"].totals("income")] == [Decimal("4414.66")]  # type: ignore[union-attr]
    assert [r.values["amount"].value for r in t["summary"].totals("expense")] == [Decimal("4414.66")]  # type: ignore[union-attr]
    assert _amount(t["summary"], "本年收入合计", "amount", "income") == Decimal("4328.01")
    assert _amount(t["summary"], "本年支出合计", "amount", "expense") == Decimal("4387.81")
    assert _amount(t["summary"], "income.carry_in", "amount", "income") == Decimal("86.65")
    assert _amount(t["summary"], "年末结转和结余", "amount", "expense") == Decimal("26.85")
    assert _amount(t["summary"], "income.gov_fund", "amount", "income") == Decimal("200.00")
    # 财政拨款: 年末 1.65 (一般公共预算) + 25.00 (政府性基金: 85 + 200 − 260)
    assert _amount(t["fiscal"], "年末财政拨款结转和结余", "amount", "expense") == Decimal("26.65")
    assert t["income"].total().values["total"].value == Decimal("4328.01")  # type: ignore[union-attr]
    assert t["income"].total().values["fiscal"].value == Decimal("4323.01")  # type: ignore[union-attr]
    expense = t["expense"].total()
    assert expense is not None
    assert [expense.values[k].value for k in ("total", "basic", "project")] == [  # type: ignore[union-attr]
        Decimal("4387.81"),
        Decimal("3612.76"),
        Decimal("775.05"),
    ]
    assert t["gpb"].total().values["total"].value == Decimal("4123.01")  # type: ignore[union-attr]
    assert t["gpb"].by_code("2120101").values["total"].value == Decimal("1945.63")  # type: ignore[union-attr]
    # 人员经费合计 (301 工资福利支出) 3,388.01 + 公用经费合计 (302) 224.75 = 基本支出 3,612.76
    econ = t["econ_basic"]
    assert econ.by_key("personnel_total").values["total"].value == Decimal("3388.01")  # type: ignore[union-attr]
    assert econ.by_key("public_total").values["total"].value == Decimal("224.75")  # type: ignore[union-attr]
    assert econ.by_code("30102").values["total"].value == Decimal("1246.70")  # type: ignore[union-attr]
    fund = t["gov_fund"].total()
    assert fund is not None
    assert {k: v.value for k, v in fund.values.items() if v is not None} == {
        "carry_in": Decimal("85.00"),
        "income": Decimal("200.00"),
        "total": Decimal("260.00"),
        "project": Decimal("260.00"),
        "carry_out": Decimal("25.00"),
    }
    assert t["soe"].is_empty()
    sangong = {r.key: (r.values["budget"].value, r.values["total"].value) for r in t["sangong"].rows}  # type: ignore[union-attr]
    assert sangong == {
        "sangong.total": (Decimal("22.91"), Decimal("20.70")),
        "sangong.abroad": (Decimal("0.00"), Decimal("0.00")),
        "sangong.vehicle": (Decimal("21.56"), Decimal("19.74")),
        "sangong.vehicle_purchase": (Decimal("0.00"), Decimal("0.00")),
        "sangong.vehicle_running": (Decimal("21.56"), Decimal("19.74")),
        "sangong.reception": (Decimal("1.35"), Decimal("0.96")),
    }


def test_shanghai_narrative_states_completion_rates_and_shares() -> None:
    text = _paragraphs(derive(_example(), "shanghai_final").publication)
    # 4,414.66 against last year's 4,105.32: +309.34, +7.54%
    assert (
        "上海市普陀区人民政府云岭街道办事处2024年度收入支出总计4,414.66万元。与2023年度相比，收入支出总计增加309.34万元，"
        "增长7.54%。主要原因：政府性基金安排的小区综合改造项目增加，以及人员经费调整。"
    ) in text
    # 4,323.01 / 4,328.01 = 99.88%; 5.00 / 4,328.01 = 0.12%
    assert (
        "本年收入合计4,328.01万元，其中：财政拨款收入4,323.01万元，占99.88%；其他收入5.00万元，占0.12%。"
        in text
    )
    assert (
        "本年支出合计4,387.81万元，其中：基本支出3,612.76万元，占82.34%；项目支出775.05万元，占17.66%。"
        in text
    )
    assert "一般公共预算财政拨款支出4,123.01万元，占本年支出合计的93.97%。" in text
    # 1,945.63 / 1,947.28 = 99.92%
    assert (
        "5、城乡社区支出（类）城乡社区管理事务（款）行政运行（项）。主要用于：街道机关人员经费和日常运转的基本支出。"
        "全年预算为1,947.28万元，支出决算为1,945.63万元，完成全年预算数的99.92%。"
        "决算数小于全年预算数的主要原因：厉行节约，压减日常公用经费。"
    ) in text
    assert (
        "全年预算为19.25万元，支出决算为19.25万元，完成全年预算数的100.00%。决算数与全年预算数持平。" in text
    )
    # 三公 20.70 / 22.91 = 90.35%
    assert "“三公”经费财政拨款支出全年预算为22.91万元，支出决算为20.70万元，完成预算的90.35%" in text
    assert "公务用车保有量为7辆" in text and "列明公务接待12批次、86人次" in text
    assert "政府采购金额（以合同签订为准）为651.20万元" in text
    assert "政府采购授予中小企业合同金额532.90万元，占政府采购合同总额的81.83%。" in text
    assert "截至2024年12月31日，上海市普陀区人民政府云岭街道办事处共有车辆7辆" in text
    assert "平均得分95.67分（其中，绩效评级为“优”的项目2个；绩效评级为“良”的项目1个" in text
    assert "机关运行经费支出199.75万元，比2023年度减少6.55万元，下降3.17%。" in text


def test_national_narrative_compares_with_the_initial_budget() -> None:
    text = _paragraphs(derive(_example(), "national_final").publication)
    # 一般公共预算: 年初 4,089.67 (Σ items' initial), 决算 4,123.01: 100.82%
    assert (
        "2024年度一般公共预算财政拨款支出年初预算4,089.67万元，支出决算4,123.01万元，完成年初预算的100.82%，"
        "占本年支出合计的93.97%。与上年相比，一般公共预算财政拨款支出增加142.56万元，增长3.58%，"
        "增长的主要原因是：人员经费调整和社区综合治理经费增加。"
        "决算数大于年初预算数的主要原因是：年中追加社区综合治理项目经费和执法队人员经费。"
    ) in text
    assert (
        "7.城乡社区支出（类）城乡社区管理事务（款）城管执法（项）。年初预算470.00万元，支出决算475.48万元，"
        "完成年初预算的101.17%。决算数大于年初预算数的主要原因是：年中新增执法队员，追加人员经费。"
        "主要用于：综合行政执法队人员经费和日常运转的基本支出。"
    ) in text
    assert (
        "2024年度收入总计、支出总计均为4,414.66万元，与上年相比收入总计、支出总计均增加309.34万元，增长7.54%"
        in text
    )
    # 199.75 / 205.00 = 97.44%; against 206.30 last year: −6.55, −3.17%
    assert (
        "2024年度机关运行经费预算205.00万元，支出决算199.75万元，完成预算的97.44%。支出决算比上年减少6.55万元，下降3.17%，"
        "主要原因是：厉行节约，压减日常公用经费。"
    ) in text
    assert (
        "2024年度政府性基金预算财政拨款年初结转和结余85.00万元，收入决算200.00万元，支出决算260.00万元，年末结转和结余25.00万元。"
        in text
    )
    assert (
        "2024年度财政拨款安排公务接待费预算1.35万元，支出决算0.96万元，完成预算的71.11%，决算数较预算数减少0.39万元"
        in text
    )


def test_a_missing_reason_is_a_warning_at_its_place_and_no_sentence_invents_one() -> None:
    accounts = _example()
    items = dict(accounts.items)
    items["2120101"] = dataclasses.replace(items["2120101"], reason="")
    reasons = {k: v for k, v in accounts.reasons.items() if k != "total"}
    built = derive(dataclasses.replace(accounts, items=items, reasons=reasons), "shanghai_final")
    # the lines where the two reasons are (or would be) written
    assert sorted(m.place for m in built.messages) == [f"{EXAMPLE}:142", f"{EXAMPLE}:84"]
    assert all(m.severity == "warning" for m in built.messages)
    paragraphs = [b.text for b in built.publication.blocks if isinstance(b, PubParagraph)]
    assert (
        "上海市普陀区人民政府云岭街道办事处2024年度收入支出总计4,414.66万元。与2023年度相比，收入支出总计增加309.34万元，"
        "增长7.54%。"
    ) in paragraphs
    assert (
        "5、城乡社区支出（类）城乡社区管理事务（款）行政运行（项）。主要用于：街道机关人员经费和日常运转的基本支出。"
        "全年预算为1,947.28万元，支出决算为1,945.63万元，完成全年预算数的99.92%。"
    ) in paragraphs
    result = check_document(read_text(to_markdown(built.publication), "built.md"))
    assert [f.rule for f in result.findings if f.severity.name == "ERROR"] == []


def test_the_workbook_and_the_yaml_build_the_same_disclosure() -> None:
    from_xlsx, warnings = load_source(EXAMPLE_XLSX)
    assert warnings == []
    assert to_markdown(derive(from_xlsx).publication) == to_markdown(derive(_example()).publication)
    assert from_xlsx.place("items.2120101.reason") == "科目预算!F2"


# -- bad sources ------------------------------------------------------------------------------------


def _errors(tmp_path: Path, text: str) -> list[SourceMessage]:
    path = tmp_path / "final.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(path)
    return [m for m in caught.value.messages if m.severity == "error"]


HEAD = "document: final\ndepartment: 测试局\nyear: 2024\n"


def test_spending_more_than_income_and_carry_is_an_error_at_the_line(tmp_path: Path) -> None:
    errors = _errors(
        tmp_path,
        HEAD
        + "facts:\n"
        + '  - {function: "2080505", economic: "30108", source: gpb, kind: basic, amount: 10.00}\n'
        + "income:\n"
        + '  - {function: "2080505", source: gpb, amount: 8.00}\n'
        + "carry_in:\n"
        + '  - {function: "2080505", source: gpb, amount: 1.50}\n',
    )
    assert [(m.place, m.message) for m in errors] == [
        (
            f"{tmp_path / 'final.yaml'}:5",
            "科目 2080505 的一般公共预算财政拨款收入支出比年初结转和结余与本年收入之和多 0.50（年末结转和结余不能为负）：请核对 income、carry_in 与 facts",
        )
    ]


def test_bad_values_are_named_by_line(tmp_path: Path) -> None:
    errors = _errors(
        tmp_path,
        HEAD
        + "facts:\n"
        + '  - {function: "2080505", economic: "30108", source: 财政专户, kind: basic, amount: 1.00}\n'
        + "income:\n"
        + '  - {function: "20805", source: gpb, amount: 1.005}\n'
        + "performance: {evaluated_projects: 3, grades: {优: 1, 良: 1}}\n"
        + "reasons: {budget: 不明}\n",
    )
    file = tmp_path / "final.yaml"
    assert [(m.place, m.message) for m in errors] == [
        (
            f"{file}:5",
            "未知的资金来源“财政专户”（决算可用：gpb、gov_fund、soe、superior、business、operating、affiliated、other）",
        ),
        (f"{file}:7", "功能分类科目编码应为 7 位数字，实为“20805”"),
        (f"{file}:7", "金额“1.005”超过两位小数"),
        (
            f"{file}:9",
            "未知的原因项“budget”（可用：total、fiscal、gpb、gpb.budget、gpb.initial、sangong.budget、sangong.change、sangong.abroad、"
            "sangong.vehicle_purchase、sangong.vehicle_running、sangong.reception、admin_running）",
        ),
    ]


def test_grades_must_add_up_to_the_projects_evaluated(tmp_path: Path) -> None:
    errors = _errors(
        tmp_path,
        HEAD
        + "facts:\n"
        + '  - {function: "2080505", economic: "30108", source: gpb, kind: basic, amount: 1.00}\n'
        + "income:\n"
        + '  - {function: "2080505", source: gpb, amount: 1.00}\n'
        + "performance: {evaluated_projects: 3, grades: {优: 1, 良: 1}}\n",
    )
    assert [m.message for m in errors] == ["各绩效评级的项目数之和 2 与绩效自评的项目数 3 不一致"]
    assert errors[0].place == f"{tmp_path / 'final.yaml'}:8"


def test_cli_builds_a_final_and_refuses_a_budget_in_a_final_template(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "md,html"])
    assert result.exit_code == 0, result.output
    assert "自检：0 个错误，0 个警告或提示；源文件警告 0 个。" in result.output
    assert (
        (tmp_path / "putuo_street_final_2024.md")
        .read_text(encoding="utf-8")
        .startswith("**上海市普陀区人民政府云岭街道办事处2024年度部门决算**")
    )
    refused = runner.invoke(app, ["build", str(BUDGET_EXAMPLE), "-p", "national_final", "-o", str(tmp_path)])
    assert refused.exit_code == 2
    assert "没有名为 national_final 的预算生成模板（可用：fujian、shanghai）" in refused.output
    assert "Traceback" not in refused.output


def test_init_writes_an_empty_final_workbook_that_names_what_is_missing(tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "决算.xlsx"
    assert runner.invoke(app, ["init", "--final", "--xlsx", str(path), "--year", "2024"]).exit_code == 0
    with pytest.raises(SourceError) as caught:
        load_source(path)
    assert [(m.place, m.message) for m in caught.value.messages] == [
        ("支出明细", "没有本年支出明细（facts）：至少需要一行"),
        ("基本信息!B2", "缺少必填项“部门名称”"),
    ]


SHARED = ROOT.parent / "shared" / "corpus"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not here")
@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("shanghai/final/2024_putuo_shehuigongzuobu_dept_final.pdf", "shanghai_final"),
        ("shanghai/final/2024_putuo_guihuaziyuan_dept_final.pdf", "shanghai_final"),
        ("national/2022_shaanxi_xian_weishengjiankangwei_dept_final.pdf", "national_final"),
    ],
)
def test_the_real_finals_get_the_template_of_their_layout(name: str, profile: str) -> None:
    """shanghai_final's markers occur in the 普陀 2024 决算 and not in the 西安 one."""
    result = check_path(SHARED / name)
    assert result.disclosure is not None and result.disclosure.profile == profile, result.profile_reason
