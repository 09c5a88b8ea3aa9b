"""Run one function over many items: in this process, in worker processes (``--jobs``) or on a
Dask distributed cluster (``--cluster tcp://…``).

Results come back in the order of the items, whichever way they ran: what the caller does with
them (the store numbers the versions of a re-published document in the order they are added) is
the same for ``--jobs 1``, ``--jobs 8`` and a cluster.

``func`` turns its own failures into results; what it cannot catch — a worker killed by the
kernel, a cluster task lost with its worker — becomes ``on_crash(item, exc)`` for that item, and
the others go on.

Memory stays bounded whatever the number of items: a few items per worker are submitted ahead
(each result carries a whole file's content), and a finished result waits for an earlier, slower
one only up to a few more per worker; the next item is submitted as one is handed back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import PurePath
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

#: items running or queued per worker thread: every worker stays busy while the caller stores a result
AHEAD = 2
#: finished results that may wait per worker thread for an earlier item still running
REORDER = 4


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or was lost (Chinese message naming its address)."""


def default_jobs() -> int:
    return multiprocessing.cpu_count() or 1


def run_all(
    func: Callable[[T], R],
    items: Sequence[T],
    on_crash: Callable[[T, BaseException], R],
    *,
    jobs: int = 1,
    cluster: str | None = None,
) -> Iterator[tuple[int, R]]:
    """(index, func(item)) for every item, in the order of the items. ``func`` must be importable
    by name for worker processes and cluster workers."""
    if cluster:
        yield from _on_cluster(func, items, on_crash, cluster)
    elif jobs <= 1 or len(items) <= 1:
        for i, item in enumerate(items):
            try:
                yield i, func(item)
            except Exception as exc:
                yield i, on_crash(item, exc)
    else:
        yield from _in_processes(func, items, on_crash, jobs)


class _InOrder(Generic[R]):
    """Results arriving in any order, handed back in the order of their indexes."""

    def __init__(self) -> None:
        self.next = 0  # the index handed back next
        self.ready: dict[int, R] = {}

    def put(self, i: int, result: R) -> Iterator[tuple[int, R]]:
        self.ready[i] = result
        while self.next in self.ready:
            yield self.next, self.ready.pop(self.next)
            self.next += 1


def _in_processes(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T, BaseException], R], jobs: int
) -> Iterator[tuple[int, R]]:
    """A pool of spawned workers (spawn, not fork: the parent holds a database connection and
    threads; each worker starts clean).

    A worker that dies breaks the whole pool, and every unfinished item in it gets the same
    BrokenProcessPool: the pool cannot say which one killed it. Those items become suspects and
    each is run alone in a fresh one-worker pool, where a crash is its own: an item that crashed in
    the pool and crashes again alone is given up (``on_crash``); the innocent ones — and one that
    crashed once by bad luck — are stored as usual. The items not yet submitted go to a new pool.
    """
    ctx = multiprocessing.get_context("spawn")
    window, reach = jobs * AHEAD, jobs * (AHEAD + REORDER)
    todo: deque[int] = deque(range(len(items)))
    order: _InOrder[R] = _InOrder()
    while todo:
        suspects: list[int] = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            pending: dict[Future[R], int] = {}

            _fill(pool, func, items, todo, pending, window, order.next + reach)
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = pending.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        suspects.append(i)
                        continue
                    except Exception as exc:  # func raised (it should not): that item only
                        result = on_crash(items[i], exc)
                    ready = list(order.put(i, result))
                    if not suspects:  # the workers get their next items before the caller's turn
                        _fill(pool, func, items, todo, pending, window, order.next + reach)
                    yield from ready
        for i in sorted(suspects):
            yield from order.put(i, _alone(func, items[i], on_crash, ctx))


