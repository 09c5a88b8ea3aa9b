"""The error a source file cannot be built from: every problem found, each a message with its place
in the source (file:line, sheet!cell or file（field path）)."""

from __future__ import annotations

from yusuan.model.message import Severity, SourceMessage


class SourceError(Exception):
    def __init__(self, messages: list[SourceMessage]) -> None:
        self.messages = messages
        super().__init__("\n".join(str(m) for m in messages))

    @property
    def errors(self) -> list[SourceMessage]:
        return [m for m in self.messages if m.severity is Severity.ERROR]


def error(place: str, message: str) -> SourceMessage:
    return SourceMessage(Severity.ERROR, place, message)


def warning(place: str, message: str) -> SourceMessage:
    return SourceMessage(Severity.WARNING, place, message)
