"""Read Word documents (.docx, Office Open XML) into Document blocks.

python-docx opens the package (and says whether it is a Word document); the body is then walked
in the XML itself, in document order: paragraphs and tables interleaved, content controls
(``w:sdt``) and custom XML opened up, so blocks come out in the order they appear.

* Headings: a paragraph whose style is named ``Heading N`` / ``标题 N`` is a heading of level N,
  ``TOC Heading`` (the 目录 heading) one of level 1. A style with an outline level
  (``w:outlineLvl`` 0-8) is a heading of that level + 1; a style with neither inherits from the
  style it is based on. An outline level on the paragraph itself wins over its style (9 means body
  text). The cover title (style ``Title`` / ``标题``) is a Paragraph, as the PDF reader and
  ``Publication.to_document`` give it (as a heading it would join the extracted headings, which
  no other format of the same disclosure has).
* Table of contents: the result of a ``TOC`` field, and paragraphs styled ``TOC N`` / ``目录 N``,
  are TocEntry blocks; the page number is what follows the last tab (Word writes ``title<TAB>page``)
  or a dot leader. A TOC field Word has not filled yet (its result only a placeholder such as
  「右键更新域以生成目录」, as yusuan's own builds have) gives no blocks. A 目录 typed by hand is
  read as the PDF and text readers read one: a body paragraph ``title……3`` (leader and page
  number) is an entry, and so, right after the 目录 heading or an entry, is ``title……`` or
  ``title<TAB>3``.
* Fields: the text shown is the field's result, never its instruction (``PAGEREF``, ``HYPERLINK``).
  Deleted text (tracked changes), hidden text, images, text boxes and shapes are not read; a text
  box with text is named in ``Document.problems``. Headers, footers and footnotes are not read.
* Text: runs are joined; a tab and the spaces around it become one space, a line break (``w:br``)
  joins the lines as wrapped lines are joined (no space between CJK characters, one between ASCII
  words), full-width and no-break spaces are spaces, ends are stripped. Empty paragraphs are dropped.
* Tables: the grid comes from the cells' ``w:gridSpan`` and ``w:vMerge``, read from the XML.
  python-docx's ``row.cells`` works out the grid again for every row and repeats a merged cell at
  every position it covers: the text of all tables of the built fujian example through it takes
  about 100 ms, this whole reader about 35 ms (file opening included). As the HTML
  reader does for colspan and rowspan, a merged cell's text is in its first row and column and the
  other positions it covers are empty strings (the markdown shape): a horizontal span gives empty
  cells after it, a vertical-merge continuation is an empty cell. ``w:gridBefore`` gives empty
  leading cells, so ``Cell.column`` is the grid column. A cell's paragraphs are joined as the PDF
  reader joins the lines of a cell; a table nested in a cell adds its cells' text to that cell.

Positions: Word has no lines or pages of its own (they depend on the printer and fonts), so
``page`` is None and ``line`` is a running number over the document in reading order: every
non-empty paragraph outside tables (heading, paragraph or TOC entry) counts one and every table row
counts one (its cells share it); empty paragraphs and an unfilled TOC field are not counted. So
"第 N 行" of a finding is the N-th such paragraph or table row from the start of the document.
``Cell.column`` is the 0-based grid column; ``Document.pages`` is None and ``format`` "docx".

A file that cannot be read raises UnreadableInput with a Chinese message naming it: empty, not a
ZIP package, damaged, another Office format (Excel, PowerPoint), an old binary Word (.doc) file with
a .docx name, or encrypted (a password-protected .docx is an OLE file holding an EncryptedPackage).
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from yusuan.model import Block, Cell, Document, Heading, Paragraph, TableBlock, TocEntry
from yusuan.read.errors import UnreadableInput, read_bytes
from yusuan.read.html_tables import check_blocks
from yusuan.read.limits import LIMITS, over
from yusuan.read.package import check_package
from yusuan.read.text import join_lines

__all__ = ["read_docx"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"  # ISO 29500 Strict
_ZIP_MAGIC = b"PK\x03\x04"
_MAX_UNZIPPED = LIMITS.unzipped_bytes  # declared size of all members (package.py checks the rest)

# element tags in Clark notation ("{namespace}name"), compared as strings in the loops below
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_R, _T, _TAB, _PTAB, _BR, _CR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
_SHOWN_CHARS = {_TAB: "\t", _PTAB: "\t", _BR: "\n", _CR: "\n", qn("w:noBreakHyphen"): "-"}
_FLD_CHAR, _INSTR = qn("w:fldChar"), qn("w:instrText")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_PPR, _PSTYLE, _OUTLINE = qn("w:pPr"), qn("w:pStyle"), qn("w:outlineLvl")
_RPR, _VANISH = qn("w:rPr"), qn("w:vanish")
_TRPR, _GRID_BEFORE = qn("w:trPr"), qn("w:gridBefore")
_TCPR, _GRID_SPAN, _VMERGE, _HMERGE = qn("w:tcPr"), qn("w:gridSpan"), qn("w:vMerge"), qn("w:hMerge")
_ALT_CHUNK = qn("w:altChunk")
_VAL, _FLD_TYPE, _STYLE_ID, _TYPE = qn("w:val"), qn("w:fldCharType"), qn("w:styleId"), qn("w:type")
_DEFAULT = qn("w:default")
_TXBX_TEXT = f".//{_T}"
# run-level wrappers whose runs are shown (hyperlinks, insertions, simple fields, smart tags, ...)
_INLINE_CONTAINERS = {
    qn("w:hyperlink"),
    qn("w:ins"),
    qn("w:moveTo"),
    qn("w:smartTag"),
    qn("w:fldSimple"),
    qn("w:dir"),
    qn("w:bdo"),
    _CUSTOM_XML,
}
# run content that is drawn, not text: images, shapes, text boxes, embedded objects
_GRAPHICS = {
    qn("w:drawing"),
    qn("w:pict"),
    qn("w:object"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_NAMES = {"title", "标题"}
_TOC_HEADING_NAME = re.compile(r"^(?:toc\s*heading|toc\s*标题|目录标题)$")
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*([1-9])$")
_SPACES = re.compile(r"[ \u3000\xa0]*\t[ \t\u3000\xa0]*")
_LEADER = re.compile(
    r"^(?P<title>.*?\S)\s*(?:…{2,}|[.·⋯．・_](?:\s*[.·…⋯．・_]){2,})[\s.·…⋯．・_]*(?P<page>\d{1,4})?$"
)
_PAGE = re.compile(r"^(?:\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})$")
_TRUE = {None, "1", "true", "on"}
_LEADER_MAX = 500  # characters: a 目录 line is short; on a long line of dots _LEADER is cubic


def _leader(text: str) -> re.Match[str] | None:
    return _LEADER.match(text) if len(text) <= _LEADER_MAX else None


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None


@dataclass(slots=True)
class _Field:
    instruction: str = ""
    result: bool = False  # past the separator: what follows is the shown result
    toc: bool = False


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _clean(raw: str) -> str:
    """Shown text of a paragraph: tabs to one space, line breaks joined, no-break spaces as spaces."""
    lines = [_SPACES.sub(" ", line).replace("\u3000", " ").replace("\xa0", " ") for line in raw.split("\n")]
    return join_lines(lines)


def _toc_entry(raw: str, line: int) -> TocEntry | None:
    """``title<TAB>page`` (Word's TOC result) or ``title……page``; None when there is no text."""
    title, page = raw.replace("\n", " "), ""
    if "\t" in title:
        head, _, tail = title.rpartition("\t")
        if _PAGE.match(tail.strip()) or not tail.strip():
            title, page = head, tail.strip()
    title = _clean(title)
    if m := _leader(title):
        title, page = m.group("title"), page or m.group("page") or ""
    title = title.rstrip(" .·…⋯．・_")
    return TocEntry(title, page, line) if title else None


class _Reader:
    """Walks one document body; keeps the complex-field state and the running line number."""

    def __init__(self, styles_element: Any) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        for style in styles_element.iterchildren(qn("w:style")):
            if style.get(_TYPE) != "paragraph":
                continue
            sid = style.get(_STYLE_ID)
            if sid is None:
                continue
            name = style.find(qn("w:name"))
            based = style.find(qn("w:basedOn"))
            ppr = style.find(_PPR)
            outline = ppr.find(_OUTLINE) if ppr is not None else None
            self.styles[sid] = _Style(
                name=(name.get(_VAL) or "") if name is not None else "",
                based_on=based.get(_VAL) if based is not None else None,
                outline=_int(outline.get(_VAL)) if outline is not None else None,
            )
            if style.get(_DEFAULT) in ("1", "true", "on") and self.default_style is None:
                self.default_style = sid
        self.kinds: dict[str | None, tuple[str, int]] = {}
        self.fields: list[_Field] = []
        self.blocks: list[Block] = []
        self.line = 0
        self.graphics_with_text = 0
        self.alt_chunks = 0
        self.in_toc = False  # text of the paragraph being read came from a TOC field's result
        self.name = "<docx>"  # the file, for messages
        self.tables = 0
        self.cells = 0  # table cells so far (yusuan.read.limits: tables, table_cells)

    # -- styles ------------------------------------------------------------------------------------

    def _style_kind(self, sid: str | None) -> tuple[str, int]:
        """('heading', level), ('toc', level) or ('body', 0) for a paragraph style id."""
        if sid in self.kinds:
            return self.kinds[sid]
        kind: tuple[str, int] = ("body", 0)
        seen: set[str] = set()
        first = True
        current = sid
        while current is not None and current not in seen:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            name = " ".join(style.name.lower().split())
            if m := _HEADING_NAME.match(name):
                kind = ("heading", int(m.group(1)))
                break
            if first and name in _TITLE_NAMES:
                break  # the cover title: a paragraph, as the other readers and Publication give it
            if _TOC_HEADING_NAME.match(name):
                kind = ("heading", 1)
                break
            if first and (m := _TOC_NAME.match(name)):
                kind = ("toc", int(m.group(1)))  # a style based on "toc 1" is not an entry
                break
            if style.outline is not None:
                if 0 <= style.outline <= 8:
                    kind = ("heading", style.outline + 1)
                break
            current, first = style.based_on, False
        self.kinds[sid] = kind
        return kind

    def _kind(self, p: Any) -> tuple[str, int]:
        ppr = p.find(_PPR)
        sid, outline = None, None
        if ppr is not None:
            pstyle = ppr.find(_PSTYLE)
            sid = pstyle.get(_VAL) if pstyle is not None else None
            level = ppr.find(_OUTLINE)
            outline = _int(level.get(_VAL)) if level is not None else None
        kind = self._style_kind(sid if sid is not None else self.default_style)
        if outline is not None and kind[0] != "toc":
            return ("heading", outline + 1) if 0 <= outline <= 8 else ("body", 0)
        return kind

    # -- text of a paragraph ---------------------------------------------------------------------

    def _shown(self) -> bool:
        fields = self.fields
        if not fields:
            return True
        if all(f.result for f in fields):
            if any(f.toc for f in fields):
                self.in_toc = True
            return True
        return False

    def _run(self, r: Any, out: list[str]) -> None:
        shown = not self.fields or self._shown()
        for child in r:
            tag = child.tag
            if tag == _T:
                if shown:
                    out.append(child.text or "")
            elif tag == _RPR:
                vanish = child.find(_VANISH)
                if vanish is not None and vanish.get(_VAL) in _TRUE:
                    shown = False  # hidden text; fields in the run still count
            elif tag in _SHOWN_CHARS:
                if shown:
                    out.append(_SHOWN_CHARS[tag])
            elif tag == _FLD_CHAR:
                self._field_char(child.get(_FLD_TYPE))
                shown = (not self.fields or self._shown()) and not self._run_hidden(r)
            elif tag == _INSTR:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction += child.text or ""
            elif tag in _GRAPHICS and child.find(_TXBX_TEXT) is not None:
                self.graphics_with_text += 1

    @staticmethod
    def _run_hidden(r: Any) -> bool:
        rpr = r.find(_RPR)
        vanish = rpr.find(_VANISH) if rpr is not None else None
        return vanish is not None and vanish.get(_VAL) in _TRUE

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            field = self.fields[-1]
            field.result = True
            field.toc = field.instruction.strip().upper().startswith("TOC")
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _inline(self, parent: Any, out: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == _R:
                self._run(child, out)
            elif tag in _INLINE_CONTAINERS:
                self._inline(child, out)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self._inline(content, out)
            # w:pPr, w:del, w:moveFrom, bookmarks, proofing marks, math: nothing shown to read

    def _paragraph_raw(self, p: Any) -> str:
        out: list[str] = []
        self.in_toc = False
        self._inline(p, out)
        return "".join(out)

    # -- blocks ------------------------------------------------------------------------------------

    def walk(self, parent: Any) -> None:
        for child in parent:
            tag = child.tag
            if tag == _P:
                self._paragraph(child)
            elif tag == _TBL:
                self._table(child)
            elif tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.walk(content)
            elif tag == _CUSTOM_XML:
                self.walk(child)
            elif tag == _ALT_CHUNK:
                self.alt_chunks += 1

    def _paragraph(self, p: Any) -> None:
        raw = self._paragraph_raw(p)
        kind, level = self._kind(p)
        if kind == "toc" or (self.in_toc and kind == "body"):
            has_page = "\t" in raw or bool(_leader(_clean(raw)))
            if kind == "toc" or has_page:  # else a placeholder of an unfilled TOC field
                self._add_toc_entry(raw)
            return
        if kind == "body" and self._typed_toc(raw):
            self._add_toc_entry(raw)
            return
        text = _clean(raw)
        if not text:
            return
        self.line += 1
        if kind == "heading":
            self.blocks.append(Heading(text, level, self.line))
        else:
            self.blocks.append(Paragraph(text, self.line))

    def _add_toc_entry(self, raw: str) -> None:
        entry = _toc_entry(raw, self.line + 1)
        if entry is not None:
            self.line += 1
            self.blocks.append(entry)

    def _typed_toc(self, raw: str) -> bool:
        """A table of contents typed by hand, as the PDF and text readers see one: ``title……3`` (a
        leader and a page number); right after the 目录 heading or an entry also ``title……`` and
        ``title<TAB>3`` (a tab stop drawing the leader)."""
        text = _clean(raw)
        leader = _leader(text)
        if leader is not None and leader.group("page"):
            return True
        last = self.blocks[-1] if self.blocks else None
        if not (
            isinstance(last, TocEntry) or (isinstance(last, Heading) and last.text.replace(" ", "") == "目录")
        ):
            return False
        head, tab, tail = raw.rpartition("\t")
        page = tail.strip()
        return leader is not None or bool(tab and head.strip() and page.isdigit() and len(page) <= 4)

    def _cell_lines(self, tc: Any, out: list[str]) -> None:
        for child in tc:
            tag = child.tag
            if tag == _P:
                out.extend(self._paragraph_raw(child).split("\n"))
            elif tag == _TBL:  # a nested table: its cells' text, row by row
                for tr in _rows(child):
                    for inner in _cells(tr):
                        self._cell_lines(inner, out)
            elif tag in (_SDT, _CUSTOM_XML):
                content = child.find(_SDT_CONTENT) if tag == _SDT else child
                if content is not None:
                    self._cell_lines(content, out)

    def _table(self, tbl: Any) -> None:
        rows: list[list[Cell]] = []
        self.tables += 1
        if self.tables > LIMITS.tables:
            raise over(self.name, "表格数", LIMITS.tables, " 个")
        for tr in _rows(tbl):
            line = self.line + 1
            row: list[Cell] = []
            trpr = tr.find(_TRPR)
            before = trpr.find(_GRID_BEFORE) if trpr is not None else None
            for _ in range(_span(before, absent=0)):
                row.append(Cell("", line, column=len(row)))
            for tc in _cells(tr):
                span, covered = 1, False
                tcpr = tc[0] if len(tc) and tc[0].tag == _TCPR else None  # w:tcPr comes first
                if tcpr is not None:
                    for prop in tcpr:
                        tag = prop.tag
                        if tag == _GRID_SPAN:
                            span = _span(prop)
                        elif tag in (_VMERGE, _HMERGE):
                            covered = covered or prop.get(_VAL, "continue") == "continue"
                lines: list[str] = []
                self._cell_lines(tc, lines)  # read even when covered: fields may start or end in it
                text = "" if covered else " ".join(join_lines([_SPACES.sub(" ", ln) for ln in lines]).split())
                if self.cells + len(row) + span > LIMITS.table_cells:  # before the span is built
                    raise over(self.name, "表格的单元格数（含 gridSpan 合并展开）", LIMITS.table_cells, " 个")
                row.append(Cell(text, line, column=len(row)))
                for _ in range(span - 1):
                    row.append(Cell("", line, column=len(row)))
            if row:
                self.line = line
                rows.append(row)
                self.cells += len(row)
                if self.cells > LIMITS.table_cells:
                    raise over(self.name, "表格的单元格数（含 gridSpan 合并展开）", LIMITS.table_cells, " 个")
        if rows:
            self.blocks.append(TableBlock(rows, rows[0][0].line))


def _span(element: Any, absent: int = 1) -> int:
    """A w:gridSpan / w:gridBefore count, ``absent`` without the element (bounded against bad files)."""
    if element is None:
        return absent
    value = _int(element.get(_VAL))
    return value if value is not None and 0 < value < 1000 else absent


def _rows(tbl: Any) -> Iterator[Any]:
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):  # rows wrapped in a content control
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _rows(content)


def _cells(tr: Any) -> Iterator[Any]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML):
            content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if content is not None:
                yield from _cells(content)


