"""Text of a document never reaches the terminal raw: escape sequences and control characters are shown
as visible codes, rich [markup] is printed as written (issue 11 class 5)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from yusuan.cli.main import app
from yusuan.cli.report import print_text
from yusuan.cli.safe import printable
from yusuan.model import Disclosure, Finding, Provenance, Severity
from yusuan.pipeline import CheckResult

HOSTILE_TITLE = "\x1b]0;pwned\x07\x1b[2J[bold][link=http://x]某局[/link]\r2024年度部门预算"


def test_printable_shows_control_characters() -> None:
    assert printable("a\x1b[31mb\x07\rc\u202ed") == "a<1B>[31mb<07><0D>c<202E>d"
    assert printable("一般公共服务支出\t合计") == "一般公共服务支出\t合计"
    assert printable("第1行\n第2行") == "第1行\n第2行"


def test_a_hostile_title_is_printed_as_visible_text(tmp_path: Path) -> None:
    doc = tmp_path / "hostile.md"
    doc.write_text(f"# {HOSTILE_TITLE}\n\n## 一、收支总表\n\n本部门收入预算100.00万元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(doc)])
    assert "Traceback" not in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\r" not in result.output


def test_the_report_prints_document_text_as_written() -> None:
    finding = Finding(
        rule="TX301", name="text.amount_vs_table", severity=Severity.ERROR,
        message=f"文字说明“{HOSTILE_TITLE}”为 1.00万元", locations=[Provenance("x.md", line=3, table="[red]表")],
        expected="[bold]2.00", actual="1.00",
    )  # fmt: skip
    d = Disclosure(path="x.md", profile="national", title=HOSTILE_TITLE)
    out = io.StringIO()
    print_text([CheckResult("x.md", d, [finding])], Console(file=out, width=300, color_system=None))
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text
    assert "<1B>]0;pwned<07><1B>[2J[bold][link=http://x]某局[/link]<0D>2024年度部门预算" in text
    assert "表“[red]表”" in text and "应为：[bold]2.00" in text


def test_version_and_the_summary_of_unchecked_files(tmp_path: Path) -> None:
    from yusuan import __version__

    runner = CliRunner()
    assert runner.invoke(app, ["--version"]).output == f"yusuan {__version__}\n"
    letter = tmp_path / "letter.md"
    letter.write_text("# 通知\n\n请于周五前提交材料。\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", "json", str(letter)])
    assert result.exit_code == 2
    summary = __import__("json").loads(result.stdout)["summary"]
    assert summary == {"documents": 1, "unreadable": 1, "errors": 0, "warnings": 0, "infos": 0}
