"""Stores for the tests: a DuckDB file in a temporary folder, and a PostgreSQL server started for
the session (skipped with a reason when PostgreSQL is not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.postgres import postgres_bin, throwaway_postgres
from yusuan.store import Store, schema


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL 未安装（make test 会用 apt-get 安装 postgresql）")
    with throwaway_postgres() as url:
        yield url


def empty_postgres(url: str) -> str:
    """The server's database emptied of yusuan's tables, for a test of its own."""
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        schema.metadata.drop_all(conn)
    engine.dispose()
    return url


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "duckdb":
        db = str(tmp_path / "store.duckdb")
    else:
        db = empty_postgres(request.getfixturevalue("postgres_server"))
    s = Store(db)
    yield s
    s.close()
