"""The isolated reader's time budget is processor time: a child that computes for ever is stopped
by it, one that waits without computing by the wall-clock backstop; both are refused in words."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from yusuan.read import isolate
from yusuan.read.errors import UnreadableInput
from yusuan.read.limits import LIMITS


def _spin() -> int:
    n = 0
    while True:
        n += 1


def _wait() -> int:
    time.sleep(30)
    return 1


@pytest.mark.parametrize("work", [_spin, _wait], ids=["computes", "waits"])
def test_a_reader_out_of_time_is_refused(monkeypatch: pytest.MonkeyPatch, work: object) -> None:
    monkeypatch.setattr(isolate, "LIMITS", replace(LIMITS, child_seconds=1.0))
    with pytest.raises(UnreadableInput, match="时间"):
        isolate.isolated(work, "hostile.pdf", "PDF")  # type: ignore[arg-type]


def test_a_reader_within_its_budget_returns_its_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolate, "LIMITS", replace(LIMITS, child_seconds=5.0))
    assert isolate.isolated(lambda: sum(range(1000)), "good.pdf", "PDF") == 499500


def test_a_child_that_crashes_once_is_tried_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import signal

    marker = tmp_path / "crashed"

    def crash_the_first_time() -> int:
        if not marker.exists():
            marker.write_text("x")
            os.kill(os.getpid(), signal.SIGSEGV)
        return 7

    assert isolate.isolated(crash_the_first_time, "good.pdf", "PDF") == 7


def test_a_child_that_always_crashes_is_refused() -> None:
    import os
    import signal

    def crash() -> int:
        os.kill(os.getpid(), signal.SIGSEGV)
        return 0

    with pytest.raises(UnreadableInput, match="信号"):
        isolate.isolated(crash, "hostile.pdf", "PDF")


_POISONED = False  # set in the test process only: what a fork inherits and a new interpreter does not


def _crash_if_poisoned(value: int) -> int:
    import os
    import signal

    if _POISONED:
        os.kill(os.getpid(), signal.SIGSEGV)
    return value


def _always_crash(value: int) -> int:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)
    return value


def test_a_crash_inherited_through_fork_is_read_in_a_fresh_interpreter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a long-lived process (a test worker, the web app) whose state makes every forked child crash
    # on a good file: the last try runs in a new interpreter, which inherits nothing
    from functools import partial

    monkeypatch.setattr(__import__(__name__, fromlist=["_POISONED"]), "_POISONED", True)
    assert isolate.isolated(partial(_crash_if_poisoned, 11), "good.pdf", "PDF") == 11


def test_a_file_that_crashes_a_fresh_interpreter_too_is_refused() -> None:
    from functools import partial

    with pytest.raises(UnreadableInput, match="信号 11"):
        isolate.isolated(partial(_always_crash, 1), "hostile.pdf", "PDF")


def _abort(value: int) -> int:
    import os

    os.abort()  # what PDFium does when it runs out of the memory it may use
    return value


def test_a_child_that_ran_out_of_memory_is_not_tried_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from functools import partial

    tries = tmp_path / "tries"

    def count_and_abort() -> int:
        with open(tries, "a") as f:
            f.write("x")
        return _abort(1)

    with pytest.raises(UnreadableInput, match="信号 6"):
        isolate.isolated(count_and_abort, "bomb.pdf", "PDF")
    assert tries.read_text() == "x"
    with pytest.raises(UnreadableInput, match="信号 6"):
        isolate.isolated(partial(_abort, 1), "bomb.pdf", "PDF")
