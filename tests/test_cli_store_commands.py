"""The batch commands end to end through the `yusuan` app: check --jobs and -o, ingest (with its
cross-year comparison), compare and report on the store it made."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan.build import build_source
from yusuan.cli.main import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example department's 2024 and 2025 disclosures, built as markdown."""
    folder = tmp_path_factory.mktemp("built")
    for year in (2024, 2025):
        md = build_source(EXAMPLES / f"culture_bureau_{year}.yaml", formats=("md",)).outputs["md"]
        (folder / f"culture_bureau_{year}.md").write_bytes(md)
    return folder


def test_check_jobs_gives_what_one_process_gives(tmp_path: Path) -> None:
    files = [str(EXAMPLES / "culture_bureau_2024_with_errors.md"), str(EXAMPLES / "culture_bureau_2024.md")]
    one = CliRunner().invoke(app, ["check", "-f", "json", *files])
    two = CliRunner().invoke(app, ["check", "-f", "json", "-j", "2", *files])
    assert one.exit_code == two.exit_code == 1  # the planted errors
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert [d["path"] for d in json.loads(two.stdout)["documents"]] == files


def test_check_writes_a_report_of_its_findings(tmp_path: Path) -> None:
    doc = EXAMPLES / "culture_bureau_2024_with_errors.md"
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(app, ["check", "-f", "json", "-o", str(out), str(doc)])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["documents"][0]["findings"]
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(findings) > 0
    assert {r["规则"] for r in rows} == {f["rule"] for f in findings}


def test_check_refuses_a_report_path_before_checking(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["check", "-o", str(tmp_path / "no" / "r.xlsx"), str(EXAMPLES / "culture_bureau_2024.md")]
    )
    assert result.exit_code == 2 and "所在文件夹不存在" in result.stderr
    result = CliRunner().invoke(
        app, ["check", "-o", str(tmp_path / "r.pdf"), str(EXAMPLES / "culture_bureau_2024.md")]
    )
    assert result.exit_code == 2 and "不支持的报告格式" in result.stderr


def test_ingest_compare_and_report(two_years: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "demo.duckdb")
    first = CliRunner().invoke(app, ["ingest", str(two_years), "--db", db, "-j", "1"])
    assert first.exit_code == 0, first.stdout + first.stderr
    assert "新入库 2 份" in first.stdout
    assert "不一致 1" in first.stdout  # the 机关运行经费 planted in the 2025 source
    again = CliRunner().invoke(app, ["ingest", str(two_years), "--db", db])
    assert again.exit_code == 0 and "新入库 0 份" in again.stdout and "已存在 2 份" in again.stdout
    compared = CliRunner().invoke(app, ["compare", "文化和旅游", "--db", db])
    assert compared.exit_code == 0
    assert "72.46" in compared.stdout and "74.10" in compared.stdout and "YY901" in compared.stdout
    out = tmp_path / "report.xlsx"
    reported = CliRunner().invoke(app, ["report", "--db", db, "-o", str(out)])
    assert reported.exit_code == 0 and out.is_file()


def test_ingest_names_a_store_it_cannot_open(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", str(EXAMPLES / "culture_bureau_2024.md"), "--db", str(tmp_path / "no" / "x.duckdb")]
    )
    assert result.exit_code == 2 and "所在文件夹不存在" in result.stderr


@pytest.mark.parametrize("command", [["compare", "文化和旅游"], ["yoy"]])
def test_compare_names_a_server_without_its_password(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--db", "postgresql://reader:s3cret@127.0.0.1:1/yusuan"])
    assert result.exit_code == 2 and "无法打开数据库" in result.stderr
    assert "s3cret" not in result.stdout + result.stderr and "reader@127.0.0.1:1" in result.stderr
