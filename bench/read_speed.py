"""Time reading (and checking) the Shanghai budget PDFs against pdfplumber's extract_tables().

Run: .venv/bin/python bench/read_speed.py [--runs 3]
Prints, for the same pages in the same run: yusuan's read_pdf, read + check, and pdfplumber's
default page.extract_tables() (the reference), as ms per document and pages per second, and the
ratio. Asserts nothing. Needs ../shared; the numeric-cell accuracy comparison is not written yet.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from yusuan.pipeline import check_path
from yusuan.read import read_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "shanghai" / "budget"


def median_s(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def reference(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDFs in {CORPUS}")
    totals = {"read": 0.0, "read+check": 0.0, "pdfplumber": 0.0}
    pages = 0
    print(f"{'document':<36} {'pages':>5} {'read':>9} {'read+check':>11} {'pdfplumber':>11}")
    for path in files:
        doc = read_pdf(path)
        n = doc.pages or 0
        pages += n
        t = {
            "read": median_s(lambda p=path: read_pdf(p), args.runs),  # type: ignore[misc]
            "read+check": median_s(lambda p=path: check_path(p), args.runs),  # type: ignore[misc]
            "pdfplumber": median_s(lambda p=path: reference(p), args.runs),  # type: ignore[misc]
        }
        for k, v in t.items():
            totals[k] += v
        print(
            f"{path.stem:<36} {n:>5} {t['read'] * 1000:>7.0f}ms {t['read+check'] * 1000:>9.0f}ms"
            f" {t['pdfplumber'] * 1000:>9.0f}ms"
        )
    for k, v in totals.items():
        print(f"{k:<12} {v / len(files) * 1000:8.0f} ms/document  {pages / v:7.1f} pages/s")
    print(f"read ÷ pdfplumber extract_tables: {totals['read'] / totals['pdfplumber']:.2f}×")


if __name__ == "__main__":
    main()
