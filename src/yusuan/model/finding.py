"""A finding of the audit: a Message (rule, severity, Chinese message, places, expected and actual).

``Finding`` is the name the audit and its callers use for the one message model of
``yusuan.model.message``; the two names are the same class."""

from __future__ import annotations

from yusuan.model.message import Message, Severity

Finding = Message

__all__ = ["Finding", "Severity"]
