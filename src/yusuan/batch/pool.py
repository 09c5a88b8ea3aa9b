"""Run one function over many items: in this process, in worker processes (``--jobs``) or on a
Dask distributed cluster (``--cluster tcp://…``); results come back as they finish.

``func`` turns its own failures into results; what it cannot catch — a worker killed by the
kernel, a cluster task lost — becomes ``on_crash(item, exc)`` for that item, and the others go on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


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
    """(index, func(item)) for every item, in the order they finish. ``func`` must be importable
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


def _in_processes(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T, BaseException], R], jobs: int
) -> Iterator[tuple[int, R]]:
    # spawn, not fork: the parent holds a database connection and threads; each worker starts clean
    ctx = multiprocessing.get_context("spawn")
    window = jobs * 2  # a few documents ahead: results (with file contents) never pile up in memory
    todo = list(range(len(items)))
    crashes: dict[int, int] = {}
    while todo:
        # a worker that dies breaks the whole pool: the unfinished items go to a fresh pool, and an
        # item that was running in two broken pools is given up as the one that kills its worker
        broken: list[int] = []
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            pending: dict[Future[R], int] = {}
            queue = iter(todo)
            for i in queue:
                pending[pool.submit(func, items[i])] = i
                if len(pending) >= window:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = pending.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool as exc:
                        crashes[i] = crashes.get(i, 0) + 1
                        if crashes[i] >= 2:
                            yield i, on_crash(items[i], exc)
                        else:
                            broken.append(i)
                        continue
                    except Exception as exc:
                        yield i, on_crash(items[i], exc)
                        continue
                    yield i, result
                    if not broken:
                        nxt = next(queue, None)
                        if nxt is not None:
                            pending[pool.submit(func, items[nxt])] = nxt
            broken += list(queue)
        todo = broken


def _on_cluster(
    func: Callable[[T], R], items: Sequence[T], on_crash: Callable[[T, BaseException], R], address: str
) -> Iterator[tuple[int, R]]:
    from distributed import Client, as_completed  # imported only for a cluster run

    with Client(address, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        futures: list[Any] = client.map(func, list(items), pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            i = index[fut.key]
            try:
                result: R = fut.result()
            except Exception as exc:  # a task lost with its worker, a worker killed
                result = on_crash(items[i], exc)
            yield i, result
            fut.release()
