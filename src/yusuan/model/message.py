"""One model of a message with a place: what check, build and extract say went wrong (or is worth
noting), and the one JSON shape of it.

A message has a stable code (``rule``: an audit rule such as ``AR101``, or one of the codes below
for what is not a rule), a dotted ``name``, a severity, a Chinese text, the places in a published
document it points at (``locations``: file, page, line, table, row, column, original text), what was
expected and what was found, and a suggested fix. A message about an authored source (YAML, Excel)
points at the source's own place instead (``place``: ``budget.yaml:12``, ``收支明细!H2`` or
``budget.yaml（facts[3].amount）``), as the author sees it.

As in frictionless-py (typed errors carrying their row and cell) and beancount (the loader collects
every error with its source place and goes on), a message is data: the command line prints it, the
JSON is its ``to_dict``, and one bad document or source line is one message, never a stopped run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from yusuan.model.provenance import Provenance


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


# Codes of the messages that are not audit rules (rules have their own: AR101, ST411 …).
UNREADABLE = ("IN001", "input.unreadable")  # the file cannot be read (damaged, too large, wrong type)
NOT_CHECKED = ("IN002", "input.not_checked")  # read, but not a disclosure to check (a template, a README)
INTERNAL = ("IN003", "input.internal_error")  # yusuan failed on the file (a defect of yusuan)
READ_NOTE = ("IN004", "input.not_read")  # part of the file the reader left out (a hidden sheet …)
EXTRACT_NOTE = ("IN005", "input.not_understood")  # content the extractor could not understand
SOURCE = ("SR001", "source.invalid")  # a problem of an authored source (build)
OUTPUT = ("OU001", "output.not_written")  # an output file that could not be written


@dataclass(slots=True)
class Message:
    rule: str  # stable code, e.g. AR101, IN001
    name: str  # dotted name, e.g. arithmetic.row_total
    severity: Severity
    message: str  # Chinese
    locations: list[Provenance] = field(default_factory=list)
    expected: str | None = None
    actual: str | None = None
    suggestion: str | None = None
    section: str | None = None  # where in the document, for grouping in reports
    place: str | None = None  # a place in an authored source (file:line, sheet!cell, file（path）)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of a message (the same for a finding, a source error and an unreadable file)."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "locations": [p.to_dict() for p in self.locations],
            "expected": self.expected,
            "actual": self.actual,
            "suggestion": self.suggestion,
        }
        if self.place is not None:  # only a source's messages have one
            out["place"] = self.place
        return out

    @property
    def lines(self) -> list[int]:
        return [p.line for p in self.locations if p.line is not None]

    def where(self) -> str:
        """The place in words: the source's place, else the first located page and line, else ''."""
        if self.place is not None:
            return self.place
        for p in self.locations:
            if p.page is not None or p.line is not None:
                return p.place()
        return ""

    def __str__(self) -> str:
        where = self.where()
        return (
            f"{self.severity.label}　{where}：{self.message}"
            if where
            else f"{self.severity.label}　{self.message}"
        )

    @classmethod
    def about_file(
        cls, code: tuple[str, str], path: str, text: str, severity: Severity = Severity.ERROR
    ) -> Message:
        """A message about a whole file (``text`` names the file already, as every reader's does)."""
        return cls(code[0], code[1], severity, text, [Provenance(file=path)])


class SourceMessage(Message):
    """A message about an authored source, found while loading or deriving it: its place is the
    source's (``budget.yaml:12``, ``收支明细!H2``). An error stops the build; a warning is reported
    and the build goes on. Built as ``SourceMessage(severity, place, message)``."""

    __slots__ = ()

    def __init__(self, severity: str | Severity, place: str, message: str) -> None:
        super().__init__(SOURCE[0], SOURCE[1], Severity(severity), message, place=place)
