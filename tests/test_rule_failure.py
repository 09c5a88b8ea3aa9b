"""A rule that fails loses nothing (issue 11 class 3): what it reported before failing is kept, the
other rules' findings are not touched, and a number out of the checked range is one finding at its
place (EN002) instead of a decimal error inside the rules it would enter.

Before: an amount of 27 digits in the 收入预算总表 made AR101, AR102 and XT203 raise
decimal.InvalidOperation (formatting the difference for their message), so each lost every finding
it would have made after that row; 10²⁶ in an Excel cell under a 0.00 format made the reader raise
and the whole workbook was lost."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from yusuan.audit.check import Check
from yusuan.audit.engine import audit
from yusuan.audit.registry import Rule
from yusuan.derive import derive
from yusuan.model import Disclosure, Finding, Provenance, Severity
from yusuan.pipeline import check_path
from yusuan.profiles import load as load_profile
from yusuan.render import render
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WITH_ERRORS = EXAMPLES / "culture_bureau_2024_with_errors.md"
INCOME_TABLE = "2024 年度收入预算总表"
LIBRARY_ROW = "2070104\t图书馆\t328.19\t328.19"


# -- the engine ------------------------------------------------------------------------------------


def _place(line: int) -> Provenance:
    return Provenance("test.md", line=line)


def _flags_twice_then_fails(check: Check) -> None:
    """测试：报告两处后出错。"""
    check.flag("第一处问题", _place(3))
    check.flag("第二处问题", _place(5))
    raise decimal.InvalidOperation([decimal.InvalidOperation])


def _yields_then_fails(check: Check) -> Iterator[Finding]:
    """测试：以生成器报告一处后出错。"""
    yield Finding(rule=check.rule_code, name=check.name, severity=Severity.WARNING, message="生成的问题",
                  locations=[_place(7)])  # fmt: skip
    raise KeyError("total")


def _flags_once(check: Check) -> None:
    """测试：正常报告一处。"""
    check.flag("另一条规则的问题", _place(9))


def test_a_failing_rule_keeps_what_it_reported_and_the_others_run() -> None:
    rules = [
        Rule("AR901", "test.fails", Severity.ERROR, "报告两处后出错", _flags_twice_then_fails),
        Rule("AR902", "test.generator", Severity.WARNING, "生成器规则", _yields_then_fails),
        Rule("AR903", "test.fine", Severity.ERROR, "正常规则", _flags_once),
    ]
    findings = audit(Disclosure(path="test.md", profile="fujian"), load_profile("fujian"), rules=rules)
    got = sorted((f.rule, f.message, min(f.lines, default=0)) for f in findings)
    assert got == [
        ("AR901", "第一处问题", 3),
        ("AR901", "第二处问题", 5),
        ("AR902", "生成的问题", 7),
        ("AR903", "另一条规则的问题", 9),
        (
            "EN001",
            "规则 AR901（报告两处后出错）执行出错，此前报告的 2 个问题保留，其余部分已跳过：数值运算出错（InvalidOperation）",
            0,
        ),
        (
            "EN001",
            "规则 AR902（生成器规则）执行出错，此前报告的 1 个问题保留，其余部分已跳过：KeyError: 'total'",
            0,
        ),
    ]


# -- a number out of range in a real document ------------------------------------------------------


def _findings(path: Path) -> set[tuple[str, str, int | None]]:
    result = check_path(path)
    assert result.error is None, result.error
    return {(f.rule, f.message, f.locations[0].line if f.locations else None) for f in result.findings}


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    "amount",
    [
        "123,456,789,012,345,678,901,234,567.00",  # 27 digits
        "100000000000000000000000000.00",  # 10²⁶ as a 0.00 format shows it
        "1,000,000,000,000,000.00",  # 10¹⁵: the first amount out of range
    ],
)
def test_an_amount_out_of_range_in_a_table_is_one_finding_at_its_cell(tmp_path: Path, amount: str) -> None:
    text = WITH_ERRORS.read_text(encoding="utf-8")
    assert text.count(LIBRARY_ROW) == 1
    planted = tmp_path / "planted.md"
    planted.write_text(text.replace(LIBRARY_ROW, f"2070104\t图书馆\t{amount}\t328.19"), encoding="utf-8")
    result = check_path(planted)
    assert result.error is None
    assert not [f for f in result.findings if f.rule == "EN001"]  # no rule failed
    [finding] = [f for f in result.findings if f.rule == "EN002"]
    assert finding.severity is Severity.ERROR
    assert f"金额“{amount}”超出可核对范围" in finding.message
    where = finding.locations[0]
    assert (where.table, where.row, where.column, where.line) == (
        INCOME_TABLE,
        "2070104",
        "总计",
        _line_of(text, LIBRARY_ROW),
    )
    # every finding of the document without the planted amount is still reported
    assert _findings(WITH_ERRORS) <= {(f.rule, f.message, f.locations[0].line) for f in result.findings}


def test_just_below_the_range_is_checked_as_an_amount(tmp_path: Path) -> None:
    """999,999,999,999,999.99 is in range: no EN002, and the row's arithmetic is checked with it."""
    text = WITH_ERRORS.read_text(encoding="utf-8")
    planted = tmp_path / "planted.md"
    planted.write_text(
        text.replace(LIBRARY_ROW, "2070104\t图书馆\t999,999,999,999,999.99\t328.19"), encoding="utf-8"
    )
    findings = check_path(planted).findings
    assert not [f for f in findings if f.rule in ("EN002", "EN001")]
    row_sum = [f for f in findings if f.rule == "AR101" and f.locations[0].row == "2070104"]
    assert row_sum and "999,999,999,999,999.99" in row_sum[0].message


