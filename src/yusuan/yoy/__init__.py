"""Year on year: the same department across years in the store, what each document says about
last year checked against last year's document (and a 决算 against its own year's 预算), and the
series of its main figures.

``link(store)`` groups the documents, ``check_years(store, run_id)`` compares every linked pair not
compared before and stores the verdicts (``cross_pairs``, ``cross_checks``) and the mismatches as
findings (``cross_findings``); ``lines(store, series, kind)`` gives the figures over the years.
"""

from yusuan.yoy.check import (
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIED,
    CrossCheck,
    PairResult,
    YoySummary,
    check_years,
    compare_document,
)
from yusuan.yoy.link import DepartmentSeries, find, link
from yusuan.yoy.rules import YOY_RULES, all_yoy_rules
from yusuan.yoy.series import Line, lines

__all__ = [
    "CONSISTENT",
    "INCONSISTENT",
    "UNVERIFIED",
    "YOY_RULES",
    "CrossCheck",
    "DepartmentSeries",
    "Line",
    "PairResult",
    "YoySummary",
    "all_yoy_rules",
    "check_years",
    "compare_document",
    "find",
    "lines",
    "link",
]
