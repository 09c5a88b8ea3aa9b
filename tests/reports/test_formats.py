"""Reports from a store of real documents, written in every format and read back: one row per
stored finding (count, rule, severity, page), summary counts equal to the per-document counts, the
reviewers' statuses, the 状态 dropdown, and document text that stays text (no formula, no HTML)."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.reports.conftest import NO_SHARED, have_pdfs
from yusuan.reports import STATUSES, from_store, review_subject, write_report
from yusuan.reports.csv_report import HEADERS
from yusuan.reports.docx import FINDING_COLUMNS
from yusuan.reports.model import COLUMNS, DIMENSIONS, KEY_COLUMNS, SUMMARY_COLUMNS
from yusuan.store import Store, schema

LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
PLANTED_NOTE = '=HYPERLINK("http://example.invalid/?x","点击")<script>alert(1)</script>'


def _stored(store: Store) -> dict[str, list[tuple[str, str, int | None]]]:
    """file name → (rule, severity label, page) of each stored finding, in order."""
    out = {}
    for d in store.documents():
        out[d["file_name"]] = [
            (f["rule"], LABEL[f["severity"]], f["page"]) for f in store.rows(schema.findings, d["id"])
        ]
    return out


def _stored_counts(store: Store) -> dict[str, list[int]]:
    """file name → counts by severity, then by dimension, then the total, straight from SQL."""
    _, rows = store.query(
        "select d.file_name, f.severity, f.dimension from findings f join documents d on d.id = f.document_id"
    )
    by_doc: dict[str, Counter[str]] = {}
    for name, severity, dim in rows:
        c = by_doc.setdefault(name, Counter())
        c[severity] += 1
        c[dim] += 1
        c["total"] += 1
    return {
        d["file_name"]: [
            by_doc.get(d["file_name"], Counter())[k]
            for k in ("error", "warning", "info", *DIMENSIONS, "total")
        ]
        for d in store.documents()
    }


def _reviewed_copy(store_db: str, tmp_path: Path) -> tuple[Store, dict[str, str]]:
    """A copy of the store where a reviewer marked the first finding of each document; returns the
    store and file name → the marked finding's fingerprint."""
    db = tmp_path / "reviewed.duckdb"
    shutil.copy(store_db, db)
    s = Store(str(db))
    marked = {}
    with s.engine.begin() as conn:
        for i, d in enumerate(s.documents()):
            findings = s.rows(schema.findings, d["id"])
            if not findings:
                continue
            fp = findings[0]["fingerprint"]
            marked[d["file_name"]] = fp
            conn.execute(
                schema.reviews.insert().values(
                    subject=review_subject(d),
                    fingerprint=fp,
                    status=STATUSES[1 + i % 2],
                    note=PLANTED_NOTE,
                    reviewer="测试",
                    updated_at=datetime(2026, 1, 1),
                )
            )
    return s, marked


def test_store_has_the_real_findings(store: Store) -> None:
    stored = _stored(store)
    example = stored["culture_bureau_2024_with_errors.md"]
    assert {"TX301", "AR104"} <= {rule for rule, _, _ in example}
    if have_pdfs():
        assert len(stored["2023_putuo_wanli_jiedao_dept.pdf"]) >= 5
        assert any(rule.startswith("AR") for rule, _, _ in stored["2025_putuo_wanli_jiedao_dept.pdf"])


