"""Plant one changed amount in a table cell of a real document (in memory) and see whether `check`
reports a new error finding: the share of changes found, per document.

Run: .venv/bin/python bench/planted_tables.py FILE... [--samples 30] [--seed 1]
For each file: cells of the understood tables (not the 绩效 listing) are sampled; each is raised by
1.00 alone; a change counts as found when an error finding appears that the unchanged document did
not have. Prints each miss and "found N of M". Asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import random
from decimal import Decimal
from pathlib import Path

from yusuan.model import Severity, TableBlock, parse_decimal
from yusuan.pipeline import check_document
from yusuan.read import read_document


def errors(doc: object) -> set[tuple[str, str]]:
    result = check_document(doc)  # type: ignore[arg-type]
    return {(f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR}


def run(path: Path, samples: int, seed: int) -> None:
    doc = read_document(path)
    base = check_document(doc)
    before = {(f.rule, f.message) for f in base.findings if f.severity is Severity.ERROR}
    d = base.disclosure
    if d is None:
        print(f"{path.name}: 未检查（{base.error}）")
        return
    cells = [
        (t.id, r.label, m.source.line, m.source.cell, m.source.text)
        for t in d.tables.values()
        if t.id != "performance" and t.understood
        for r in t.rows
        for m in r.values.values()
        if m is not None and m.value != 0 and m.source is not None and m.source.line is not None
    ]
    chosen = random.Random(seed).sample(cells, min(samples, len(cells)))
    found = 0
    for table, label, line, column, text in chosen:
        changed = copy.deepcopy(doc)
        cell = next(
            c
            for b in changed.blocks
            if isinstance(b, TableBlock)
            for row in b.rows
            for c in row
            if c.line == line and c.column == column and c.text.strip() == text
        )
        parsed = parse_decimal(cell.text)
        assert parsed is not None
        cell.text = f"{parsed[0] + Decimal('1.00'):,.2f}"
        hit = bool(errors(changed) - before)
        found += hit
        if not hit:
            print(f"  missed: {table} {label} {text}")
    print(f"{path.name}: found {found} of {len(chosen)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for path in args.paths:
        run(path, args.samples, args.seed)


if __name__ == "__main__":
    main()
