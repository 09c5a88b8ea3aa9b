"""One file → the rows the store keeps (or why it cannot be stored). Runs in a worker: plain data out."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from yusuan.audit.dimensions import dimension
from yusuan.export.records import Amount, ExportDocument, records
from yusuan.model import Finding, Severity
from yusuan.pipeline import check_document, internal_error
from yusuan.read import UnreadableInput, read_document
from yusuan.read.limits import check_regular_file
from yusuan.store.document import Rejected, Row, StoredDocument
from yusuan.store.identity import department_key

_PHASE = {"部门预算": "budget", "单位预算": "budget", "部门决算": "final", "单位决算": "final"}


def _exact(a: Amount | None) -> tuple[str | None, Decimal | None]:
    return (a.text(), a.value) if a is not None else (None, None)


def _fingerprint(f: Finding) -> str:
    """The same problem in a corrected version of the document: its rule and first place."""
    first = f.locations[0] if f.locations else None
    bits = [f.rule, f.section or ""]
    if first is not None:
        bits += [first.table or "", first.row or "", first.column or "", first.text or ""]
    return hashlib.sha256("\x1f".join(bits).encode()).hexdigest()


def finding_rows(findings: list[Finding]) -> list[Row]:
    out = []
    for i, f in enumerate(findings, 1):
        first = f.locations[0] if f.locations else None
        box = first.bbox if first is not None and first.bbox is not None else (None, None, None, None)
        out.append(
            {
                "finding_index": i,
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity.value,
                "dimension": dimension(f.rule),
                "section": f.section,
                "message": f.message,
                "expected": f.expected,
                "actual": f.actual,
                "suggestion": f.suggestion,
                "page": first.page if first else None,
                "line": first.line if first else None,
                "table_title": first.table if first else None,
                "row_label": first.row if first else None,
                "column_title": first.column if first else None,
                "x0": box[0],
                "top": box[1],
                "x1": box[2],
                "bottom": box[3],
                "locations": json.dumps([p.to_dict() for p in f.locations], ensure_ascii=False),
                "fingerprint": _fingerprint(f),
            }
        )
    return out


def _tables(rec: ExportDocument) -> tuple[list[Row], list[Row]]:
    tables, cells = [], []
    for t in rec.tables:
        tables.append(
            {
                "table_index": t.index,
                "table_id": t.id,
                "title": t.title,
                "kind": t.kind,
                "unit": t.unit,
                "unit_stated": t.unit_stated,
                "note": t.note,
                "page": t.page,
                "line": t.line,
            }
        )
        for r in t.rows:
            for ci, c in enumerate(r.cells, 1):
                text, value = _exact(c.value)
                box = c.bbox or (None, None, None, None)
                cells.append(
                    {
                        "table_index": t.index,
                        "row_index": r.index,
                        "cell_index": ci,
                        "row_label": r.label,
                        "code": r.code,
                        "level": r.level,
                        "row_key": r.key,
                        "section": r.section,
                        "is_total": r.is_total,
                        "column_key": c.column,
                        "header": c.header,
                        "text": c.text,
                        "value_text": text,
                        "value": value,
                        "places": c.value.places if c.value else None,
                        "unit": c.unit,
                        "page": c.page,
                        "line": c.line,
                        "x0": box[0],
                        "top": box[1],
                        "x1": box[2],
                        "bottom": box[3],
                        "source_column": c.source_column,
                    }
                )
    return tables, cells


def _claims(rec: ExportDocument) -> list[Row]:
    out = []
    for c in rec.claims:
        value_text, value = _exact(c.value)
        change_text, change = _exact(c.change)
        percent_text, percent = _exact(c.percent)
        out.append(
            {
                "claim_index": c.index,
                "subject": c.subject,
                "subject_text": c.subject_text,
                "kind": c.kind,
                "value_text": value_text,
                "value": value,
                "unit": c.unit,
                "count": c.count if c.count is not None and abs(c.count) < 2**62 else None,
                "change_text": change_text,
                "change": change,
                "change_unit": c.change_unit,
                "direction": c.direction,
                "percent_text": percent_text,
                "percent": percent,
                "year": c.year,
                "reason": c.reason,
                "parent": c.parent,
                "code_name": c.code_name,
                "final": json.dumps(c.final, ensure_ascii=False) if c.final else None,
                "text": c.text,
                "page": c.page,
                "line": c.line,
            }
        )
    return out


def prepare(path: str, profile_id: str = "auto") -> StoredDocument | Rejected:
    """Read, check and flatten one file; whatever goes wrong is a Rejected naming the file."""
    try:
        check_regular_file(path)  # never read a pipe, a device or a 100 GB file
        content = Path(path).read_bytes()  # read once: hashed, and stored as the bytes hashed
    except UnreadableInput as exc:
        return Rejected("", path, str(exc))
    except OSError as exc:
        return Rejected("", path, f"{path}：无法读取文件（{exc.strerror or type(exc).__name__}）")
    sha = hashlib.sha256(content).hexdigest()
    try:
        return _prepare(path, sha, content, profile_id)
    except UnreadableInput as exc:
        return Rejected(sha, path, str(exc))
    except Exception as exc:  # one bad document never stops the batch
        return Rejected(sha, path, internal_error(path, exc))


def _prepare(path: str, sha: str, content: bytes, profile_id: str) -> StoredDocument | Rejected:
    doc = read_document(path)
    result = check_document(doc, profile_id)
    d = result.disclosure
    if d is None:
        return Rejected(sha, path, result.error or f"{path}：未能检查")
    rec = records(doc, d)
    tables, cells = _tables(rec)
    counts: dict[Severity, int] = {s: result.count(s) for s in Severity}
    document: dict[str, Any] = {
        "path": str(path),
        "file_name": Path(path).name,
        "format": doc.format,
        "pages": doc.pages,
        "size": len(content),
        "kind": d.document,
        "phase": _PHASE.get(d.document, "budget"),
        "kind_reason": d.document_reason,
        "title": d.title,
        "department": d.department,
        "department_key": department_key(d.department),
        "year": d.year,
        "unit": d.unit.value if d.unit else None,
        "profile": d.profile,
        "profile_reason": result.profile_reason,
        "errors": counts[Severity.ERROR],
        "warnings": counts[Severity.WARNING],
        "infos": counts[Severity.INFO],
    }
    return StoredDocument(
        sha256=sha,
        content=content,
        document=document,
        tables=tables,
        cells=cells,
        claims=_claims(rec),
        findings=finding_rows(result.findings),
    )
