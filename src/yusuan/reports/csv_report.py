"""The report as one CSV file: one row per finding with its document, UTF-8 with a byte order mark
(so Excel opens the Chinese) and CRLF; text that would start a formula gets the export's
leading apostrophe."""

from __future__ import annotations

import csv
import io

from yusuan.reports.escape import csv_field
from yusuan.reports.model import COLUMNS, KEY_COLUMNS, Report, finding_cells

HEADERS = ("文档", "文档编号", *COLUMNS, *KEY_COLUMNS)


def write_csv(report: Report, *, images: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for d in report.documents:
        for f in d.findings:
            values = (d.name, d.id, *finding_cells(f), d.subject, f.fingerprint)
            writer.writerow([csv_field(v) for v in values])
    return buffer.getvalue().encode("utf-8-sig")
