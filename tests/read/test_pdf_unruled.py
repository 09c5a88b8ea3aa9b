"""Tables drawn without a full grid of rules read like ruled ones: the same budget table drawn with
every rule, with none, with an outer frame and vertical rules only (rows without a rule between
them) and as a three-line table gives the same rows; prose with numbers stays prose."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest

try:
    from tests.read import pdf_samples as samples
except ImportError:  # run on its own, without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.read import pdf_samples as samples

from yusuan import profiles
from yusuan.extract import extract
from yusuan.model import Document, Heading, Paragraph, TableBlock
from yusuan.model.disclosure import content
from yusuan.read.pdf import read_pdf

DRAWINGS = list(samples.TABLE_STROKES)  # ruled, none, vertical, three_line
UNRULED = [d for d in DRAWINGS if d != "ruled"]

# the table of samples.gpb_table as read from its fully ruled drawing
EXPECTED = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["合计", "", "1,284,567.89", "1,034,567.89", "250,000.00"],
    ["201", "一般公共服务支出", "1,234,567.89", "984,567.89", "250,000.00"],
    ["20103", "政府办公厅（室）及相关机构事务", "1,234,567.89", "984,567.89", "250,000.00"],
    ["2010301", "行政运行", "984,567.89", "984,567.89", ""],
    ["2010350", "事业运行", "250,000.00", "", "250,000.00"],
    ["208", "社会保障和就业支出", "50,000.00", "50,000.00", ""],
    ["20805", "行政事业单位养老支出", "50,000.00", "50,000.00", ""],
    ["2080505", "机关事业单位基本养老保险缴费支出", "50,000.00", "50,000.00", ""],
]


def read(tmp: Path, name: str, pdf: bytes) -> Document:
    path = tmp / f"{name}.pdf"
    path.write_bytes(pdf)
    return read_pdf(path)


def tables(doc: Document) -> list[TableBlock]:
    return [b for b in doc.blocks if isinstance(b, TableBlock)]


def texts(table: TableBlock) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


def outline(doc: Document) -> list[tuple[str, str]]:
    """The blocks as (kind, text); a table as its rows' texts."""
    return [
        (type(b).__name__, repr(texts(b)) if isinstance(b, TableBlock) else b.text)  # type: ignore[union-attr]
        for b in doc.blocks
    ]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    tmp = tmp_path_factory.mktemp("unruled")
    return {d: read(tmp, d, samples.gpb_table(d)) for d in DRAWINGS}


def test_ruled_table_reads_to_the_expected_rows(drawn: dict[str, Document]) -> None:
    (table,) = tables(drawn["ruled"])
    assert texts(table) == EXPECTED


@pytest.mark.parametrize("drawing", UNRULED)
def test_table_without_full_rules_reads_like_the_ruled_one(drawn: dict[str, Document], drawing: str) -> None:
    doc = drawn[drawing]
    (table,) = tables(doc)
    assert texts(table) == EXPECTED
    # the text around it too: caption, 编制部门 and 单位 lines, note and paragraphs (the table's text
    # no longer counts as body text, so the headings are the same as well)
    assert outline(doc) == outline(drawn["ruled"])
    i = doc.blocks.index(table)
    assert (
        isinstance(doc.blocks[i - 3], Heading)
        and doc.blocks[i - 3].text == "2025年部门一般公共预算支出功能分类预算表"
    )
    assert isinstance(doc.blocks[i + 1], Paragraph) and doc.blocks[i + 1].text == "注：本表为测试数据。"


@pytest.mark.parametrize("drawing", DRAWINGS)
def test_cells_have_positions(drawn: dict[str, Document], drawing: str) -> None:
    (table,) = tables(drawn[drawing])
    assert table.page == 1 and table.line == table.rows[0][0].line
    lines = [row[0].line for row in table.rows]
    assert lines == list(range(lines[0], lines[0] + len(lines)))  # one running line per row
    tops = []
    for row in table.rows:
        assert [c.column for c in row] == list(range(5))
        assert len({c.line for c in row}) == 1
        for cell in row:
            assert cell.page == 1 and cell.bbox is not None
            x0, top, x1, bottom = cell.bbox
            assert x0 < x1 and top < bottom
        tops.append(row[0].bbox[1])  # type: ignore[index]
    assert tops == sorted(tops)
    # the amounts' cells: left to right, one after another, the same on every row
    edges = [(c.bbox[0], c.bbox[2]) for c in table.rows[2][2:]]  # type: ignore[index]
    assert all(a[1] <= b[0] + 0.01 for a, b in itertools.pairwise(edges))


