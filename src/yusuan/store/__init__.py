"""The store of checked disclosures: DuckDB (embedded, the default) or PostgreSQL (a shared
server), one schema for both (``schema.py``) with migrations (``migrations.py``).

Sees plain rows only: documents are turned into rows where they are read (``batch``), so the store
knows nothing of readers, extraction or the audit.
"""

from yusuan.store.document import Rejected, Row, StoredDocument
from yusuan.store.store import Store
from yusuan.store.url import StoreUrlError, default_db, describe, engine_url

__all__ = [
    "Rejected",
    "Row",
    "Store",
    "StoreUrlError",
    "StoredDocument",
    "default_db",
    "describe",
    "engine_url",
]
