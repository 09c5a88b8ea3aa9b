"""What the store keeps of one checked document, as plain rows ready to insert.

Made where the document is read (a worker process or a cluster node) and written by the one
process holding the database, so it is plain data: picklable, no open files or connections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(slots=True)
class StoredDocument:
    sha256: str
    content: bytes
    document: Row  # the documents row without run_id, version, is_latest, stored_at
    tables: list[Row] = field(default_factory=list)
    cells: list[Row] = field(default_factory=list)
    claims: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)  # without run_id

    @property
    def pages(self) -> int:
        return int(self.document.get("pages") or 0)


@dataclass(slots=True)
class Rejected:
    """A file that could not be stored: unreadable, refused (a template, not a disclosure) or failed."""

    sha256: str
    path: str
    message: str
