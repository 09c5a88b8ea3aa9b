"""One self-contained, printable HTML5 file: inline CSS, no scripts, no external resources.

The block structure mirrors ``Publication.to_document``: the title is a paragraph, the 目录 an ``h1``
followed by one link per entry, a table's caption a heading of its ``title_level`` with ``单位：万元``
above the ``<table>`` and the note below, so the HTML reader sees the same blocks as the oracle.
Print CSS gives A4 pages, a header repeated on every page and rows that are never split.
"""

from __future__ import annotations

import re
from html import escape

from yusuan.model import PubHeading, Publication, PubParagraph, PubRow, PubTable, PubToc

_CSS = """\
@page { size: A4; margin: 20mm 15mm 22mm; @bottom-center { content: counter(page); } }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", SimSun, serif; }
body { max-width: 180mm; margin: 0 auto; padding: 0 4mm; font-size: 12pt; line-height: 1.7; color: #000;
  overflow-wrap: anywhere; }
h1, h2, h3, h4 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", SimHei, sans-serif;
  line-height: 1.4; break-after: avoid; page-break-after: avoid; }
h1 { font-size: 16pt; text-align: center; }
h2 { font-size: 15pt; }
h3 { font-size: 14pt; }
h4 { font-size: 12pt; }
.new-page { break-before: page; page-break-before: always; }
p { margin: 0.4em 0; text-indent: 2em; }
.title-page { min-height: 60vh; padding-top: 30vh; break-after: page; page-break-after: always; }
.doc-title { font-size: 22pt; font-weight: bold; text-align: center; text-indent: 0; }
.toc ul { list-style: none; padding: 0; }
.toc a { color: inherit; text-decoration: none; }
.toc-2 { padding-left: 2em; } .toc-3 { padding-left: 4em; } .toc-4 { padding-left: 6em; }
.table-title { text-align: center; }
.unit { text-align: right; text-indent: 0; margin: 0; font-size: 10.5pt; }
.note { text-indent: 0; font-size: 10.5pt; }
table { width: 100%; border-collapse: collapse; font-size: 10pt; line-height: 1.4; margin: 0.2em 0; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: middle; overflow-wrap: normal; }
td.wrap { overflow-wrap: anywhere; }
th { font-weight: bold; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.bold td { font-weight: bold; }
.lv1 { padding-left: 1.5em; } .lv2 { padding-left: 3em; } .lv3 { padding-left: 4.5em; }
@media print {
  body { max-width: none; padding: 0; }
  .toc a::after { content: leader(".") target-counter(attr(href url), page); }
}
"""


# a run this long with no break opportunity (a long Latin name, a URL) is no amount or code: in a table
# cell it may break anywhere (codes and amounts keep their width: a cell's minimum is its longest run)
_LONG_RUN = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]{25}")


def _e(text: str) -> str:
    return escape(text, quote=True)


def _anchors(pub: Publication) -> dict[int, str]:
    """id of every heading block (by position), so 目录 links are stable across renders."""
    out: dict[int, str] = {}
    for i, block in enumerate(pub.blocks):
        if isinstance(block, PubHeading):
            out[i] = f"sec-{len(out) + 1}"
    return out


def _toc(toc: PubToc, pub: Publication, anchors: dict[int, str]) -> list[str]:
    # each entry links to the first not yet used heading with the same text (entries repeat headings)
    free = [(i, b.text.strip()) for i, b in enumerate(pub.blocks) if isinstance(b, PubHeading)]
    lines = ['<nav class="toc">', '<h1 class="toc-title">目录</h1>', "<ul>"]
    for level, text in toc.entries:
        hit = next((k for k, (_, t) in enumerate(free) if t == text.strip()), None)
        label = _e(text)
        if hit is not None:
            label = f'<a href="#{anchors[free.pop(hit)[0]]}">{label}</a>'
        lines.append(f'<li class="toc-{min(max(level, 1), 4)}">{label}</li>')
    lines += ["</ul>", "</nav>"]
    return lines


