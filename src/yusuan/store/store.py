"""The store: checked documents, their tables, claims and findings, and the runs that made them.

One writer at a time adds whole documents, each in one transaction, so a run killed at any moment
leaves every document either fully stored or absent; adding a document already stored (same
content hash) changes nothing.
"""

from __future__ import annotations

import contextlib
import re
import socket
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import sqlalchemy as sa

from yusuan import __version__
from yusuan.store import schema
from yusuan.store.document import Rejected, Row, StoredDocument
from yusuan.store.migrations import migrate
from yusuan.store.url import engine_url

_AMOUNT_LIMIT = Decimal(10) ** schema.MAX_AMOUNT_DIGITS
_AMOUNT_COLUMNS = ("value", "change", "percent")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


_UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
_SCALE = Decimal(1).scaleb(-schema.AMOUNT_SCALE)


def _clean(row: Row) -> Row:
    """A row the database accepts whatever the document held: no NUL in text (PostgreSQL refuses
    it) and no lone surrogate (a file name that is not UTF-8: no database encoding takes it), no
    amount too large for NUMERIC, amounts at the column's scale (all kept exactly in *_text)."""
    out = {}
    for k, v in row.items():
        if isinstance(v, str) and _UNSTORABLE.search(v):
            v = _UNSTORABLE.sub("\ufffd", v)
        elif isinstance(v, Decimal) and k in _AMOUNT_COLUMNS:
            if not (v.is_finite() and abs(v) < _AMOUNT_LIMIT):
                v = None
            elif v.as_tuple().exponent < -schema.AMOUNT_SCALE:  # type: ignore[operator]
                v = v.quantize(_SCALE, rounding=ROUND_HALF_EVEN)
        out[k] = v
    return out


def _arrow_type(column: sa.Column[Any]) -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    t = column.type
    if isinstance(t, sa.Float):
        return pa.float64()
    if isinstance(t, sa.Numeric):
        return pa.decimal128(38, schema.AMOUNT_SCALE)
    if isinstance(t, sa.Boolean):
        return pa.bool_()
    if isinstance(t, sa.Integer):
        return pa.int64()
    if isinstance(t, sa.DateTime):
        return pa.timestamp("us")
    if isinstance(t, sa.LargeBinary):
        return pa.binary()
    return pa.string()


def _insert(conn: sa.Connection, table: sa.Table, rows: list[Row]) -> None:
    """Insert a document's rows in the open transaction. On DuckDB as one Arrow table (an
    executemany there goes row by row: 0.3 ms a cell, the writer was what a cluster waited on)."""
    if conn.dialect.name != "duckdb":
        conn.execute(table.insert(), rows)
        return
    import pyarrow as pa

    names = [c.name for c in table.columns]
    arrow = pa.Table.from_pylist(
        [{n: r.get(n) for n in names} for r in rows],
        schema=pa.schema([(c.name, _arrow_type(c)) for c in table.columns]),
    )
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.register("yusuan_incoming", arrow)
    cols = ", ".join(names)
    statement = f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM yusuan_incoming"
    try:
        raw.execute(statement)
    except Exception as exc:  # the driver's own error, as SQLAlchemy would have raised it
        import duckdb

        kind = sa.exc.IntegrityError if isinstance(exc, duckdb.ConstraintException) else sa.exc.DBAPIError
        raise kind(statement, None, exc) from exc
    finally:
        with contextlib.suppress(Exception):  # after a failed insert the transaction refuses it too
            raw.unregister("yusuan_incoming")


def _clean_all(rows: Iterable[Row], **extra: Any) -> list[Row]:
    return [_clean({**r, **extra}) for r in rows]


