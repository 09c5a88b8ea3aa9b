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
