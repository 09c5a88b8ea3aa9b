"""batch.pool in this process and in spawned worker processes: every item once, a worker killed
by one item fails that item only, and only a window of items is ever submitted ahead."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import overload

import pytest

from tests.batch.workers import crashed, crashy
from yusuan.batch.pool import AHEAD, REORDER, run_all


class Recording(Sequence[str]):
    """A sequence that remembers the highest index handed out (what the pool has submitted)."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.highest = -1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            raise TypeError("the pool takes items one by one")
        item = self.items[i]
        self.highest = max(self.highest, i)
        return item

    def __len__(self) -> int:
        return len(self.items)


def _results(items: Sequence[str], jobs: int) -> dict[int, str]:
    out: dict[int, str] = {}
    for i, result in run_all(crashy, items, crashed, jobs=jobs):
        assert i not in out, f"item {i} came back twice"
        out[i] = result
    # in the order of the items, whatever the order they finished in
    assert list(out) == list(range(len(items)))
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_item_once_and_an_exception_is_that_items_crash(jobs: int) -> None:
    items = [f"ok:{n}" for n in range(5)] + ["raise:x", "ok:last"]
    out = _results(items, jobs)
    assert out[5] == "crashed:raise:x:ValueError"
    assert {out[i] for i in range(7) if i != 5} == {f"done:{items[i]}" for i in range(7) if i != 5}


def test_a_worker_killed_once_is_retried_and_the_others_are_stored(tmp_path: Path) -> None:
    counter = tmp_path / "once"
    items = [f"ok:{n}" for n in range(6)]
    items.insert(2, f"crash:1:{counter}")
    out = _results(items, jobs=2)
    # the one crash broke the pool: its item ran again alone, and succeeded
    assert out[2] == f"done:crash:1:{counter}"
    assert counter.stat().st_size == 2
    assert [out[i] for i in range(7) if i != 2] == [f"done:{items[i]}" for i in range(7) if i != 2]


def test_an_item_that_kills_its_worker_twice_is_given_up_alone(tmp_path: Path) -> None:
    counter = tmp_path / "twice"
    items = [f"ok:{n}" for n in range(8)]
    items.insert(1, f"crash:2:{counter}")
    out = _results(items, jobs=2)
    assert out[1] == f"crashed:crash:2:{counter}:BrokenProcessPool"
    assert counter.stat().st_size == 2  # once in the pool, once alone: never a third time
    # the items that were in the broken pool with it are not blamed
    assert [out[i] for i in range(9) if i != 1] == [f"done:{items[i]}" for i in range(9) if i != 1]


def test_an_item_that_always_kills_its_worker_among_many(tmp_path: Path) -> None:
    counter = tmp_path / "always"
    items = [f"ok:{n}" for n in range(10)] + [f"crash:99:{counter}"] + [f"ok:b{n}" for n in range(5)]
    out = _results(items, jobs=2)
    assert out[10].startswith("crashed:crash:99:")
    assert all(out[i].startswith("done:ok:") for i in range(16) if i != 10)


@pytest.mark.parametrize("jobs", [1, 2])
def test_only_a_window_of_items_is_taken_ahead_and_results_come_in_order(jobs: int) -> None:
    items = Recording([f"ok:{n}" for n in range(12)])
    # running or queued, plus finished ones waiting for an earlier item
    reach = 1 if jobs == 1 else jobs * (AHEAD + REORDER)
    handed = []
    for seen, (i, _) in enumerate(run_all(crashy, items, crashed, jobs=jobs), 1):
        # when the n-th result is handed back, at most n + reach items have been taken
        assert items.highest + 1 <= seen + reach
        handed.append(i)
    assert items.highest == 11
    assert handed == list(range(12))


def test_ingest_with_two_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    """Two publications of one budget: the version numbers follow the order of the files, not
    which worker finished first."""
    from tests.batch.test_cluster import EXAMPLES, stored
    from yusuan.batch.ingest import ingest
    from yusuan.store import Store

    files = [
        str(EXAMPLES / n)
        for n in ("culture_bureau_2024.md", "culture_bureau_2024_with_errors.md", "README.md")
    ]
    with Store(str(tmp_path / "one.duckdb")) as one, Store(str(tmp_path / "two.duckdb")) as two:
        ingest(one, files, jobs=1)
        ingest(two, files, jobs=2)
        expected, got = stored(one), stored(two)
    assert got == expected
    assert sorted((d["version"], d["file_name"]) for d in got["documents"]) == [
        (1, "culture_bureau_2024.md"),
        (2, "culture_bureau_2024_with_errors.md"),
    ]
