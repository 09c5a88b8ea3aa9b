"""Charts as inline SVG, drawn on the server (no JavaScript chart library). Every label is escaped
here; the markup returned is ours and is marked safe for the templates. Coordinates are computed
from the Decimal amounts and only formatted as text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

from yusuan.model.money import format_amount

PALETTE = ("#1f6fb2", "#d9534f", "#2e9d5b", "#e69f00", "#7a4fb5", "#8c6d31", "#17a2b8", "#c0479d")


def _n(v: Decimal) -> str:
    return str(v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def money(v: Decimal | None) -> str:
    if v is None:
        return "—"
    return format_amount(v)


def _shared_start(texts: Sequence[str]) -> str:
    """The characters every text starts with (character by character: a name, not a path)."""
    first, last = min(texts), max(texts)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def short_names(names: Sequence[str], width: int = 7) -> dict[str, str]:
    """Column labels for department names: the prefix they all share (上海市…) and the words that
    never tell two apart (人民政府, a trailing 办事处) left out; a longer name keeps its end, where
    a Chinese organisation's own name is (…万里街道)."""
    prefix = _shared_start(names) if len(names) > 1 else ""
    out: dict[str, str] = {}
    for n in names:
        rest = (n[len(prefix) :] or n).replace("人民政府", "").removesuffix("办事处") or n
        label = rest if len(rest) <= width else "…" + rest[-(width - 1) :]
        out[n] = label if label not in out.values() else n[-width:]
    return out


def _nice_max(top: Decimal) -> Decimal:
    if top <= 0:
        return Decimal(1)
    exp = top.adjusted()
    base = Decimal(10) ** exp
    for step in (1, 2, 5, 10):
        if top <= base * step:
            return base * step
    return base * 10


