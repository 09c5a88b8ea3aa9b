"""Text from a document (titles, headings, cells, file names) on its way to a terminal: control
characters (ANSI escape sequences, carriage returns, bells, C1 codes) are shown as visible marks, so a
document cannot move the cursor, clear the screen, retitle the window or fake a line of the report."""

from __future__ import annotations

import re
from pathlib import Path

from rich.text import Text

# C0/C1 controls, line and paragraph separators, bidi overrides and isolates, and lone surrogates (a
# file name that is not UTF-8 arrives as \udcXX, which no terminal encoding can print)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every control character shown as its code (``\\x1b`` → ``␛``-like ``<1B>``)."""
    return _CONTROL.sub(lambda m: f"<{ord(m.group()):02X}>", text)


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def json_safe(text: str) -> str:
    """JSON text that any UTF-8 output takes: a lone surrogate (from a file name that is not UTF-8)
    written as its escape \\udcXX, which is valid JSON and decodes to the same string."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_text(text: str, style: str = "") -> Text:
    """A rich Text (never parsed for [markup]) of ``text`` made printable."""
    return Text(printable(text), style=style)


def error_reason(exc: BaseException) -> str:
    """The first line of an error's message — a database driver's own, under SQLAlchemy's wrapper
    (``exc.orig``) — or the error's type when it has no message."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def resolved(path: Path) -> Path:
    """``path.resolve()``, or its absolute form when it cannot be resolved (a symbolic-link loop):
    comparing paths must not stop a command; reading the file will say what is wrong with it."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
