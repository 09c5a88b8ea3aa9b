"""Every text-bearing format reads back to the disclosure that was rendered (extract of to_document),
for both profiles' examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Publication, Severity
from yusuan.model.disclosure import content
from yusuan.pipeline import check_path
from yusuan.profiles import load as load_profile
from yusuan.read import read_document
from yusuan.render import FORMATS, render
from yusuan.source import load_source

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
READ_BACK = ("md", "html", "xlsx", "docx")
SOURCES = {"fujian": "culture_bureau_2024.yaml", "shanghai": "putuo_street_2025.yaml"}
TABLES = {"fujian": 11, "shanghai": 9}


def _publication(profile: str) -> Publication:
    budget, _ = load_source(EXAMPLES / SOURCES[profile])
    return derive(budget).publication


@pytest.mark.parametrize("profile", sorted(SOURCES))
@pytest.mark.parametrize("fmt", READ_BACK)
def test_built_file_reads_back_to_the_same_disclosure(tmp_path: Path, fmt: str, profile: str) -> None:
    pub = _publication(profile)
    path = tmp_path / f"built{FORMATS[fmt][1]}"
    path.write_bytes(render(pub, fmt))
    spec = load_profile(pub.profile)
    expected = content(extract(pub.to_document(), spec))
    actual = content(extract(read_document(path), spec))
    assert actual == expected
    assert len(expected["tables"]) == TABLES[profile]  # type: ignore[arg-type]


@pytest.mark.parametrize("profile", sorted(SOURCES))
@pytest.mark.parametrize("fmt", READ_BACK)
def test_built_file_passes_the_checker(tmp_path: Path, fmt: str, profile: str) -> None:
    path = tmp_path / f"built{FORMATS[fmt][1]}"
    path.write_bytes(render(_publication(profile), fmt))
    result = check_path(path)  # the profile is detected, not given
    assert result.error is None
    assert result.disclosure is not None and result.disclosure.profile == profile
    assert [f.rule for f in result.findings if f.severity is not Severity.INFO] == []
