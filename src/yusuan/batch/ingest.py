"""``yusuan ingest``: find the documents under the paths given, skip those already stored, read and
check the rest in parallel, and store each in its own transaction as it finishes."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.batch.pool import run_all
from yusuan.batch.prepare import prepare
from yusuan.read import READERS, UnreadableInput
from yusuan.read.limits import check_regular_file
from yusuan.store import Rejected, Store, StoredDocument
from yusuan.store.identity import file_sha256

#: what a folder is searched for: every format ``check`` reads
DOCUMENT_SUFFIXES = frozenset(READERS) | {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml"}


def collect(paths: Iterable[str | Path]) -> list[str]:
    """The files to ingest, as absolute paths (the store keeps where each came from; a cluster's
    workers need them): files named, and documents found in folders (recursively, hidden entries
    and symbolic links to folders skipped so that a loop cannot trap the walk)."""
    out: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                        out.append(str((Path(root) / name).absolute()))
        else:
            out.append(str(path.absolute()))
    return list(dict.fromkeys(out))  # each once, in the order first found


@dataclass
class IngestSummary:
    stored: list[str] = field(default_factory=list)  # paths newly stored
    skipped: list[str] = field(default_factory=list)  # already in the store (or twice in this run)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    pages: int = 0
    run_id: str = ""


def _crashed(path: str, exc: BaseException) -> Rejected:
    # the worker itself died (out of memory, killed): the file is named, the batch goes on
    return Rejected("", path, f"{path}：读取时工作进程异常退出（{type(exc).__name__}），已跳过此文件")


Progress = Callable[[str, StoredDocument | Rejected | None], None]


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    cluster: str | None = None,
    profile: str = "auto",
    on_result: Progress | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Store every new document under ``paths``; one bad file never stops the others."""
    summary = IngestSummary(run_id=store.start_run("ingest"))
    known = store.known()
    todo: list[str] = []
    for path in collect(paths):
        try:
            check_regular_file(path)
            sha = file_sha256(path)
        except (UnreadableInput, OSError) as exc:
            message = str(exc) if isinstance(exc, UnreadableInput) else f"{path}：无法读取文件（{exc}）"
            summary.failed.append((path, message))
            if on_result:
                on_result(path, Rejected("", path, message))
            continue
        if sha in known:
            summary.skipped.append(path)
            if on_result:
                on_result(path, None)
            continue
        known.add(sha)  # the same file twice in one run is stored once
        todo.append(path)
    if on_plan:
        on_plan(len(todo))
    work = functools.partial(prepare, profile_id=profile)
    for i, result in run_all(work, todo, _crashed, jobs=jobs, cluster=cluster):
        path = todo[i]
        if isinstance(result, StoredDocument):
            if store.add(result, summary.run_id):
                summary.stored.append(path)
                summary.pages += result.pages
            else:
                summary.skipped.append(path)
        else:
            summary.failed.append((path, result.message))
            if result.sha256:
                store.reject(result, summary.run_id)
        if on_result:
            on_result(path, result)
    store.finish_run(
        summary.run_id, stored=len(summary.stored), skipped=len(summary.skipped), failed=len(summary.failed)
    )
    return summary
