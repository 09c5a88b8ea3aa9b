"""A finding of the audit: rule, severity, Chinese message, places, expected and actual."""

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


@dataclass(slots=True)
class Finding:
    rule: str  # stable code, e.g. AR101
    name: str  # dotted name, e.g. arithmetic.row_total
    severity: Severity
    message: str  # Chinese
    locations: list[Provenance] = field(default_factory=list)
    expected: str | None = None
    actual: str | None = None
    suggestion: str | None = None
    section: str | None = None  # where in the document, for grouping in reports

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "locations": [p.to_dict() for p in self.locations],
            "expected": self.expected,
            "actual": self.actual,
            "suggestion": self.suggestion,
        }

    @property
    def lines(self) -> list[int]:
        return [p.line for p in self.locations if p.line is not None]
