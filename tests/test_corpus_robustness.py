"""`yusuan check FILE` on every real file and on synthetic bad or big PDFs: an exit code of 0, 1 or
2 and never a traceback.

The reader's own refusals (empty, truncated, encrypted, image-only PDFs) and their messages are
tested in tests/read/test_pdf_reader.py; empty and binary text files, directories and missing paths
through the installed command in tests/test_bad_input.py. Here the same kinds of PDF, and empty
files of the other formats, go through the command itself (typer's CliRunner, in process), where
what matters is the contract: exit code 2, the file named, no traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

try:
    from tests.read import pdf_samples as samples
except ImportError:  # run on its own, without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.read import pdf_samples as samples

from yusuan.cli.main import app
from yusuan.model import TableBlock
from yusuan.read import read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []
CORPUS_PARAMS = [pytest.param(p, id=str(p.relative_to(CORPUS))) for p in CORPUS_FILES] or [
    pytest.param(
        None, marks=pytest.mark.skip(reason=f"{CORPUS} is not here (../shared beside the repository)")
    )
]
LONG_PAGES = 500

runner = CliRunner()


def run_check(path: Path, *options: str) -> Result:
    result = runner.invoke(app, ["check", *options, str(path)])
    # typer.Exit becomes a SystemExit the runner catches; any other exception is a crash
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output, result.output[-3000:]
    assert result.exit_code in (0, 1, 2), result.output[-3000:]
    return result


def only_document(result: Result) -> dict[str, Any]:
    [doc] = json.loads(result.stdout)["documents"]
    return doc  # type: ignore[no-any-return]


# -- every real file -----------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize("path", CORPUS_PARAMS)
def test_every_corpus_file_is_checked_without_a_traceback(path: Path, output_format: str) -> None:
    result = run_check(path, "--format", output_format)
    if output_format == "json":
        doc = only_document(result)
        assert doc["path"] == str(path)
        # exit code 2 exactly when the file is refused, with a message that names it
        assert (result.exit_code == 2) == (doc["error"] is not None)
        if doc["error"]:
            assert doc["error"].startswith(str(path)) and not doc["findings"]


# -- a long PDF ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / f"long_{LONG_PAGES}.pdf"
    path.write_bytes(samples.long_budget(LONG_PAGES))
    return path


def test_long_pdf_is_read_and_checked(long_pdf: Path) -> None:
    doc = read_document(long_pdf)
    assert doc.pages == LONG_PAGES and not doc.problems
    tables = [b for b in doc.blocks if isinstance(b, TableBlock)]
    assert len(tables) == LONG_PAGES - 1  # one per page after the first
    assert {t.page for t in tables} == set(range(2, LONG_PAGES + 1))
    assert all(len(t.rows) == 13 for t in tables)
    result = run_check(long_pdf, "--format", "json")
    assert result.exit_code in (0, 1)
    assert only_document(result)["error"] is None  # read and audited, not refused


# -- PDFs the reader refuses, through the command ---------------------------------------------------


def _truncated() -> bytes:
    whole = samples.sample_document()
    return whole[: len(whole) // 2]


@pytest.mark.parametrize(
    ("make", "words"),
    [(_truncated, "不完整"), (samples.encrypted_pdf, "加密"), (samples.image_only_pdf, "OCR")],
    ids=["truncated", "encrypted", "image-only"],
)
@pytest.mark.parametrize("output_format", ["text", "json"])
def test_refused_pdf_through_the_command(tmp_path: Path, make: Any, words: str, output_format: str) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    result = run_check(path, "--format", output_format)
    assert result.exit_code == 2
    assert str(path) in result.stderr and words in result.stderr


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".xls", ".html", ".md"])
def test_zero_byte_files(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    result = run_check(path, "--format", "json")
    assert result.exit_code == 2
    doc = only_document(result)
    assert doc["error"] and doc["error"].startswith(str(path))
    assert str(path) in result.stderr