def test_an_amount_out_of_range_in_the_narrative(tmp_path: Path) -> None:
    text = WITH_ERRORS.read_text(encoding="utf-8")
    sentence = "2070109-群众文化206.80万元"
    assert text.count(sentence) == 1
    planted = tmp_path / "planted.md"
    planted.write_text(
        text.replace(sentence, "2070109-群众文化123456789012345678901234567.80万元"), encoding="utf-8"
    )
    result = check_path(planted)
    assert not [f for f in result.findings if f.rule == "EN001"]
    [finding] = [f for f in result.findings if f.rule == "EN002"]
    assert "123456789012345678901234567.80" in finding.message
    assert finding.locations[0].line == _line_of(text, sentence)
    assert _findings(WITH_ERRORS) <= {(f.rule, f.message, f.locations[0].line) for f in result.findings}


def test_ten_to_the_26_in_an_excel_cell_under_a_0_00_format(tmp_path: Path) -> None:
    """The built workbook with one amount replaced by the float 1e26 under 0.00: it reads (the
    reader shows it as Excel does, 100000000000000000000000000.00) and EN002 names its sheet, row
    and table; the built workbook otherwise checks clean, so nothing but EN002 and what follows from
    the withheld cell (the column and row sums, the same code in the expense table) is reported."""
    budget, _ = load_source(EXAMPLES / "culture_bureau_2024.yaml")
    path = tmp_path / "built.xlsx"
    path.write_bytes(render(derive(budget).publication, "xlsx"))
    book = openpyxl.load_workbook(path)
    target = None
    for number, sheet in enumerate(book.worksheets, 1):
        if target is None and any(
            "收入预算总表" in str(c.value) for row in sheet.iter_rows() for c in row[:3]
        ):
            for row in sheet.iter_rows():
                if row[0].value == "2070104" and isinstance(row[2].value, float | int):
                    row[2].value, row[2].number_format = 1e26, "0.00"
                    target = (number, row[2].row)
                    break
    assert target is not None
    book.save(path)
    result = check_path(path)
    assert result.error is None
    [finding] = [f for f in result.findings if f.rule == "EN002"]
    assert "金额“100000000000000000000000000.00”超出可核对范围" in finding.message
    where = finding.locations[0]
    assert (where.page, where.line, where.row, where.column) == (*target, "2070104", "总计")
    assert "收入预算总表" in (where.table or "")
    assert not [f for f in result.findings if f.rule == "EN001"]
    others = {f.rule for f in result.findings if f.severity is not Severity.INFO} - {"EN002"}
    assert others <= {"AR101", "AR102", "XT203"}
