"""Measures, patterns and a helper that several steps of the reader share."""

from __future__ import annotations

import re

_MARGIN = 0.1  # fraction of the page height at top and bottom where page numbers live
_ENUM_START = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%‰\-]+")
_UNIT_LINE = re.compile(r"^(?:编制(?:部门|单位)|(?:金额)?单位[：:]|预算单位[：:]|(?:部门|单位)名称[：:])")
_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_TOTAL_LABEL = re.compile(r"^(?:合计|总计)$")
_OVERLAP = 0.4  # lines of a table overlapping by this much of the type size are one row


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
