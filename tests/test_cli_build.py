"""`yusuan build` and `yusuan init` from the command line: files written, errors named, nothing lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yusuan.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "culture_bureau_2024.yaml"
runner = CliRunner()


def test_build_markdown_and_html(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "--format", "md,html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "culture_bureau_2024.html",
        "culture_bureau_2024.md",
    ]
    assert "自检：0 个错误" in result.output
    md = (tmp_path / "culture_bureau_2024.md").read_text(encoding="utf-8")
    assert md.startswith("**2024 年度清溪市云山区文化和旅游局部门预算**")


def test_unknown_format_and_profile_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "--format", "md,odt"])
    assert result.exit_code == 2 and "未知的输出格式：odt" in result.output
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "--profile", "beijing"])
    assert result.exit_code == 2 and "未知的公开模板：beijing" in result.output
    assert list(tmp_path.iterdir()) == []


def test_source_errors_name_the_place_and_keep_existing_outputs(tmp_path: Path) -> None:
    bad = tmp_path / "culture_bureau_2024.yaml"
    bad.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("amount: 156.32", "amount: -156.32"), encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "culture_bureau_2024.md"
    previous.write_text("上一版", encoding="utf-8")
    result = runner.invoke(app, ["build", str(bad), "-o", str(out), "--format", "md"])
    assert result.exit_code == 2
    line = next(i for i, t in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1) if "-156.32" in t)
    assert f"{bad}:{line}：金额不能为负数" in result.output
    assert "未生成任何文件" in result.output
    assert "Traceback" not in result.output
    assert previous.read_text(encoding="utf-8") == "上一版"
    assert sorted(p.name for p in out.iterdir()) == ["culture_bureau_2024.md"]


def test_a_failing_renderer_leaves_the_previous_files_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.build

    previous = tmp_path / "culture_bureau_2024.md"
    previous.write_text("上一版", encoding="utf-8")

    def broken(pub: object, fmt: str) -> bytes:
        if fmt == "html":
            raise RuntimeError("找不到中文字体")
        return b"new"

    monkeypatch.setattr(yusuan.build, "render", broken)
    result = runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "--format", "md,html"])
    assert result.exit_code == 2 and "找不到中文字体" in result.output
    assert previous.read_text(encoding="utf-8") == "上一版"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["culture_bureau_2024.md"]


def test_rebuilding_replaces_the_output_in_place(tmp_path: Path) -> None:
    target = tmp_path / "culture_bureau_2024.md"
    target.write_text("上一版", encoding="utf-8")
    target.chmod(0o640)
    assert runner.invoke(app, ["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "md"]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("**2024 年度")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["culture_bureau_2024.md"]  # no temporary file left


def test_missing_source(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "none.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "文件不存在" in result.output


def test_building_a_workbook_next_to_itself_never_overwrites_the_source(tmp_path: Path) -> None:
    source = tmp_path / "culture_bureau_2024.xlsx"
    original = (ROOT / "examples" / "culture_bureau_2024.xlsx").read_bytes()
    source.write_bytes(original)
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path), "-f", "md,xlsx"])
    assert result.exit_code == 2 and "输出文件将覆盖源文件" in result.output
    assert source.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["culture_bureau_2024.xlsx"]


def test_build_from_the_example_workbook_equals_the_yaml_build(tmp_path: Path) -> None:
    for src, out in (
        (EXAMPLE, tmp_path / "yaml"),
        (ROOT / "examples" / "culture_bureau_2024.xlsx", tmp_path / "xlsx"),
    ):
        result = runner.invoke(app, ["build", str(src), "-o", str(out), "-f", "md"])
        assert result.exit_code == 0, result.output
    built = [(tmp_path / d / "culture_bureau_2024.md").read_text(encoding="utf-8") for d in ("yaml", "xlsx")]
    assert built[0] == built[1]


def test_init_writes_a_workbook_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "填报表.xlsx"
    result = runner.invoke(app, ["init", "--xlsx", str(target), "--year", "2026"])
    assert result.exit_code == 0 and target.exists()
    before = target.read_bytes()
    result = runner.invoke(app, ["init", "--xlsx", str(target)])
    assert result.exit_code == 2 and "文件已存在" in result.output
    assert target.read_bytes() == before
    built = runner.invoke(app, ["build", str(target), "-o", str(tmp_path / "out")])
    assert built.exit_code == 2 and "部门名称" in built.output and "Traceback" not in built.output


def test_profile_option_chooses_the_layout(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "md", "--profile", "shanghai"]
    )
    assert result.exit_code == 0, result.output
    md = (tmp_path / "culture_bureau_2024.md").read_text(encoding="utf-8")
    assert "2024年部门财务收支预算总表" in md and "收支预算总表" in md
    assert "单位：元" in md


def test_values_the_validator_accepted_but_the_build_could_not_hold(tmp_path: Path) -> None:
    """Issue 11 class 4: a 28-digit amount, 1e999999, a head count of 1e300 and a control character
    are errors at their place, not tracebacks; an existing file as -o is refused before anything."""
    from yusuan.cli.main import app as main_app

    source = (Path(__file__).resolve().parents[1] / "examples" / "putuo_street_2025.yaml").read_text(
        encoding="utf-8"
    )
    cases = {
        "big": (
            re.sub(r"amount: [0-9.]+", "amount: 1234567890123456789012345678.00", source, count=1),
            "过大",
        ),
        "exp": (re.sub(r"amount: [0-9.]+", "amount: 1e999999", source, count=1), "过大"),
        "ctl": (
            re.sub(r"^department: .*$", lambda _: 'department: "某局\\x00"', source, count=1, flags=re.M),
            "控制字符",
        ),
    }
    for name, (text, words) in cases.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main_app, ["build", str(path), "-o", str(tmp_path / name), "-f", "md"])
        assert result.exit_code == 2
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output and words in result.stderr, (name, result.output)
        assert not (tmp_path / name).exists() or not any((tmp_path / name).iterdir())
    occupied = tmp_path / "occupied"
    occupied.write_text("x", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main_app, ["build", str(good), "-o", str(occupied), "-f", "md"])
    assert result.exit_code == 2 and "输出位置已存在且不是目录" in result.stderr
    assert occupied.read_text(encoding="utf-8") == "x"
