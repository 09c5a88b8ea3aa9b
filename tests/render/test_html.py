"""The HTML renderer: one self-contained printable file whose blocks and table grids are the model's."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest
from lxml.html import HtmlElement

from tests.render.golden import check_golden, html_text_layer
from tests.render.sample_publication import EXPENDITURE, UNITS, sample_publication
from yusuan.model import PubHeading, Publication, PubParagraph, PubTable
from yusuan.read.html_tables import parse_html
from yusuan.render.html import render


@pytest.fixture(scope="module")
def pub() -> Publication:
    return sample_publication()


@pytest.fixture(scope="module")
def data(pub: Publication) -> bytes:
    return render(pub)


@pytest.fixture(scope="module")
def root(data: bytes) -> HtmlElement:
    return lxml.html.fromstring(data.decode("utf-8"))


def _grid(rows: list[HtmlElement]) -> list[list[str]]:
    """Cell texts on the table grid: a spanned cell's text in its first position, '' elsewhere."""
    grid: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.iterchildren("td", "th"):
            while (r, c) in grid:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = cell.text_content() if dr == dc == 0 else ""
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _html_tables(root: HtmlElement) -> list[HtmlElement]:
    return list(root.iter("table"))


def _check_table(table_el: HtmlElement, table: PubTable) -> None:
    head = table_el.find("thead")
    if table.header:
        assert head is not None
        assert _grid(list(head.iter("tr"))) == table.header_grid()
    else:
        assert head is None
    body = list(table_el.find("tbody").iter("tr"))
    assert [[td.text_content() for td in tr.iter("td")] for tr in body] == [
        [c.text for c in row.cells] for row in table.rows
    ]
    for tr, row in zip(body, table.rows, strict=True):
        assert ("bold" in (tr.get("class") or "")) == row.bold
        for td, cell in zip(tr.iter("td"), row.cells, strict=True):
            assert ("num" in (td.get("class") or "").split()) == (cell.value is not None)
            assert (td.find("strong") is not None) == (cell.bold and bool(cell.text))


def test_document_shell(data: bytes, root: HtmlElement, pub: Publication) -> None:
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n")
    assert root.get("lang") == "zh-CN"
    assert root.find("head/meta").get("charset") == "utf-8"
    assert root.findtext("head/title") == pub.title
    assert "http" not in text and "<script" not in text and "<link" not in text and "src=" not in text
    assert root.find_class("doc-title")[0].text_content() == pub.title


def test_print_css(root: HtmlElement) -> None:
    css = root.findtext("head/style")
    assert "size: A4" in css
    assert "thead { display: table-header-group; }" in css
    assert "break-inside: avoid" in css
    assert "tabular-nums" in css
    assert '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", SimSun, serif' in css
    assert ".new-page { break-before: page;" in css


def test_headings_levels_anchors_and_new_pages(root: HtmlElement, pub: Publication) -> None:
    headings = [b for b in pub.blocks if isinstance(b, PubHeading)]
    got = [el for el in root.iter("h1", "h2", "h3", "h4") if el.get("id")]
    assert [(el.tag, el.text_content()) for el in got] == [(f"h{h.level}", h.text) for h in headings]
    assert [el.get("class") == "new-page" for el in got] == [h.new_page for h in headings]
    assert len({el.get("id") for el in got}) == len(got)


def test_toc_links_every_entry_to_its_heading(root: HtmlElement, pub: Publication) -> None:
    (nav,) = root.iter("nav")
    assert nav.find("h1").text_content() == "目录"
    links = list(nav.iter("a"))
    assert len(links) == 6
    for a in links:
        target = root.get_element_by_id(a.get("href").removeprefix("#"))
        assert target.text_content() == a.text_content()
        assert target.tag in {"h1", "h2", "h3", "h4"}
    assert [li.get("class") for li in nav.iter("li")] == [
        "toc-1",
        "toc-2",
        "toc-1",
        "toc-2",
        "toc-3",
        "toc-1",
    ]


def test_paragraphs_leads_and_escaping(data: bytes, root: HtmlElement, pub: Publication) -> None:
    paragraphs = [el for el in root.iter("p") if not el.get("class")]
    expected = [b for b in pub.blocks if isinstance(b, PubParagraph)]
    assert [p.text_content() for p in paragraphs] == [b.lead + b.text for b in expected]
    glossary = paragraphs[-1]
    assert glossary.find("strong").text_content() == "二、基本支出："
    assert "&lt;图书馆&gt; &amp; 文化馆" in data.decode("utf-8")  # escaped, and reads back intact
    assert paragraphs[1].find("strong").text_content() == "单位构成见下表（含 <图书馆> & 文化馆）："


