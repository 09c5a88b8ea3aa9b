"""YAML (and JSON) sources: parsed node by node so numbers stay exact and every value keeps its line.

Bounded on hostile input: the file's size, the nesting depth and the number of values once anchors
are expanded (a few lines of ``&a [*b, *b, …]`` stand for billions of values) are limits that fail
with a message at the file, never a hang or a RecursionError. libyaml's parser messages are said
in Chinese."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from yusuan.model.message import SourceMessage
from yusuan.source.errors import SourceError, error

_NUMBER_TAGS = {"tag:yaml.org,2002:float", "tag:yaml.org,2002:int"}

MAX_BYTES = 20 * 1024 * 1024  # a department's source is tens of KB; the largest example is 20 KB
MAX_VALUES = 500_000  # values once anchors are expanded (a source of 10,000 fact lines has ~100,000)
MAX_DEPTH = 50  # the schema nests five deep

# libyaml's (and PyYAML's) problem → what to tell the author
_PROBLEMS = (
    ("expected node content", "此处缺少内容（方括号、花括号或列表没有写完）"),
    ("expected the node content", "此处缺少内容（方括号、花括号或列表没有写完）"),
    ("mapping values are not allowed", "此处不能出现“键: 值”（缩进不对，或值中的冒号需要加引号）"),
    ("found unexpected end of stream", "文件在引号中结束（引号没有闭合）"),
    (
        "cannot start any token",
        "此处的字符不能作为内容的开头（缩进请用空格而不是 Tab；以 @ 或 ` 开头的文字请加引号）",
    ),
    ("found undefined alias", "引用（*名称）了没有定义的锚点"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("expected '-' indicator", "列表中混入了不是列表项的内容（缩进不一致）"),
    ("expected <block end>", "缩进不一致"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或缺少逗号"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或缺少逗号"),
    ("unknown escape character", "双引号中有无法识别的转义（反斜杠请写成 \\\\，或改用单引号）"),
    ("expected key", "此处应为“键: 值”（缩进不一致）"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("unknown directive", "无法识别的 % 指令"),
    ("nesting depth", "嵌套层数过多"),
    ("tab character", "缩进中有 Tab 字符，请改为空格"),
)


class _Budget:
    """How many values the conversion may still produce (anchors make a small file expand)."""

    def __init__(self, file: str) -> None:
        self.left = MAX_VALUES
        self.file = file

    def spend(self, node: yaml.Node, depth: int) -> None:
        self.left -= 1
        if self.left < 0:
            raise SourceError(
                [
                    error(
                        self.file,
                        f"展开锚点与引用（&、*）后的值超过 {MAX_VALUES:,} 个，未读取（文件可能是恶意构造的）",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            where = f"{self.file}:{node.start_mark.line + 1}"
            raise SourceError([error(where, f"YAML 嵌套层数超过 {MAX_DEPTH} 层，未读取")])


def _convert(
    node: yaml.Node, path: str, places: dict[str, str], file: str, budget: _Budget, depth: int = 0
) -> Any:
    budget.spend(node, depth)
    places[path or "$"] = f"{file}:{node.start_mark.line + 1}"
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            out[key] = _convert(value_node, f"{path}.{key}" if path else key, places, file, budget, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(v, f"{path}[{i}]", places, file, budget, depth + 1) for i, v in enumerate(node.value)
        ]
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
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            limit = MAX_BYTES // (1024 * 1024)
            raise SourceError([error(name, f"文件过大（{size:,} 字节，上限 {limit} MB），未读取")])
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            [error(name, f"无法读取文件：不是 UTF-8 编码的文本（第 {exc.start + 1} 字节）")]
        ) from exc
    except OSError as exc:
        raise SourceError([error(name, f"无法读取文件（{exc.strerror or exc}）")]) from exc
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when built
    except yaml.YAMLError as exc:
        raise SourceError([_syntax_error(exc, name, text)]) from exc
    if node is None:
        raise SourceError([error(name, "文件为空")])
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            [error(f"{name}:{node.start_mark.line + 1}", "顶层应为键值映射（department、year、facts 等）")]
        )
    places: dict[str, str] = {}
    data = _convert(node, "", places, name, _Budget(name))
    return data, places


def _syntax_error(exc: yaml.YAMLError, name: str, text: str) -> SourceMessage:
    """A parser error at its line, said in Chinese (the parser's own words only when unknown)."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{name}:{mark.line + 1}" if mark else name
    if isinstance(exc, yaml.reader.ReaderError):  # a control character (NUL, ESC …) in the text
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1  # libyaml counts bytes
        line = text.count("\n", 0, at if at >= 0 else exc.position) + 1
        return error(f"{name}:{line}", f"YAML 格式错误：文件中有不允许的控制字符（#x{exc.character:04x}）")
    problem = str(getattr(exc, "problem", None) or exc)
    said = next((zh for en, zh in _PROBLEMS if en in problem), None)
    return error(where, f"YAML 格式错误：{said or f'无法解析（{problem}）'}")
