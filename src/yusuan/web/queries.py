"""The web app's questions to the store, in SQLAlchemy Core on the store's tables (the same on
DuckDB and PostgreSQL). Plain rows out; amounts stay decimal.Decimal."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from yusuan.reports.build import review_subject
from yusuan.reports.model import SEVERITIES, STATUSES, UNREVIEWED
from yusuan.reports.model import SEVERITY_LABELS as SEVERITY_NAMES
from yusuan.store import Store, schema

__all__ = ["SEVERITIES", "SEVERITY_NAMES", "STATUSES", "UNREVIEWED", "review_subject"]

Row = dict[str, Any]

LEVELS = {"部门": ("部门预算", "部门决算"), "单位": ("单位预算", "单位决算")}
PHASES = {"预算": "budget", "决算": "final"}
REGION_NAMES = {
    "shanghai": "上海",
    "shanghai_final": "上海",
    "fujian": "福建",
    "national": "全国通用",
    "national_final": "全国通用",
}
_WAN = Decimal(10000)


def region_of(profile: str | None) -> str:
    return REGION_NAMES.get(profile or "", profile or "未知")


# -- documents -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Filters:
    region: str = ""
    level: str = ""  # 部门 / 单位
    phase: str = ""  # 预算 / 决算
    year: int | None = None
    severity: str = ""  # documents with at least one finding of it
    rule: str = ""
    q: str = ""
    latest: bool = True

    def active(self) -> dict[str, str]:
        out = {
            "region": self.region,
            "level": self.level,
            "phase": self.phase,
            "year": str(self.year) if self.year else "",
            "severity": self.severity,
            "rule": self.rule,
            "q": self.q,
        }
        return {k: v for k, v in out.items() if v}


def documents(store: Store, f: Filters, limit: int = 500) -> list[Row]:
    d, fi = schema.documents, schema.findings
    query = sa.select(d).order_by(d.c.department_key, d.c.year, d.c.kind, d.c.version, d.c.id).limit(limit)
    if f.latest:
        query = query.where(d.c.is_latest)
    if f.region:
        profiles = [p for p, name in REGION_NAMES.items() if name == f.region] or [f.region]
        query = query.where(d.c.profile.in_(profiles))
    if f.level in LEVELS:
        query = query.where(d.c.kind.in_(LEVELS[f.level]))
    if f.phase in PHASES:
        query = query.where(d.c.phase == PHASES[f.phase])
    if f.year:
        query = query.where(d.c.year == f.year)
    if f.severity in SEVERITIES or f.rule:
        sub = sa.select(fi.c.document_id)
        if f.severity in SEVERITIES:
            sub = sub.where(fi.c.severity == f.severity)
        if f.rule:
            sub = sub.where(fi.c.rule == f.rule)
        query = query.where(d.c.id.in_(sub))
    if f.q:
        words = f.q.strip()[:100]
        query = query.where(
            sa.or_(
                d.c.department.contains(words, autoescape=True),
                d.c.title.contains(words, autoescape=True),
                d.c.file_name.contains(words, autoescape=True),
                d.c.id.startswith(words.lower()[:64], autoescape=True),
            )
        )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def facets(store: Store) -> dict[str, list[Any]]:
    d, fi = schema.documents, schema.findings
    with store.engine.connect() as conn:
        years = [
            r[0]
            for r in conn.execute(
                sa.select(d.c.year).distinct().where(d.c.year.is_not(None)).order_by(d.c.year)
            )
        ]
        profiles = [r[0] for r in conn.execute(sa.select(d.c.profile).distinct())]
        rules = [
            (str(r[0]), str(r[1]), int(r[2]))
            for r in conn.execute(
                sa.select(fi.c.rule, sa.func.min(fi.c.name), sa.func.count())
                .group_by(fi.c.rule)
                .order_by(fi.c.rule)
            )
        ]
    regions = sorted({region_of(p) for p in profiles})
    return {"years": years, "regions": regions, "rules": rules}


def document(store: Store, document_id: str) -> Row | None:
    if not document_id or len(document_id) > 64:
        return None
    return store.document(document_id)


def versions(store: Store, doc: Row) -> list[Row]:
    """Every stored version of the same (department, year, kind)."""
    d = schema.documents
    if not doc.get("department_key") or doc.get("year") is None:
        return [doc]
    query = (
        sa.select(d.c.id, d.c.version, d.c.is_latest, d.c.file_name, d.c.stored_at, d.c.errors, d.c.warnings)
        .where(
            (d.c.department_key == doc["department_key"])
            & (d.c.year == doc["year"])
            & (d.c.kind == doc["kind"])
        )
        .order_by(d.c.version)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def counts(store: Store) -> dict[str, int]:
    d, fi, r = schema.documents, schema.findings, schema.reviews
    with store.engine.connect() as conn:
        docs = int(conn.execute(sa.select(sa.func.count()).select_from(d)).scalar() or 0)
        departments = int(
            conn.execute(sa.select(sa.func.count(sa.distinct(d.c.department_key)))).scalar() or 0
        )
        findings = int(conn.execute(sa.select(sa.func.count()).select_from(fi)).scalar() or 0)
        marked = int(conn.execute(sa.select(sa.func.count()).select_from(r)).scalar() or 0)
    return {"documents": docs, "departments": departments, "findings": findings, "reviews": marked}


# -- findings and marks --------------------------------------------------------------------------------


def reviews(store: Store, subject: str) -> dict[str, Row]:
    r = schema.reviews
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(r).where(r.c.subject == subject))
        return {str(m.fingerprint): dict(m._mapping) for m in rows}


def findings(store: Store, doc: Row) -> list[Row]:
    """A document's findings, each with its mark (status, note, reviewer) merged in."""
    marks = reviews(store, review_subject(doc))
    out = []
    for f in store.rows(schema.findings, doc["id"]):
        m = marks.get(str(f["fingerprint"]))
        f["status"] = m["status"] if m else UNREVIEWED
        f["note"] = m["note"] if m else None
        f["reviewer"] = m["reviewer"] if m else None
        f["reviewed_at"] = m["updated_at"] if m else None
        out.append(f)
    return out


