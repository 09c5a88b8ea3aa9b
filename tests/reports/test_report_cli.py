"""`yusuan report` through typer's runner (registered on an app of the test's own), and reports
made from a check run in memory."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.reports.conftest import EXAMPLE, NO_SHARED, WANLI_2025, have_pdfs
from yusuan.batch.ingest import ingest
from yusuan.cli.report_cmd import report
from yusuan.model import Document
from yusuan.pipeline import CheckResult, check_document
from yusuan.read import read_document
from yusuan.reports import ReportError, from_results, review_subject, write_report
from yusuan.reports.html import pictures
from yusuan.reports.model import COLUMNS
from yusuan.store import Store, schema

app = typer.Typer()
app.command("report")(report)
app.command("noop")(lambda: None)  # two commands: `report` is then a subcommand, as in yusuan
runner = CliRunner()


def test_report_command_writes_each_format(store: Store, store_db: str, tmp_path: Path) -> None:
    total = sum(len(store.rows(schema.findings, d["id"])) for d in store.documents())
    for suffix in ("xlsx", "csv", "docx", "html"):
        out = tmp_path / f"r.{suffix}"
        args = ["report", "--db", store_db, "-o", str(out)]
        if suffix == "html":
            args.append("--no-images")
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert f"问题 {total} 条" in result.output
        assert out.stat().st_size > 0
    assert "data:image/png" not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_report_command_one_document(store: Store, store_db: str, tmp_path: Path) -> None:
    example = next(d for d in store.documents() if d["file_name"] == EXAMPLE.name)
    out = tmp_path / "one.xlsx"
    result = runner.invoke(app, ["report", "--db", store_db, "-o", str(out), "--document", example["id"][:8]])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 2
    ws = wb[wb.sheetnames[1]]
    rules = [ws.cell(r, COLUMNS.index("规则") + 1).value for r in range(3, ws.max_row + 1)]
    assert rules == [f["rule"] for f in store.rows(schema.findings, example["id"])]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{tmp}/missing.duckdb", "-o", "{tmp}/r.xlsx"], "数据库文件不存在"),
        (["--db", "{db}", "-o", "{tmp}/r.pdf"], "不支持的报告格式"),
        (["--db", "{db}", "-o", "{tmp}/r.xlsx", "--document", "no-such-document"], "数据库中没有文档"),
        (["--db", "mysql://x/y", "-o", "{tmp}/r.xlsx"], "不支持的数据库地址"),
        (["--db", "{db}", "-o", "{tmp}/nofolder/r.xlsx"], "所在文件夹不存在"),
    ],
)
def test_report_command_refuses_clearly(store_db: str, tmp_path: Path, args: list[str], message: str) -> None:
    args = [a.format(tmp=tmp_path, db=store_db) for a in args]
    result = runner.invoke(app, ["report", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception
    assert not (tmp_path / "missing.duckdb").exists()  # a report never creates a database


def test_write_report_never_writes_through_a_link(store: Store, tmp_path: Path) -> None:
    from yusuan.reports import from_store

    target = tmp_path / "elsewhere.csv"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "report.csv"
    link.symlink_to(target)
    with pytest.raises(ReportError, match="符号链接"):
        write_report(from_store(store), link)
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.fixture(scope="module")
def checked() -> tuple[list[str], dict[str, Document], list[CheckResult]]:
    """The example (and the 2025 万里街道 budget) read and checked in memory, once."""
    paths = [str(EXAMPLE)]
    if have_pdfs():
        paths.append(str(WANLI_2025))
    documents = {p: read_document(p) for p in paths}
    return paths, documents, [check_document(documents[p]) for p in paths]


def test_report_of_a_check_run_in_memory(
    checked: tuple[list[str], dict[str, Document], list[CheckResult]], tmp_path: Path
) -> None:
    paths, documents, results = checked
    made = from_results(results, documents)
    assert [d.name for d in made.documents] == [Path(p).name for p in paths]
    for d, r in zip(made.documents, results, strict=True):
        assert [(f.rule, f.severity, f.page) for f in d.findings] == [
            (f.rule, f.severity.value, f.locations[0].page if f.locations else None) for f in r.findings
        ]
        assert {f.status for f in d.findings} <= {"待核实"}
    # the review key the store gives the same file, so that marks made on either apply to both
    with Store(str(tmp_path / "s.duckdb")) as store:
        ingest(store, paths[:1], jobs=1)
        stored = store.documents()[0]
        assert made.documents[0].subject == review_subject(stored)
        assert [f.fingerprint for f in made.documents[0].findings] == [
            f["fingerprint"] for f in store.rows(schema.findings, stored["id"])
        ]
    out = tmp_path / "check.xlsx"
    write_report(made, out)
    wb = load_workbook(out)
    assert len(wb.sheetnames) == 1 + len(paths)


@pytest.mark.skipif(not have_pdfs(), reason=NO_SHARED)
def test_in_memory_pictures_use_the_file_and_its_cells(
    checked: tuple[list[str], dict[str, Document], list[CheckResult]],
) -> None:
    _, documents, results = checked
    made = from_results(results[1:], documents)
    d = made.documents[0]
    assert d.path == str(WANLI_2025)
    found, note = pictures(d)
    assert note == ""
    cell = next(f for f in d.findings if f.first.bbox is not None)
    assert found[cell.index].how == "cell" and found[cell.index].boxes[0] == cell.first.bbox
    assert d.source is not None and d.source.cells()  # the Document's boxed cells
