"""Uploaded files checked in the background: a few worker threads each run ``batch.prepare`` on
a private temporary copy (the readers' limits apply there; PDFs and workbooks are read in a child
process with its own memory and time budget), and this process — the one holding the database —
stores the result. The page polls each upload's state."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yusuan.batch.prepare import prepare
from yusuan.store import Rejected, Store, StoredDocument

QUEUED, CHECKING, STORED, DUPLICATE, REFUSED, FAILED = (
    "queued",
    "checking",
    "stored",
    "duplicate",
    "refused",
    "failed",
)
STATE_NAMES = {
    QUEUED: "排队中",
    CHECKING: "检查中",
    STORED: "已完成",
    DUPLICATE: "已存在（相同文件）",
    REFUSED: "未能检查",
    FAILED: "出错",
}
FINISHED = (STORED, DUPLICATE, REFUSED, FAILED)
KEEP = 2000  # finished uploads remembered for polling


class Upload:
    """An uploaded file on disk, in a folder of its own (mode 0700, the file 0600) under a name of
    ours: the uploaded name is never part of a path. Written in chunks, so memory stays bounded
    whatever the files' sizes; ``too_large`` when more than ``limit`` bytes came."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="yusuan-upload-"))
        self.path = self.folder / "upload"
        self.size = 0
        self.head = b""  # the first MB, to decide the type
        self.too_large = False
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes, limit: int) -> None:
        if self.too_large:
            return
        if self.size + len(chunk) > limit:
            self.too_large = True
            self.size += len(chunk)
            return
        if len(self.head) < HEAD:
            self.head += chunk[: HEAD - len(self.head)]
        self._file.write(chunk)
        self.size += len(chunk)

    def close(self) -> None:
        self._file.close()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
        shutil.rmtree(self.folder, ignore_errors=True)


HEAD = 1 << 20


@dataclass(slots=True)
class Job:
    id: str
    name: str  # the uploaded name, for display only
    size: int
    user: str
    suffix: str
    state: str = QUEUED
    message: str = ""
    document_id: str | None = None
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    pages: int | None = None
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        now = time.time()
        return {
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "state": self.state,
            "state_name": STATE_NAMES[self.state],
            "finished": self.state in FINISHED,
            "message": self.message,
            "document_id": self.document_id,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "pages": self.pages,
            "seconds": round((self.finished or now) - (self.started or now), 1) if self.started else None,
        }


class Checker:
    """The background checks of one app. ``write_lock`` serialises every write to the store."""

    def __init__(
        self,
        store: Store,
        write_lock: threading.Lock,
        workers: int = 2,
        after_store: Callable[[Store, str], None] | None = None,
        *,
        processes: bool = False,
    ) -> None:
        self.store = store
        self.write_lock = write_lock
        self.after_store = after_store
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="yusuan-check")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        # processes: the checks' Python work runs beside the server, not under its GIL, and a crash
        # (memory, a reader bug) costs one upload, not the server
        self._workers = max(1, workers)
        self._procs: ProcessPoolExecutor | None = self._new_procs() if processes else None

    def _new_procs(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"))

    def _prepare(self, path: str) -> StoredDocument | Rejected:
        if self._procs is None:
            return prepare(path)
        procs = self._procs
        try:
            return procs.submit(prepare, path).result()
        except BrokenProcessPool:
            with self._lock:
                if self._procs is procs:  # the first thread to see it makes a new pool
                    self._procs = self._new_procs()
            raise

    def submit(self, upload: Upload, name: str, suffix: str, user: str) -> Job:
        """Check an upload already written to its private folder; the folder is removed after."""
        job = Job(id=secrets.token_hex(8), name=name, size=upload.size, user=user, suffix=suffix)
        with self._lock:
            self._jobs[job.id] = job
            self._trim()
        self._pool.submit(self._run, job, upload)
        return job

    def refused(self, name: str, size: int, user: str, message: str) -> Job:
        """An upload refused before checking (type, size): shown in the same list."""
        job = Job(
            id=secrets.token_hex(8),
            name=name,
            size=size,
            user=user,
            suffix="",
            state=REFUSED,
            message=message,
        )
        job.started = job.finished = time.time()
        with self._lock:
            self._jobs[job.id] = job
            self._trim()
        return job

    def get(self, ids: list[str]) -> list[Job]:
        with self._lock:
            return [self._jobs[i] for i in ids if i in self._jobs]

    def pending(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state not in FINISHED)

    def wait(self, timeout: float = 60.0) -> bool:
        """Until nothing is queued or checking (tests, the load script); False on timeout."""
        end = time.time() + timeout
        while time.time() < end:
            if not self.pending():
                return True
            time.sleep(0.05)
        return False

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._procs is not None:
            self._procs.shutdown(wait=True, cancel_futures=True)

    def _trim(self) -> None:
        while len(self._jobs) > KEEP:
            oldest = next(iter(self._jobs))
            if self._jobs[oldest].state not in FINISHED:
                break
            self._jobs.popitem(last=False)

    def _run(self, job: Job, upload: Upload) -> None:
        job.state, job.started = CHECKING, time.time()
        path = upload.path.with_name("upload" + job.suffix)  # the reader picks its format by suffix
        try:
            upload.path.rename(path)
            result = self._prepare(str(path))
            if isinstance(result, Rejected):
                job.state = REFUSED
                job.message = result.message.replace(str(path), job.name)
                return
            result.document["path"] = f"上传：{job.name}"
            result.document["file_name"] = job.name
            job.pages = result.pages or None
            job.errors = int(result.document["errors"])
            job.warnings = int(result.document["warnings"])
            job.infos = int(result.document["infos"])
            job.document_id = result.sha256
            with self.write_lock:
                run_id = self.store.start_run(f"serve upload by {job.user}")
                added = self.store.add(result, run_id)
                self.store.finish_run(run_id, stored=int(added), skipped=int(not added), failed=0)
                if added and self.after_store is not None:
                    # a failing cross-year check never loses the stored document
                    with contextlib.suppress(Exception):
                        self.after_store(self.store, run_id)
            job.state = STORED if added else DUPLICATE
            job.message = "" if added else "相同内容的文件已在库中，显示已有的检查结果"
        except BrokenProcessPool:
            job.state = FAILED
            job.message = f"{job.name}：检查进程意外退出（文件可能异常），未能检查"
        except Exception as exc:  # never let one upload take the worker down
            job.state = FAILED
            job.message = f"{job.name}：检查时出现内部错误（{type(exc).__name__}），请联系管理员"
        finally:
            job.finished = time.time()
            upload.discard()
