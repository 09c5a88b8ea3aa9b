"""Authored sources (YAML / JSON, Excel workbook) → a validated Budget, or FinalAccounts when the
source says ``document: final``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.model.budget import Budget, SourceMessage
from yusuan.model.final_accounts import FinalAccounts
from yusuan.source.errors import SourceError, error
from yusuan.source.final_mapping import final_from_data, is_final
from yusuan.source.final_validate import validate_final
from yusuan.source.mapping import budget_from_data
from yusuan.source.validate import validate
from yusuan.source.yaml_source import load_yaml

__all__ = ["SourceError", "load_source"]

_YAML = {".yaml", ".yml", ".json"}
_EXCEL = {".xlsx", ".xlsm"}


def _read(p: Path, name: str) -> tuple[dict[str, Any], dict[str, str]]:
    suffix = p.suffix.lower()
    if suffix in _YAML:
        return load_yaml(p)
    if suffix in _EXCEL:
        from yusuan.source.final_workbook import is_final_workbook, load_final_workbook
        from yusuan.source.workbook import load_workbook_source

        return load_final_workbook(p) if is_final_workbook(p) else load_workbook_source(p)
    raise SourceError([error(name, f"不支持的源文件类型“{suffix}”：请使用 .yaml / .json 或 .xlsx")])


def load_source(
    path: str | Path, catalog: Catalog | None = None
) -> tuple[Budget | FinalAccounts, list[SourceMessage]]:
    """Load and validate; raise SourceError when any error is found, else return the warnings."""
    p = Path(path)
    name = str(path)
    if not p.is_file():
        raise SourceError([error(name, "文件不存在" if not p.exists() else "不是文件")])
    data, places = _read(p, name)
    catalog = catalog or load_catalog()
    source: Budget | FinalAccounts
    if is_final(data):
        source = final_from_data(data, places, name)
        messages = validate_final(source, catalog)
    else:
        source = budget_from_data(data, places, name)
        messages = validate(source, catalog)
    if any(m.severity == "error" for m in messages):
        raise SourceError(messages)
    return source, messages
