"""Every text-bearing format reads back to the disclosure that was rendered (extract of to_document)."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.extract import extract
from yusuan.model import Publication, Severity
from yusuan.model.disclosure import content
from yusuan.pipeline import check_path
from yusuan.profiles import load as load_profile
from yusuan.read import read_document
from yusuan.render import FORMATS, render

READ_BACK = ("md", "html", "xlsx")


@pytest.mark.parametrize("fmt", READ_BACK)
def test_built_file_reads_back_to_the_same_disclosure(
    example_publication: Publication, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"built{FORMATS[fmt][1]}"
    path.write_bytes(render(example_publication, fmt))
    profile = load_profile(example_publication.profile)
    expected = content(extract(example_publication.to_document(), profile))
    actual = content(extract(read_document(path), profile))
    assert actual == expected
    assert len(expected["tables"]) == 11  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", READ_BACK)
def test_built_file_passes_the_checker(example_publication: Publication, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"built{FORMATS[fmt][1]}"
    path.write_bytes(render(example_publication, fmt))
    result = check_path(path)
    assert result.error is None
    assert result.disclosure is not None and result.disclosure.profile == "fujian"
    assert [f.rule for f in result.findings if f.severity is not Severity.INFO] == []