def test_xlsx_rows_summary_and_dropdown(store: Store, store_db: str, tmp_path: Path) -> None:
    reviewed, marked = _reviewed_copy(store_db, tmp_path)
    report = from_store(reviewed)
    path = tmp_path / "report.xlsx"
    assert write_report(report, path) == "xlsx"
    wb = load_workbook(path)
    stored = _stored(store)
    counts = _stored_counts(store)
    summary = wb["汇总"]
    head = next(r for r in range(1, 10) if summary.cell(r, 1).value == "文档")
    assert [summary.cell(head, c).value for c in range(1, len(SUMMARY_COLUMNS) + 1)] == list(SUMMARY_COLUMNS)
    names = [d["file_name"] for d in store.documents()]
    n_numbers = 3 + len(DIMENSIONS) + 1
    for i, name in enumerate(names):
        row = [summary.cell(head + 1 + i, c).value for c in range(1, len(SUMMARY_COLUMNS) + 1)]
        assert row[0] == name
        assert row[3:] == counts[name]
    total = [summary.cell(head + 1 + len(names), c).value for c in range(1, len(SUMMARY_COLUMNS) + 1)]
    assert total[0] == "合计"
    assert total[3:] == [sum(counts[n][k] for n in names) for k in range(n_numbers)]
    assert sum(total[3:6]) == total[-1] == sum(total[6:10]) == sum(len(v) for v in stored.values())

    assert len(wb.sheetnames) == 1 + len(names)
    assert all(len(s) <= 31 for s in wb.sheetnames) and len(set(wb.sheetnames)) == len(wb.sheetnames)
    for name, sheet in zip(names, wb.sheetnames[1:], strict=True):
        ws = wb[sheet]
        assert name in str(ws.cell(1, 1).value)
        assert [ws.cell(2, c).value for c in range(1, len(COLUMNS) + 1)] == list(COLUMNS)
        col = {c: i + 1 for i, c in enumerate(COLUMNS)}
        rows = [
            (ws.cell(r, col["规则"]).value, ws.cell(r, col["级别"]).value, ws.cell(r, col["页码"]).value)
            for r in range(3, ws.max_row + 1)
            if ws.cell(r, col["序号"]).value is not None
        ]
        assert rows == stored[name]
        # hidden keys for reading the marks back: the review subject and each finding's fingerprint
        doc = next(d for d in store.documents() if d["file_name"] == name)
        keys = [
            (ws.cell(r, len(COLUMNS) + 1).value, ws.cell(r, len(COLUMNS) + 2).value)
            for r in range(3, 3 + len(rows))
        ]
        assert keys == [
            (review_subject(doc), f["fingerprint"]) for f in store.rows(schema.findings, doc["id"])
        ]
        assert [ws.cell(2, len(COLUMNS) + k).value for k in (1, 2)] == list(KEY_COLUMNS)
        assert all(ws.column_dimensions[get_column_letter(len(COLUMNS) + k)].hidden for k in (1, 2))
        statuses = [ws.cell(r, col["状态"]).value for r in range(3, 3 + len(rows))]
        if name in marked:
            assert statuses[0] in STATUSES[1:]
            assert ws.cell(3, col["核实说明"]).value == PLANTED_NOTE  # text, as written
            assert ws.cell(3, col["核实说明"]).data_type == "s"  # not a formula
            assert ws.cell(3, col["核实说明"]).quotePrefix
        assert statuses[1:] == [STATUSES[0]] * (len(rows) - 1)
        # the reviewer's dropdown on the 状态 column
        letter = ws.cell(2, col["状态"]).column_letter
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert len(lists) == 1
        assert lists[0].formula1 == '"待核实,已确认,误报"'
        assert f"{letter}3" in lists[0].sqref
        if rows:
            assert f"{letter}{2 + len(rows)}" in lists[0].sqref
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A2:")
        assert ws.page_setup.orientation == "landscape"
    reviewed.close()


