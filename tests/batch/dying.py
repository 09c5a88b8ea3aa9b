"""``prepare`` that kills its worker on one file: run by Dask workers, importable by name."""

from __future__ import annotations

import os
from pathlib import Path

from yusuan.batch.prepare import prepare
from yusuan.store import Rejected, StoredDocument

#: a file whose name contains this kills the worker that prepares it
DIE = "die-here"


def prepare_or_die(path: str, profile_id: str = "auto") -> StoredDocument | Rejected:
    """``prepare``, except that a file named with DIE kills the worker process reading it."""
    if DIE in Path(path).name:
        os._exit(3)
    return prepare(path, profile_id)
