"""A store for the year-on-year tests on DuckDB and on PostgreSQL (a throw-away server, skipped with a
reason when PostgreSQL is not installed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.support.postgres import postgres_bin, throwaway_postgres
from yusuan.store import schema

_PORT = 54347  # apart from tests/store's server, which may run at the same time


@pytest.fixture(scope="session")
def yoy_postgres() -> Iterator[str]:
    if postgres_bin() is None:
        pytest.skip("PostgreSQL 未安装（make test 会用 apt-get 安装 postgresql）")
    with throwaway_postgres(port=_PORT) as url:
        yield url


@pytest.fixture(params=["duckdb", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    url: str = request.getfixturevalue("yoy_postgres")
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        schema.metadata.drop_all(conn)
    engine.dispose()
    return url
