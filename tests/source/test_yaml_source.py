"""YAML sources: exact numbers, every problem named by file:line, the published JSON Schema."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml

from yusuan.source import SourceError, load_source
from yusuan.source.schema import schema_json

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024.yaml"
SCHEMA = ROOT / "src" / "yusuan" / "source" / "budget.schema.json"


def _write(tmp_path: Path, text: str, name: str = "b.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path, text.replace(old, new, 1))


def _errors(path: Path) -> list[str]:
    with pytest.raises(SourceError) as info:
        load_source(path)
    return [str(m) for m in info.value.messages if m.severity == "error"]


def _line_of(path: Path, needle: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def test_example_loads_with_exact_decimals() -> None:
    budget, warnings = load_source(EXAMPLE)
    assert warnings == []
    assert budget.year == 2024 and budget.department == "清溪市云山区文化和旅游局"
    first = budget.facts[0]
    assert (first.function, first.economic, first.source, first.kind) == ("2070101", "30101", "gpb", "basic")
    assert first.amount == Decimal("156.32") and isinstance(first.amount, Decimal)
    assert sum(f.amount for f in budget.facts) == Decimal("1510.34")
    assert first.where == f"{EXAMPLE}:{_line_of(EXAMPLE, '156.32')}"
    assert budget.targets[0].indicators[0].value == "小于等于 95%"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("amount: 156.32", "amount: -156.32", "金额不能为负数"),
        ("amount: 156.32", "amount: 一百", "金额“一百”不是数字"),
        ("amount: 156.32", "amount: 156.325", "超过两位小数"),
        (
            'function: "2070101", economic: "30101"',
            'function: "207011", economic: "30101"',
            "功能分类科目编码应为 7 位数字",
        ),
        ('function: "2070101", economic: "30101"', 'function: "9990101", economic: "30101"', "类 999 不存在"),
        ('function: "2070101", economic: "30101"', 'function: "2070101", economic: "40101"', "类 401 不存在"),
        (
            "source: gpb, kind: basic, amount: 156.32",
            "source: 拨款, kind: basic, amount: 156.32",
            "未知的资金来源",
        ),
        (
            "source: gpb, kind: basic, amount: 156.32",
            "source: gpb, kind: 其他, amount: 156.32",
            "支出类型应为",
        ),
        ("year: 2024", "year: 1900", "预算年度 1900 不合理"),
    ],
)
def test_bad_fact_values_are_errors_naming_the_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _with(tmp_path, old, new)
    errors = _errors(path)
    assert len(errors) == 1, errors
    assert message in errors[0]
    assert f"{path}:{_line_of(path, new)}" in errors[0]


def test_a_code_under_a_lei_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    path = _with(tmp_path, 'function: "2080501", economic: "30302"', 'function: "2989901", economic: "30302"')
    errors = _errors(path)
    assert any("功能分类科目 2989901 的类 298 不存在" in e for e in errors), errors


def test_a_code_the_catalog_does_not_list_needs_its_names(tmp_path: Path) -> None:
    # the bundled catalog lists 类 completely but only a few 款/项: 20899 其他社会保障和就业支出 is a
    # real 款 it lacks, so its absence is no error; the source must then name the 项 and the 款
    path = _with(tmp_path, 'function: "2080501", economic: "30302"', 'function: "2089901", economic: "30302"')
    errors = _errors(path)
    assert any("功能分类科目 2089901 没有名称" in e for e in errors), errors
    text = EXAMPLE.read_text(encoding="utf-8").replace('"2080501", economic', '"2089901", economic', 1)
    text = text.replace(
        "function_names:  # 功能分类科目名称（款、项）",
        'function_names:  # 功能分类科目名称（款、项）\n  "2089901": 其他社会保障和就业支出\n'
        '  "20899": 其他社会保障和就业支出',
    )
    _, warnings = load_source(_write(tmp_path, text))
    assert [w.message for w in warnings if "2089901" in w.message or "20899" in w.message] == []


def test_project_lines_need_a_project_name_and_targets_a_project(tmp_path: Path) -> None:
    path = _with(tmp_path, ", project: 群众文化活动经费}", "}")
    assert any("项目支出必须填写项目名称" in e for e in _errors(path))
    path = _with(tmp_path, "- project: 群众文化活动经费", "- project: 不存在的项目")
    assert any("绩效目标的项目“不存在的项目”在收支明细中没有项目支出" in e for e in _errors(path))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "文件为空"),
        ("- a\n- b\n", "顶层应为键值映射"),
        ("department: x\nyear: 2024\nfacts: [\n", "YAML 格式错误"),
        ("department: x\nyear: 2024\n", "没有收支明细"),
        (
            "year: 2024\nfacts:\n  - {function: '2070101', economic: '30101', kind: basic, amount: 1}\n",
            "缺少必填项",
        ),
    ],
)
def test_structural_problems(tmp_path: Path, text: str, message: str) -> None:
    errors = _errors(_write(tmp_path, text))
    assert any(message in e for e in errors), errors


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    assert "不支持的源文件类型" in _errors(_write(tmp_path, "x", "b.txt"))[0]
    assert "文件不存在" in _errors(tmp_path / "nope.yaml")[0]


def test_published_schema_is_current_and_accepts_the_example() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema_json()
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), json.loads(schema_json()))


def test_schema_rejects_a_bad_source() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["facts"][0]["function"] = "20701"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(schema_json()))


def test_published_final_schema_is_current_and_accepts_the_final_example() -> None:
    from yusuan.source.final_schema import final_schema_json

    schema_path = SCHEMA.with_name("final.schema.json")
    final_example = EXAMPLE.with_name("putuo_street_final_2024.yaml")
    assert schema_path.read_text(encoding="utf-8") == final_schema_json()
    data = yaml.safe_load(final_example.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(final_schema_json()))
    data["sangong"]["reception"]["finall"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(final_schema_json()))
