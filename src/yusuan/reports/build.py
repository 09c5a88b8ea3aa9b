"""Making a report: from the store (what an ingest kept, with the reviewers' marks) or from a check
run in memory (``yusuan check … -o report.xlsx``). Both go through the store's finding rows
(``batch.prepare.finding_rows``), so a finding reads the same in both."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from yusuan.reports.model import (
    UNREVIEWED,
    BBox,
    Place,
    Report,
    ReportDocument,
    ReportFinding,
)
from yusuan.reports.sources import FileSource, StoreSource

if TYPE_CHECKING:
    from yusuan.model import Document
    from yusuan.pipeline import CheckResult
    from yusuan.store import Store

Row = dict[str, Any]

_FORMATS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".xls": "xls", ".html": "html", ".htm": "html"}


class ReportError(Exception):
    """What keeps a report from being made (Chinese message naming the store or the document)."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _bbox(raw: Any) -> BBox | None:
    if not isinstance(raw, list | tuple) or len(raw) != 4:
        return None
    try:
        x0, top, x1, bottom = (float(v) for v in raw)
    except (TypeError, ValueError):
        return None
    return (x0, top, x1, bottom) if x1 > x0 and bottom > top else None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v != "" else None


def _places(row: Row) -> list[Place]:
    """Every place of a finding row: its ``locations`` JSON, else the first place's columns."""
    places: list[Place] = []
    try:
        raw = json.loads(row.get("locations") or "[]")
    except ValueError:
        raw = []
    for p in raw if isinstance(raw, list) else []:
        if isinstance(p, dict):
            places.append(
                Place(
                    page=_int(p.get("page")),
                    line=_int(p.get("line")),
                    table=_str(p.get("table")),
                    row=_str(p.get("row")),
                    column=_str(p.get("column")),
                    text=_str(p.get("text")),
                    bbox=_bbox(p.get("bbox")),
                )
            )
    if not places and (row.get("page") is not None or row.get("line") is not None or row.get("table_title")):
        box = (row.get("x0"), row.get("top"), row.get("x1"), row.get("bottom"))
        places.append(
            Place(
                page=row.get("page"),
                line=row.get("line"),
                table=row.get("table_title"),
                row=row.get("row_label"),
                column=row.get("column_title"),
                bbox=_bbox(box) if None not in box else None,
            )
        )
    return places


def finding_from_row(row: Row, review: Row | None = None) -> ReportFinding:
    """A report row from a stored finding (and its review, when a reviewer has marked it)."""
    return ReportFinding(
        index=int(row["finding_index"]),
        rule=str(row["rule"]),
        name=str(row.get("name") or ""),
        severity=str(row["severity"]),
        dimension=str(row.get("dimension") or "规范性"),
        message=str(row["message"]),
        expected=row.get("expected"),
        actual=row.get("actual"),
        suggestion=row.get("suggestion"),
        section=row.get("section"),
        places=_places(row),
        fingerprint=str(row.get("fingerprint") or ""),
        status=str(review["status"]) if review else UNREVIEWED,
        note=review.get("note") if review else None,
        reviewer=review.get("reviewer") if review else None,
    )


# -- from the store ------------------------------------------------------------------------------------


def review_subject(document: Row) -> str:
    """The key of a document's reviews: its (department, year, kind), so that a mark survives a
    corrected version of the same publication; the document's hash when those are not known."""
    key, year = document.get("department_key"), document.get("year")
    if key and year is not None:
        return f"{key}|{year}|{document['kind']}"
    return str(document["id"])


def _reviews(store: Store, subjects: Iterable[str]) -> dict[tuple[str, str], Row]:
    from yusuan.store import schema

    wanted = sorted(set(subjects))
    out: dict[tuple[str, str], Row] = {}
    r = schema.reviews
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 500):
            query = sa.select(r).where(r.c.subject.in_(wanted[i : i + 500]))
            for row in conn.execute(query):
                m = dict(row._mapping)
                out[(m["subject"], m["fingerprint"])] = m
    return out


