"""Start-up (issue 11 class 10): `yusuan --help` and a check of a text file load no library of a
format they do not touch (openpyxl, python-docx, Typst, pypdfium2, jsonschema). Asserted on the set of
modules a fresh interpreter holds afterwards, never on times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HEAVY = ("openpyxl", "docx", "typst", "pypdfium2", "jsonschema", "xlrd")

# runs the command in a new interpreter, then prints which of HEAVY it imported and the exit code
_PROBE = """
import json, sys
heavy, argv = sys.argv[1], sys.argv[2:]
code = 0
if argv != ["--import-only"]:
    from yusuan.cli.main import app
    try:
        app(args=argv, prog_name="yusuan")
    except SystemExit as exc:
        code = exc.code or 0
else:
    import yusuan.cli.main  # noqa: F401
loaded = sorted(m for m in heavy.split(",") if m in sys.modules)
print(json.dumps({"loaded": loaded, "code": code}), file=sys.stderr)
"""


def _run(*argv: str) -> tuple[list[str], int, str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, ",".join(HEAVY), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = proc.stderr.strip().splitlines()[-1]
    result = json.loads(last)
    return result["loaded"], result["code"], proc.stdout


def test_importing_the_command_line_loads_no_format_library() -> None:
    loaded, code, _ = _run("--import-only")
    assert code == 0
    assert loaded == []


def test_help_loads_no_format_library() -> None:
    loaded, code, out = _run("--help")
    assert code == 0
    assert "check" in out and "build" in out  # the help was printed, every command listed
    assert loaded == []


def test_checking_a_text_disclosure_loads_no_format_library() -> None:
    loaded, code, out = _run("check", "-f", "json", str(EXAMPLES / "culture_bureau_2024.md"))
    report = json.loads(out)
    assert report["documents"][0]["error"] is None
    assert report["documents"][0]["tables_understood"]  # it was read and checked, not refused
    assert code == 0
    assert loaded == []


def test_reading_a_workbook_does_load_its_library() -> None:
    """The probe sees a format library when one is used (so the empty sets above mean something)."""
    loaded, _, _ = _run("check", "-f", "json", str(EXAMPLES / "culture_bureau_2024.xlsx"))
    assert "openpyxl" in loaded
    assert "docx" not in loaded and "typst" not in loaded and "pypdfium2" not in loaded
