"""Linking: the same department across years in the store.

Documents are grouped by the normalised name (``store.identity.department_key``, recomputed from the
printed name so that a better normalisation links documents stored before it) and kept apart by
kind: a 部门预算 is never the previous year of a 单位预算. Where documents list their units' codes
(``unit:242001`` rows, the department's 3-digit code before the unit's 3), two documents whose codes
differ are not one department even if their names normalise alike.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from yusuan.store import Row, Store, schema
from yusuan.store.identity import department_key


@dataclass
class DepartmentSeries:
    department: str  # the name as the latest document prints it
    key: str
    documents: dict[str, dict[int, Row]] = field(default_factory=dict)  # kind → year → document row
    codes: frozenset[str] = frozenset()  # department codes found in its documents (may be empty)

    def years(self, kind: str) -> list[int]:
        return sorted(self.documents.get(kind, {}))

    @property
    def kinds(self) -> list[str]:
        return sorted(self.documents)

    def all_documents(self) -> list[Row]:
        return [row for years in self.documents.values() for _, row in sorted(years.items())]


def department_codes(store: Store, ids: list[str] | None = None) -> dict[str, frozenset[str]]:
    """Document id → the department codes its tables print (``unit:242001`` → 242), for the documents
    named (all when None)."""
    c = schema.cells
    query = sa.select(c.c.document_id, c.c.row_key).distinct().where(c.c.row_key.like("unit:%"))
    if ids is not None:
        if not ids:
            return {}
        query = query.where(c.c.document_id.in_(ids))
    out: dict[str, set[str]] = {}
    with store.engine.connect() as conn:
        for doc_id, key in conn.execute(query):
            code = str(key).removeprefix("unit:")
            if code.isdigit() and len(code) >= 3:
                out.setdefault(doc_id, set()).add(code[:3])
    return {k: frozenset(v) for k, v in out.items()}


def link(store: Store) -> list[DepartmentSeries]:
    """Every department in the store with its documents by kind and year (the latest version of each
    publication); departments sorted by key. A document without a name or a year is not linked."""
    rows = []
    for row in store.documents(latest_only=True):
        key = department_key(row.get("department")) or row.get("department_key")
        if key and row.get("year") is not None:
            rows.append((key, row))
    # codes only matter where one key has several documents (a scan of their cells, not all cells)
    per_key = Counter(k for k, _ in rows)
    codes = department_codes(store, [r["id"] for k, r in rows if per_key[k] > 1])
    groups: dict[tuple[str, frozenset[str]], DepartmentSeries] = {}
    for key, row in rows:
        year = row["year"]
        own = codes.get(row["id"], frozenset())
        # a document with codes joins the series with the same key whose codes it shares, or one
        # without codes; a document without codes joins the series with the key
        series = None
        for (k, cs), s in groups.items():
            if k == key and (not own or not cs or own & cs):
                series = s
                break
        if series is None:
            series = DepartmentSeries(department=row.get("department") or key, key=key, codes=own)
            groups[(key, own)] = series
        elif own and not series.codes:
            series.codes = own
        by_year = series.documents.setdefault(row["kind"], {})
        # two latest documents of one (key, year, kind): keep the later stored
        if year in by_year and (row.get("stored_at") or 0) < (by_year[year].get("stored_at") or 0):
            continue
        by_year[year] = row
        latest_year = max(y for ys in series.documents.values() for y in ys)
        if year == latest_year and row.get("department"):
            series.department = row["department"]
    return sorted(groups.values(), key=lambda s: (s.key, sorted(s.codes)))


def find(series: list[DepartmentSeries], query: str) -> list[DepartmentSeries]:
    """The departments a user names: an exact key (after normalising what was typed), else those
    whose key or printed name contains the words typed."""
    key = department_key(query)
    exact = [s for s in series if key and s.key == key]
    if exact:
        return exact
    words = query.strip()
    return [
        s
        for s in series
        if words and (words in s.department or (key is not None and key in s.key) or words in s.key)
    ]