def line_chart(
    title: str, years: Sequence[int], lines: Mapping[str, Mapping[int, Decimal]], unit: str = "万元"
) -> Markup:
    """Lines over years, one per name; a point per year that has a value (gaps are left open)."""
    width, height, left, right, top, bottom = 560, 260, 70, 150, 30, 40
    values = [v for s in lines.values() for v in s.values()]
    if not years or not values:
        return Markup('<p class="muted">{}：没有可画的数据</p>').format(title)
    ymax = _nice_max(max(values))
    plot_w, plot_h = Decimal(width - left - right), Decimal(height - top - bottom)
    step = plot_w / max(len(years) - 1, 1)

    def x(i: int) -> Decimal:
        return left + (step * i if len(years) > 1 else plot_w / 2)

    def y(v: Decimal) -> Decimal:
        return top + plot_h - plot_h * v / ymax

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="18" class="chart-title">{escape(title)}（{escape(unit)}）</text>',
    ]
    for k in range(5):
        v = ymax * k / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_n(y(v))}" y2="{_n(y(v))}" class="grid"/>')
        parts.append(
            f'<text x="{left - 6}" y="{_n(y(v) + 4)}" class="tick" text-anchor="end">{escape(money(v))}</text>'
        )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{_n(x(i))}" y="{height - bottom + 18}" class="tick" text-anchor="middle">{year}</text>'
        )
    for n, (name, s) in enumerate(lines.items()):
        color = PALETTE[n % len(PALETTE)]
        points = [(x(i), y(s[yr]), s[yr]) for i, yr in enumerate(years) if yr in s]
        if len(points) > 1:
            path = " ".join(f"{_n(px)},{_n(py)}" for px, py, _ in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for px, py, v in points:
            parts.append(
                f'<circle cx="{_n(px)}" cy="{_n(py)}" r="4" fill="{color}"><title>{escape(name)}：{escape(money(v))} {escape(unit)}</title></circle>'
            )
            parts.append(
                f'<text x="{_n(px)}" y="{_n(py - 8)}" class="value" text-anchor="middle">{escape(money(v))}</text>'
            )
        ly = top + 16 * n + 8
        parts.append(f'<rect x="{width - right + 12}" y="{ly - 8}" width="12" height="4" fill="{color}"/>')
        parts.append(f'<text x="{width - right + 30}" y="{ly}" class="legend">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, bars: Mapping[str, Decimal], unit: str = "万元", limit: int = 15) -> Markup:
    """Horizontal bars, largest first (a treemap reads worse with long Chinese names)."""
    items = sorted(bars.items(), key=lambda kv: kv[1], reverse=True)[:limit]
    if not items:
        return Markup('<p class="muted">{}：没有可画的数据</p>').format(title)
    label_w, width, row = 190, 620, 24
    height = 36 + row * len(items)
    top_value = max(max(v for _, v in items), Decimal(0)) or Decimal(1)
    plot_w = Decimal(width - label_w - 110)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="4" y="18" class="chart-title">{escape(title)}（{escape(unit)}）</text>',
    ]
    for i, (name, v) in enumerate(items):
        yy = 30 + row * i
        w = plot_w * max(v, Decimal(0)) / top_value
        short = name if len(name) <= 14 else name[:13] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{yy + 15}" class="tick" text-anchor="end"><title>{escape(name)}</title>{escape(short)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{yy + 3}" width="{_n(w)}" height="{row - 8}" fill="{PALETTE[0]}"><title>{escape(name)}：{escape(money(v))} {escape(unit)}</title></rect>'
        )
        parts.append(f'<text x="{_n(label_w + w + 6)}" y="{yy + 15}" class="value">{escape(money(v))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def stacked_bars(
    title: str, labels: Sequence[str], parts_by_name: Mapping[str, Mapping[str, Decimal]], unit: str = "万元"
) -> Markup:
    """One column per label (a year, a department), stacked by part (基本支出 / 项目支出)."""
    shown = [yr for yr in labels if any(yr in s for s in parts_by_name.values())]
    if not shown:
        return Markup('<p class="muted">{}：没有可画的数据</p>').format(title)
    width, height, left, top, bottom, right = 560, 260, 70, 30, 40, 150
    totals = [sum((s.get(yr, Decimal(0)) for s in parts_by_name.values()), Decimal(0)) for yr in shown]
    ymax = _nice_max(max(totals))
    plot_h = Decimal(height - top - bottom)
    col = Decimal(width - left - right) / len(shown)
    bar_w = min(col * Decimal("0.6"), Decimal(60))
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{left}" y="18" class="chart-title">{escape(title)}（{escape(unit)}）</text>',
    ]
    for k in range(5):
        v = ymax * k / 4
        yy = top + plot_h - plot_h * v / ymax
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{_n(yy)}" y2="{_n(yy)}" class="grid"/>')
        out.append(
            f'<text x="{left - 6}" y="{_n(yy + 4)}" class="tick" text-anchor="end">{escape(money(v))}</text>'
        )
    for i, yr in enumerate(shown):
        cx = left + col * i + col / 2
        base = Decimal(top) + plot_h
        for n, (name, s) in enumerate(parts_by_name.items()):
            part = s.get(yr)
            if part is None or part <= 0:
                continue
            h = plot_h * part / ymax
            base -= h
            out.append(
                f'<rect x="{_n(cx - bar_w / 2)}" y="{_n(base)}" width="{_n(bar_w)}" height="{_n(h)}" fill="{PALETTE[n % len(PALETTE)]}"><title>{escape(yr)} {escape(name)}：{escape(money(part))} {escape(unit)}</title></rect>'
            )
        out.append(
            f'<text x="{_n(cx)}" y="{height - bottom + 18}" class="tick" text-anchor="middle">{escape(yr)}</text>'
        )
    for n, name in enumerate(parts_by_name):
        ly = top + 16 * n + 8
        out.append(
            f'<rect x="{width - right + 12}" y="{ly - 8}" width="12" height="10" fill="{PALETTE[n % len(PALETTE)]}"/>'
        )
        out.append(f'<text x="{width - right + 30}" y="{ly}" class="legend">{escape(name)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