class Store:
    """A DuckDB file or a PostgreSQL database holding checked disclosures."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.engine = sa.create_engine(engine_url(db))
        migrate(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name  # duckdb / postgresql

    def close(self) -> None:
        """Release the store. A DuckDB file is checkpointed first, so that the file alone holds
        everything (its write-ahead log is merged even while another connection of this process
        keeps the database open): a closed store can be copied, mailed or archived as one file."""
        if self.dialect == "duckdb":
            with contextlib.suppress(sa.exc.SQLAlchemyError), self.engine.connect() as conn:
                conn.exec_driver_sql("CHECKPOINT")
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs --------------------------------------------------------------------------------------

    def start_run(self, command: str) -> str:
        run_id = uuid.uuid4().hex
        with self.engine.begin() as conn:
            conn.execute(
                schema.runs.insert().values(
                    id=run_id,
                    command=command,
                    generator=f"yusuan {__version__}",
                    host=socket.gethostname(),
                    started_at=_now(),
                    stored=0,
                    skipped=0,
                    failed=0,
                )
            )
        return run_id

    def finish_run(self, run_id: str, *, stored: int, skipped: int, failed: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                schema.runs.update()
                .where(schema.runs.c.id == run_id)
                .values(finished_at=_now(), stored=stored, skipped=skipped, failed=failed)
            )

    # -- what is stored ----------------------------------------------------------------------------

    def known(self) -> set[str]:
        """Content hashes already stored or rejected: a resumed ingest skips them."""
        with self.engine.connect() as conn:
            # each result read whole before the next statement: DuckDB drops a pending result
            docs = set(conn.execute(sa.select(schema.documents.c.id)).scalars().all())
            return docs | set(conn.execute(sa.select(schema.rejects.c.sha256)).scalars().all())

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, cells, findings, …): what an ingest added, for summaries and tests."""
        tables = (
            schema.documents,
            schema.rejects,
            schema.doc_tables,
            schema.cells,
            schema.claims,
            schema.findings,
            schema.files,
        )
        with self.engine.connect() as conn:
            return {
                t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() or 0)
                for t in tables
            }

    def documents(self, *, latest_only: bool = False) -> list[Row]:
        d = schema.documents
        query = sa.select(d).order_by(d.c.department_key, d.c.year, d.c.kind, d.c.version, d.c.id)
        if latest_only:
            query = query.where(d.c.is_latest)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def document(self, document_id: str) -> Row | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(schema.documents).where(schema.documents.c.id == document_id)).first()
            return dict(r._mapping) if r else None

    def rows(self, table: sa.Table, document_id: str) -> list[Row]:
        """One document's rows of doc_tables, cells, claims or findings, in document order."""
        key = [c for c in table.primary_key.columns if c.name != "document_id"]
        with self.engine.connect() as conn:
            result = conn.execute(sa.select(table).where(table.c.document_id == document_id).order_by(*key))
            return [dict(r._mapping) for r in result]

    def content(self, document_id: str) -> bytes | None:
        """The stored file (for rendering its pages)."""
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(schema.files.c.content).where(schema.files.c.sha256 == document_id)
            ).scalar()

    def rejects(self) -> list[Row]:
        with self.engine.connect() as conn:
            return [
                dict(r._mapping)
                for r in conn.execute(sa.select(schema.rejects).order_by(schema.rejects.c.path))
            ]

    def query(self, sql: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[Sequence[Any]]]:
        """An ad-hoc read-only question: column names and rows."""
        with self.engine.connect() as conn:
            result = conn.execute(sa.text(sql), params or {})
            if not result.returns_rows:
                return [], []
            return list(result.keys()), [tuple(r) for r in result]

    # -- adding ------------------------------------------------------------------------------------

    def add(self, doc: StoredDocument, run_id: str) -> bool:
        """Store a document with everything found in it, in one transaction; False (and nothing
        changed) when a document with the same content is already stored."""
        d = schema.documents
        with self.engine.begin() as conn:
            if conn.execute(sa.select(d.c.id).where(d.c.id == doc.sha256)).first() is not None:
                return False
            row = _clean(doc.document)
            version = 1
            key = row.get("department_key")
            if key and row.get("year") is not None:
                same = (d.c.department_key == key) & (d.c.year == row["year"]) & (d.c.kind == row["kind"])
                latest = conn.execute(sa.select(sa.func.max(d.c.version)).where(same)).scalar()
                if latest is not None:
                    version = int(latest) + 1
                    conn.execute(d.update().where(same).values(is_latest=False))
            if (
                conn.execute(
                    sa.select(schema.files.c.sha256).where(schema.files.c.sha256 == doc.sha256)
                ).first()
                is None
            ):
                conn.execute(
                    schema.files.insert().values(
                        sha256=doc.sha256, size=len(doc.content), content=doc.content
                    )
                )
            conn.execute(
                d.insert().values(
                    **row, id=doc.sha256, version=version, is_latest=True, run_id=run_id, stored_at=_now()
                )
            )
            conn.execute(schema.rejects.delete().where(schema.rejects.c.sha256 == doc.sha256))
            for table, rows in (
                (schema.doc_tables, _clean_all(doc.tables, document_id=doc.sha256)),
                (schema.cells, _clean_all(doc.cells, document_id=doc.sha256)),
                (schema.claims, _clean_all(doc.claims, document_id=doc.sha256)),
                (schema.findings, _clean_all(doc.findings, document_id=doc.sha256, run_id=run_id)),
            ):
                if rows:
                    _insert(conn, table, rows)
        return True

    def reject(self, r: Rejected, run_id: str) -> None:
        """Remember a file that could not be stored, so that a resumed ingest does not retry it."""
        with self.engine.begin() as conn:
            if conn.execute(
                sa.select(schema.rejects.c.sha256).where(schema.rejects.c.sha256 == r.sha256)
            ).first():
                return
            conn.execute(
                schema.rejects.insert().values(
                    **_clean({"sha256": r.sha256, "path": r.path, "message": r.message}),
                    run_id=run_id,
                    stored_at=_now(),
                )
            )

    def forget_rejects(self) -> int:
        """Drop the remembered rejects (``ingest --retry``): they are tried again."""
        with self.engine.begin() as conn:
            return int(conn.execute(schema.rejects.delete()).rowcount or 0)
