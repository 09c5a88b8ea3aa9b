"""Cross-year checks and `yusuan compare` on the two fictional 文旅局 budgets in examples/ (no
../shared needed): culture_bureau_2025.yaml states its 上年 figures from the 2024 document except
机关运行经费 (70.46 instead of 72.46, on purpose), which the check must find — and only that."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from yusuan.batch.ingest import ingest
from yusuan.build import build_source
from yusuan.cli.compare_cmd import _choose, compare, yoy
from yusuan.store import Store
from yusuan.yoy import CONSISTENT, INCONSISTENT, DepartmentSeries, check_years

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("culture")
    for year in (2024, 2025):
        built = build_source(EXAMPLES / f"culture_bureau_{year}.yaml", formats=("md",))
        (folder / f"culture_bureau_{year}.md").write_bytes(built.outputs["md"])
    path = folder / "store.duckdb"
    store = Store(str(path))
    assert len(ingest(store, [folder]).stored) == 2
    store.close()
    yield path


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(compare)
    app.command()(yoy)
    return app


def test_only_the_planted_admin_running_figure_disagrees(db: Path) -> None:
    store = Store(str(db))
    summary = check_years(store)
    findings = store.query("select rule, severity, message, expected from cross_findings order by rule")[1]
    store.close()
    (r,) = summary.results
    verdicts = {c.statement.subject: c.verdict for c in r.checks}
    assert verdicts.pop("admin_running") == INCONSISTENT
    assert set(verdicts.values()) == {CONSISTENT}
    assert {"income_total", "expense_total", "gpb.total", "sangong.abroad", "sangong.reception"} <= set(
        verdicts
    )
    bad = next(c for c in r.checks if c.statement.subject == "admin_running")
    assert bad.statement.change is not None and bad.statement.change.value == Decimal("3.64")
    assert bad.earlier is not None and bad.earlier.money.value == Decimal("72.46")
    assert [f[:2] for f in findings] == [("YY901", "error"), ("YY902", "error")]
    assert "70.46万元" in findings[0][2] and findings[0][3].startswith("72.46万元（culture_bureau_2024.md")


def test_compare_prints_the_series_and_the_finding(db: Path, tmp_path: Path) -> None:
    chart = tmp_path / "文旅局.png"
    result = CliRunner().invoke(
        _app(), ["compare", "文化和旅游", "--db", str(db), "--chart", str(chart)], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "清溪市云山区文化和旅游局" in out and "2024年" in out and "2025年" in out
    assert "1,510.34" in out and "1,519.92" in out and "+9.58" in out  # 收入总计 and its change
    assert "72.46" in out and "74.10" in out  # 机关运行经费
    assert "[YY901]" in out and "不一致 1" in out
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 20_000
    svg = tmp_path / "series.svg"
    again = CliRunner().invoke(_app(), ["compare", "文化和旅游", "--db", str(db), "--chart", str(svg)])
    assert again.exit_code == 0, again.output
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "<path" in text  # glyphs drawn as paths


def test_compare_refuses_what_it_cannot_do(db: Path, tmp_path: Path) -> None:
    runner, app = CliRunner(), _app()
    missing = runner.invoke(app, ["compare", "不存在的局", "--db", str(db)])
    assert missing.exit_code == 2 and "没有找到" in missing.output
    chart = runner.invoke(app, ["compare", "文化和旅游", "--db", str(db), "--chart", str(tmp_path / "a.gif")])
    assert chart.exit_code == 2 and ".png 或 .svg" in chart.output
    nodb = runner.invoke(app, ["compare", "文化和旅游", "--db", str(tmp_path / "none.duckdb")])
    assert (
        nodb.exit_code == 2 and "数据库文件不存在" in nodb.output and not (tmp_path / "none.duckdb").exists()
    )
    kind = runner.invoke(app, ["compare", "文化和旅游", "--db", str(db), "--kind", "预算"])
    assert kind.exit_code == 2 and "未知的文件类型" in kind.output


def test_an_ambiguous_name_lists_the_candidates() -> None:
    a = DepartmentSeries("上海市普陀区财政局", "普陀区财政局", {"部门预算": {2025: {}}})
    b = DepartmentSeries("上海市普陀区人民政府办公室", "普陀区人民政府办公室", {"部门预算": {2025: {}}})
    with pytest.raises(typer.Exit) as exc:
        _choose([a, b], "普陀区", None)
    assert exc.value.exit_code == 2
    assert _choose([a, b], "上海市普陀区财政局", None) is a  # the full name is exact


def test_yoy_command_summarises(db: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["yoy", "--db", str(db), "--recheck", "--verbose"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "不一致 1" in result.output and "[不一致]" in result.output and "机关运行经费" in result.output
