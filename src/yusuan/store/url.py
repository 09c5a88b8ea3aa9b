"""Where the store lives: a DuckDB file (the default, nothing to start) or a PostgreSQL server."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_FILE = "yusuan.duckdb"
ENV = "YUSUAN_DB"


class StoreUrlError(ValueError):
    """The --db value names no usable store (Chinese message)."""


def default_db() -> str:
    return os.environ.get(ENV) or DEFAULT_FILE


def engine_url(db: str) -> str:
    """The SQLAlchemy URL for a --db value: a path (DuckDB file) or a postgresql:// URL."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith("postgresql+psycopg://"):
        return db
    if db.startswith("duckdb:///"):
        return db
    if "://" in db:
        raise StoreUrlError(f"不支持的数据库地址：{db}（请给出 DuckDB 文件路径或 postgresql:// 地址）")
    path = Path(db).expanduser()
    if path.exists() and not path.is_file():
        raise StoreUrlError(f"{db}：不是文件，不能作为 DuckDB 数据库")
    if not path.parent.exists():
        raise StoreUrlError(f"{db}：所在文件夹不存在")
    return f"duckdb:///{path.resolve()}"


def describe(db: str) -> str:
    """The store named for a person: the file, or the server without its password."""
    if "://" not in db or db.startswith("duckdb:///"):
        return db.removeprefix("duckdb:///")
    scheme, rest = db.split("://", 1)
    if "@" in rest:
        creds, host = rest.rsplit("@", 1)
        rest = f"{creds.split(':', 1)[0]}@{host}"
    return f"{scheme}://{rest}"
