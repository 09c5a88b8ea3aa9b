"""A store for the report tests: real documents ingested into a temporary DuckDB file once.

Two Shanghai budgets (万里街道 2023: findings in the text and in performance tables; 2025: findings
on table cells with their boxes) when ../shared is there, and the example with planted errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yusuan.batch.ingest import ingest
from yusuan.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024_with_errors.md"
BUDGETS = ROOT.parent / "shared" / "corpus" / "shanghai" / "budget"
WANLI_2023 = BUDGETS / "2023_putuo_wanli_jiedao_dept.pdf"
WANLI_2025 = BUDGETS / "2025_putuo_wanli_jiedao_dept.pdf"
NO_SHARED = "../shared（真实公开文件语料）不存在"


def have_pdfs() -> bool:
    return WANLI_2023.is_file() and WANLI_2025.is_file()


@pytest.fixture(scope="session")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("reports") / "store.duckdb")
    paths = [str(EXAMPLE)]
    if have_pdfs():
        paths = [str(WANLI_2023), str(WANLI_2025), *paths]
    with Store(db) as store:
        summary = ingest(store, paths, jobs=1)
        assert not summary.failed, summary.failed
    yield db


@pytest.fixture
def store(store_db: str) -> Iterator[Store]:
    with Store(store_db) as s:
        yield s
