"""A printable PDF that reads like a government publication, typeset with Typst.

The Typst source is one constant template (``_TEMPLATE``); the publication reaches it as JSON in
``sys.inputs`` and every text is a Typst *string*, shown as literal text. Nothing the user wrote is
ever parsed as Typst markup, so ``# * _ ` $ < > @ [ ] \\`` and quotes need no escaping at all.

Layout: A4, 2.5 cm margins, Noto Serif CJK SC for text and Noto Sans CJK SC for headings; a cover
page with the title; the 目录 as a Typst ``outline()`` with page numbers; pages numbered ``- N -``
from the page after the cover. Tables are ruled grids whose header rows repeat on every page;
tables too wide for a portrait page (10 columns and more) are set on landscape pages together
with the headings right before them. Column widths follow ``PubTable.widths``, widened where an
amount or a code would not fit. The output is deterministic (no creation date).
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import typst

from yusuan.model import PubBlock, PubHeading, Publication, PubParagraph, PubRow, PubTable, PubToc

#: where the CJK fonts are searched (Debian's fonts-noto-cjk installs into /usr/share/fonts)
FONT_ROOTS: tuple[Path, ...] = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local" / "share" / "fonts",
    Path.home() / ".fonts",
)
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
MISSING_FONT = (
    "未找到中文字体（Noto CJK），无法生成 PDF：请安装 Debian 软件包 fonts-noto-cjk"
    "（apt-get install fonts-noto-cjk）。"
    " No CJK font found, cannot render the PDF: install the Debian package fonts-noto-cjk."
)

# text block widths in pt: A4 (595.28 x 841.89 pt) less two 2.5 cm (70.87 pt) margins
_PORTRAIT_PT = 595.28 - 2 * 70.87
_LANDSCAPE_PT = 841.89 - 2 * 70.87
_WIDE_COLUMNS = 10  # tables with this many columns go on landscape pages
_TABLE_SIZES = (10.0, 9.0, 8.0, 7.5)  # pt, the largest whose unbreakable runs fit is used
_CELL_INSET = 3.0  # pt, left and right padding of a table cell (the template's inset.x)
_INDENT_EM = 1.0  # label indentation per 类/款/项 level below the shallowest, in em

_TEMPLATE = r"""
#let d = json(bytes(sys.inputs.data))
#let serif = d.serif
#let sans = d.sans
#let inset-x = d.inset * 1pt

#set document(title: d.title, author: d.author, date: none)
#set page(
  paper: "a4",
  margin: 2.5cm,
  numbering: "1",
  footer: context align(center, text(size: 10.5pt, "- " + str(counter(page).get().first()) + " -")),
)
#set text(font: serif, size: 12pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set par(justify: true, leading: 0.8em, spacing: 0.8em)
// a run of 25 or more characters with no break opportunity (a long Latin name, a URL) may break
// anywhere: each character is a box, and a line can break between boxes; zero-width spaces would
// do the same but end up in the PDF's text layer
#show regex("[^\\s\\x{2e80}-\\x{9fff}\\x{f900}-\\x{faff}\\x{ff00}-\\x{ffef}\\x{3000}-\\x{303f}]{25,}"): it => (
  it.text.clusters().map(box).join()
)

#show heading: set text(font: sans, weight: "bold")
#show heading: set block(above: 1.3em, below: 0.9em)
#show heading.where(level: 1): set align(center)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 1): set block(above: 0.5em, below: 1.4em)
#show heading.where(level: 2): set text(size: 14pt)
#show heading.where(level: 3): set text(size: 12.5pt)
#show heading.where(level: 4): set text(size: 12pt)

#show outline.entry: set text(size: 12pt)
#show outline.entry.where(level: 1): set text(font: sans, weight: "bold")
#show outline.entry.where(level: 1): set block(above: 1.1em)
// the entry without the word joiner Typst puts before the page number (text extraction shows it)
#show outline.entry: it => link(it.element.location(), it.indented(none, {
  it.body()
  box(width: 1fr, inset: (x: 0.3em), repeat(gap: 0.15em)[.])
  it.page()
}))