def _choose(docs: list[Row], wanted: Sequence[str]) -> list[Row]:
    """The documents named by id (or a unique start of it), file name or path, in the order given."""
    out: list[Row] = []
    for w in wanted:
        w = w.strip()
        hits = [d for d in docs if d["id"] == w] or [d for d in docs if w in (d["path"], d["file_name"])]
        if not hits and len(w) >= 6:
            hits = [d for d in docs if str(d["id"]).startswith(w.lower())]
        if not hits:
            raise ReportError(f"数据库中没有文档“{w}”（可用文档编号、编号开头至少 6 位、文件名或路径指定）")
        if len(hits) > 1:
            names = "、".join(f"{d['file_name']}（{str(d['id'])[:12]}）" for d in hits[:5])
            raise ReportError(f"“{w}”对应多个文档：{names}；请用文档编号指定")
        if hits[0] not in out:
            out.append(hits[0])
    return out


def from_store(
    store: Store,
    documents: Sequence[str] = (),
    *,
    latest: bool = False,
    title: str = "预决算公开检查报告",
) -> Report:
    """A report of the documents in the store (all of them, the ones named, or only the latest
    version of each publication), with each finding's status from the reviews table."""
    from yusuan.store import describe, schema

    docs = store.documents(latest_only=latest)
    if documents:
        docs = _choose(docs, documents)
    subjects = {d["id"]: review_subject(d) for d in docs}
    reviews = _reviews(store, subjects.values())
    out: list[ReportDocument] = []
    for d in docs:
        subject = subjects[d["id"]]
        findings = [
            finding_from_row(f, reviews.get((subject, str(f["fingerprint"]))))
            for f in store.rows(schema.findings, d["id"])
        ]
        out.append(
            ReportDocument(
                id=str(d["id"]),
                name=str(d["file_name"]),
                path=str(d["path"]),
                format=str(d["format"]),
                kind=d["kind"],
                title=d["title"],
                department=d["department"],
                year=d["year"],
                pages=d["pages"],
                version=d["version"],
                subject=subjects[d["id"]],
                findings=findings,
                source=StoreSource(store, str(d["id"])) if d["format"] == "pdf" else None,
            )
        )
    return Report(title=title, source=describe(store.db), generated=_now(), documents=out)


# -- from a check run in memory ------------------------------------------------------------------------


def _subject(r: CheckResult) -> str | None:
    """The review key the store would give this document (``review_subject``)."""
    from yusuan.store.identity import department_key, file_sha256

    d = r.disclosure
    assert d is not None
    try:
        sha = file_sha256(r.path)
    except OSError:
        return None
    return review_subject(
        {"id": sha, "department_key": department_key(d.department), "year": d.year, "kind": d.document}
    )


def from_results(
    results: Sequence[CheckResult],
    documents: Mapping[str, Document] | None = None,
    *,
    title: str = "预决算公开检查报告",
) -> Report:
    """A report of a check run (``pipeline.check_path`` results). ``documents`` maps a result's
    path to the Document read from it, when the caller kept it: its table cells' boxes then help
    to place a finding on its PDF page. Every status is 待核实 (nobody has reviewed them)."""
    from yusuan.batch.prepare import finding_rows

    out: list[ReportDocument] = []
    for r in results:
        doc = (documents or {}).get(r.path)
        d = r.disclosure
        fmt = doc.format if doc is not None else _FORMATS.get(Path(r.path).suffix.lower(), "text")
        out.append(
            ReportDocument(
                id=r.path,
                name=Path(r.path).name,
                path=r.path,
                format=fmt,
                kind=d.document if d else None,
                title=d.title if d else None,
                department=d.department if d else None,
                year=d.year if d else None,
                pages=doc.pages if doc is not None else None,
                error=r.error,
                subject=_subject(r) if d is not None else None,
                findings=[finding_from_row(row) for row in finding_rows(r.findings)],
                source=FileSource(r.path, doc) if fmt == "pdf" else None,
            )
        )
    return Report(title=title, source="yusuan check", generated=_now(), documents=out)
