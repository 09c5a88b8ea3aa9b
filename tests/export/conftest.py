"""Shared fixtures of the export tests: a known disclosure, built from an example source and read back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Disclosure, Document
from yusuan.model.budget import Budget
from yusuan.pipeline import choose_profile
from yusuan.read import read_document
from yusuan.render import FORMATS, render
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@dataclass
class Known:
    """A disclosure whose every number is known from its source."""

    budget: Budget
    path: Path  # the built file, as published
    doc: Document
    disclosure: Disclosure

    def total(self, **where: str) -> Decimal:
        """Σ of the source's fact lines matching ``where`` (e.g. source='gpb')."""
        return sum(
            (f.amount for f in self.budget.facts if all(getattr(f, k) == v for k, v in where.items())),
            Decimal(0),
        )


def build_known(source: str, fmt: str, directory: Path) -> Known:
    budget, _ = load_source(EXAMPLES / source)
    path = directory / (source.removesuffix(".yaml") + FORMATS[fmt][1])
    path.write_bytes(render(derive(budget).publication, fmt))
    doc = read_document(path)  # the same path as `yusuan check`: read → choose profile → extract
    return Known(budget, path, doc, extract(doc, choose_profile(doc, "auto").profile))


@pytest.fixture(scope="session")
def culture_md(tmp_path_factory: pytest.TempPathFactory) -> Known:
    """清溪市云山区文化和旅游局 2024 (fictional, fujian, 万元), built to Markdown."""
    return build_known("culture_bureau_2024.yaml", "md", tmp_path_factory.mktemp("culture"))