#let weight(b) = if b { "bold" } else { "regular" }

#let toc() = {
  align(center, block(below: 1.5em, text(font: sans, size: 16pt, weight: "bold", "目录")))
  outline(title: none, indent: 2em)
  pagebreak(weak: true)
}

#let heading-block(b) = {
  if b.np { pagebreak(weak: true) }
  heading(level: b.l, outlined: b.o, b.t)
}

#let paragraph(b) = par(first-line-indent: (amount: 2em, all: true), {
  if b.lead != "" { text(weight: "bold", b.lead) }
  text(weight: weight(b.b), b.t)
})

#let body-cell(c) = if type(c) == str { c } else {
  let (s, num, bold, indent) = c
  let body = text(weight: weight(bold), s)
  table.cell(
    align: if num { right + horizon } else { left + horizon },
    if indent > 0 { pad(left: indent * 1em, body) } else { body },
  )
}

#let ruled-table(t) = {
  block(sticky: true, width: 100%, above: 1.4em, below: 0.7em,
    align(center, text(font: sans, size: 13pt, weight: "bold", t.title)))
  if t.unit != none {
    block(sticky: true, width: 100%, above: 0em, below: 0.4em,
      align(right, text(size: 10.5pt, "单位：" + t.unit)))
  }
  if t.head.len() > 0 or t.rows.len() > 0 {
    set text(size: t.size * 1pt)
    set par(justify: false, leading: 0.45em)
    set table.cell(breakable: false)  // a row never splits across pages
    let header = if t.head.len() > 0 {
      (table.header(..t.head.map(h => table.cell(
        y: h.at(0), x: h.at(1), rowspan: h.at(2), colspan: h.at(3),
        align: center + horizon, text(weight: "bold", h.at(4)),
      ))),)
    } else { () }
    table(
      columns: t.widths.map(w => w * 1fr),
      stroke: 0.5pt + black,
      inset: (x: inset-x, y: 3.5pt),
      align: left + horizon,
      ..header,
      ..t.rows.map(r => r.map(body-cell)).flatten(),
    )
  }
  if t.note != none {
    block(above: 0.6em, below: 1.2em, par(first-line-indent: 0em, text(size: 10.5pt, t.note)))
  }
}

#let show-block(b) = {
  if b.k == "h" { heading-block(b) }
  else if b.k == "p" { paragraph(b) }
  else if b.k == "t" { ruled-table(b) }
  else if b.k == "toc" { toc() }
}

#page(numbering: none, footer: none, {
  v(1fr)
  align(center, block(width: 90%, par(justify: false, leading: 0.7em,
    text(font: sans, size: 26pt, weight: "bold", d.title))))
  v(1.6fr)
})
#counter(page).update(1)

