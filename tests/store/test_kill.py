"""`kill -9` in the middle of an ingest leaves the store consistent, and the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.store.conftest import empty_postgres
from yusuan.store import Store, schema

SOURCE = Path(__file__).resolve().parents[2] / "examples" / "culture_bureau_2024_with_errors.md"
COPIES = 10

# The ingest under test, made to stop inside its n-th document's transaction (after the document
# row and its cells are inserted, before its claims and findings) and say so, to be killed there.
INGEST = """
import sys, time
import yusuan.store.store as store_module
from yusuan.batch.ingest import ingest
from yusuan.store import Store, schema

seen = 0
stop_at = int(sys.argv[2])
insert = store_module._insert

def pausing(conn, table, rows):
    global seen
    insert(conn, table, rows)
    if table is schema.cells:
        seen += 1
        if seen == stop_at:
            print("IN_TRANSACTION", flush=True)
            time.sleep(60)

store_module._insert = pausing
if __name__ == "__main__":
    ingest(Store(sys.argv[1]), sys.argv[3:], jobs=1)
"""


def _copies(folder: Path) -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    out = []
    for i in range(COPIES):  # the same disclosure re-published: other bytes, the same content
        p = folder / f"copy_{i:02d}.md"
        p.write_text(text + "\n" * (i + 1), encoding="utf-8")
        out.append(str(p))
    return out


def _consistent(db: str) -> int:
    """Every stored document is whole; versions run 1..n with one latest. The number stored."""
    store = Store(db)
    try:
        docs = store.documents()
        with store.engine.connect() as conn:
            per_doc = {
                t.name: Counter(
                    dict(
                        conn.execute(
                            sa.select(t.c.document_id, sa.func.count()).group_by(t.c.document_id)
                        ).all()
                    )
                )
                for t in (schema.findings, schema.cells, schema.claims, schema.doc_tables)
            }
            files = set(conn.execute(sa.select(schema.files.c.sha256)).scalars().all())
        cells = {per_doc["cells"][d["id"]] for d in docs}
        assert len(cells) <= 1 and 0 not in cells  # every copy has all its cells
        for d in docs:
            assert per_doc["findings"][d["id"]] == d["errors"] + d["warnings"] + d["infos"] > 0
            assert per_doc["claims"][d["id"]] > 0 and per_doc["doc_tables"][d["id"]] > 0
            assert d["id"] in files
        assert sorted(d["version"] for d in docs) == list(range(1, len(docs) + 1))
        assert sum(d["is_latest"] for d in docs) == (1 if docs else 0)
        return len(docs)
    finally:
        store.close()


def _run(db: str, files: list[str], stop_at: int = 0) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", INGEST, db, str(stop_at), *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("database", ["duckdb", "postgresql"])
def test_kill_9_leaves_the_store_consistent_and_the_next_run_completes_it(
    tmp_path: Path, database: str, request: pytest.FixtureRequest
) -> None:
    files = _copies(tmp_path)
    if database == "duckdb":
        db = str(tmp_path / "store.duckdb")
    else:
        db = empty_postgres(request.getfixturevalue("postgres_server"))
    Store(db).close()  # migrated before the first kill, so the kills land in ingest work
    stored = []
    for stop_at in (2, 3, 1):  # killed inside the 2nd document, then the 3rd of the rest, then the 1st
        proc = _run(db, files, stop_at)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"IN_TRANSACTION", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        stored.append(_consistent(db))
    assert stored == [1, 3, 3]  # what was committed before each kill, and nothing of the killed document
    proc = _run(db, files)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert _consistent(db) == COPIES
