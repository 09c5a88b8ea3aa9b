"""Shared fixtures of the renderer tests: the built example disclosure."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.derive import derive
from yusuan.model import Publication
from yusuan.source import load_source

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "culture_bureau_2024.yaml"


@pytest.fixture(scope="session")
def example_publication() -> Publication:
    """清溪市云山区文化和旅游局 2024 (fictional), built from examples/ in the fujian layout."""
    budget, _ = load_source(EXAMPLE)
    return derive(budget).publication
