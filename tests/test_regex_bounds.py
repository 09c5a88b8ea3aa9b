"""Patterns run on document text outside the readers stay linear on the inputs that made them blow
up (issue 11 class 2): 30 or 5,000 commas after an indicator name, a long run of "1,", a cover of
repeated 2024年. Each case must finish well within the test's own limit; the budget is generous
so that a slow machine never fails it, while the old exponential or cubic forms never finished."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from yusuan.audit.rules.performance import _strip_trailing
from yusuan.extract import extract
from yusuan.extract.targets import _AMOUNT_TAIL, _TRAILING_AMOUNT
from yusuan.model import Document, Paragraph
from yusuan.profiles import load


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"over {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_trailing_marks_of_an_indicator_name() -> None:
    with at_most(5):
        assert _strip_trailing("满意度" + "，" * 30 + "x") == "满意度" + "，" * 30 + "x"
        assert _strip_trailing("满意度" + "，" * 5000) == "满意度"
        assert _strip_trailing("群众满意度（%）：") == "群众满意度"
        assert _strip_trailing("完成率（按季度）。 ") == "完成率"


def test_trailing_amount_of_a_long_run() -> None:
    run = "1," * 3000 + "x"
    with at_most(5):
        assert _TRAILING_AMOUNT.search(run[-_AMOUNT_TAIL:]) is None
        found = _TRAILING_AMOUNT.search(("资金总额：" + "1," * 3000 + "12.50万元")[-_AMOUNT_TAIL:])
        assert found is not None and found.group(1).endswith("12.50")


def test_a_cover_of_repeated_years() -> None:
    doc = Document(
        path="x.md", blocks=[Paragraph("2024年" * 35_000), Paragraph("某局2024年度部门预算")], format="md"
    )
    with at_most(10):
        d = extract(doc, load("national"))
    assert d.year == 2024 and d.department == "某局"


def test_amount_patterns_scan_a_run_of_digits_once() -> None:
    from yusuan.audit.rules.text import _MONEY_IN_TEXT
    from yusuan.extract.claims import _AMOUNT

    run = "1," * 200_000
    with at_most(5):
        assert _AMOUNT.search(run) is None and _MONEY_IN_TEXT.findall(run) == []
    found = _AMOUNT.search("收入预算1,234.56万元")
    assert found is not None and found.group("num") == "1,234.56"
