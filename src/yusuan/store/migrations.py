"""Schema migrations: an ordered list, each applied once in its own transaction and recorded in
``schema_migrations``. A new version of the schema is one more entry at the end — never an edit
of an applied one (stores in the field have run it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from yusuan.store import schema


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sa.Connection], None]


# The tables of schema version 1, frozen: a table added later is created by its own migration, so
# that every store, made fresh or upgraded, goes through the same steps.
_VERSION_1 = ("runs", "files", "documents", "rejects", "doc_tables", "cells", "claims", "findings", "reviews")


def _initial(conn: sa.Connection) -> None:
    for name in _VERSION_1:
        schema.metadata.tables[name].create(conn)


def _year_on_year(conn: sa.Connection) -> None:
    # checkfirst: stores made while migration 1 still created every table of the metadata have them
    for table in (schema.cross_pairs, schema.cross_checks, schema.cross_findings):
        table.create(conn, checkfirst=True)


def _web_accounts(conn: sa.Connection) -> None:
    # checkfirst, as migration 2
    for table in (schema.users, schema.sessions, schema.api_tokens):
        table.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _initial),
    Migration(2, "year on year: cross_pairs, cross_checks, cross_findings", _year_on_year),
    Migration(3, "web accounts: users, sessions, api_tokens", _web_accounts),
)

LATEST = MIGRATIONS[-1].version


def applied_versions(conn: sa.Connection) -> set[int]:
    if not sa.inspect(conn).has_table(schema.schema_migrations.name):
        return set()
    return set(conn.execute(sa.select(schema.schema_migrations.c.version)).scalars().all())


def current_version(conn: sa.Connection) -> int:
    return max(applied_versions(conn), default=0)


def migrate(engine: sa.Engine) -> list[int]:
    """Bring the store up to the latest schema; the versions applied now. Every migration not yet
    recorded is applied, in order — also one numbered below the highest applied (a store made by a
    build that had a later migration but not an earlier one)."""
    with engine.begin() as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
    applied = []
    for m in MIGRATIONS:
        with engine.begin() as conn:
            if m.version in applied_versions(conn):
                continue
            m.apply(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=m.version, name=m.name, applied_at=datetime.now(UTC).replace(tzinfo=None)
                )
            )
            applied.append(m.version)
    return applied
