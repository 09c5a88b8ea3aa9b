"""`yusuan rules --markdown` is a Chinese document (issue 11 class 9): headings, columns, families
and every rule's description; English only inside code spans (rule names, the command itself)."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from yusuan.audit import all_rules
from yusuan.audit.registry import FAMILIES
from yusuan.cli.main import app

# three or more Latin words in a row: an English phrase or sentence
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){2,}")
CODE_SPAN = re.compile(r"`[^`\n]*`")


def _markdown() -> str:
    result = CliRunner().invoke(app, ["rules", "--markdown"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_rules_document_has_no_english_outside_code_spans() -> None:
    text = CODE_SPAN.sub("", _markdown())
    english = [m.group() for m in ENGLISH.finditer(text)]
    assert english == []


def test_the_pattern_finds_english() -> None:
    """The check above can fail: an English docstring line is found, a Chinese one with codes is not."""
    assert ENGLISH.search("Example defect: a 支出总表 row with 合计 432.01")
    assert ENGLISH.search("In 收支总表 and 财政拨款收支总表, 收入合计 equals the sum of the income items.")
    assert not ENGLISH.search("依据：GB/T 15834-2011《标点符号用法》；规则摘要 R07(a)、§2.6。")


def test_every_rule_is_documented_under_its_family() -> None:
    text = _markdown()
    rules = all_rules()
    assert f"共 {len(rules)} 条规则" in text
    for r in rules:
        assert f"\n### {r.code} {r.title}\n" in text
        assert f"`{r.name}`" in text
        assert text.index(f"\n## {FAMILIES[r.code[:2]]}（{r.code[:2]}，") < text.index(f"\n### {r.code} ")
    # each rule's description is there, its paragraphs unwrapped (no line break inside a sentence)
    first = rules[0].doc.split("\n\n")[0].replace("\n", "")
    assert f"\n{first}\n" in text


def test_every_rule_doc_says_example_and_basis_in_chinese() -> None:
    for r in all_rules():
        assert "示例：" in r.doc and "依据：" in r.doc, r.code