def test_csv_one_row_per_finding_escaped(store: Store, store_db: str, tmp_path: Path) -> None:
    reviewed, marked = _reviewed_copy(store_db, tmp_path)
    path = tmp_path / "report.csv"
    write_report(from_store(reviewed), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    col = {c: i for i, c in enumerate(HEADERS)}
    got: dict[str, list[tuple[str, str, int | None]]] = {}
    for r in rows[1:]:
        got.setdefault(r[col["文档"]], []).append(
            (r[col["规则"]], r[col["级别"]], int(r[col["页码"]]) if r[col["页码"]] else None)
        )
    stored = _stored(store)
    assert got == {k: v for k, v in stored.items() if v}
    fingerprints = [f["fingerprint"] for d in store.documents() for f in store.rows(schema.findings, d["id"])]
    assert [r[col["指纹"]] for r in rows[1:]] == fingerprints
    notes = [r[col["核实说明"]] for r in rows[1:] if r[col["核实说明"]]]
    assert len(notes) == len(marked)
    assert all(n == "'" + PLANTED_NOTE for n in notes)  # a spreadsheet opens it as text
    reviewed.close()


def test_docx_summary_and_finding_tables(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    write_report(from_store(store), path)
    document = docx.Document(str(path))
    tables = document.tables
    summary = tables[0]
    assert [c.text for c in summary.rows[0].cells] == list(SUMMARY_COLUMNS)
    counts = _stored_counts(store)
    names = [d["file_name"] for d in store.documents()]
    for i, name in enumerate(names, 1):
        cells = [c.text for c in summary.rows[i].cells]
        assert cells[0] == name
        assert [int(v) for v in cells[3:]] == counts[name]
    assert summary.rows[len(names) + 1].cells[0].text == "合计"
    stored = _stored(store)
    finding_tables = iter(tables[1:])
    for name in names:
        if not stored[name]:
            continue
        t = next(finding_tables)
        assert [c.text for c in t.rows[0].cells] == list(FINDING_COLUMNS)
        rule, level = FINDING_COLUMNS.index("规则"), FINDING_COLUMNS.index("级别")
        assert [(r.cells[rule].text, r.cells[level].text) for r in t.rows[1:]] == [
            (rule_, sev) for rule_, sev, _ in stored[name]
        ]
        places = [r.cells[FINDING_COLUMNS.index("位置")].text for r in t.rows[1:]]
        for place, (_, _, page) in zip(places, stored[name], strict=True):
            assert (f"第{page}页" in place) == (page is not None)
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape


class _Findings(HTMLParser):
    """The rule, severity and picture of each finding article, per document section."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[dict[str, str]]] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "section" and "document" in classes:
            self.sections.append([])
        elif tag == "article" and "finding" in classes:
            self.sections[-1].append({})
        elif tag == "span" and "rule" in classes:
            self._field = "rule"
        elif tag == "span" and "sev" in classes and self.sections and self.sections[-1]:
            self._field = "sev"
        elif tag == "img" and self.sections and self.sections[-1]:
            self.sections[-1][-1]["img"] = a.get("src") or ""
            self.sections[-1][-1]["how"] = a.get("data-how") or ""

    def handle_data(self, data: str) -> None:
        if self._field and self.sections and self.sections[-1] and data.strip():
            self.sections[-1][-1].setdefault(self._field, data.strip())
            self._field = None


def test_html_sections_escaping_and_pictures(store: Store, store_db: str, tmp_path: Path) -> None:
    reviewed, _ = _reviewed_copy(store_db, tmp_path)
    report = from_store(reviewed)
    report.documents[0].findings[0].message = "<script>alert('x')</script> & <b>粗</b>"
    path = tmp_path / "report.html"
    write_report(report, path)
    page = path.read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>粗</b>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt;" in page
    parser = _Findings()
    parser.feed(page)
    stored = _stored(store)
    names = [d["file_name"] for d in store.documents()]
    assert len(parser.sections) == len(names)
    for name, found in zip(names, parser.sections, strict=True):
        assert [(f["rule"], f["sev"]) for f in found] == [(r, s) for r, s, _ in stored[name]]
        for f, (_, _, page_no) in zip(found, stored[name], strict=True):
            # a picture beside every finding on a PDF page; none for the Markdown example
            assert ("img" in f) == (name.endswith(".pdf") and page_no is not None)
            if "img" in f:
                assert f["img"].startswith("data:image/png;base64,")
    if have_pdfs():
        hows = [f.get("how") for f in parser.sections[names.index("2025_putuo_wanli_jiedao_dept.pdf")]]
        assert "cell" in hows
    reviewed.close()


def test_report_of_chosen_documents(store: Store) -> None:
    docs = store.documents()
    example = next(d for d in docs if d["file_name"].endswith(".md"))
    report = from_store(store, [example["id"][:10]])
    assert [d.name for d in report.documents] == [example["file_name"]]
    assert report.findings == len(store.rows(schema.findings, example["id"]))
    by_name = from_store(store, [example["file_name"]])
    assert [d.id for d in by_name.documents] == [example["id"]]


@pytest.mark.skipif(not have_pdfs(), reason=NO_SHARED)
def test_latest_only_keeps_one_version(store: Store) -> None:
    assert {d.name for d in from_store(store, latest=True).documents} == {
        d["file_name"] for d in store.documents(latest_only=True)
    }