def finding(store: Store, doc: Row, index: int) -> Row | None:
    for f in findings(store, doc):
        if f["finding_index"] == index:
            return f
    return None


def set_review(
    store: Store, subject: str, fingerprint: str, status: str, note: str | None, reviewer: str
) -> None:
    """Store a reviewer's mark (replacing the one before), in one transaction."""
    r = schema.reviews
    with store.engine.begin() as conn:
        conn.execute(r.delete().where((r.c.subject == subject) & (r.c.fingerprint == fingerprint)))
        conn.execute(
            r.insert().values(
                subject=subject,
                fingerprint=fingerprint,
                status=status,
                note=note or None,
                reviewer=reviewer,
                updated_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )


def delete_document(store: Store, document_id: str) -> bool:
    """Remove one document and everything found in it; the previous version becomes the latest.
    The file's bytes go too unless another row still names them. Marks stay (they belong to the
    publication, not to this file)."""
    d = schema.documents
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(d).where(d.c.id == document_id)).first()
        if row is None:
            return False
        for table in schema.DOCUMENT_TABLES:
            conn.execute(table.delete().where(table.c.document_id == document_id))
        conn.execute(d.delete().where(d.c.id == document_id))
        conn.execute(schema.files.delete().where(schema.files.c.sha256 == document_id))
        if row.is_latest and row.department_key and row.year is not None:
            same = (
                (d.c.department_key == row.department_key) & (d.c.year == row.year) & (d.c.kind == row.kind)
            )
            latest = conn.execute(sa.select(sa.func.max(d.c.version)).where(same)).scalar()
            if latest is not None:
                conn.execute(d.update().where(same & (d.c.version == latest)).values(is_latest=True))
    return True


# -- the corpus ----------------------------------------------------------------------------------------


