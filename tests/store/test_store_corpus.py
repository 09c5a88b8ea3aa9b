"""The whole ../shared/corpus in DuckDB and in PostgreSQL: the same counts and the same findings in
both, nothing added by a second ingest, and the three 万里街道 budgets linked as one department."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from yusuan.batch.ingest import collect, ingest
from yusuan.batch.pool import run_all
from yusuan.batch.prepare import prepare
from yusuan.store import Rejected, Store, StoredDocument, schema
from yusuan.store.identity import department_key

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared is not here")


def _crash(path: str, exc: BaseException) -> Rejected:
    return Rejected("", path, repr(exc))


@pytest.fixture(scope="module")
def prepared() -> list[StoredDocument | Rejected]:
    """Every corpus file read and checked once (two worker processes), for both databases."""
    files = collect([CORPUS])
    out: list[StoredDocument | Rejected | None] = [None] * len(files)
    for i, result in run_all(prepare, files, _crash, jobs=2):
        out[i] = result
    assert all(r is not None for r in out)
    return [r for r in out if r is not None]


def _fill(db: str, prepared: list[StoredDocument | Rejected]) -> Store:
    store = Store(db)
    run = store.start_run("ingest")
    for p in prepared:
        if isinstance(p, StoredDocument):
            assert store.add(p, run)
        else:
            store.reject(p, run)
    return store


def _findings(store: Store) -> list[tuple[Any, ...]]:
    out = []
    for d in store.documents():
        for f in store.rows(schema.findings, d["id"]):
            out.append(
                (
                    d["file_name"],
                    f["finding_index"],
                    f["rule"],
                    f["severity"],
                    f["message"],
                    f["page"],
                    f["line"],
                )
            )
    return out


@pytest.fixture(scope="module")
def both(
    prepared: list[StoredDocument | Rejected],
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> Iterator[tuple[Store, Store]]:
    from tests.store.conftest import empty_postgres

    duck = _fill(str(tmp_path_factory.mktemp("corpus") / "corpus.duckdb"), prepared)
    pg = _fill(empty_postgres(request.getfixturevalue("postgres_server")), prepared)
    yield duck, pg
    duck.close()
    pg.close()


def test_every_corpus_disclosure_is_stored_and_the_templates_refused(
    prepared: list[StoredDocument | Rejected],
) -> None:
    stored = [p for p in prepared if isinstance(p, StoredDocument)]
    rejected = [p for p in prepared if isinstance(p, Rejected)]
    assert sorted(Path(r.path).name for r in rejected) == [
        "2026_putuo_unit_budget_template.xls",
        "INDEX.md",  # the corpus's own descriptions: they name budgets but hold none
        "INDEX.md",
        "template_dept_final.pdf",
    ]
    assert sum("模板" in r.message for r in rejected) == 2
    assert len(stored) == len(collect([CORPUS])) - 4
    assert all(p.tables and p.cells for p in stored)


def test_duckdb_and_postgresql_hold_the_same(both: tuple[Store, Store]) -> None:
    duck, pg = both
    assert duck.counts() == pg.counts()
    assert duck.counts()["findings"] > 100
    assert _findings(duck) == _findings(pg)
    keys = (
        "id",
        "department",
        "year",
        "kind",
        "version",
        "is_latest",
        "errors",
        "warnings",
        "infos",
        "pages",
    )
    assert [tuple(d[k] for k in keys) for d in duck.documents()] == [
        tuple(d[k] for k in keys) for d in pg.documents()
    ]
    # amounts exact in both
    some = duck.documents()[0]["id"]
    assert [c["value"] for c in duck.rows(schema.cells, some)] == [
        c["value"] for c in pg.rows(schema.cells, some)
    ]


def test_ingesting_the_corpus_again_adds_nothing(both: tuple[Store, Store]) -> None:
    for store in both:
        before = store.counts()
        summary = ingest(store, [CORPUS / "shanghai"])  # every file here is stored or rejected already
        assert summary.stored == [] and summary.failed == []
        assert store.counts() == before


def test_the_wanli_budgets_are_one_department_over_three_years(both: tuple[Store, Store]) -> None:
    duck, _ = both
    key = department_key("上海市普陀区人民政府万里街道办事处")
    wanli = [d for d in duck.documents() if d["department_key"] == key]
    assert sorted((d["year"], d["kind"], d["version"], d["is_latest"]) for d in wanli) == [
        (2023, "部门预算", 1, True),
        (2024, "部门预算", 1, True),
        (2025, "部门预算", 1, True),
    ]
