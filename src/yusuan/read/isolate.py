"""Run a reader in a forked child process with a memory and time budget.

PDFium (C code) parses a page's content when the page is loaded, before any Python budget can
count anything: a form XObject that draws itself twenty times makes ``FPDF_LoadPage`` run for
ever and grow without bound. The only bound that holds for code we do not control is the
process's: the reader runs in a child (``os.fork``: no re-import, a few milliseconds) whose
address space is limited to ``LIMITS.child_memory`` more than the parent's and its processor time
to ``LIMITS.child_seconds`` (CPU time, not wall time: a machine busy with other work must not turn a
good document into a refused one); the parent waits at most twice that on the wall clock, for a
child that stops without using the processor. The child's result (a Document, or the UnreadableInput it raised)
comes back pickled through a pipe. Where ``fork`` does not exist, the reader runs in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import TypeVar, cast

from yusuan.read.errors import UnreadableInput
from yusuan.read.limits import LIMITS, MB, over

T = TypeVar("T")

__all__ = ["isolated"]


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _run_limited(fn: Callable[[], object], memory: int, seconds: float) -> bytes:  # pragma: no cover
    """In the child: set the budgets, run ``fn`` and return its outcome pickled."""
    try:  # PDFium's abort on running out of memory: no crash report on the user's terminal
        import faulthandler

        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    except OSError:
        pass
    try:
        import resource

        limit = _vm_size() + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        cpu = max(1, int(seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))  # SIGXCPU, then SIGKILL
    except (ImportError, ValueError, OSError):
        pass
    try:
        result: tuple[str, object] = ("ok", fn())
    except UnreadableInput as exc:
        result = ("unreadable", str(exc))
    except MemoryError:
        result = ("memory", "")
    except RecursionError:
        result = ("error", "RecursionError")
    except Exception as exc:
        result = ("error", type(exc).__name__)
    try:
        return pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", ""))


def _child(fn: Callable[[], T], write_fd: int) -> None:  # pragma: no cover - runs in the child
    code = 0
    try:
        # the parent's objects are the parent's: a collection in the child must not walk or finalize
        # them. Late in a long test worker, children reading good files died of SIGSEGV with
        # "Garbage-collecting" on top of their stack (faulthandler); which inherited object's
        # finalizer failed was not pinned down, and with the freeze no such crash recurred
        gc.freeze()
        view = memoryview(_run_limited(fn, LIMITS.child_memory, LIMITS.child_seconds))
        while view:
            n = os.write(write_fd, view[: 1 << 20])
            view = view[n:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def fresh_main() -> None:  # pragma: no cover - runs in the fresh interpreter
    """The fresh interpreter's side: (fn, memory, seconds) pickled on stdin, the outcome on stdout."""
    fn, memory, seconds = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(_run_limited(fn, memory, seconds))
    sys.stdout.buffer.flush()


_RETRY_WITHIN = 10.0  # seconds: only a child that crashed early is tried again
_STARTUP = 10.0  # seconds a fresh interpreter may take to start, beyond the reader's own budget


class _Crashed(UnreadableInput):
    """The child died of a signal other than its time limit (a crash in C code)."""

    def __init__(self, message: str, signal_number: int = 0) -> None:  # 0: unpickled elsewhere
        super().__init__(message)
        self.signal_number = signal_number


# the signals of a crash a child may inherit (a bad memory access); PDFium's abort on running out of
# memory (SIGABRT) is the file's own doing, and trying it again would only spend the budget twice
_INHERITED = frozenset({signal.SIGSEGV, signal.SIGBUS})


def isolated(fn: Callable[[], T], name: str, what: str) -> T:
    """``fn()`` run in a child process within LIMITS.child_memory / child_seconds.

    ``what`` names the work in messages (e.g. "PDF"). Raises UnreadableInput naming ``name`` when
    the child runs out of memory or time, dies, or raises UnreadableInput itself.

    A forked child that crashes early on a bad memory access is tried once more: in a fresh
    interpreter when ``fn`` pickles (a ``functools.partial`` of a module-level function does),
    else in a new fork. A forked child inherits the parent's state: forked while another thread
    was inside PDFium (the web app renders pages while it checks uploads), or from a long-lived
    process holding garbage not yet collected, a child can crash on a good file (the child now
    freezes what it inherits, see ``_child``); a fresh interpreter inherits nothing. A hostile file
    crashes the second child too and is refused."""
    if not hasattr(os, "fork") or sys.platform == "win32":  # pragma: no cover
        return fn()
    started = time.monotonic()
    try:
        return _isolated_once(fn, name, what)
    except _Crashed as crash:
        if crash.signal_number not in _INHERITED or time.monotonic() - started > _RETRY_WITHIN:
            raise  # a long run that crashed: not tried again (the time budget holds)
        try:
            job = pickle.dumps((fn, LIMITS.child_memory, LIMITS.child_seconds))
        except Exception:  # a closure: a new fork
            return _isolated_once(fn, name, what)
        return cast(T, _isolated_fresh(job, name, what))


def _isolated_fresh(job: bytes, name: str, what: str) -> object:
    """The pickled ``(fn, memory, seconds)`` run in a new interpreter (``python -c``)."""
    command = [sys.executable, "-c", "from yusuan.read.isolate import fresh_main; fresh_main()"]
    try:
        done = subprocess.run(
            command, input=job, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            timeout=2 * LIMITS.child_seconds + _STARTUP, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise over(name, f"读取{what}所用的时间", int(LIMITS.child_seconds), " 秒") from None
    except OSError as exc:  # no interpreter to start: the crash stands
        raise _Crashed(_crash_message(name, what, signal.SIGSEGV), signal.SIGSEGV) from exc
    code = done.returncode
    return _outcome([done.stdout], -code if code < 0 else None, False, name, what)


def _isolated_once(fn: Callable[[], T], name: str, what: str) -> T:
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(fn, write_fd)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 2 * LIMITS.child_seconds
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    died_of = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    return cast(T, _outcome(chunks, died_of, timed_out, name, what))


def _crash_message(name: str, what: str, signal_number: int) -> str:
    return (
        f"{name}：读取{what}时超过内存上限（{LIMITS.child_memory // MB} MB）或遇到构造异常的内容，"
        f"读取程序被终止（信号 {signal_number}），文件异常，未读取"
    )


def _outcome(chunks: list[bytes], died_of: int | None, timed_out: bool, name: str, what: str) -> object:
    """What a child's output and end say: its result, or the UnreadableInput that explains it."""
    if timed_out or died_of == signal.SIGXCPU:
        raise over(name, f"读取{what}所用的时间", int(LIMITS.child_seconds), " 秒")
    if not any(chunks):
        if died_of is not None:
            raise _Crashed(_crash_message(name, what, died_of), died_of)
        raise over(name, f"读取{what}所需的内存", LIMITS.child_memory // MB, " MB")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "unreadable":
        raise UnreadableInput(str(value))
    if kind == "memory":
        raise over(name, f"读取{what}所需的内存", LIMITS.child_memory // MB, " MB")
    raise UnreadableInput(f"{name}：{what}文件已损坏或构造异常，无法读取（{value}）")
