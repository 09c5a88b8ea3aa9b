"""The error a source file cannot be built from: every problem found, each with its place."""

from __future__ import annotations

from yusuan.model.budget import SourceMessage


class SourceError(Exception):
    def __init__(self, messages: list[SourceMessage]) -> None:
        self.messages = messages
        super().__init__("\n".join(str(m) for m in messages))


def error(place: str, message: str) -> SourceMessage:
    return SourceMessage("error", place, message)


def warning(place: str, message: str) -> SourceMessage:
    return SourceMessage("warning", place, message)
