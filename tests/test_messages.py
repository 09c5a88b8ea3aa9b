"""One message model (issue 11 class 12): a finding, a source error, an unreadable document and what a
reader or the extractor left out are all yusuan.model.message.Message, and the JSON is the model's."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yusuan.pipeline
from yusuan.cli.main import app
from yusuan.cli.report import dump_json
from yusuan.model import Disclosure, Document, Finding, Paragraph, Provenance, Severity
from yusuan.model.budget import SourceMessage
from yusuan.model.message import INTERNAL, NOT_CHECKED, SOURCE, UNREADABLE, Message
from yusuan.pipeline import check_path, notes, report
from yusuan.source import SourceError, load_source, yaml_source

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GOOD = EXAMPLES / "culture_bureau_2024.md"
FINDING_KEYS = ["rule", "name", "severity", "message", "locations", "expected", "actual", "suggestion"]


def test_a_finding_is_a_message_with_the_json_it_always_had() -> None:
    where = Provenance(file="a.md", line=12, table="支出总表", row="合计", column="基本支出", text="1.00")
    f = Finding(
        "AR101", "arithmetic.row_total", Severity.ERROR, "合计不等于各项之和", [where], "2.00", "1.00"
    )
    assert isinstance(f, Message)
    assert f.to_dict() == {
        "rule": "AR101",
        "name": "arithmetic.row_total",
        "severity": "error",
        "message": "合计不等于各项之和",
        "locations": [
            {
                "line": 12,
                "page": None,
                "table": "支出总表",
                "row": "合计",
                "column": "基本支出",
                "text": "1.00",
            }
        ],
        "expected": "2.00",
        "actual": "1.00",
        "suggestion": None,
    }
    assert f.lines == [12]
    assert str(f) == "错误　第12行：合计不等于各项之和"


def test_a_source_message_keeps_its_place() -> None:
    m = SourceMessage("warning", "收支明细!H2", "金额为负数")
    assert isinstance(m, Message) and m.severity is Severity.WARNING
    assert (m.rule, m.name) == SOURCE
    assert str(m) == "警告　收支明细!H2：金额为负数"
    assert m.to_dict()["place"] == "收支明细!H2"
    assert list(m.to_dict())[: len(FINDING_KEYS)] == FINDING_KEYS  # the same shape as a finding's
    assert pickle.loads(pickle.dumps(m)) == m  # batch workers send results between processes


def test_a_yaml_error_is_a_message_at_its_line(tmp_path: Path) -> None:
    source = tmp_path / "budget.yaml"
    source.write_text("department: 某局\nyear: 2024\nfacts: [\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_source(source)
    (m,) = caught.value.errors
    assert isinstance(m, Message) and m.severity is Severity.ERROR
    assert m.place is not None and m.place.startswith(f"{source}:")
    assert int(m.place.rsplit(":", 1)[1]) >= 3  # the unclosed list, not the file's first line
    assert m.to_dict()["place"] == m.place


def test_an_unreadable_document_is_a_message_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    r = check_path(bad)
    assert r.failure is not None and r.failure.rule == UNREADABLE[0] and r.failure.severity is Severity.ERROR
    assert r.error == r.failure.message and str(bad) in r.error
    assert [p.file for p in r.failure.locations] == [str(bad)]
    assert r.to_dict()["failure"] == r.failure.to_dict()


def test_a_document_that_is_no_disclosure_is_not_checked(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# 安装\n\n运行 make 安装依赖，然后运行测试。\n", encoding="utf-8")
    r = check_path(readme)
    assert r.failure is not None and r.failure.rule == NOT_CHECKED[0]
    assert r.error is not None and r.error.startswith(f"{readme}：")


def test_the_json_of_a_batch_is_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("# 2024年度某局部门预算\n", encoding="utf-8")
    real = yusuan.pipeline.read_document

    def read(path: str | Path) -> Document:
        if Path(path) == bad:
            raise ValueError("a reader bug")
        return real(path)

    monkeypatch.setattr(yusuan.pipeline, "read_document", read)
    result = CliRunner().invoke(app, ["check", "--format", "json", str(bad), str(GOOD)])
    assert result.exit_code == 2  # a document could not be checked
    out = json.loads(result.stdout)
    results = [check_path(bad), check_path(GOOD)]
    assert out == json.loads(json.dumps(report(results), ensure_ascii=False))
    assert json.loads(dump_json(results)) == out
    failed, good = out["documents"]
    assert failed["failure"]["rule"] == INTERNAL[0] and failed["error"] == failed["failure"]["message"]
    assert failed["findings"] == [] and good["failure"] is None and good["error"] is None
    assert all(list(f)[: len(FINDING_KEYS)] == FINDING_KEYS for f in good["findings"])
    assert out["summary"]["unreadable"] == 1 and out["summary"]["documents"] == 2


def test_what_was_left_out_is_a_message_with_its_place() -> None:
    doc = Document(
        "a.xlsx", [Paragraph("x", line=1)], format="xlsx", problems=["工作表「备用」是隐藏的，未读取"]
    )
    d = Disclosure("a.xlsx", "national")
    d.problems.append(("表格“支出总表”第3行的金额无法识别", Provenance(page=2, line=7, table="支出总表")))
    read_note, extract_note = notes(doc, d)
    assert read_note.message == "工作表「备用」是隐藏的，未读取" and read_note.locations[0].file == "a.xlsx"
    assert extract_note.severity is Severity.INFO
    assert extract_note.locations == [Provenance(file="a.xlsx", page=2, line=7, table="支出总表")]
    assert str(extract_note) == "提示　第2页（全文第7行）：表格“支出总表”第3行的金额无法识别"


def _source_errors(path: Path) -> list[Message]:
    with pytest.raises(SourceError) as caught:
        load_source(path)
    return caught.value.errors


def test_a_yaml_anchor_bomb_is_refused_at_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nine levels of nine references stand for 387 million values; the limit stops the expansion."""
    monkeypatch.setattr(yaml_source, "MAX_VALUES", 5_000)  # the real limit is 500,000: same path, faster
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\ndepartment: 某局\nyear: 2024\n", encoding="utf-8")
    (m,) = _source_errors(bomb)
    assert m.place == str(bomb) and "5,000" in m.message and "锚点" in m.message


