"""One document that makes yusuan fail (a defect of ours, or input nobody foresaw) is reported as that
document's error; the other documents of the batch are checked and extracted as usual."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan.pipeline
import yusuan.read
from yusuan.cli.main import app
from yusuan.model import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = EXAMPLES / "culture_bureau_2024.md"


def _explodes(path: Path) -> Document:
    raise ValueError("a reader bug")


@pytest.fixture
def bad_reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    bad = tmp_path / "bad.md"
    bad.write_text("# 2024年度某局部门预算\n", encoding="utf-8")
    real = yusuan.pipeline.read_document

    def read(path: str | Path) -> Document:
        return _explodes(Path(path)) if Path(path) == bad else real(path)

    monkeypatch.setattr(yusuan.pipeline, "read_document", read)
    monkeypatch.setattr(yusuan.read, "read_document", read)  # extract imports it when it runs
    return bad


def test_check_reports_the_good_documents_and_names_the_bad_one(bad_reader: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--format", "json", str(bad_reader), str(GOOD)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    docs = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert (
        docs["bad.md"]["error"]
        == f"{bad_reader}：处理时出现内部错误（ValueError），已跳过此文件；请将文件报告给维护者"
    )
    assert docs[GOOD.name]["error"] is None and docs[GOOD.name]["document"] == "部门预算"


def test_extract_writes_the_good_documents(bad_reader: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(bad_reader), str(GOOD), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "内部错误（ValueError）" in result.stderr
    assert (out / f"{GOOD.stem}.json").is_file() and not (out / "bad.json").exists()


def test_outputs_are_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    """Issue 11 class 6: a link where an output goes is refused; what it points at is left alone."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "01_keep.csv").write_text("mine", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / GOOD.stem).symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(app, ["extract", str(GOOD), "-o", str(out), "-f", "csv"])
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert [p.name for p in elsewhere.iterdir()] == ["01_keep.csv"]

    precious = tmp_path / "precious.json"
    precious.write_text("{}", encoding="utf-8")
    precious.chmod(0o600)
    (out / f"{GOOD.stem}.json").symlink_to(precious)
    result = CliRunner().invoke(app, ["extract", str(GOOD), "-o", str(out)])
    assert result.exit_code == 2 and "符号链接" in result.stderr
    assert precious.read_text(encoding="utf-8") == "{}" and (out / f"{GOOD.stem}.json").is_symlink()