def _fill(
    pool: ProcessPoolExecutor,
    func: Callable[[T], R],
    items: Sequence[T],
    todo: deque[int],
    pending: dict[Future[R], int],
    window: int,
    limit: int,
) -> None:
    """Submit the next items while fewer than ``window`` are pending and their index is below
    ``limit``; stop (the item stays first in ``todo``) when the pool is broken by a crash whose
    result has not been seen yet."""
    while todo and len(pending) < window and todo[0] < limit:
        i = todo.popleft()
        try:
            pending[pool.submit(func, items[i])] = i
        except BrokenProcessPool:
            todo.appendleft(i)
            return


def _alone(func: Callable[[T], R], item: T, on_crash: Callable[[T, BaseException], R], ctx: Any) -> R:
    """``func(item)`` in a fresh worker of its own; a crash there is the item's (given up)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        try:
            return pool.submit(func, item).result()
        except Exception as exc:  # BrokenProcessPool: it killed its own worker too
            return on_crash(item, exc)


def _for_worker(item: T) -> T:
    """A relative path to a file here made absolute: a worker on another machine, or started in
    another folder, would look for it in its own working directory. Other items go as they are."""
    if isinstance(item, str | PurePath) and not os.path.isabs(item) and os.path.exists(item):
        return cast(T, type(item)(os.path.abspath(str(item))))
    return item


def _on_cluster(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T, BaseException], R], address: str
) -> Iterator[tuple[int, R]]:
    """The items as tasks on a Dask cluster; the workers need the same files at the same paths
    (a shared file system) and yusuan installed.

    Dask retries a task whose worker died (``distributed.scheduler.allowed-failures``) and then
    fails it with KilledWorker — and also fails an innocent task that happened to be queued on the
    same worker each time. So a KilledWorker makes the item a suspect: when the items before the
    reach of the window are done, each suspect runs once more with nothing else of ours on the
    cluster; dying again there, it is ``on_crash``, and the others go on."""
    try:
        from distributed import Client, KilledWorker, as_completed  # imported only for a cluster run
    except ImportError as exc:  # pragma: no cover - distributed is a dependency
        raise ClusterError("未安装 dask distributed，无法使用 --cluster") from exc
    try:
        client = Client(address, set_as_default=False, timeout="30s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"无法连接 Dask 集群 {address}：{exc}") from exc

    def threads() -> int:
        # the window follows the workers joining or leaving (asked again every 64 results)
        return max(1, sum(client.nthreads().values()))  # type: ignore[no-untyped-call]

    def failed(i: int, exc: BaseException) -> R:
        if client.status not in ("running", "connecting"):
            raise ClusterError(f"与 Dask 集群 {address} 的连接已断开：{exc}") from exc
        return on_crash(items[i], exc)

    with client:
        todo: deque[int] = deque(range(len(items)))
        order: _InOrder[R] = _InOrder()
        cap = [threads()]  # worker threads, asked again every 64 results
        finished = 0

        def fill(index: dict[Any, int], running: Any) -> None:
            limit = order.next + cap[0] * (AHEAD + REORDER)
            while todo and len(index) < cap[0] * AHEAD and todo[0] < limit:
                i = todo.popleft()
                fut = client.submit(func, _for_worker(items[i]), pure=False)
                index[fut.key] = i
                running.add(fut)

        while todo:
            suspects: list[int] = []
            index: dict[Any, int] = {}  # task key → item
            running = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]

            fill(index, running)
            for fut in running:
                i = index.pop(fut.key)
                killed = False
                try:
                    result: R = fut.result()
                except KilledWorker:
                    suspects.append(i)
                    killed = True
                except Exception as exc:  # cancelled, the task's own error, …
                    result = failed(i, exc)
                fut.release()
                finished += 1
                if finished % 64 == 0:
                    cap[0] = threads()
                ready = [] if killed else list(order.put(i, result))
                fill(index, running)  # the workers get their next items before the caller's turn
                yield from ready
            for i in sorted(suspects):
                fut = client.submit(func, _for_worker(items[i]), pure=False)
                try:
                    result = fut.result()
                except Exception as exc:  # KilledWorker again: this item kills its worker
                    result = failed(i, exc)
                fut.release()  # type: ignore[no-untyped-call]
                yield from order.put(i, result)
