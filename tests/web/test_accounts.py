"""Accounts in the store: migration 3 on an older store, sessions that end, disabled users."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from yusuan.store import Store, schema
from yusuan.web.accounts import (
    add_user,
    authenticate,
    digest,
    end_session,
    new_session,
    new_token,
    session_user,
    token_user,
)


def test_migration_3_adds_the_account_tables_to_an_older_store(tmp_path: Path) -> None:
    db = str(tmp_path / "old.duckdb")
    with Store(db) as store, store.engine.begin() as conn:
        for table in (schema.api_tokens, schema.sessions, schema.users):
            table.drop(conn)
        conn.execute(schema.schema_migrations.delete().where(schema.schema_migrations.c.version == 3))
    with Store(db) as store:  # as a store made before the web app: migration 3 runs on opening
        with store.engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            versions = conn.execute(sa.select(schema.schema_migrations.c.version)).scalars().all()
        assert {"users", "sessions", "api_tokens"} <= set(names)
        assert 3 in versions
        assert add_user(store, "甲", "long password").name == "甲"


def test_sessions_end_and_disabled_users_are_refused(tmp_path: Path) -> None:
    with Store(str(tmp_path / "a.duckdb")) as store:
        user = add_user(store, "bob", "long password")
        sid = new_session(store, user)
        assert session_user(store, sid) == user
        _, rows = store.query("select id_hash from sessions")
        assert rows == [(digest(sid),)]  # the id itself is not stored
        end_session(store, sid)
        assert session_user(store, sid) is None
        sid = new_session(store, user)
        with store.engine.begin() as conn:
            conn.execute(schema.sessions.update().values(expires_at=datetime(2000, 1, 1) + timedelta(days=1)))
        assert session_user(store, sid) is None  # expired
        token = new_token(store, "bob")
        assert token_user(store, token) == user
        assert token_user(store, token + "x") is None and token_user(store, "not-a-token") is None
        with store.engine.begin() as conn:
            conn.execute(schema.users.update().values(disabled=True))
        assert token_user(store, token) is None
        assert authenticate(store, "bob", "long password") is None
