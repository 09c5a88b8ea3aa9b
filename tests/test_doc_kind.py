"""Unfilled templates are refused with a message; budgets and final accounts (决算) are checked as
their kind, also when a budget quotes last year's 决算 or keeps a few "XX"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app
from yusuan.doc_kind import DocKind, classify, refusal
from yusuan.model import Cell, Document, Heading, Paragraph, TableBlock, TocEntry
from yusuan.pipeline import check_document, check_path
from yusuan.read import read_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "shanghai"
FINALS = sorted((CORPUS / "final").glob("*.pdf")) if CORPUS.is_dir() else []
BUDGETS = sorted((CORPUS / "budget").glob("*.pdf")) if CORPUS.is_dir() else []
TEMPLATES = [
    CORPUS / "templates" / "2026_putuo_unit_budget_template.xls",
    CORPUS / "final" / "template_dept_final.pdf",
]
ABSENT = pytest.mark.skip(reason=f"{CORPUS} is not here (../shared beside the repository)")
TEMPLATE_MESSAGE = "这是未填写的{kind}模板（含 {n} 处“XXX”等占位符），请填写后再检查"

runner = CliRunner()


def params(paths: list[Path]) -> list[Any]:
    present = [pytest.param(p, id=p.name) for p in paths if p.is_file()]
    return present or [pytest.param(None, marks=ABSENT)]


def table(*rows: tuple[str, ...]) -> TableBlock:
    return TableBlock([[Cell(t, column=i) for i, t in enumerate(r)] for r in rows])


def doc(*blocks: Heading | Paragraph | TableBlock | TocEntry, path: str = "测试.pdf") -> Document:
    return Document(path=path, blocks=list(blocks), format="pdf")


AMOUNT_ROWS = [("201", "一般公共服务支出", "1,234.56", "1,000.00", "234.56")] * 6


def budget(*extra: Heading | Paragraph | TableBlock | TocEntry) -> Document:
    return doc(
        Paragraph("上海市普陀区2025年区级部门预算"),
        Heading("四、部门预算编制说明", 1),
        Paragraph("2025年，本部门收入预算1,234.56万元，比2024年预算增加10.00万元。"),
        Heading("1.2025年部门财务收支预算总表", 2),
        table(("项目", "预算数", "2024年决算数"), *[r[1:4] for r in AMOUNT_ROWS]),
        Heading("2.2025年部门收入预算总表", 2),
        table(("编码", "名称", "合计", "财政拨款", "其他"), *AMOUNT_ROWS),
        *extra,
    )


def final(unit: str = "部门") -> Document:
    return doc(
        Paragraph(f"上海市普陀区某局2024年度{unit}决算"),
        TocEntry("一、收入支出决算总表", "5"),
        TocEntry("二、收入决算表", "6"),
        Heading("收入支出决算总表", 2),
        table(("项目", "决算数"), ("一般公共预算财政拨款收入", "9,746.50"), ("本年收入合计", "9,746.50")),
        Heading("二、收入决算情况说明", 2),
        Paragraph("2024年度收入总计9,746.50万元，与年初预算相比增加120.00万元。"),
    )


def template(n: int = 12) -> Document:
    lines = [Paragraph(f"（{i}）XX项目XXX万元，比2025年预算增加（减少）XXX万元。") for i in range(n // 3)]
    return doc(
        Heading("上海市普陀区2026年区级单位预算", 1), Paragraph("预算单位：上海市普陀区XX单位"), *lines
    )


# -- final accounts ------------------------------------------------------------------------------


def test_final_accounts_are_checked_as_final_accounts() -> None:
    d = final()
    k = classify(d)
    assert k.kind is DocKind.FINAL and k.label == "部门决算" and k.document == "final"
    assert k.reason == "识别为部门决算：封面标题“上海市普陀区某局2024年度部门决算”"
    assert refusal(d) is None
    result = check_document(d)
    assert result.error is None and result.disclosure is not None
    assert result.disclosure.document == "部门决算" and result.disclosure.final
    assert result.disclosure.profile == "national_final"


def test_unit_final_accounts_say_so() -> None:
    k = classify(final("单位"))
    assert k.label == "单位决算"


def test_budget_levels() -> None:
    assert classify(budget()).label == "部门预算"
    unit = doc(Paragraph("上海市普陀区2026年区级单位预算"), *budget().blocks[1:])
    assert classify(unit).label == "单位预算"


def test_a_final_named_only_by_its_cover_title() -> None:
    d = doc(Paragraph("2024年度部门决算"), Paragraph("本年收入合计9,746.50万元。"))
    assert classify(d).kind is DocKind.FINAL


def test_final_accounts_in_markdown_are_recognised_too() -> None:
    text = (
        "# 2024年度部门决算\n\n## 一、收入支出决算总表\n\n## 二、收入决算表\n\n本年收入合计9,746.50万元。\n"
    )
    result = check_document(read_text(text, "决算.md"))
    assert result.error is None and result.disclosure is not None
    assert result.disclosure.document == "部门决算"


@pytest.mark.parametrize(
    "mention",
    [
        Paragraph("2024年决算数为1,100.00万元，2025年预算比2024年决算数增加134.56万元。"),
        Paragraph("负责编制年度财政预决算草案并组织执行；推进部门预决算公开。"),
        Heading("（三）部门预决算公开情况", 2),
        Heading("附：2023年部门决算表", 2),  # one final title among many budget titles
    ],
    ids=["prose", "duties", "预决算", "one-final-title"],
)
def test_a_budget_that_mentions_final_accounts_is_checked(mention: Paragraph | Heading) -> None:
    d = budget(mention)
    k = classify(d)
    assert k.kind is DocKind.BUDGET and not k.final
    assert refusal(d) is None
    assert check_document(d).error is None


# -- unfilled templates --------------------------------------------------------------------------


def test_unfilled_template_is_refused() -> None:
    d = template()
    k = classify(d)
    assert k.kind is DocKind.TEMPLATE and k.placeholders >= 10 and k.amounts == 0
    message = "测试.pdf：" + TEMPLATE_MESSAGE.format(kind="单位预算", n=k.placeholders)
    assert refusal(d) == message
    result = check_document(d)
    assert result.error == message and not result.findings


def test_placeholder_shapes() -> None:
    d = doc(Paragraph("收入预算x,xxx万元、XX%、20XX年、ＸＸ单位、xxx万元、X个、XX、XXX、XX.XX万元、XX辆"))
    assert classify(d).placeholders == 10


def test_codes_words_and_x_rays_are_not_placeholders() -> None:
    d = doc(Paragraph("X101、X102街坊控制性详细规划；购置X光机、X射线安检仪；Excel 表格；1,234×5%"))
    assert classify(d).placeholders == 0


def test_final_template_is_a_template_of_final_accounts() -> None:
    d = doc(*final().blocks, *template().blocks)
    d.blocks = [b for b in d.blocks if not isinstance(b, TableBlock)]
    d.blocks = [
        Paragraph(b.text.replace("9,746.50", "XXX").replace("120.00", "XXX"))
        if isinstance(b, Paragraph)
        else b
        for b in d.blocks
    ]
    message = refusal(d)
    assert message is not None and message.startswith("测试.pdf：这是未填写的部门决算模板（含 ")


def test_a_filled_budget_with_leftover_placeholders_is_checked() -> None:
    # many leftovers, but fewer than the amounts: a filled document with a wording problem
    d = budget(*template(12).blocks[1:])
    k = classify(d)
    assert k.placeholders >= 10 and k.amounts > k.placeholders
    assert k.kind is DocKind.BUDGET and refusal(d) is None


def test_a_few_placeholders_without_amounts_are_not_a_template() -> None:
    d = doc(Paragraph("地址：XX路XX号，X号楼。"), Paragraph("联系电话：XXXX。"))
    assert classify(d).kind is DocKind.BUDGET


def test_empty_document_is_not_refused_by_kind() -> None:
    assert classify(doc()).kind is DocKind.BUDGET and refusal(doc()) is None


# -- the real files ------------------------------------------------------------------------------


def check_via_cli(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("path", params([p for p in FINALS if not p.name.startswith("template")]))
def test_real_final_accounts_are_checked_as_final_accounts(path: Path) -> None:
    result = check_path(path)
    assert result.error is None and result.disclosure is not None
    assert result.disclosure.document == "部门决算"
    assert result.disclosure.document_reason.startswith("识别为部门决算：封面标题“")


@pytest.mark.parametrize(
    ("path", "kind", "count"),
    [
        pytest.param(*p, id=p[0].name) if p[0].is_file() else pytest.param(*p, marks=ABSENT)
        for p in zip(TEMPLATES, ("单位预算", "部门决算"), (75, 174), strict=True)
    ],
)
def test_real_templates_are_refused(path: Path, kind: str, count: int) -> None:
    code, stderr = check_via_cli(path)
    assert code == 2
    assert f"错误：{path}：{TEMPLATE_MESSAGE.format(kind=kind, n=count)}" in stderr


@pytest.mark.parametrize("path", params(BUDGETS))
def test_real_budgets_are_checked(path: Path) -> None:
    result = check_path(path)
    assert result.error is None, result.error
    assert result.disclosure is not None


@pytest.mark.parametrize(
    ("cover", "label"),
    [
        ("某局2023年决算公开说明", "部门决算"),
        ("某局2023年度部门决算报告", "部门决算"),
        ("某中心2023年度单位决算信息公开", "单位决算"),
        ("某局2024年部门预算公开说明", "部门预算"),
        ("某局2024年度单位预算公开说明", "单位预算"),
    ],
)
def test_cover_wordings_of_the_four_kinds(cover: str, label: str) -> None:
    k = classify(doc(Paragraph(cover)))
    assert (k.label, k.reason) == (label, f"识别为{label}：封面标题“{cover}”")


def test_a_document_that_is_no_disclosure_is_said_to_be_none(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "# yusuan（预算）\n\n一个检查部门预算公开文件的工具。\n\n## 快速开始\n\n运行 make demo。\n",
        encoding="utf-8",
    )
    result = check_path(readme)
    assert result.disclosure is None and result.findings == []
    assert result.error == (
        f"{readme}：没有找到预算或决算的标题、公开表格和情况说明中的数字，这似乎不是部门预算或决算公开文件，未检查"
    )
    code, stderr = check_via_cli(readme)
    assert code == 2 and "这似乎不是部门预算或决算公开文件" in stderr
    # a fragment with one budget figure in its narrative is checked
    fragment = tmp_path / "fragment.md"
    fragment.write_text("## 一、收支预算总体情况说明\n\n本部门收入预算总额100.00万元。\n", encoding="utf-8")
    assert check_path(fragment).error is None