def test_deep_nesting_is_refused_at_its_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("department: 某局\nyear: 2024\nfacts: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    (m,) = _source_errors(deep)
    assert m.place == f"{deep}:3" and "嵌套层数" in m.message


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("department: 某局\nyear: 2024\nfacts: [\n", 4, "没有写完"),
        ("department: 某局\nyear: 2024: 1\n", 2, "键: 值"),
        ("department: 某局\nnote: a\x07b\n", 2, "控制字符"),
        ('department: "某局\\q"\n', 1, "转义"),
    ],
)
def test_a_yaml_syntax_error_is_said_in_chinese_at_its_line(
    tmp_path: Path, text: str, line: int, said: str
) -> None:
    source = tmp_path / "budget.yaml"
    source.write_text(text, encoding="utf-8")
    (m,) = _source_errors(source)
    assert m.place == f"{source}:{line}"
    assert said in m.message and not re.search(r"[a-z]{3,}", m.message)  # no parser English left


def test_what_the_reader_left_out_is_reported_by_check(tmp_path: Path) -> None:
    """A disclosure workbook's hidden sheet is not read; check says so (IN004) in its JSON and its text."""
    import openpyxl

    from yusuan.build import build_source

    book = tmp_path / "culture_bureau_2024.xlsx"
    book.write_bytes(build_source(EXAMPLES / "culture_bureau_2024.yaml", formats=("xlsx",)).outputs["xlsx"])
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("代码表").sheet_state = "hidden"
    wb.save(book)
    r = check_path(book)
    hidden = [n for n in r.notes if n.rule == "IN004"]
    assert hidden and all("隐藏" in n.message for n in hidden)
    assert r.to_dict()["notes"] == [n.to_dict() for n in r.notes]
    result = CliRunner().invoke(app, ["check", str(book)])
    assert f"未读取：{hidden[0].message}" in result.stdout
