"""Golden text layers of rendered files: a stable plain-text view, compared to tests/golden/*.txt.

Set YUSUAN_UPDATE_GOLDEN=1 to rewrite the golden files instead of comparing.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import lxml.html
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"

_HTML_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "title"}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _marked(el: lxml.html.HtmlElement) -> str:
    """Text content with ``<strong>`` parts written **like this**."""
    parts = [el.text or ""]
    for child in el:
        inner = _marked(child)
        parts.append(f"**{inner}**" if child.tag == "strong" and inner else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def html_text_layer(data: bytes) -> str:
    """One line per block: ``tag.class: text``; table rows TAB-joined with their spans and section."""
    root = lxml.html.fromstring(data.decode("utf-8"))
    lines = []
    for el in root.iter(*_HTML_BLOCKS):
        cls = el.get("class")
        tag = f"{el.tag}.{cls.replace(' ', '.')}" if cls else el.tag
        if el.tag == "tr":
            cells = []
            for cell in el.iterchildren("td", "th"):
                marks = "".join(f"[{a}={cell.get(a)}]" for a in ("colspan", "rowspan") if cell.get(a))
                marks += "".join(f"[{c}]" for c in (cell.get("class") or "").split() if c.startswith("lv"))
                cells.append(_squash(_marked(cell)) + marks)
            section = el.getparent().tag
            lines.append(f"{section}/{tag}: " + "\t".join(cells))
        else:
            mark = f" #{el.get('id')}" if el.get("id") else ""
            link = "".join(f" -> {a.get('href')}" for a in el.iter("a"))
            lines.append(f"{tag}{mark}: {_squash(_marked(el))}{link}")
    return "\n".join(lines) + "\n"


def _paragraph_line(p: docx.text.paragraph.Paragraph) -> str:
    marks = []
    if p.paragraph_format.page_break_before:
        marks.append("[page break]")
    if p.alignment is not None:
        marks.append(f"[{p.alignment.name.lower()}]")
    instr = "".join(t.text or "" for t in p._p.iter(qn("w:instrText")))
    if instr:
        marks.append(f"[field:{instr.strip()}]")
    runs = "".join(f"**{r.text}**" if r.bold and r.text else r.text for r in p.runs)
    style = p.style.name if p.style is not None else "?"
    return f"{style}{''.join(' ' + m for m in marks)}: {runs}"


def _section_line(sect: CT_SectPr) -> str:
    """The end of a section: its page size (width x height) and orientation."""
    size = sect.find(qn("w:pgSz"))
    if size is None:
        return "[section]"
    orient = size.get(qn("w:orient")) or "portrait"
    return f"[section {size.get(qn('w:w'))}x{size.get(qn('w:h'))} twips {orient}]"


def docx_text_layer(data: bytes) -> str:
    """Paragraphs as ``style [marks]: text``; tables as ``|``-prefixed TAB rows of w:tc elements."""
    document = docx.Document(io.BytesIO(data))
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_line(docx.text.paragraph.Paragraph(child, document)))
            sect = child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
            if sect is not None:
                lines.append(_section_line(sect))
        elif child.tag == qn("w:tbl"):
            table = docx.table.Table(child, document)
            lines.append(f"[table {table.style.name if table.style is not None else '?'}]")
            for tr in child.iterchildren(qn("w:tr")):
                header = "H" if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None else " "
                cells = []
                for tc in tr.iterchildren(qn("w:tc")):
                    text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
                    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
                    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
                    jc = tc.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
                    marks = ""
                    if span is not None:
                        marks += f"[span={span.get(qn('w:val'))}]"
                    if merge is not None:
                        marks += f"[vmerge={merge.get(qn('w:val')) or 'continue'}]"
                    if jc is not None and jc.get(qn("w:val")) == "right":
                        marks += "[>]"
                    ind = tc.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:ind')}")
                    if ind is not None:
                        marks += f"[indent={ind.get(qn('w:left'))}]"
                    if tc.find(f".//{qn('w:b')}") is not None and text:
                        text = f"**{text}**"
                    cells.append(text + marks)
                lines.append(f"|{header} " + "\t".join(cells))
        elif child.tag == qn("w:sectPr"):
            lines.append(_section_line(child))
    return "\n".join(lines) + "\n"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with tests/golden/<name>, or rewrite it when YUSUAN_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / name
    if os.environ.get("YUSUAN_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with YUSUAN_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")
