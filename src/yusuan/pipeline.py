"""read → extract → audit for one path; the one place commands and the web app call."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yusuan.audit import audit
from yusuan.doc_kind import Kind, classify, refusal
from yusuan.extract import extract
from yusuan.model import Disclosure, Document, Heading, Paragraph, Provenance
from yusuan.model.message import EXTRACT_NOTE, INTERNAL, NOT_CHECKED, READ_NOTE, UNREADABLE, Message, Severity
from yusuan.profiles import DetectionResult, detect_with_reason, load
from yusuan.read import UnreadableInput, read_document


@dataclass
class CheckResult:
    path: str
    disclosure: Disclosure | None = None
    findings: list[Message] = field(default_factory=list)
    failure: Message | None = None  # why the input could not be read or is not checked (a template …)
    profile_reason: str = ""  # which template was used and why
    notes: list[Message] = field(default_factory=list)  # parts the reader left out (a hidden sheet …)

    @property
    def error(self) -> str | None:
        """The failure in words (names the file), or None when the document was checked."""
        return self.failure.message if self.failure else None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of one checked (or unreadable) document."""
        d = self.disclosure
        return {
            "path": self.path,
            "profile": d.profile if d else None,
            "document": d.document if d else None,
            "document_reason": d.document_reason or None if d else None,
            "profile_reason": self.profile_reason or None,
            "tables_understood": sorted(t.id for t in d.tables.values() if t.understood) if d else [],
            "tables_not_understood": {t.id: t.doubt for t in d.tables.values() if not t.understood}
            if d
            else {},
            "title": d.title if d else None,
            "department": d.department if d else None,
            "year": d.year if d else None,
            "unit": d.unit.value if d and d.unit else None,
            "error": self.error,
            "failure": self.failure.to_dict() if self.failure else None,
            "notes": [n.to_dict() for n in self.notes],
            "tables": [t.to_dict() for t in d.tables.values()] if d else [],
            "claims": [c.to_dict() for c in d.claims] if d else [],
            "findings": [f.to_dict() for f in self.findings],
        }


def summary(results: list[CheckResult]) -> dict[str, int]:
    """Counts over a batch; unreadable documents are counted apart (their 0 findings mean nothing)."""
    return {
        "documents": len(results),
        "unreadable": sum(1 for r in results if r.failure),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
        "infos": sum(r.count(Severity.INFO) for r in results),
    }


def report(results: list[CheckResult]) -> dict[str, Any]:
    """The JSON form of a batch: every document, then the summary."""
    return {"documents": [r.to_dict() for r in results], "summary": summary(results)}


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
    refusal: Message | None = None  # an unfilled template, or no disclosure at all (names the file)


def read_checkable(doc: Document, profile_id: str = "auto") -> Reading:
    """The one path check and extract share: classify once, refuse a template, extract, and refuse
    a document without a cover title naming a 预算 or 决算 in which not one table, narrative figure,
    performance form or unit list was found — a README, a letter, a list of disclosures whose lines
    name 预算 (auditing it would only report everything as missing). A document whose cover says it
    is a disclosure is checked even when empty: its missing tables are the findings."""
    kind = classify(doc)
    reason = refusal(doc, kind)
    if reason is not None:
        return Reading(None, None, Message.about_file(NOT_CHECKED, doc.path, reason))
    d, chosen = read_disclosure(doc, profile_id, kind)
    if not (kind.cover or d.tables or d.claims or d.targets or d.units):
        why = NOTHING_FOUND if kind.budgets or kind.finals else NOT_A_DISCLOSURE
        return Reading(None, None, Message.about_file(NOT_CHECKED, doc.path, f"{doc.path}：{why}"))
    return Reading(d, chosen)


def notes(doc: Document, d: Disclosure | None = None) -> list[Message]:
    """What the reader left out of a document and what the extractor could not understand, as messages
    (the reader's and the extractor's ``problems`` lists)."""
    out = [
        Message(READ_NOTE[0], READ_NOTE[1], Severity.INFO, p, [Provenance(file=doc.path)])
        for p in doc.problems
    ]
    if d is not None:
        out += [
            Message(
                EXTRACT_NOTE[0],
                EXTRACT_NOTE[1],
                Severity.INFO,
                text,
                [where.with_(file=where.file or doc.path)],
            )
            for text, where in d.problems
        ]
    return out


NOT_A_DISCLOSURE = (
    "没有找到预算或决算的标题、公开表格和情况说明中的数字，这似乎不是部门预算或决算公开文件，未检查"
)
NOTHING_FOUND = (
    "文中提到预算或决算，但没有找到任何公开表格、情况说明中的数字、绩效目标表或单位构成，"
    "这似乎不是预算或决算公开文件本身（如文件清单、目录或说明），未检查；若是扫描件，请提供带文字层的文件"
)


def _sections(d: Disclosure, findings: list[Message]) -> None:
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
        return CheckResult(doc.path, failure=reading.refusal, notes=notes(doc))
    findings = audit(d, chosen.profile)
    _sections(d, findings)
    # what the extractor could not understand is reported by the audit (ST407); what the reader left
    # out is only known here
    return CheckResult(doc.path, d, findings, profile_reason=chosen.reason, notes=notes(doc))


def check_path(path: str | Path, profile_id: str = "auto") -> CheckResult:
    """Check one file; whatever goes wrong with it is its result's error, never the batch's end."""
    try:
        doc = read_document(path)
        return check_document(doc, profile_id)
    except UnreadableInput as exc:
        return CheckResult(str(path), failure=unreadable(path, exc))
    except Exception as exc:  # one bad document never stops the others (RecursionError included)
        return CheckResult(str(path), failure=internal_failure(path, exc))


def unreadable(path: str | Path, exc: UnreadableInput) -> Message:
    """The message for a file that cannot be read (the reader's text names the file and the place)."""
    return Message.about_file(UNREADABLE, str(path), str(exc))


def internal_failure(path: str | Path, exc: BaseException) -> Message:
    """The message for a document yusuan failed on (a defect of yusuan, reported with the file)."""
    return Message.about_file(INTERNAL, str(path), internal_error(path, exc))


def internal_error(path: str | Path, exc: BaseException) -> str:
    """The text of ``internal_failure``."""
    return f"{path}：处理时出现内部错误（{type(exc).__name__}），已跳过此文件；请将文件报告给维护者"
