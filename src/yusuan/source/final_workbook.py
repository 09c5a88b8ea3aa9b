"""Excel workbooks of final accounts (the 决算填报表): placeholder until the sheets are defined."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_final_workbook(path: Path) -> bool:
    return False


def load_final_workbook(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    raise NotImplementedError
