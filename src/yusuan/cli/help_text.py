"""The command line's help in Chinese. Typer and its bundled click print their own words in English
("Usage:", "Options", "Arguments", "Commands", "Show this message and exit.", "[required]"); they are
module constants and one hard-coded default, replaced here before the help is printed. Done only
when help is asked for (``typer.rich_utils`` costs some 45 ms to import, which a check does not need
to spend)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_DONE = False

# typer.rich_utils constant -> its Chinese text
_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "DEPRECATED_STRING": "（已弃用）",
    "ABORTED_TEXT": "已中止。",
}
HELP_OPTION = "显示本帮助并退出。"
USAGE = "用法："


def wants_help(argv: Sequence[str]) -> bool:
    """Whether the command line asks for help (no command at all prints it too)."""
    return not argv or "--help" in argv


def chinese_help() -> None:
    """Replace typer's and click's English words of the help page, once."""
    global _DONE
    if _DONE:
        return
    _DONE = True
    try:  # typer's private modules: another typer version prints its English help, never fails
        import typer._click.decorators as decorators
        import typer._click.formatting as formatting
        import typer.rich_utils as rich_utils
    except ImportError:
        return
    if not hasattr(decorators, "help_option") or not hasattr(formatting, "HelpFormatter"):
        return

    for name, text in _WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)

    original_help_option = decorators.help_option

    def help_option(param_decls: list[str]) -> Any:
        apply = original_help_option(param_decls)

        def decorate(command: Any) -> Any:
            result = apply(command)
            command.params[-1].help = HELP_OPTION
            return result

        return decorate

    decorators.help_option = help_option
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(self, prog, args, USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