def _label_index(row: PubRow) -> int:
    """The cell to indent: the last text cell before the first amount (科目名称 after 科目编码)."""
    label = 0
    for i, cell in enumerate(row.cells):
        if cell.value is not None:
            break
        label = i
    return label


def _base_level(table: PubTable) -> int:
    """The shallowest 类/款/项 level present: it sits flush, deeper rows step in (a table of 项
    rows only is not indented at all)."""
    return min((r.level for r in table.rows if r.level > 0), default=1)


def _body_row(row: PubRow, base: int) -> str:
    steps = row.level - base
    label = _label_index(row) if steps > 0 else -1
    cells = []
    for i, cell in enumerate(row.cells):
        classes = []
        if cell.value is not None:
            classes.append("num")
        if i == label:
            classes.append(f"lv{min(steps, 3)}")
        if cell.value is None and _LONG_RUN.search(cell.text):
            classes.append("wrap")  # a long name with no break opportunity may break anywhere
        attr = f' class="{" ".join(classes)}"' if classes else ""
        text = f"<strong>{_e(cell.text)}</strong>" if cell.bold and cell.text else _e(cell.text)
        cells.append(f"<td{attr}>{text}</td>")
    attr = ' class="bold"' if row.bold else ""
    return f"<tr{attr}>{''.join(cells)}</tr>"


def _table(table: PubTable) -> list[str]:
    level = min(max(table.title_level, 1), 6)
    lines = ['<section class="table-block">', f'<h{level} class="table-title">{_e(table.title)}</h{level}>']
    if table.unit:
        lines.append(f'<p class="unit">单位：{_e(table.unit)}</p>')
    if table.header or table.rows:
        lines.append("<table>")
        total = sum(table.widths)
        if len(table.widths) == table.columns and total > 0:
            cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in table.widths)
            lines.append(f"<colgroup>{cols}</colgroup>")
        if table.header:
            lines.append("<thead>")
            spans = table.header_spans()
            for r in range(len(table.header)):
                cells = []
                for row, _, rowspan, colspan, text in spans:
                    if row != r:
                        continue
                    attrs = ' scope="col"'
                    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
                    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
                    cells.append(f"<th{attrs}>{_e(text)}</th>")
                lines.append(f"<tr>{''.join(cells)}</tr>")
            lines.append("</thead>")
        lines.append("<tbody>")
        lines += [_body_row(row, _base_level(table)) for row in table.rows]
        lines += ["</tbody>", "</table>"]
    if table.note:
        lines.append(f'<p class="note">{_e(table.note)}</p>')
    lines.append("</section>")
    return lines


def _paragraph(p: PubParagraph) -> str:
    lead = f"<strong>{_e(p.lead)}</strong>" if p.lead else ""
    text = f"<strong>{_e(p.text)}</strong>" if p.bold else _e(p.text)
    return f"<p>{lead}{text}</p>"


def to_html(pub: Publication) -> str:
    anchors = _anchors(pub)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(pub.title)}</title>",
        f"<style>\n{_CSS}</style>",
        "</head>",
        "<body>",
        f'<section class="title-page"><p class="doc-title">{_e(pub.title)}</p></section>',
    ]
    for i, block in enumerate(pub.blocks):
        if isinstance(block, PubHeading):
            level = min(max(block.level, 1), 6)
            cls = ' class="new-page"' if block.new_page else ""
            lines.append(f'<h{level} id="{anchors[i]}"{cls}>{_e(block.text)}</h{level}>')
        elif isinstance(block, PubParagraph):
            lines.append(_paragraph(block))
        elif isinstance(block, PubToc):
            lines += _toc(block, pub, anchors)
        else:
            lines += _table(block)
    lines += ["</body>", "</html>"]
    return "\n".join(lines) + "\n"


def render(pub: Publication) -> bytes:
    return to_html(pub).encode("utf-8")
