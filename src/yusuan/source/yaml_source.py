"""YAML (and JSON) sources: parsed node by node so numbers stay exact and every value keeps its line."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from yusuan.source.errors import SourceError, error

_NUMBER_TAGS = {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}


def _convert(node: yaml.Node, path: str, places: dict[str, str], file: str) -> Any:
    places[path or "$"] = f"{file}:{node.start_mark.line + 1}"
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            out[key] = _convert(value_node, f"{path}.{key}" if path else key, places, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, f"{path}[{i}]", places, file) for i, v in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    value = node.value
    if node.tag in _NUMBER_TAGS:
        try:
            # the written digits, never a binary float: 156.32 stays 156.32
            return Decimal(value.replace("_", "").replace(",", ""))
        except InvalidOperation:
            return value
    if node.tag == "tag:yaml.org,2002:null":
        return None
    if node.tag == "tag:yaml.org,2002:bool":
        return value.lower() in {"true", "yes", "on", "y"}
    return value


def load_yaml(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The document as plain data (numbers as Decimal) and the line of every dotted path."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError([error(name, f"无法读取文件（{exc}）")]) from exc
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when built
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourceError([error(where, f"YAML 格式错误：{problem}")]) from exc
    if node is None:
        raise SourceError([error(name, "文件为空")])
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            [error(f"{name}:{node.start_mark.line + 1}", "顶层应为键值映射（department、year、facts 等）")]
        )
    places: dict[str, str] = {}
    data = _convert(node, "", places, name)
    return data, places
