"""Text from a document (titles, headings, cells, file names) on its way to a terminal: control
characters (ANSI escape sequences, carriage returns, bells, C1 codes) are shown as visible marks, so a
document cannot move the cursor, clear the screen, retitle the window or fake a line of the report."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every control character shown as its code (``\\x1b`` → ``␛``-like ``<1B>``)."""
    return _CONTROL.sub(lambda m: f"<{ord(m.group()):02X}>", text)


def safe_text(text: str, style: str = "") -> Text:
    """A rich Text (never parsed for [markup]) of ``text`` made printable."""
    return Text(printable(text), style=style)