def departments(store: Store, f: Filters) -> list[Row]:
    """Departments × years: one row per department with its documents by year."""
    by_key: dict[str, Row] = {}
    for doc in documents(store, f, limit=5000):
        key = doc.get("department_key") or doc["id"]
        entry = by_key.setdefault(
            key,
            {
                "key": key,
                "name": doc.get("department") or doc["file_name"],
                "region": region_of(doc.get("profile")),
                "years": defaultdict(list),
                "errors": 0,
                "warnings": 0,
            },
        )
        entry["years"][doc.get("year")].append(doc)
        entry["errors"] += int(doc["errors"])
        entry["warnings"] += int(doc["warnings"])
    return sorted(by_key.values(), key=lambda e: (e["region"], str(e["name"])))


def department_documents(store: Store, key: str) -> list[Row]:
    d = schema.documents
    query = sa.select(d).where(d.c.department_key == key).order_by(d.c.year, d.c.kind, d.c.version)
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    if not rows:
        one = store.document(key)
        rows = [one] if one else []
    return rows


def to_wan(value: Decimal | None, unit: str | None) -> Decimal | None:
    """An amount in 万元 (the tables print 元 or 万元)."""
    if value is None:
        return None
    return value / _WAN if unit == "元" else value


@dataclass(slots=True)
class Series:
    """One department's main figures by year (万元), from the latest document of each year."""

    years: list[int] = field(default_factory=list)
    sangong: dict[int, Decimal] = field(default_factory=dict)
    admin_running: dict[int, Decimal] = field(default_factory=dict)
    basic: dict[int, Decimal] = field(default_factory=dict)
    project: dict[int, Decimal] = field(default_factory=dict)
    by_class: dict[int, dict[str, Decimal]] = field(default_factory=dict)  # year → 类 name → amount


def _cells(store: Store, document_id: str) -> list[Row]:
    c, t = schema.cells, schema.doc_tables
    query = (
        sa.select(
            c.c.row_key,
            c.c.column_key,
            c.c.value,
            c.c.unit,
            c.c.is_total,
            c.c.level,
            c.c.code,
            c.c.row_label,
            t.c.table_id,
        )
        .join(t, (t.c.document_id == c.c.document_id) & (t.c.table_index == c.c.table_index))
        .where(c.c.document_id == document_id)
        .where(c.c.value.is_not(None))
        .order_by(c.c.table_index, c.c.row_index, c.c.cell_index)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def series(store: Store, docs: list[Row], phase: str = "budget") -> Series:
    out = Series()
    chosen: dict[int, Row] = {}
    for doc in docs:
        if doc.get("year") is None or doc["phase"] != phase or not doc["is_latest"]:
            continue
        if doc["year"] not in chosen or doc["kind"].startswith("部门"):
            chosen[doc["year"]] = doc
    for year in sorted(chosen):
        out.years.append(year)
        classes: dict[str, Decimal] = {}
        for c in _cells(store, chosen[year]["id"]):
            value = to_wan(c["value"], c["unit"])
            if value is None or (c["column_key"] != "total" and c["table_id"] != "expense"):
                continue
            if c["row_key"] == "sangong.total" and c["column_key"] == "total":
                out.sangong.setdefault(year, value)
            elif c["row_key"] == "admin_running" and c["column_key"] == "total":
                out.admin_running.setdefault(year, value)
            elif c["table_id"] == "expense" and c["is_total"] and c["column_key"] in ("basic", "project"):
                target = out.basic if c["column_key"] == "basic" else out.project
                target.setdefault(year, value)
            elif (
                c["table_id"] == "gpb"
                and c["level"] == 1
                and c["column_key"] == "total"
                and not c["is_total"]
            ):
                name = str(c["row_label"] or c["code"])
                classes.setdefault(name, value)
        if classes:
            out.by_class[year] = classes
    return out


def region_overview(store: Store, region: str, year: int | None, limit: int = 200) -> dict[str, Series]:
    """The main figures (万元) of the departments of one region in one year: department → its Series
    of that year (the latest 部门预算 of each department)."""
    docs = documents(store, Filters(region=region, phase="预算", year=year), limit=limit)
    out: dict[str, Series] = {}
    for doc in docs:
        name = str(doc.get("department") or doc["file_name"])
        s = series(store, [doc])
        if s.years and name not in out:
            out[name] = s
    return out
