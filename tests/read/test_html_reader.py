"""The HTML reader lays merged cells out as a text table would, and reads a <nav> as the 目录."""

from __future__ import annotations

from yusuan.model import Heading, TableBlock, TocEntry
from yusuan.read.html_tables import parse_html

SPANS = """<table>
<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th><th colspan="2">其中：</th></tr>
<tr><th>基本支出</th><th>项目支出</th></tr>
<tr><td>2070101</td><td>行政运行</td><td>1.00</td><td>1.00</td><td></td></tr>
</table>"""


def test_rowspan_and_colspan_expand_to_empty_cells() -> None:
    (table,) = parse_html(SPANS)
    assert isinstance(table, TableBlock)
    assert [[c.text for c in row] for row in table.rows] == [
        ["科目编码", "科目名称", "合计", "其中：", ""],
        ["", "", "", "基本支出", "项目支出"],
        ["2070101", "行政运行", "1.00", "1.00", ""],
    ]
    assert [c.column for c in table.rows[1]] == [0, 1, 2, 3, 4]


def test_a_rowspan_in_the_middle_of_a_row() -> None:
    (table,) = parse_html(
        "<table><tr><td>a</td><td rowspan=3>b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr>"
        "<tr><td>f</td><td>g</td></tr><tr><td>h</td><td>i</td><td>j</td></tr></table>"
    )
    assert isinstance(table, TableBlock)
    assert [[c.text for c in row] for row in table.rows] == [
        ["a", "b", "c"],
        ["d", "", "e"],
        ["f", "", "g"],
        ["h", "i", "j"],
    ]


def test_nav_items_are_toc_entries() -> None:
    blocks = parse_html(
        '<nav><h1>目录</h1><ul><li><a href="#a">第一部分 部门概况</a></li><li>一、部门主要职责</li></ul></nav><h2>正文</h2>'
    )
    assert isinstance(blocks[0], Heading) and blocks[0].text == "目录"
    assert [b.text for b in blocks if isinstance(b, TocEntry)] == ["第一部分 部门概况", "一、部门主要职责"]
    assert isinstance(blocks[-1], Heading) and blocks[-1].text == "正文"