@pytest.mark.parametrize("drawing", UNRULED)
def test_amounts_centred_in_tall_rows_stay_on_their_row(tmp_path: Path, drawing: str) -> None:
    # Excel centres a row's cells vertically: a name wrapped over two lines has its amounts between
    # them (and below them when set at the bottom)
    ruled = texts(tables(read(tmp_path, "ruled", samples.gpb_table("ruled", valign="horizon")))[0])
    assert ruled == EXPECTED
    for valign in ("horizon", "bottom"):
        (table,) = tables(read(tmp_path, f"{drawing}-{valign}", samples.gpb_table(drawing, valign=valign)))
        assert texts(table) == EXPECTED, valign


@pytest.mark.parametrize("drawing", UNRULED)
def test_two_sided_summary(tmp_path: Path, drawing: str) -> None:
    expected = [list(samples.SUMMARY_HEADER)] + [list(r) for r in samples.SUMMARY_ROWS]
    assert texts(tables(read(tmp_path, "ruled", samples.summary_table("ruled")))[0]) == expected
    (table,) = tables(read(tmp_path, drawing, samples.summary_table(drawing)))
    assert texts(table) == expected  # the label-only row (四、住房保障支出) is a row of its own


@pytest.mark.parametrize("drawing", UNRULED)
def test_table_over_pages_is_one_table(tmp_path: Path, drawing: str) -> None:
    ruled = tables(read(tmp_path, "ruled", samples.long_table("ruled")))
    (table,) = tables(read(tmp_path, drawing, samples.long_table(drawing)))
    assert len(ruled) == 1 and len(table.rows) == 81  # the header repeated on each page is dropped
    assert texts(table) == texts(ruled[0])
    pages = {c.page for row in table.rows for c in row}
    assert pages == {c.page for row in ruled[0].rows for c in row} and len(pages) >= 2


def test_lines_broken_by_hand_in_a_ruled_cell_stay_one_row(tmp_path: Path) -> None:
    (table,) = tables(read(tmp_path, "broken", samples.broken_cells_table()))
    assert texts(table)[1:] == [
        ["301", "其中：工资福利支出", "100.00", "100.00", ""],
        ["302", "商品和服务支出", "20.50", "", "20.50"],
        ["303", "对个人和家庭的补助", "3.00", "3.00", ""],
    ]


def test_prose_with_numbers_is_not_a_table(tmp_path: Path) -> None:
    doc = read(tmp_path, "prose", samples.prose_with_numbers())
    assert not tables(doc)
    paragraphs = " ".join(b.text for b in doc.blocks if isinstance(b, Paragraph))
    for sentence in samples.PROSE_WITH_NUMBERS:
        assert sentence in paragraphs
    assert "200.00 万元 比 2024年 增加 4.50 万元" in paragraphs
    assert "0 200 400 600 800 1000" in paragraphs  # a chart's axis


@pytest.mark.parametrize("drawing", UNRULED)
def test_unruled_table_extracts_like_the_ruled_one(drawn: dict[str, Document], drawing: str) -> None:
    profile = profiles.load("shanghai")
    expected = extract(drawn["ruled"], profile)
    got = extract(drawn[drawing], profile)
    assert "gpb" in expected.tables and not expected.problems
    assert content(got)["tables"] == content(expected)["tables"]
    assert content(got) == content(expected)
    rows = {row.code or row.label: row for row in got.tables["gpb"].rows}
    assert str(rows["2010301"].values["total"].value) == "984567.89"  # type: ignore[union-attr]
    assert rows["2010301"].values["project"] is None  # the empty cell
    assert rows["合计"].is_total


@pytest.mark.parametrize("drawing", DRAWINGS)
def test_empty_table_is_a_table(tmp_path: Path, drawing: str) -> None:
    # a header and a 合计 row without amounts (no 政府性基金 budget): a table all the same, so the
    # extractor finds the required table empty rather than missing
    doc = read(tmp_path, drawing, samples.empty_table(drawing))
    (table,) = tables(doc)
    assert texts(table) == [list(samples.GPB_HEADER), ["合计", "", "", "", ""]]
    found = extract(doc, profiles.load("shanghai"))
    assert not found.problems
    (total,) = found.tables["gov_fund"].rows
    assert total.is_total and all(v is None for v in total.values.values())
