"""The committed examples match the generator, and the demo documents give the findings they should."""

from __future__ import annotations

from pathlib import Path

from tests.support.fujian_doc import example_scenario, render
from yusuan.model import Severity
from yusuan.pipeline import check_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_clean_example_matches_generator() -> None:
    assert (EXAMPLES / "culture_bureau_2024.md").read_text(encoding="utf-8") == render(
        example_scenario()
    ).text


def test_clean_example_has_no_findings() -> None:
    result = check_path(EXAMPLES / "culture_bureau_2024.md")
    assert result.disclosure is not None and result.disclosure.year == 2024
    assert len(result.disclosure.tables) == 11
    assert result.findings == []


def test_example_with_errors_reports_each_planted_error() -> None:
    result = check_path(EXAMPLES / "culture_bureau_2024_with_errors.md")
    lines = (EXAMPLES / "culture_bureau_2024_with_errors.md").read_text(encoding="utf-8").split("\n")

    def line_of(text: str) -> int:
        return next(i + 1 for i, line in enumerate(lines) if text in line)

    got = {(f.rule, line) for f in result.findings if f.severity is not Severity.INFO for line in f.lines}
    assert ("TX301", line_of("相应安排支出预算1,501.34万元")) in got
    assert ("TX304", line_of("增长7.13%")) in got
    assert ("TX306", line_of("2023年度一般公共预算拨款支出")) in got
    assert ("AR104", line_of("30101\t基本工资\t245.47")) in got
    assert ("TX308", line_of("主要原因是人员减少")) in got
