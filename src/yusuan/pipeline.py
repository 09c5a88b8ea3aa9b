"""read → extract → audit for one path; the one place commands and the web app call."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.audit import audit
from yusuan.doc_kind import Kind, classify, refusal
from yusuan.extract import extract
from yusuan.model import Disclosure, Document, Finding, Heading, Paragraph, Severity
from yusuan.profiles import DetectionResult, detect_with_reason, load
from yusuan.read import UnreadableInput, read_document


@dataclass
class CheckResult:
    path: str
    disclosure: Disclosure | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the input could not be read or is not checked (决算, template)
    profile_reason: str = ""  # which template was used and why

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def choose_profile(doc: Document, profile_id: str, kind: Kind | None = None) -> DetectionResult:
    """The template to read the document with: the one named, else the most specific template of
    the document's kind (预算 or 决算) whose markers it carries."""
    kind = kind or classify(doc)
    if profile_id != "auto":
        profile = load(profile_id)
        return DetectionResult(profile, f"按指定的{profile.name}检查")
    text = "".join(b.text for b in doc.blocks if isinstance(b, Heading | Paragraph))
    return detect_with_reason(text, kind.document)


def read_disclosure(
    doc: Document, profile_id: str = "auto", kind: Kind | None = None
) -> tuple[Disclosure, DetectionResult]:
    """Extract a document, with its kind and the template chosen for it (classified once)."""
    kind = kind or classify(doc)
    chosen = choose_profile(doc, profile_id, kind)
    d = extract(doc, chosen.profile)
    d.document, d.document_reason = kind.label, kind.reason
    return d, chosen


@dataclass
class Reading:
    """A document read for checking or exporting, or why it is not one to check."""

    disclosure: Disclosure | None
    chosen: DetectionResult | None
    refused: str | None = None  # an unfilled template, or no disclosure at all (Chinese, names the file)


def read_checkable(doc: Document, profile_id: str = "auto") -> Reading:
    """The one path check and extract share: classify once, refuse a template, extract, and refuse
    a document that is no budget or final-accounts disclosure at all (a README, a letter: no title
    names a 预算 or 决算, and not one table, narrative figure or performance form was found —
    auditing it would only report everything as missing)."""
    kind = classify(doc)
    reason = refusal(doc, kind)
    if reason is not None:
        return Reading(None, None, reason)
    d, chosen = read_disclosure(doc, profile_id, kind)
    if not (kind.budgets or kind.finals or d.tables or d.claims or d.targets or d.units):
        return Reading(None, None, f"{doc.path}：{NOT_A_DISCLOSURE}")
    return Reading(d, chosen)


NOT_A_DISCLOSURE = (
    "没有找到预算或决算的标题、公开表格和情况说明中的数字，这似乎不是部门预算或决算公开文件，未检查"
)


def _sections(d: Disclosure, findings: list[Finding]) -> None:
    """Name each finding's section: the nearest heading above its first located line."""
    heads = sorted((t.source.line, t.text) for t in d.texts if t.is_heading and t.source.line is not None)
    lines = [h[0] for h in heads]
    for f in findings:
        if f.section or not f.lines:
            continue
        i = bisect.bisect_right(lines, min(f.lines)) - 1
        f.section = heads[i][1] if i >= 0 else "文档开头"


def check_document(doc: Document, profile_id: str = "auto") -> CheckResult:
    # an unfilled template, or no disclosure at all: say so instead of auditing it
    reading = read_checkable(doc, profile_id)
    d, chosen = reading.disclosure, reading.chosen
    if d is None or chosen is None:
        return CheckResult(doc.path, error=reading.refused)
    findings = audit(d, chosen.profile)
    _sections(d, findings)
    return CheckResult(doc.path, d, findings, profile_reason=chosen.reason)


def check_path(path: str | Path, profile_id: str = "auto") -> CheckResult:
    """Check one file; whatever goes wrong with it is its result's error, never the batch's end."""
    try:
        doc = read_document(path)
        return check_document(doc, profile_id)
    except UnreadableInput as exc:
        return CheckResult(str(path), error=str(exc))
    except Exception as exc:  # one bad document never stops the others (RecursionError included)
        return CheckResult(str(path), error=internal_error(path, exc))


def internal_error(path: str | Path, exc: BaseException) -> str:
    """The message for a document yusuan failed on (a defect of yusuan, reported with the file)."""
    return f"{path}：处理时出现内部错误（{type(exc).__name__}），已跳过此文件；请将文件报告给维护者"
