"""Reports to hand over: checked documents with their findings, one row per finding with a status
for the reviewer (待核实 / 已确认 / 误报), counted by severity and inspection dimension.

A report (``model.Report``) is made from the store (``build.from_store``: what ``yusuan ingest``
kept, with the reviewers' marks) or from a check run in memory (``build.from_results``), and written
by one writer per format. To add a format, add a module with
``write_<fmt>(report, *, images=True) -> bytes`` (``images``: pictures of the PDF pages, where the
format shows them) and one line to FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from yusuan.reports.build import ReportError, from_results, from_store, review_subject
from yusuan.reports.model import STATUSES, Report, ReportDocument, ReportFinding

__all__ = [
    "FORMATS",
    "STATUSES",
    "Report",
    "ReportDocument",
    "ReportError",
    "ReportFinding",
    "format_of",
    "from_results",
    "from_store",
    "render",
    "review_subject",
    "write_bytes",
    "write_report",
]

#: format → (module, function); the file suffix is the format's name
FORMATS: dict[str, tuple[str, str]] = {
    "xlsx": ("yusuan.reports.xlsx", "write_xlsx"),
    "html": ("yusuan.reports.html", "write_html"),
    "docx": ("yusuan.reports.docx", "write_docx"),
    "csv": ("yusuan.reports.csv_report", "write_csv"),
}


def format_of(path: str | Path) -> str:
    """The format a file name asks for (report.xlsx → xlsx; .htm is html)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = "html" if suffix == "htm" else suffix
    if fmt not in FORMATS:
        raise ReportError(
            f"{path}：不支持的报告格式“.{suffix}”（可用：{'、'.join('.' + f for f in FORMATS)}）"
        )
    return fmt


def render(report: Report, fmt: str, *, images: bool = True) -> bytes:
    """The bytes of a report in one format (the writer is imported when needed)."""
    module, name = FORMATS[fmt]
    writer: Callable[..., bytes] = getattr(import_module(module), name)
    return writer(report, images=images)


def write_report(report: Report, path: str | Path, *, images: bool = True) -> str:
    """Write a report to ``path`` in the format its suffix names; returns the format."""
    fmt = format_of(path)
    write_bytes(path, render(report, fmt, images=images))
    return fmt


def write_bytes(path: str | Path, data: bytes) -> None:
    """A report file written whole or not at all (a temporary file beside it, renamed), never
    through a symbolic link; a failure is a ReportError naming the file."""
    target = Path(path)
    if target.is_symlink():
        raise ReportError(f"{path}：是符号链接，不会写入（请指定一个普通文件）")
    if target.exists() and not target.is_file():
        raise ReportError(f"{path}：不是文件，无法写入报告")
    if not target.parent.is_dir():
        raise ReportError(f"{path}：所在文件夹不存在")
    temp = target.with_name(f".{target.name}.part")
    try:
        temp.unlink(missing_ok=True)  # a link left there is removed, not followed
        temp.write_bytes(data)
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ReportError(f"{path}：无法写入报告（{exc.strerror or exc}）") from exc
