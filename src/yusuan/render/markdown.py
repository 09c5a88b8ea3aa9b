"""Markdown in the shape of the published Fujian text: ``#`` headings, TAB-separated table rows,
``单位：万元`` above each table and its note below (so ``yusuan check`` reads it back exactly)."""

from __future__ import annotations

from yusuan.model import PubCell, PubHeading, Publication, PubParagraph, PubTable, PubToc

# Source text (a department name, a reason, a project) is text, never markup: a character that would
# start HTML, an entity or a link is written as an entity (the text reader decodes them back), a line
# break cannot start a heading or a table row, and a leading # is not a heading mark.
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "&#91;", "]": "&#93;"})


def _text(text: str) -> str:
    out = text.translate(_ENTITIES).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    if out.startswith(("#", "|")):
        return ("&#35;" if out[0] == "#" else "&#124;") + out[1:]
    return out


def _cell(cell: PubCell) -> str:
    text = _text(cell.text)
    return f"<b>{text}</b>" if cell.bold and text else text


def _table(table: PubTable) -> list[str]:
    lines = [f"{'#' * table.title_level} {_text(table.title)}", ""]
    if table.unit:
        lines += [f"单位：{table.unit}", ""]
    lines += ["\t".join(_text(h) for h in row) for row in table.header_grid()]
    lines += ["\t".join(_cell(c) for c in row.cells) for row in table.rows]
    lines.append("")
    if table.note:
        lines += [_text(table.note), ""]
    return lines


def to_markdown(pub: Publication) -> str:
    lines = [f"**{_text(pub.title)}**", ""]
    for block in pub.blocks:
        if isinstance(block, PubHeading):
            lines += [f"{'#' * block.level} {_text(block.text)}", ""]
        elif isinstance(block, PubParagraph):
            lead = f"**{_text(block.lead)}**" if block.lead else ""
            text = f"**{_text(block.text)}**" if block.bold else _text(block.text)
            lines += [lead + text, ""]
        elif isinstance(block, PubToc):
            lines += ["# 目录", ""]
            lines += [f"{_text(text)}……" for _, text in block.entries]
            lines.append("")
        else:
            lines += _table(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def render(pub: Publication) -> bytes:
    return to_markdown(pub).encode("utf-8")
