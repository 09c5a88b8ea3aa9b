"""Deterministic Office zip packages: the same content gives the same bytes.

openpyxl stamps every zip entry and ``dcterms:modified`` with the current time; both the XLSX
renderer and the XLSX exporter rewrite those stamps with a fixed time. Knows zip files only.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime


def fixed_zip(data: bytes, when: datetime) -> bytes:
    """``data`` (a zip package) with every entry time and dcterms:modified set to ``when``."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()