# -- opening the file -----------------------------------------------------------------------------


def _not_a_zip(data: bytes, name: str) -> UnreadableInput:
    """The reason a file that is not a ZIP package is no .docx."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return UnreadableInput(f"{name}：Word 文件已加密（设有打开密码），请先取消密码再读取")
        if "WordDocument".encode("utf-16-le") in data:
            return UnreadableInput(
                f"{name}：这是旧版 Word（.doc）文件，暂不支持；请在 Word/WPS 中另存为 .docx 后再检查"
            )
        return UnreadableInput(f"{name}：不是 Word 文档（这是旧版 Office 文件，但不是 Word 文档）")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return UnreadableInput(f"{name}：这是 RTF 文件，不是 .docx；请在 Word/WPS 中另存为 .docx 后再检查")
    if head.startswith(b"%PDF-"):
        return UnreadableInput(f"{name}：这是 PDF 文件，不是 Word 文档；请把扩展名改为 .pdf 再检查")
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"mime-version")) or b"<html" in lowered:
        return UnreadableInput(
            f"{name}：这是网页（HTML/MHT）文件，不是 .docx；请在 Word/WPS 中另存为 .docx 后再检查"
        )
    return UnreadableInput(f"{name}：不是 Word 文档（.docx 应是 ZIP 压缩包格式，这个文件不是）")


def _package(data: bytes, name: str) -> Any:
    """The python-docx document of ``data``; raises UnreadableInput when it is not a readable .docx."""
    if not data:
        raise UnreadableInput(f"{name}：文件是空的（0 字节），不是有效的 Word 文档")
    if not data.startswith(_ZIP_MAGIC):
        raise _not_a_zip(data, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableInput(
            f"{name}：Word 文件已损坏或不完整（无法解压），可能下载中断，请重新获取"
        ) from exc
    names = {info.filename for info in infos}
    declared = sum(info.file_size for info in infos)
    if declared > _MAX_UNZIPPED:
        raise UnreadableInput(
            f"{name}：文件解压后超过上限（声明 {declared:,} 字节，上限 {_MAX_UNZIPPED:,} 字节），不像正常的 Word 文档，未读取"
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        check_package(data, name, archive)
        if "word/document.xml" in names:
            with archive.open("word/document.xml") as part:
                strict = _STRICT in part.read(4096)
            if strict:  # python-docx knows the transitional namespaces only
                raise UnreadableInput(
                    f"{name}：这是“Strict Open XML”格式的 Word 文档，暂不支持；"
                    "请在 Word/WPS 中另存为“Word 文档（*.docx）”后再检查"
                )
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise UnreadableInput(f"{name}：这是 Excel 工作簿，不是 Word 文档；请把扩展名改为 .xlsx 再检查")
        if "ppt/presentation.xml" in names:
            raise UnreadableInput(f"{name}：这是 PowerPoint 演示文稿，不是 Word 文档，无法检查")
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        if "is not a Word file" not in str(exc):
            raise UnreadableInput(f"{name}：Word 文件已损坏，无法打开（{exc}）") from exc
        raise UnreadableInput(
            f"{name}：不是普通的 Word 文档（可能是启用宏的文档或模板）；请在 Word/WPS 中另存为 .docx 后再检查"
        ) from exc
    except Exception as exc:  # python-docx and lxml raise anything on a damaged package
        if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
            raise UnreadableInput(f"{name}：不是 Word 文档（压缩包里没有 Word 正文）") from exc
        raise UnreadableInput(
            f"{name}：Word 文件已损坏，无法打开（{type(exc).__name__}）；请在 Word/WPS 中打开并另存后再检查"
        ) from exc


def read_docx(path: str | Path) -> Document:
    """Read a .docx into blocks; raises UnreadableInput (Chinese, naming the file) when it cannot."""
    name = str(path)
    data = read_bytes(path)
    document = _package(data, name)
    try:
        reader = _Reader(document.styles.element)
        reader.name = name
        reader.walk(document.element.body)
    except UnreadableInput:
        raise
    except RecursionError as exc:
        raise over(name, "表格或内容控件的嵌套层数", sys.getrecursionlimit(), " 层") from exc
    except Exception as exc:  # a damaged styles part or body python-docx accepted
        raise UnreadableInput(f"{name}：Word 文件内容已损坏，无法读取（{type(exc).__name__}）") from exc
    check_blocks(len(reader.blocks), name)
    doc = Document(path=name, blocks=reader.blocks, format="docx", pages=None)
    if reader.graphics_with_text:
        doc.problems.append(f"文档中有 {reader.graphics_with_text} 个文本框或图形带有文字，这些文字未读取")
    if reader.alt_chunks:
        doc.problems.append(f"文档中嵌入了 {reader.alt_chunks} 段其他格式的内容（altChunk），未读取")
    return doc
