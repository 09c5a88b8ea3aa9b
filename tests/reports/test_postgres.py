"""A report from PostgreSQL reads the same as one from DuckDB: the same documents, findings and
reviewers' statuses (the store's queries and the reviews join are SQLAlchemy Core on both)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.reports.conftest import EXAMPLE
from tests.support.postgres import postgres_bin, throwaway_postgres
from yusuan.batch.prepare import prepare
from yusuan.reports import from_store, render, review_subject
from yusuan.store import Store, StoredDocument, schema


@pytest.fixture(scope="module")
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The store tests' server when a conftest above this folder shares it, else one of our own."""
    try:
        url = request.getfixturevalue("postgres_server")
    except pytest.FixtureLookupError:
        if postgres_bin() is None:
            pytest.skip("PostgreSQL 未安装（make test 会用 apt-get 安装 postgresql）")
        with throwaway_postgres(port=54331) as own:
            yield own
        return
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:  # a database of its own content: emptied first
        schema.metadata.drop_all(conn)
    engine.dispose()
    yield url


def _review_first(store: Store) -> None:
    d = store.documents()[0]
    first = store.rows(schema.findings, d["id"])[0]
    with store.engine.begin() as conn:
        conn.execute(
            schema.reviews.insert().values(
                subject=review_subject(d),
                fingerprint=first["fingerprint"],
                status="误报",
                note="表格为准",
                reviewer="测试",
                updated_at=datetime(2026, 1, 1),
            )
        )


def test_postgres_report_equals_duckdb_report(postgres_url: str, tmp_path: Path) -> None:
    rows = {}
    prepared = prepare(str(EXAMPLE))  # read and checked once, stored in both
    assert isinstance(prepared, StoredDocument)
    for name, db in (("duckdb", str(tmp_path / "r.duckdb")), ("postgresql", postgres_url)):
        with Store(db) as store:
            assert store.add(prepared, store.start_run("test"))
            _review_first(store)
            report = from_store(store)
            rows[name] = [
                (d.id, f.index, f.rule, f.severity, f.dimension, f.page, f.line, f.message, f.status, f.note)
                for d in report.documents
                for f in d.findings
            ]
            assert render(report, "csv").count(b"\r\n") == 1 + len(rows[name])
    assert rows["duckdb"] and rows["duckdb"] == rows["postgresql"]
    assert rows["duckdb"][0][-2:] == ("误报", "表格为准")
    assert {r[-2] for r in rows["duckdb"][1:]} == {"待核实"}
