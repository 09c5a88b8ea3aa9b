"""The 决算 properties in every output format (md, html, xlsx, docx, pdf), through the real readers:

1. a random consistent 决算, rendered, reads back to the rendered disclosure and has no error finding;
2. one table amount changed in the rendered file (the published cell rewritten before rendering, in the
   cell's own style) is reported by a finding located in that table, at that row (for the 三公 table,
   whose items are columns: at that item and measure).
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_build_final_properties import SETTINGS, final_accounts
from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Publication, PubTable, Severity
from yusuan.model.disclosure import content
from yusuan.model.final_accounts import FinalAccounts
from yusuan.model.publication import PubCell, PubRow
from yusuan.pipeline import check_path
from yusuan.profiles import load as load_profile
from yusuan.read import read_document
from yusuan.render import FORMATS, render


def _write(pub: Publication, fmt: str, folder: Path) -> Path:
    path = folder / f"built{FORMATS[fmt][1]}"
    path.write_bytes(render(pub, fmt))
    return path


@settings(max_examples=8, **SETTINGS)  # type: ignore[arg-type]
@given(final_accounts())
def test_consistent_final_accounts_check_clean_in_every_format(accounts: FinalAccounts) -> None:
    pub = derive(accounts).publication
    profile = load_profile(pub.profile)
    expected = content(extract(pub.to_document(), profile))
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            path = _write(pub, fmt, Path(tmp))
            assert content(extract(read_document(path), profile)) == expected, fmt
            result = check_path(path)
            assert result.disclosure is not None and result.disclosure.profile == pub.profile, fmt
            errors = [(f.rule, f.message) for f in result.findings if f.severity is Severity.ERROR]
            assert errors == [], fmt


def _amount_cells(pub: Publication) -> list[tuple[int, int, int]]:
    """(block, row, cell) of every non-zero amount in the nine tables."""
    out = []
    for b, block in enumerate(pub.blocks):
        if isinstance(block, PubTable) and block.table_id:
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row.cells):
                    if cell.value is not None and cell.value != 0 and cell.text:
                        out.append((b, r, c))
    return out


def _changed(pub: Publication, at: tuple[int, int, int], delta: Decimal) -> Publication:
    b, r, c = at
    table = pub.blocks[b]
    assert isinstance(table, PubTable)
    row = table.rows[r]
    old = row.cells[c]
    assert old.value is not None
    new = old.value + delta if old.value + delta > 0 else old.value + abs(delta)
    cells = (*row.cells[:c], PubCell(f"{new:,.2f}", new, old.bold), *row.cells[c + 1 :])
    rows = (*table.rows[:r], PubRow(cells, row.bold, row.level), *table.rows[r + 1 :])
    blocks = list(pub.blocks)
    blocks[b] = replace(table, rows=rows)
    return replace(pub, blocks=blocks)


def _squash(text: str | None) -> str:
    return "".join((text or "").split())


@functools.cache
def _trials() -> tuple[tuple[bool, str], ...]:
    outcomes: list[tuple[bool, str]] = []

    formats = list(FORMATS)

    @settings(max_examples=150, **SETTINGS)  # type: ignore[arg-type]
    @given(final_accounts(), st.data())
    def trial(accounts: FinalAccounts, data: st.DataObject) -> None:
        fmt = formats[len(outcomes) % len(formats)]  # each format in turn
        pub = derive(accounts).publication
        at = data.draw(st.sampled_from(_amount_cells(pub)), label="cell")
        delta = data.draw(
            st.sampled_from([Decimal("1.00"), Decimal("-1.00"), Decimal("2.50"), Decimal("37.00")])
        )
        changed = _changed(pub, at, delta)
        table = changed.blocks[at[0]]
        assert isinstance(table, PubTable)
        row_text = _squash("".join(c.text for c in table.rows[at[1]].cells))
        # a transposed table (三公: items as columns) names the item in the header over the cell
        over = {_squash(t) for _, c, _, span, t in table.header_spans() if c <= at[2] < c + span and t}
        with tempfile.TemporaryDirectory() as tmp:
            result = check_path(_write(changed, fmt, Path(tmp)))
        title = _squash(table.title)
        hit = any(
            p.table is not None
            and (_squash(p.table) in title or title in _squash(p.table))
            and p.row is not None
            and (_squash(p.row) in row_text or _squash(p.row) in over or _squash(p.column) in row_text)
            for f in result.findings
            if f.severity is not Severity.INFO
            for p in f.locations
        )
        outcomes.append((hit, f"{fmt} {accounts.profile} {table.title} row {row_text[:60]} {delta:+}"))

    trial()
    found = sum(hit for hit, _ in outcomes)
    print(f"table changes located in every format: {found}/{len(outcomes)} ({found / len(outcomes):.2%})")
    return tuple(outcomes)


def test_one_changed_table_amount_is_located_in_every_format() -> None:
    outcomes = _trials()
    assert {what.split()[0] for _, what in outcomes} == set(FORMATS)
    missed = [what for hit, what in outcomes if not hit]
    assert len(missed) / len(outcomes) <= 0.01, missed


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_locates_changes(fmt: str) -> None:
    mine = [hit for hit, what in _trials() if what.split()[0] == fmt]
    assert mine and sum(mine) / len(mine) >= 0.9, fmt
