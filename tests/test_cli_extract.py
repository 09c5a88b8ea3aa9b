"""`yusuan extract` from the command line: files written per input, bad files named, inputs never overwritten."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024.md"  # a published document (fujian, 11 tables)
runner = CliRunner()


@pytest.fixture
def published(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "culture_bureau_2024.md"
    path.parent.mkdir()
    shutil.copy(EXAMPLE, path)
    return path


def _json(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.read_text(encoding="utf-8"))


def test_extract_json(published: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "nested"  # created when missing
    result = runner.invoke(app, ["extract", str(published), "-o", str(out)])
    assert result.exit_code == 0, result.output
    target = out / "culture_bureau_2024.json"
    assert f"已生成 {target}（11 张表，48 条文字表述，3 个绩效目标表）" in result.output
    data = _json(target)
    assert data["meta"]["source"] == str(published) and data["meta"]["profile"] == "fujian"
    assert len(data["tables"]) == 11
    income = data["tables"][1]
    total = next(r for r in income["rows"] if r["is_total"])
    assert total["cells"][0]["value"] == "1510.34" and total["cells"][0]["header"] == "总计"
    assert [p.name for p in out.iterdir()] == ["culture_bureau_2024.json"]  # no temporary file left


def test_extract_csv_and_xlsx(published: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(published), "-o", str(tmp_path / "out"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "culture_bureau_2024"
    names = sorted(p.name for p in folder.iterdir())
    assert names[:2] == ["01_2024年度收支预算总表.csv", "02_2024年度收入预算总表.csv"]
    assert {"document.csv", "claims.csv", "targets.csv"} <= set(names) and len(names) == 17
    assert (folder / "claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    result = runner.invoke(app, ["extract", str(published), "-o", str(tmp_path / "out"), "-f", "xlsx"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / "out" / "culture_bureau_2024.xlsx")
    assert wb.sheetnames[0] == "说明" and "文字表述" in wb.sheetnames and len(wb.sheetnames) == 17


def test_extract_csv_again_replaces_old_table_files_only(published: Path, tmp_path: Path) -> None:
    folder = tmp_path / "culture_bureau_2024"
    folder.mkdir()
    (folder / "12_旧表.csv").write_text("old", encoding="utf-8")
    (folder / "我的笔记.txt").write_text("keep", encoding="utf-8")
    (folder / "claims.csv").write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(published), "-o", str(tmp_path), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert not (folder / "12_旧表.csv").exists()
    assert (folder / "我的笔记.txt").read_text(encoding="utf-8") == "keep"
    assert (folder / "claims.csv").read_text(encoding="utf-8-sig").startswith("序号,主题")
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_default_output_directory(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(published)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "extracted" / "culture_bureau_2024.json").is_file()


def test_one_bad_file_does_not_stop_the_batch(published: Path, tmp_path: Path) -> None:
    empty = tmp_path / "in" / "empty.md"
    empty.write_bytes(b"")
    fake = tmp_path / "in" / "fake.pdf"
    fake.write_text("这不是 PDF", encoding="utf-8")
    broken = tmp_path / "in" / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    missing = tmp_path / "in" / "missing.md"
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["extract", str(empty), str(published), str(fake), str(broken), str(missing), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert f"错误：{empty}：文件为空" in result.stderr
    assert f"错误：{fake}：不是 PDF 文件" in result.stderr
    assert f"错误：{broken}：" in result.stderr
    assert f"错误：{missing}：文件不存在" in result.stderr
    assert "4 个文件未能导出，其余 1 个已写出。" in result.stderr
    assert "Traceback" not in result.output
    assert f"已生成 {out / 'culture_bureau_2024.json'}" in result.stdout
    assert [p.name for p in out.iterdir()] == ["culture_bureau_2024.json"]
    assert len(_json(out / "culture_bureau_2024.json")["tables"]) == 11


def test_inputs_are_never_overwritten(tmp_path: Path) -> None:
    # an Excel publication extracted to Excel next to itself would replace itself
    from yusuan.derive import derive
    from yusuan.render import render
    from yusuan.source import load_source

    budget, _ = load_source(ROOT / "examples" / "culture_bureau_2024.yaml")
    workbook = tmp_path / "culture_bureau_2024.xlsx"
    original = render(derive(budget).publication, "xlsx")
    workbook.write_bytes(original)
    other = tmp_path / "other.md"
    shutil.copy(EXAMPLE, other)
    result = runner.invoke(app, ["extract", str(other), str(workbook), "-o", str(tmp_path), "-f", "xlsx"])
    assert result.exit_code == 2
    assert f"{workbook}：输出文件将覆盖输入文件，未写出任何文件" in result.stderr
    assert workbook.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["culture_bureau_2024.xlsx", "other.md"]
    # the same workbook into another directory is fine, and reads as a publication
    result = runner.invoke(app, ["extract", str(workbook), "-o", str(tmp_path / "out"), "-f", "xlsx"])
    assert result.exit_code == 0, result.output
    assert "11 张表" in result.stdout
    # a text input called *.json, and a CSV folder that would be the input itself
    as_json = tmp_path / "doc.json"
    shutil.copy(EXAMPLE, as_json)
    result = runner.invoke(app, ["extract", str(as_json), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "输出文件将覆盖输入文件" in result.stderr
    assert as_json.read_bytes() == EXAMPLE.read_bytes()
    bare = tmp_path / "doc"
    shutil.copy(EXAMPLE, bare)
    result = runner.invoke(app, ["extract", str(bare), "-o", str(tmp_path), "-f", "csv"])
    assert result.exit_code == 2 and bare.read_bytes() == EXAMPLE.read_bytes()


def test_same_stem_inputs_get_distinct_outputs(published: Path, tmp_path: Path) -> None:
    text = published.with_suffix(".txt")
    shutil.copy(published, text)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(published), str(text), str(published), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "culture_bureau_2024.md.json",
        "culture_bureau_2024.txt.json",
    ]


def test_unknown_profile_and_output_that_is_a_file(published: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(published), "-o", str(tmp_path / "o"), "--profile", "beijing"]
    )
    assert result.exit_code == 2 and "未知的模版：beijing" in result.stderr
    assert not (tmp_path / "o").exists()
    result = runner.invoke(app, ["extract", str(published), "-o", str(published)])
    assert result.exit_code == 2 and "不是目录" in result.stderr
    result = runner.invoke(app, ["extract", str(published), "-o", str(tmp_path / "o"), "-f", "pdf"])
    assert result.exit_code == 2


def test_profile_option_is_used(published: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(published), "-o", str(tmp_path), "--profile", "shanghai"])
    assert result.exit_code == 0, result.output
    assert _json(tmp_path / "culture_bureau_2024.json")["meta"]["profile"] == "shanghai"


FINALS = ROOT.parent / "shared" / "corpus" / "shanghai" / "final"


@pytest.mark.skipif(not FINALS.exists(), reason="../shared (the corpus) is not present")
def test_final_accounts_and_budgets_are_extracted_with_their_kind(published: Path, tmp_path: Path) -> None:
    final = FINALS / "2024_putuo_guihuaziyuan_dept_final.pdf"
    template = FINALS / "template_dept_final.pdf"
    args = ["extract", str(final), str(template), str(published), "-o", str(tmp_path / "out")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "Traceback" not in result.output  # the template is refused
    assert f"{template}：这是未填写的部门决算模板" in result.stderr
    meta = _json(tmp_path / "out" / f"{final.stem}.json")["meta"]
    assert (meta["document"], meta["profile"], meta["year"]) == ("部门决算", "shanghai_final", 2024)
    data = _json(tmp_path / "out" / f"{final.stem}.json")
    # a 决算 statement carries its budgets and 完成率: "…年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%"
    rated = [c for c in data["claims"] if (c.get("final") or {}).get("rate") == "95.45"]
    assert rated and rated[0]["final"]["initial_budget"] == "10210.34" and rated[0]["value"] == "9746.50"
    tables = {t["id"] for t in data["tables"]}
    assert {
        "summary",
        "income",
        "expense",
        "fiscal",
        "gpb",
        "econ_basic",
        "sangong",
        "gov_fund",
        "soe",
    } <= tables
    budget = _json(tmp_path / "out" / "culture_bureau_2024.json")["meta"]
    assert (budget["document"], budget["profile"]) == ("部门预算", "fujian")