def test_tables_cell_by_cell(root: HtmlElement, pub: Publication) -> None:
    tables = _html_tables(root)
    assert len(tables) == len(pub.tables()) == 2
    for el, table in zip(tables, pub.tables(), strict=True):
        _check_table(el, table)


def test_header_spans_and_caption(root: HtmlElement) -> None:
    table = _html_tables(root)[1]
    section = table.getparent()
    assert section.find("h3").text_content() == EXPENDITURE.title
    unit = section.find("p")
    assert unit.get("class") == "unit" and unit.text_content() == "单位：万元"
    assert section.find_class("note")[0].text_content() == EXPENDITURE.note
    first, second = table.find("thead").iter("tr")
    assert [(th.text_content(), th.get("colspan"), th.get("rowspan")) for th in first.iter("th")] == [
        ("科目编码", None, "2"),
        ("科目名称", None, "2"),
        ("合计", None, "2"),
        ("其中：", "2", None),
    ]
    assert [th.text_content() for th in second.iter("th")] == ["基本支出", "项目支出"]
    widths = [col.get("style") for col in table.iter("col")]
    assert widths == ["width:15.4%", "width:38.5%", "width:15.4%", "width:15.4%", "width:15.4%"]


def test_rows_indent_by_level(root: HtmlElement) -> None:
    rows = list(_html_tables(root)[1].find("tbody").iter("tr"))
    # 合计 and 类 flush; 款 one step, 项 two steps, on the 科目名称 cell (after the code)
    assert [[td.get("class") for td in tr.iter("td")][1] for tr in rows] == [
        None,
        None,
        "lv1",
        "lv2",
        "lv2",
        None,
    ]


def test_indentation_is_relative_to_the_shallowest_level(example_publication: Publication) -> None:
    root = lxml.html.fromstring(render(example_publication).decode("utf-8"))
    by_title = {t.getparent().find_class("table-title")[0].text_content(): t for t in _html_tables(root)}

    def classes(title: str) -> set[str]:
        return {td.get("class") or "" for td in by_title[title].iter("td")} - {"", "num"}

    assert classes("2024 年度收入预算总表") == set()  # 项 rows only: nothing to step in from
    assert classes("2024 年度一般公共预算基本支出经济分类情况表") == {"lv1"}  # 款 under 类


def test_table_without_header_and_unit(root: HtmlElement) -> None:
    table = _html_tables(root)[0]
    assert table.find("thead") is None
    assert table.getparent().find("h4").text_content() == UNITS.title
    assert not table.getparent().find_class("unit")


def test_money_is_shown_as_written(root: HtmlElement) -> None:
    total = next(iter(_html_tables(root)[1].find("tbody").iter("tr")))
    assert [td.text_content() for td in total.iter("td")][2:] == ["2,161.77", "1,861.77", "300.00"]
    assert EXPENDITURE.rows[3].cells[4].value == Decimal("0.00")  # zero written empty, still numeric
    assert [td.text_content() for td in list(_html_tables(root)[1].iter("tr"))[5].iter("td")][4] == ""


def test_deterministic(pub: Publication, data: bytes) -> None:
    assert render(sample_publication()) == data == render(pub)


def test_project_reader_sees_the_oracle_headings(data: bytes, pub: Publication) -> None:
    blocks = parse_html(data.decode("utf-8"))
    read = [(b.text, b.level) for b in blocks if type(b).__name__ == "Heading"]
    oracle = [(b.text, b.level) for b in pub.to_document().blocks if type(b).__name__ == "Heading"]
    assert read == oracle


def test_golden(data: bytes) -> None:
    check_golden("example.html.txt", html_text_layer(data))


def test_example_publication(example_publication: Publication) -> None:
    data = render(example_publication)
    root = lxml.html.fromstring(data.decode("utf-8"))
    tables = _html_tables(root)
    assert len(tables) == len(example_publication.tables())
    for el, table in zip(tables, example_publication.tables(), strict=True):
        _check_table(el, table)
    assert "http" not in data.decode("utf-8")
    assert render(example_publication) == data
    check_golden("culture_bureau_2024.html.txt", html_text_layer(data))
