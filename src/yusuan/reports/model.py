"""A report to hand over: checked documents, each with its findings as rows a reviewer marks.

Plain data, the same whichever way it was made (from the store, or from a check run in memory) and
whichever format it is written in. Severities are the audit's codes (error / warning / info) and
are shown as 错误 / 警告 / 提示; every finding has an inspection dimension (完整性 / 细化程度 / 一致性 /
规范性) and a reviewer's status (待核实 / 已确认 / 误报).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from yusuan.model import Severity
from yusuan.model.provenance import place_words

#: a reviewer's status of a finding; the first is the status of a finding nobody has looked at
STATUSES = ("待核实", "已确认", "误报")
UNREVIEWED = STATUSES[0]

SEVERITIES = tuple(s.value for s in Severity)
SEVERITY_LABELS = {s.value: s.label for s in Severity}
DIMENSIONS = ("完整性", "细化程度", "一致性", "规范性")

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom: PDF points from the page's top left


@dataclass(frozen=True, slots=True)
class CellBox:
    """A table cell's box on its page, as the reader found it (PDF only)."""

    page: int
    line: int  # the table row's running line number
    header: str | None  # the column's title, where known
    bbox: BBox


class PageSource(Protocol):
    """Where a document's pages come from, for the pictures of the HTML report."""

    def pdf(self) -> bytes | None:
        """The PDF file's bytes (None when it cannot be had any more)."""

    def cells(self) -> list[CellBox]:
        """The boxes of its table cells."""


@dataclass(frozen=True, slots=True)
class Place:
    """One place a finding points at (the audit's Provenance, as stored)."""

    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    text: str | None = None
    bbox: BBox | None = None

    def describe(self) -> str:
        """'第3页 第12行 表“…” 行“…” 列“…”' (empty when nothing is known)."""
        bits = [where] if (where := place_words(self.page, self.line)) else []
        if self.table:
            bits.append(f"表“{self.table}”")
        if self.row:
            bits.append(f"行“{self.row}”")
        if self.column:
            bits.append(f"列“{self.column}”")
        return " ".join(bits)


@dataclass(slots=True)
class ReportFinding:
    """One row of a report."""

    index: int  # 1-based within its document
    rule: str
    name: str
    severity: str  # error / warning / info
    dimension: str
    message: str
    expected: str | None = None
    actual: str | None = None
    suggestion: str | None = None
    section: str | None = None
    places: list[Place] = field(default_factory=list)  # the first is where the finding is
    fingerprint: str = ""
    status: str = UNREVIEWED
    note: str | None = None  # the reviewer's note
    reviewer: str | None = None

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)

    @property
    def first(self) -> Place:
        return self.places[0] if self.places else Place()

    def other_places(self) -> list[str]:
        """The other places described, each once (a sentence's several figures share its line)."""
        first = self.first.describe()
        return [p for p in dict.fromkeys(p.describe() for p in self.places[1:]) if p and p != first]

    @property
    def page(self) -> int | None:
        return self.first.page

    @property
    def line(self) -> int | None:
        return self.first.line

    @property
    def table(self) -> str | None:
        return self.first.table

    @property
    def row(self) -> str | None:
        return self.first.row

    @property
    def column(self) -> str | None:
        return self.first.column


@dataclass(slots=True)
class ReportDocument:
    """A checked document and its findings."""

    id: str  # the store's content hash, or the path of a document checked in memory
    name: str  # file name, shown as the document's name
    path: str
    format: str = "text"  # pdf / docx / xlsx / html / text
    kind: str | None = None  # 部门预算 / 单位预算 / 部门决算 / 单位决算
    title: str | None = None
    department: str | None = None
    year: int | None = None
    pages: int | None = None
    version: int | None = None
    error: str | None = None  # why it could not be checked (then it has no findings)
    subject: str | None = None  # the key of its reviews (department|year|kind, or the file's hash)
    findings: list[ReportFinding] = field(default_factory=list)
    source: PageSource | None = None  # its pages (PDF only), for the HTML report's pictures

    def by_severity(self) -> dict[str, int]:
        c = Counter(f.severity for f in self.findings)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def by_dimension(self) -> dict[str, int]:
        c = Counter(f.dimension for f in self.findings)
        return {d: c.get(d, 0) for d in DIMENSIONS}


@dataclass(slots=True)
class Report:
    title: str
    source: str  # the store it was read from, or 'yusuan check'
    generated: str  # when (ISO date and time, UTC)
    documents: list[ReportDocument] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return sum(len(d.findings) for d in self.documents)

    def by_severity(self) -> dict[str, int]:
        return {s: sum(d.by_severity()[s] for d in self.documents) for s in SEVERITIES}

    def by_dimension(self) -> dict[str, int]:
        return {k: sum(d.by_dimension()[k] for d in self.documents) for k in DIMENSIONS}


#: the columns of a findings row, in every format (the document column only where documents mix)
COLUMNS = (
    "序号",
    "页码",
    "行号",
    "表格",
    "行",
    "列",
    "规则",
    "级别",
    "检查维度",
    "问题说明",
    "应为",
    "实为",
    "修改建议",
    "状态",
    "核实说明",
)
#: hidden in the spreadsheet: what a reviewer's marks are keyed by, for reading them back in
KEY_COLUMNS = ("复核主体", "指纹")
SUMMARY_COLUMNS = ("文档", "类型", "年度", *SEVERITY_LABELS.values(), *DIMENSIONS, "合计")


def finding_cells(f: ReportFinding) -> list[str | int | None]:
    """A finding as the values of COLUMNS (document text as it is: writers escape it)."""
    return [
        f.index,
        f.page,
        f.line,
        f.table,
        f.row,
        f.column,
        f.rule,
        f.severity_label,
        f.dimension,
        f.message,
        f.expected,
        f.actual,
        f.suggestion,
        f.status,
        f.note,
    ]


def summary_rows(report: Report) -> list[list[str | int | None]]:
    """One row per document and a 合计 row: counts by severity and by dimension (SUMMARY_COLUMNS)."""
    rows: list[list[str | int | None]] = []
    for d in report.documents:
        sev, dim = d.by_severity(), d.by_dimension()
        name = d.name if d.error is None else f"{d.name}（未检查）"
        rows.append([name, d.kind, d.year, *sev.values(), *dim.values(), len(d.findings)])
    sev, dim = report.by_severity(), report.by_dimension()
    rows.append(["合计", None, None, *sev.values(), *dim.values(), report.findings])
    return rows
