"""Functions the pool tests run in spawned worker processes and on Dask workers: importable by
name (``tests.batch.workers``), since a worker unpickles a function by importing its module. Light
on purpose: each worker process imports this module, not yusuan's pipeline."""

from __future__ import annotations

import os
from pathlib import Path


def _calls(counter: str) -> int:
    """Count a call in ``counter`` (one byte per call, across processes); the calls before this one."""
    path = Path(counter)
    before = path.stat().st_size if path.exists() else 0
    with path.open("ab") as f:
        f.write(b".")
    return before


def crashy(item: str) -> str:
    """``ok:NAME`` → ``done:NAME``; ``raise:NAME`` raises; ``crash:N:COUNTER`` kills its worker the
    first N times it runs (N = 99: always), then returns ``done:…``."""
    kind, _, rest = item.partition(":")
    if kind == "raise":
        raise ValueError(f"bad item {rest}")
    if kind == "crash":
        times, _, counter = rest.partition(":")
        if _calls(counter) < int(times):
            os._exit(3)  # as the kernel's OOM killer would: no exception, no cleanup
    return f"done:{item}"


def crashed(item: str, exc: BaseException) -> str:
    return f"crashed:{item}:{type(exc).__name__}"
