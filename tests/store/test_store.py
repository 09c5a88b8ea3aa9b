"""The store on DuckDB and on PostgreSQL: what an ingest keeps, versions, idempotence, rejects,
hostile values, and that a document is stored whole or not at all."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from yusuan.batch.ingest import collect, ingest
from yusuan.batch.prepare import prepare
from yusuan.model import Severity
from yusuan.pipeline import check_path
from yusuan.store import Store, StoredDocument, schema
from yusuan.store.identity import file_sha256
from yusuan.store.migrations import LATEST, current_version

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLEAN = EXAMPLES / "culture_bureau_2024.md"
WITH_ERRORS = EXAMPLES / "culture_bureau_2024_with_errors.md"


def _files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "docs" / "sub"
    folder.mkdir(parents=True)
    for src in (CLEAN, WITH_ERRORS):
        shutil.copy(src, folder / src.name)
    (tmp_path / "docs" / "README.md").write_text("# 说明\n\n这个文件夹放预算公开文件。\n", encoding="utf-8")
    (tmp_path / "docs" / ".hidden.md").write_text("x", encoding="utf-8")
    return [tmp_path / "docs"]


def test_collect_walks_folders_and_skips_hidden(tmp_path: Path) -> None:
    found = [Path(p).name for p in collect(_files(tmp_path))]
    assert found == ["README.md", "culture_bureau_2024.md", "culture_bureau_2024_with_errors.md"]


def test_ingest_keeps_every_finding_cell_and_claim(store: Store, tmp_path: Path) -> None:
    summary = ingest(store, [WITH_ERRORS])
    assert [Path(p).name for p in summary.stored] == [WITH_ERRORS.name]
    checked = check_path(WITH_ERRORS)
    prepared = prepare(str(WITH_ERRORS))
    assert isinstance(prepared, StoredDocument)
    # the bytes kept are the file's, under the hash ingest found it by
    assert prepared.content == WITH_ERRORS.read_bytes()
    assert prepared.sha256 == file_sha256(WITH_ERRORS)
    assert prepared.document["size"] == WITH_ERRORS.stat().st_size
    (doc,) = store.documents()
    assert doc["errors"] == checked.count(Severity.ERROR) > 0
    assert doc["warnings"] == checked.count(Severity.WARNING)
    assert doc["department"] == "清溪市云山区文化和旅游局" and doc["year"] == 2024
    assert doc["kind"] == "部门预算" and doc["phase"] == "budget" and doc["version"] == 1
    stored = store.rows(schema.findings, doc["id"])
    assert [(f["rule"], f["severity"], f["message"], f["line"]) for f in stored] == [
        (f.rule, f.severity.value, f.message, f.lines[0] if f.lines else None) for f in checked.findings
    ]
    assert all(f["dimension"] in {"完整性", "细化程度", "一致性", "规范性"} for f in stored)
    cells = store.rows(schema.cells, doc["id"])
    assert len(cells) == len(prepared.cells) > 100
    assert len(store.rows(schema.claims, doc["id"])) == len(prepared.claims) > 10
    # amounts come back exact, as decimals
    amounts = [c for c in cells if c["value_text"] is not None]
    assert all(Decimal(c["value_text"]) == c["value"] for c in amounts)
    assert store.content(doc["id"]) == WITH_ERRORS.read_bytes()


def test_ingesting_again_adds_nothing(store: Store, tmp_path: Path) -> None:
    paths = _files(tmp_path)
    first = ingest(store, paths)
    assert len(first.stored) == 2 and len(first.failed) == 1  # README.md is no disclosure
    before = store.counts()
    again = ingest(store, paths)
    assert again.stored == [] and again.failed == [] and len(again.skipped) == 3
    assert store.counts() == before
    # the reject is remembered, and tried again on request
    assert store.forget_rejects() == 1
    retried = ingest(store, paths)
    assert len(retried.failed) == 1 and retried.stored == []


def test_a_republished_document_is_a_new_version(store: Store, tmp_path: Path) -> None:
    ingest(store, [CLEAN])
    ingest(store, [WITH_ERRORS])  # the same department, year and kind, other content
    docs = store.documents()
    assert [(d["file_name"], d["version"], d["is_latest"]) for d in docs] == [
        (CLEAN.name, 1, False),
        (WITH_ERRORS.name, 2, True),
    ]
    assert [d["file_name"] for d in store.documents(latest_only=True)] == [WITH_ERRORS.name]


def test_the_same_file_twice_in_one_run_is_stored_once(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.md"
    shutil.copy(CLEAN, copy)
    summary = ingest(store, [CLEAN, copy])
    assert len(summary.stored) == 1 and len(summary.skipped) == 1
    assert store.counts()["documents"] == 1


def test_hostile_values_are_stored_exactly(store: Store) -> None:
    prepared = prepare(str(CLEAN))
    assert isinstance(prepared, StoredDocument)
    huge = Decimal("1" + "0" * 40)
    prepared.cells[0].update(text="a\x00b", value=huge, value_text=str(huge))
    prepared.document["title"] = "标题\x00<script>"
    run = store.start_run("test")
    assert store.add(prepared, run)
    cell = store.rows(schema.cells, prepared.sha256)[0]
    assert cell["value"] is None and cell["value_text"] == str(huge)  # too large for NUMERIC: kept as text
    assert cell["text"] == "a\ufffdb"
    assert store.documents()[0]["title"] == "标题\ufffd<script>"


def test_a_document_is_stored_whole_or_not_at_all(store: Store) -> None:
    prepared = prepare(str(WITH_ERRORS))
    assert isinstance(prepared, StoredDocument)
    prepared.findings.append(dict(prepared.findings[0]))  # a duplicate key: the insert fails late
    run = store.start_run("test")
    with pytest.raises(sa.exc.IntegrityError):
        store.add(prepared, run)
    assert store.counts() == {
        "documents": 0,
        "rejects": 0,
        "doc_tables": 0,
        "cells": 0,
        "claims": 0,
        "findings": 0,
        "files": 0,
    }


def test_the_migrations_make_exactly_the_schema(store: Store) -> None:
    # a table added to schema.py without its migration would be missing here
    assert set(sa.inspect(store.engine).get_table_names()) == set(schema.metadata.tables)


def test_a_migration_missed_below_the_highest_is_applied(store: Store) -> None:
    from yusuan.store.migrations import MIGRATIONS, migrate

    second = MIGRATIONS[1]
    with store.engine.begin() as conn:  # a store made by a build that had migration 3 but not 2
        for table in reversed(schema.metadata.sorted_tables):
            if table.name.startswith("cross_"):
                table.drop(conn)
        conn.execute(
            schema.schema_migrations.delete().where(schema.schema_migrations.c.version == second.version)
        )
    assert migrate(store.engine) == [second.version]
    assert set(sa.inspect(store.engine).get_table_names()) == set(schema.metadata.tables)


def test_migrations_run_once(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_version(conn) == LATEST
    again = Store(store.db)  # opening again applies nothing
    with again.engine.connect() as conn:
        assert current_version(conn) == LATEST
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(schema.schema_migrations)).scalar() == LATEST
        )
    again.close()


def test_a_closed_duckdb_store_is_one_file_to_copy(tmp_path: Path) -> None:
    # another handle of this process keeps the database open, so closing alone would not merge the
    # write-ahead log: the copy would hold nothing of the ingest
    db = tmp_path / "store.duckdb"
    other = Store(str(db))
    store = Store(str(db))
    ingest(store, [CLEAN])
    store.close()
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    copied = Store(str(copy))
    assert copied.counts() == other.counts() and copied.counts()["cells"] > 100
    copied.close()
    other.close()
