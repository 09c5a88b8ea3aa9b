"""CSV files of an extracted disclosure: UTF-8 with a byte order mark, so Excel opens Chinese."""

from __future__ import annotations

import csv
import io

from yusuan.export.records import Amount, ExportDocument
from yusuan.export.tabular import Value, encodable, sheets

#: what makes a spreadsheet read a CSV field as a formula (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _field(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, Amount | int):
        return v.text() if isinstance(v, Amount) else str(v)
    # text from a document stays text: '=HYPERLINK(…)' or '+cmd|…' must not run when Excel opens the file
    return "'" + v if v.startswith(_FORMULA_START) else v


def to_csv(rec: ExportDocument) -> dict[str, bytes]:
    """File name → content, in sheet order (document.csv, tables, claims.csv, targets.csv, ...)."""
    out: dict[str, bytes] = {}
    for sheet in sheets(rec):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([_field(h) for h in sheet.headers])  # a listing's column titles are document text
        writer.writerows([_field(v) for v in row] for row in sheet.rows)
        out[sheet.file] = encodable(buffer.getvalue()).encode("utf-8-sig")
    return out
