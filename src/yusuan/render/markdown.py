"""Markdown in the shape of the published Fujian text: ``#`` headings, TAB-separated table rows,
``单位：万元`` above each table and its note below (so ``yusuan check`` reads it back exactly)."""

from __future__ import annotations

from yusuan.model import PubCell, PubHeading, Publication, PubParagraph, PubTable, PubToc


def _cell(cell: PubCell) -> str:
    text = cell.text.replace("\t", " ").replace("\n", " ")
    return f"<b>{text}</b>" if cell.bold and text else text


def _table(table: PubTable) -> list[str]:
    lines = [f"{'#' * table.title_level} {table.title}", ""]
    if table.unit:
        lines += [f"单位：{table.unit}", ""]
    lines += ["\t".join(row) for row in table.header_grid()]
    lines += ["\t".join(_cell(c) for c in row.cells) for row in table.rows]
    lines.append("")
    if table.note:
        lines += [table.note, ""]
    return lines


def to_markdown(pub: Publication) -> str:
    lines = [f"**{pub.title}**", ""]
    for block in pub.blocks:
        if isinstance(block, PubHeading):
            lines += [f"{'#' * block.level} {block.text}", ""]
        elif isinstance(block, PubParagraph):
            lead = f"**{block.lead}**" if block.lead else ""
            text = f"**{block.text}**" if block.bold else block.text
            lines += [lead + text, ""]
        elif isinstance(block, PubToc):
            lines += ["# 目录", ""]
            lines += [f"{text}……" for _, text in block.entries]
            lines.append("")
        else:
            lines += _table(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def render(pub: Publication) -> bytes:
    return to_markdown(pub).encode("utf-8")
