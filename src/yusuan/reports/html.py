"""The report as one HTML page (Jinja2, autoescaped): the summary, then per document its findings,
each beside a picture of its place on the PDF page (``regions``).

One self-contained file: CSS inline and pictures as ``data:`` URIs. A report is handed over: it is
mailed, attached to a case or archived, and a page with files beside it breaks when it is moved
alone. The pictures are kept small for that (16 grays and one outline colour, PNG: 5-30 KB each,
about 15 KB on average on the Shanghai corpus), so 500 findings make a page of some 8 MB.

Nothing from a document reaches the page unescaped: every value goes through Jinja2's
autoescape; the pictures' base64 text is made here.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from yusuan import __version__
from yusuan.reports.model import (
    SEVERITY_LABELS,
    SUMMARY_COLUMNS,
    Report,
    ReportDocument,
    summary_rows,
)
from yusuan.reports.regions import Region, regions

_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(slots=True)
class Picture:
    data: str  # base64 PNG
    width: int
    height: int
    how: str
    note: str


@dataclass(slots=True)
class _Item:
    document: ReportDocument
    pictures: dict[int, Picture] = field(default_factory=dict)
    pictures_note: str = ""
    by_severity: list[tuple[str, int]] = field(default_factory=list)


def _picture(r: Region) -> Picture:
    # shown pixel for pixel (108 dpi: the page's small type stays legible), narrower where the
    # column is narrower (max-width in the CSS)
    return Picture(base64.b64encode(r.png).decode("ascii"), r.width, r.height, r.how, r.note)


def pictures(d: ReportDocument) -> tuple[dict[int, Region], str]:
    """The pictures of a document's findings, and a note when there are none (Chinese)."""
    if d.format != "pdf":
        return {}, "（非 PDF 文件，没有页面图像；位置见各问题的页码和行号）" if d.findings else ""
    if d.source is None or not d.findings:
        return {}, ""
    pdf = d.source.pdf()
    if pdf is None:
        return {}, "（找不到原 PDF 文件，没有页面图像）"
    found = regions(pdf, d.source.cells(), d.findings, d.name)
    if not found and any(f.page for f in d.findings):
        return {}, "（未能在限定的时间和内存内绘制此 PDF 的页面，没有页面图像）"
    return found, ""


def write_html(report: Report, *, images: bool = True) -> bytes:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    items = []
    for d in report.documents:
        item = _Item(d, by_severity=[(s, n) for s, n in d.by_severity().items() if n])
        if images:
            found, item.pictures_note = pictures(d)
            item.pictures = {i: _picture(r) for i, r in found.items()}
        items.append(item)
    page = env.get_template("report.html").render(
        report=report,
        documents=items,
        summary=summary_rows(report),
        summary_columns=SUMMARY_COLUMNS,
        severity_labels=SEVERITY_LABELS,
        generator=f"yusuan {__version__}",
    )
    return page.encode("utf-8")
