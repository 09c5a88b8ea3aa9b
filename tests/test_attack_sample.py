"""A quick subset of the hostile-input harness (bench/attack.py): about twenty representative hostile
inputs of every format in one mixed batch with good documents, through the CLI in-process.

What a batch must do (issue 11): no traceback and no internal error; every hostile input is either
read or refused with a message naming it; the good documents' findings are exactly those they have
alone; the exit code is 2 because some inputs are unreadable; nothing from a document reaches the
terminal raw; extract writes the good documents and no CSV cell or XLSX cell is a live formula."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOOD = [EXAMPLES / "culture_bureau_2024.md", EXAMPLES / "culture_bureau_2024_with_errors.md"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+%?$")


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("yusuan_attack", ROOT / "bench" / "attack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    hostile = _harness().sample(tmp_path_factory.mktemp("attack") / "inputs")
    assert len(hostile) >= 20
    third = len(hostile) // 3
    return [GOOD[0], *hostile[:third], GOOD[1], *hostile[third:], GOOD[0].with_name(GOOD[0].name)]


def _check(paths: list[Path], fmt: str = "json") -> Any:
    return CliRunner().invoke(app, ["check", "--format", fmt, *map(str, paths)])


def _findings(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted((f["rule"], f["severity"], f["message"]) for f in doc["findings"])


def test_a_mixed_batch_is_checked_document_by_document(batch: list[Path]) -> None:
    result = _check(batch)
    assert "Traceback" not in result.output and "内部错误" not in result.output
    assert result.exit_code == 2  # some inputs are unreadable
    docs = json.loads(result.stdout)["documents"]
    assert [d["path"] for d in docs] == [str(p) for p in batch]
    alone = {str(p): json.loads(_check([p]).stdout)["documents"][0] for p in GOOD}
    for d in docs:
        if d["path"] in alone:
            assert d["error"] is None and _findings(d) == _findings(alone[d["path"]])
        elif d["error"]:  # refused: the message names the file
            assert d["path"] in d["error"] or Path(d["path"]).name in d["error"]
    refused = {Path(d["path"]).name for d in docs if d["error"]}
    # the classes the sample stands for: bombs and broken files refused, legitimate encodings read
    assert {
        "s_empty.md",
        "s_fifo.pdf",
        "s_dangling.md",
        "s_directory.docx",
        "s_xlsx_merge_bomb.xlsx",
    } <= refused
    assert {"s_docx_entities.docx", "s_pdf_form_bomb.pdf", "s_pdf_encrypted.pdf"} <= refused
    read = {
        "s_gbk.txt",
        "s_utf16.txt",
        "s_hostile_title.md",
        "s_listing_formulas.md",
        "s_[bold red]ATTACKMARK[link=x].md",
    }
    assert not read & refused
    summary = json.loads(result.stdout)["summary"]
    assert summary["documents"] == len(batch) and summary["unreadable"] == len(refused)


def test_nothing_from_a_document_reaches_the_terminal_raw(batch: list[Path]) -> None:
    result = _check(batch, "text")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not RAW.findall(result.stdout) and not RAW.findall(result.stderr)
    assert "s_[bold red]" in result.stdout  # rich markup printed as written (a long path is cut after it)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_extract_of_a_mixed_batch_writes_the_good_documents_as_data(
    batch: list[Path], tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", *map(str, batch), "-o", str(out), "-f", fmt])
    assert result.exit_code == 2 and "Traceback" not in result.output and "内部错误" not in result.output
    assert not RAW.findall(result.stdout) and not RAW.findall(result.stderr)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("错误：")]
    written = [ln for ln in result.stdout.splitlines() if ln.startswith("已生成")]
    assert len(errors) + len(written) == len(set(batch))
    live = []
    if fmt == "csv":
        for f in out.rglob("*.csv"):
            for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))):
                live += [c for c in row if c and c[0] in "=+-@\t\r" and not NUMBER.match(c)]
        assert (out / GOOD[0].stem / "document.csv").is_file()
    else:
        for f in out.glob("*.xlsx"):
            wb = openpyxl.load_workbook(f)
            live += [
                c.coordinate
                for ws in wb.worksheets
                for row in ws.iter_rows()
                for c in row
                if c.data_type == "f"
            ]
        assert (out / f"{GOOD[0].stem}.xlsx").is_file()
    assert live == []
    # exactly the files it says it wrote: nothing for a refused input
    assert sorted(p.name for p in out.iterdir()) == sorted(
        Path(ln.split("已生成 ", 1)[1].rsplit("（", 1)[0]).name for ln in written
    )