#for seg in d.segments {
  if seg.landscape {
    page(flipped: true, { for b in seg.blocks { show-block(b) } })
  } else {
    for b in seg.blocks { show-block(b) }
  }
}
"""


class MissingFontError(RuntimeError):
    """No Noto CJK font is installed (Debian package ``fonts-noto-cjk``)."""


def font_dirs() -> tuple[Path, ...]:
    """Directories under ``FONT_ROOTS`` holding a Noto CJK font file (the search is cached);
    raises :class:`MissingFontError` if there is none."""
    return _find_font_dirs(FONT_ROOTS)


@lru_cache(maxsize=4)
def _find_font_dirs(roots: tuple[Path, ...]) -> tuple[Path, ...]:
    found: set[Path] = set()
    for root in roots:
        if not root.is_dir():
            continue
        for path in root.rglob("Noto*CJK*"):
            if path.suffix.lower() in {".ttc", ".otf", ".ttf"} and path.is_file():
                found.add(path.parent)
    if not found:
        raise MissingFontError(MISSING_FONT)
    return tuple(sorted(found))


class _Typesetter:
    """One Typst compiler with the CJK fonts loaded, reused so fonts and layouts stay cached."""

    def __init__(self, dirs: tuple[Path, ...]) -> None:
        fonts = typst.Fonts(include_system_fonts=False, font_paths=[str(d) for d in dirs])
        families = set(fonts.families())
        serif = [f for f in (SERIF, SANS) if f in families]
        sans = [f for f in (SANS, SERIF) if f in families]
        if not serif:
            raise MissingFontError(MISSING_FONT)
        self.serif, self.sans = serif, sans
        self.compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
        self.lock = threading.Lock()

    def compile(self, data: dict[str, Any]) -> bytes:
        data = {**data, "serif": self.serif, "sans": self.sans, "inset": _CELL_INSET}
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            pdf = self.compiler.compile(
                input=_TEMPLATE.encode("utf-8"), format="pdf", sys_inputs={"data": payload}
            )
        assert isinstance(pdf, bytes)
        return pdf


@lru_cache(maxsize=4)
def _typesetter(dirs: tuple[Path, ...]) -> _Typesetter:
    return _Typesetter(dirs)


# --- column widths ----------------------------------------------------------------------------

_UNBREAKABLE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
_BREAK_ANYWHERE = 25  # longer than any amount (< 10¹⁵: 22 characters) or code; the template's regex


def _char_em(ch: str) -> float:
    """A generous advance width of a Latin-script character in Noto Serif CJK, in em."""
    if ch in ".,:;'!|":
        return 0.3
    if ch.isdigit() or ch in "-+()%/":
        return 0.56
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    return 0.62


def _run_em(text: str) -> float:
    """Width of the longest run a line cannot break inside (digits, codes, Latin words); a run of
    ``_BREAK_ANYWHERE`` characters or more breaks anywhere (the template's show rule), so only its
    widest character counts."""
    return max(
        (
            max(_char_em(c) for c in run) if len(run) >= _BREAK_ANYWHERE else sum(_char_em(c) for c in run)
            for run in _UNBREAKABLE.findall(text)
        ),
        default=0.0,
    )


def _fit(weights: list[float], mins: list[float], total: float) -> list[float] | None:
    """Widths in pt proportional to ``weights``, raising each to its minimum, or None if impossible."""
    if sum(mins) > total:
        return None
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        rest = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: rest * weights[i] / share for i in free} if share > 0 else {}
        short = [i for i in free if widths[i] < mins[i]]
        if not short:
            return [fixed[i] if i in fixed else widths[i] for i in range(len(weights))]
        for i in short:
            fixed[i] = mins[i]


def _layout(table: PubTable, columns: int) -> tuple[bool, float, list[float]]:
    """(landscape, font size, column weights) so that no amount or code overflows its cell."""
    weights = [float(w) for w in table.widths] if len(table.widths) == columns else [1.0] * columns
    weights = [w if w > 0 else 1.0 for w in weights]
    runs = [0.0] * columns
    for row in table.rows:
        for i, cell in enumerate(row.cells[:columns]):
            runs[i] = max(runs[i], _run_em(cell.text) * (1.08 if row.bold or cell.bold else 1.0))
    for _, c, _, colspan, text in table.header_spans():
        if colspan == 1 and c < columns:
            runs[c] = max(runs[c], _run_em(text) * 1.08)
    landscape = columns >= _WIDE_COLUMNS
    for wide in (landscape, True):
        total = _LANDSCAPE_PT if wide else _PORTRAIT_PT
        for size in _TABLE_SIZES:
            mins = [r * size + 2 * _CELL_INSET + 1.0 for r in runs]
            fitted = _fit(weights, mins, total)
            if fitted is not None:
                return wide, size, [round(w, 2) for w in fitted]
    return True, _TABLE_SIZES[-1], weights  # nothing fits: the smallest type on a landscape page


# --- the data handed to the template -----------------------------------------------------------


def _label_index(row: PubRow) -> int:
    """The cell to indent: the last text cell before the first amount (科目名称 after 科目编码)."""
    label = 0
    for i, cell in enumerate(row.cells):
        if cell.value is not None:
            break
        label = i
    return label


def _cell(text: str, numeric: bool, bold: bool, indent: float) -> str | list[Any]:
    if not text or (not numeric and not bold and not indent):
        return text  # a plain cell: left-aligned regular text
    return [text, numeric, bold, indent]


def _table(table: PubTable) -> tuple[bool, dict[str, Any]]:
    columns = max([table.columns, *(len(r.cells) for r in table.rows)])
    landscape, size, weights = _layout(table, columns) if columns else (False, 10.0, [])
    nhead = len(table.header)
    head = [
        [r, c, max(1, min(rowspan, nhead - r)), max(1, min(colspan, columns - c)), text]
        for r, c, rowspan, colspan, text in table.header_spans()
    ]
    base = min((r.level for r in table.rows if r.level > 0), default=1)  # the shallowest sits flush
    rows = []
    for row in table.rows:
        label = _label_index(row) if row.level > base else -1
        cells = [
            _cell(
                cell.text,
                cell.value is not None,
                row.bold or cell.bold,
                (row.level - base) * _INDENT_EM if i == label else 0,
            )
            for i, cell in enumerate(row.cells[:columns])
        ]
        cells += [""] * (columns - len(cells))
        rows.append(cells)
    return landscape, {
        "k": "t",
        "title": table.title,
        "unit": table.unit or None,
        "note": table.note or None,
        "size": size,
        "widths": weights,
        "head": head if columns else [],
        "rows": rows if columns else [],
    }


def _outlined(blocks: Iterable[PubBlock]) -> dict[int, bool]:
    """Whether each heading (by position) is in the 目录: with a PubToc, the headings its entries
    name (each entry once, in order); without one, the headings marked ``in_toc``."""
    blocks = list(blocks)
    tocs = [b for b in blocks if isinstance(b, PubToc)]
    out: dict[int, bool] = {}
    if not tocs:
        return {i: b.in_toc for i, b in enumerate(blocks) if isinstance(b, PubHeading)}
    wanted = [text.strip() for toc in tocs for _, text in toc.entries]
    for i, b in enumerate(blocks):
        if isinstance(b, PubHeading):
            text = b.text.strip()
            out[i] = b.in_toc and text in wanted
            if out[i]:
                wanted.remove(text)
    return out


def _data(pub: Publication) -> dict[str, Any]:
    outlined = _outlined(pub.blocks)
    segments: list[dict[str, Any]] = []

    def current(landscape: bool) -> list[dict[str, Any]]:
        if not segments or segments[-1]["landscape"] != landscape:
            segments.append({"landscape": landscape, "blocks": []})
        blocks: list[dict[str, Any]] = segments[-1]["blocks"]
        return blocks

    for i, block in enumerate(pub.blocks):
        if isinstance(block, PubHeading):
            level = min(max(block.level, 1), 6)
            # right after a landscape page a new portrait page starts anyway
            new_page = block.new_page and not (segments and segments[-1]["landscape"])
            current(False).append({"k": "h", "t": block.text, "l": level, "o": outlined[i], "np": new_page})
        elif isinstance(block, PubParagraph):
            current(False).append({"k": "p", "t": block.text, "lead": block.lead, "b": block.bold})
        elif isinstance(block, PubToc):
            current(False).append({"k": "toc"})
        else:
            landscape, table = _table(block)
            if landscape and segments and not segments[-1]["landscape"]:
                # the headings right before a landscape table go onto its page
                before: list[dict[str, Any]] = segments[-1]["blocks"]
                moved: list[dict[str, Any]] = []
                while before and before[-1]["k"] == "h":
                    moved.insert(0, before.pop())
                if not before:
                    segments.pop()
                if moved:
                    moved[0] = {**moved[0], "np": False}  # the landscape page is a new page already
                current(True).extend(moved)
            current(landscape).append(table)
    return {"title": pub.title, "author": pub.department, "segments": segments}


def typst_data(pub: Publication) -> str:
    """The JSON the template reads (for debugging: the template plus this reproduces the PDF)."""
    return json.dumps(_data(pub), ensure_ascii=False, indent=1)


def render(pub: Publication) -> bytes:
    """The publication as PDF bytes; raises :class:`MissingFontError` without a Noto CJK font."""
    return _typesetter(font_dirs()).compile(_data(pub))
