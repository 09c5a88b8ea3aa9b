"""The inline SVG charts: labels escaped, bars and points where their amounts put them."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.web.charts import bar_chart, line_chart, money, short_names, stacked_bars


def test_labels_are_escaped() -> None:
    svg = str(bar_chart("<b>图</b>", {"<script>alert(1)</script>": Decimal("5")}))
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "&lt;b&gt;图&lt;/b&gt;" in svg
    svg = str(stacked_bars("t", ["<i>x"], {"<u>基本": {"<i>x": Decimal(1)}}))
    assert "<i>" not in svg and "<u>" not in svg


def test_bar_lengths_follow_the_amounts() -> None:
    svg = str(bar_chart("t", {"甲": Decimal("100"), "乙": Decimal("25"), "丙": Decimal("0")}))
    widths = [Decimal(w) for w in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 4 * widths[1] and widths[2] == 0
    assert "100.00" in svg and "25.00" in svg


def test_line_points_and_gaps() -> None:
    svg = str(line_chart("t", [2023, 2024, 2025], {"三公": {2023: Decimal("10"), 2025: Decimal("20")}}))
    ys = [Decimal(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    assert len(ys) == 2  # 2024 has no value: no point is invented
    top, bottom = Decimal(30), Decimal(260 - 40)
    assert ys[1] == top  # 20 is the axis maximum
    assert ys[0] == (top + bottom) / 2
    assert "没有可画的数据" in str(line_chart("t", [], {}))


def test_money_and_short_names() -> None:
    assert money(Decimal("1234.5")) == "1,234.50" and money(None) == "—"
    assert money(Decimal("1" + "0" * 30)) == "1" + ",000" * 10 + ".00"  # beyond the default precision
    names = ["上海市普陀区人民政府万里街道办事处", "上海市普陀区财政局", "上海市普陀区人民政府办公室"]
    assert short_names(names) == {names[0]: "万里街道", names[1]: "财政局", names[2]: "办公室"}
