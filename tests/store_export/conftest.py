"""A store to export and question: two versions of one budget (examples), a 决算 built from its
source, and, when ../shared is present, a real budget PDF whose tables are in 元."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yusuan.batch.ingest import ingest
from yusuan.build import build_source
from yusuan.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
REAL = ROOT.parent / "shared" / "corpus" / "shanghai" / "budget" / "2025_putuo_wanli_jiedao_dept.pdf"


@pytest.fixture(scope="session")
def store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DuckDB file, made once; a test that changes it works on a copy (``store_copy``)."""
    root = tmp_path_factory.mktemp("store")
    final = root / "putuo_street_final_2024.md"
    final.write_bytes(build_source(EXAMPLES / "putuo_street_final_2024.yaml", formats=("md",)).outputs["md"])
    files = [EXAMPLES / "culture_bureau_2024.md", EXAMPLES / "culture_bureau_2024_with_errors.md", final]
    if REAL.is_file():
        files.append(REAL)
    db = root / "store.duckdb"
    with Store(str(db)) as store:
        summary = ingest(store, [str(f) for f in files])
        assert summary.failed == [] and len(summary.stored) == len(files)
    return db


@pytest.fixture
def store_copy(store_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.duckdb"
    shutil.copy(store_file, copy)
    return copy
