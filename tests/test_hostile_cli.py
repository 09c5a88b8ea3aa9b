"""Hostile input the attack harness (bench/attack.py) found in the command line and the builder:
each a regression test with its input made here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app
from yusuan.doc_kind import classify
from yusuan.extract.normalize import strip_ordinal
from yusuan.read import read_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = EXAMPLES / "culture_bureau_2024.md"


def _yusuan(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = Path(sys.executable).parent / "yusuan"
    return subprocess.run([str(command), *args], cwd=cwd, env=env, capture_output=True, timeout=120)


def test_a_file_name_that_is_not_utf8_is_reported_with_the_batch(tmp_path: Path) -> None:
    bad = os.fsencode(tmp_path) + b"/bad_\xff.md"
    with open(bad, "wb") as f:
        f.write(GOOD.read_bytes())
    proc = _yusuan("check", "-f", "json", os.fsdecode(bad), str(GOOD), cwd=tmp_path)
    assert b"Traceback" not in proc.stderr and proc.returncode == 0
    docs = json.loads(proc.stdout)["documents"]
    assert [d["path"] for d in docs] == [os.fsdecode(bad), str(GOOD)]  # \udcff escaped, decoded back
    text = _yusuan("check", os.fsdecode(bad), cwd=tmp_path)
    assert text.returncode == 0 and b"bad_<DCFF>.md" in text.stdout


def test_a_symbolic_link_loop_does_not_stop_extract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract", "loop.md", str(GOOD), "-o", "out"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert "loop.md：无法读取" in result.stderr
    assert (tmp_path / "out" / "culture_bureau_2024.json").is_file()


def test_an_input_with_a_long_name_is_extracted(tmp_path: Path) -> None:
    long = tmp_path / ("预算" * 40 + ".md")  # 240 bytes: a temporary name built on it would pass 255
    long.write_bytes(GOOD.read_bytes())
    result = CliRunner().invoke(app, ["extract", str(long), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / ("预算" * 40 + ".json")).is_file()


def test_build_shows_source_text_without_obeying_its_controls(tmp_path: Path) -> None:
    source = (EXAMPLES / "culture_bureau_2024.yaml").read_text(encoding="utf-8")
    code = '{function: "2070101", economic: "30101"'
    source = source.replace(code, code.replace("2070101", "2070\u202e101"), 1)
    path = tmp_path / "s.yaml"
    path.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 2
    assert "\u202e" not in result.stdout + result.stderr
    assert "“2070<202E>101”" in result.stderr  # the message shows the code as it is


def test_a_workbook_source_is_vetted_like_a_published_workbook(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(EXAMPLES / "culture_bureau_2024.xlsx") as zin, zipfile.ZipFile(bomb, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                merge = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
                xml = re.sub(r"<mergeCells.*?</mergeCells>", "", xml, flags=re.S).replace(
                    "</sheetData>", "</sheetData>" + merge
                )
                data = xml.encode()
            zout.writestr(info, data)
    result = CliRunner().invoke(app, ["build", str(bomb), "-o", str(tmp_path / "out"), "-f", "md"])
    assert result.exit_code == 2 and "合并单元格" in result.stderr
    assert not (tmp_path / "out").exists()


def test_long_runs_are_read_in_linear_time() -> None:
    # quadratic before: each would take minutes; the results are what a short run gives
    assert strip_ordinal("一、" * 300_000 + "收入") == "收入"
    kind = classify(read_text("2024年度某局部门预算\n\n" + "2010301" * 100_000, "digits.md"))
    assert kind.amounts == 0
