"""Authored sources (YAML / JSON, Excel workbook) → a validated Budget."""

from __future__ import annotations

from pathlib import Path

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.model.budget import Budget, SourceMessage
from yusuan.source.errors import SourceError, error
from yusuan.source.mapping import budget_from_data
from yusuan.source.validate import validate
from yusuan.source.yaml_source import load_yaml

__all__ = ["SourceError", "load_source"]

_YAML = {".yaml", ".yml", ".json"}
_EXCEL = {".xlsx", ".xlsm"}


def load_source(path: str | Path, catalog: Catalog | None = None) -> tuple[Budget, list[SourceMessage]]:
    """Load and validate; raise SourceError when any error is found, else return the warnings."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise SourceError([error(name, "文件不存在" if not p.exists() else "不是文件")])
    suffix = p.suffix.lower()
    if suffix in _YAML:
        data, places = load_yaml(p)
    elif suffix in _EXCEL:
        from yusuan.source.workbook import load_workbook_source

        data, places = load_workbook_source(p)
    else:
        raise SourceError([error(name, f"不支持的源文件类型“{suffix}”：请使用 .yaml / .json 或 .xlsx")])
    budget = budget_from_data(data, places, name)
    messages = validate(budget, catalog or load_catalog())
    errors = [m for m in messages if m.severity == "error"]
    if errors:
        raise SourceError(messages)
    return budget, messages
