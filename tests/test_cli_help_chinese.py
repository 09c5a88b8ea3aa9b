"""`yusuan --help` is in Chinese: typer's and click's own words (Usage, Options, Arguments, Commands,
Show this message and exit., [required], [default: …]) are replaced before the help is printed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_RUN = "import sys; from yusuan.cli.main import main; sys.argv = ['yusuan', *sys.argv[1:]]; main()"
ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "[required]", "[default:")


def _help(*argv: str) -> str:
    env = {**os.environ, "COLUMNS": "120", "TERMINAL_WIDTH": "120"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *argv], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("argv", [("--help",), ("check", "--help"), ("build", "--help")])
def test_help_pages_have_no_english_frame(argv: tuple[str, ...]) -> None:
    page = _help(*argv)
    assert "用法：yusuan" in page and "选项" in page and "显示本帮助并退出。" in page
    assert [w for w in ENGLISH if w in page] == []


def test_the_help_words_are_replaced_only_when_help_is_asked_for() -> None:
    from yusuan.cli.help_text import wants_help

    assert wants_help([]) and wants_help(["check", "--help"]) and wants_help(["--help"])
    assert not wants_help(["check", "-f", "json", "a.md"])
