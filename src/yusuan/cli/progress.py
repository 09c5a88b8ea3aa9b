"""One progress bar for the batch commands (check, extract): on stderr, only when it is a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rich.console import Console
from rich.progress import Progress

Item = TypeVar("Item")
Result = TypeVar("Result")


def run_each(items: Sequence[Item], work: Callable[[Item], Result], label: str, show: bool) -> list[Result]:
    """``work`` on every item in order, advancing a bar titled ``label`` when ``show``."""
    if not show:
        return [work(item) for item in items]
    results = []
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            results.append(work(item))
            progress.advance(task)
    return results
