"""A built 决算, in every output format and both layouts, reads back through the real readers to the
disclosure that was rendered, is recognised as a 部门决算 in its template, and checks clean."""

from __future__ import annotations

import functools
from decimal import Decimal
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

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "putuo_street_final_2024.yaml"
LAYOUTS = ("national_final", "shanghai_final")
NINE = ["econ_basic", "expense", "fiscal", "gov_fund", "gpb", "income", "sangong", "soe", "summary"]


@functools.cache
def _publication(layout: str) -> Publication:
    accounts, messages = load_source(EXAMPLE)
    assert messages == []
    built = derive(accounts, layout)
    assert built.messages == []
    return built.publication


@functools.cache
def _file(layout: str, fmt: str, root: Path) -> Path:
    path = root / f"{layout}{FORMATS[fmt][1]}"
    path.write_bytes(render(_publication(layout), fmt))
    return path


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("finals")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_built_final_reads_back_to_the_same_disclosure(root: Path, fmt: str, layout: str) -> None:
    pub = _publication(layout)
    spec = load_profile(layout)
    expected = content(extract(pub.to_document(), spec))
    actual = content(extract(read_document(_file(layout, fmt, root)), spec))
    assert actual == expected
    assert sorted(expected["tables"]) == NINE  # type: ignore[arg-type]
    assert len(expected["claims"]) > 30  # type: ignore[arg-type]


def _checked(root: Path, layout: str, fmt: str) -> list[tuple[str, str]]:
    result = check_path(_file(layout, fmt, root))  # the kind and the template are detected
    assert result.error is None and result.disclosure is not None
    d = result.disclosure
    assert (d.profile, d.document, d.year) == (layout, "部门决算", 2024)
    assert d.department == "上海市普陀区人民政府云岭街道办事处"
    summary = d.tables["summary"]
    assert [r.values["amount"].value for r in summary.totals("income")] == [Decimal("4414.66")]  # type: ignore[union-attr]
    return [(f.rule, f.message) for f in result.findings if f.severity is not Severity.INFO]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_built_final_checks_clean(root: Path, fmt: str, layout: str) -> None:
    assert _checked(root, layout, fmt) == []
