"""Read PDFs that have a text layer: lines, headings, paragraphs and ruled tables from positions.

Characters and ruling lines come from PDFium (``pypdfium2``); everything else is rebuilt here.

Why PDFium and not pdfplumber (pdfminer): both give the same characters at the same positions on
the same pages, and PDFium is 10-20 times faster. Measured on the project's 2-core machine, all
pages of each file: PDFium (pypdfium2 5.15) text page with, per character, its code, loose box,
font size and weight, against ``len(page.chars)`` and ``page.extract_tables()`` of pdfplumber
0.11.10, one run each:

=====================================  =====  ======  ==========  ===============  ===========
file                                   pages  chars   PDFium      pdfplumber chars  extract_tables
=====================================  =====  ======  ==========  ===============  ===========
2023_putuo_wanli_jiedao_dept.pdf          35  21,720  0.30 s      3.91 s           3.06 s
2024_putuo_wanli_jiedao_dept.pdf          33  17,985  0.22 s      2.92 s           3.79 s
2025_putuo_zhengfuban_dept.pdf            22   9,411  0.11 s      1.94 s           2.42 s
2025_shanghai_caizhengju_unit.pdf         21   8,434  0.07 s      0.87 s           1.14 s
putuo_street_2025.pdf (yusuan build)      20  10,627  0.14 s      1.01 s           1.09 s
culture_bureau_2024.pdf (yusuan build)    21   9,912  0.14 s      1.28 s           1.23 s
=====================================  =====  ======  ==========  ===============  ===========

"Same result": every non-space character of all 10 files (8 in ../shared/corpus/shanghai/budget,
the 2 built examples) has the same text and the same origin in both, to the rounding of a point
(0 differences after rounding, 0.5 pt at most before it); PDFium adds generated spaces and line
breaks (flagged, skipped here) and drops some runs of real spaces pdfminer keeps (gaps are measured
here anyway). The whole reader (``read_pdf``: characters, rules, tables, lines, blocks) takes
0.17-0.68 s for these files, 4-8 times less than pdfplumber's ``extract_tables()`` alone (e.g.
2025_putuo_zhengfuban_dept.pdf 0.32 s against 1.41 s, putuo_street_2025.pdf 0.19 s against
1.14 s), and 2 s and 10 MB more memory than the import for a 301-page PDF.

How a page is read:

* Characters: what a clipping path or the page's edge hides is not read, as a person does not see
  it (a name too long for its Excel cell is cut at the cell's edge and its hidden rest lies over
  the next cell; Word clips away text set below a page's last line; a table row cut by a page break
  is printed whole on both pages, each showing its part). A clip is read once per distinct clip of
  a page, not per text object. A character whose loose box is far taller than its type (the digits
  of some CJK fonts) is placed by its baseline so it stays on its line.
* Ruling lines: thin filled rectangles (WPS, Excel) and stroked straight segments (Typst, Word)
  become horizontal and vertical rules; white or invisible ones are ignored, so are cell
  backgrounds. Rules that touch form a grid; a grid of two or more cells is a table. A cell edge
  without a rule merges the cells on both sides: a merged cell's text is in its first row and
  column, the other positions are empty strings (the markdown shape). Rows with no text at all are
  dropped. A vertical rule inside a table's frame that touches no horizontal rule still parts
  columns.
* Rows without a rule between them (a frame and vertical rules only): a band of the grid holding
  several text lines is cut into rows where the lines line up as rows (_row_groups: a line with text
  in two columns, the first or a column of words starts a row; a line whose texts continue texts
  filling their cells is a wrapped name; a label wrapped round its row's amounts, set at the top,
  middle or bottom, goes with them; lines overlapping by much of their height are one row), if two
  rows or more carry amounts or codes, or a header stands over one row of amounts or a lone 合计.
  A name broken over two lines by hand in a ruled cell stays one row.
* Tables without rules, or with horizontal rules only (three-line tables): a run of lines three or
  more of which hold two amount-like numbers or more set apart by gaps (not a sentence: no ，。；),
  numbers aligned in columns (not a chart's labels), or one line of four amounts under a header, or
  rows at the top of a page whose amounts end where those of such a table ending the page before
  end. Columns are the spans the amounts (flush right) and the words of two lines or more cover;
  header lines above (up to six, not a caption, 单位 line, sentence or amounts) add the columns left
  empty in every row. Rows are formed as in ruled bands; a 合计 label centred over the code and name
  columns goes to the first column, as a merged cell does. Cells get boxes from midpoints between
  columns and rows. A table without amounts (empty: header lines after a 单位 line ending in a lone
  合计 or followed by a 空表 note) is a table too. What cannot be told without rules: which columns
  an upper header (收入预算, 公务用车购置及运行费) spans; it goes to the column under it.
* A word is cut where a vertical rule of its grid runs between two of its characters that are set
  apart or where CJK meets digits: a name filling its cell up to the rule and the amount after
  it, or two amounts set flush right on both sides of a rule, touch in the text layer.
* Characters inside a cell are grouped into lines and joined (no space between CJK characters;
  an amount wrapped inside its cell, 21,118.5 over 1, is one number);
  characters outside tables are grouped into lines by vertical position (tolerant to mixed font
  sizes on one baseline); a line with a gap of several em ("编制部门：…      单位：元") is split into
  separate pieces.
* Page numbers ("- 3 -", "第 3 页", "3 / 20", "3") at the top or bottom of a page and lines that
  repeat in the margins of most pages are dropped.
* A table that starts a page right after a table that ended the previous one, with the same columns,
  continues it: the two become one TableBlock and a repeated header (the first rows equal to the
  table's first rows) is dropped. So does one under a repeat of the lines above the table's start
  (its title, unit and department lines) with its header rows repeated: the repeats are dropped. Tables without rules continue when each column's text falls in a
  column of the table before, in order.
* Headings: lines larger than the body text (the most common size) or entirely bold and short;
  the level is the rank of the size (largest = 1), bold body-size headings come after the sizes.
  The line before a table (above its 单位/编制 line) that is short and centred is its caption and
  a Heading too. Lines with leaders ("一、部门主要职能 ……… 2") are TocEntry.
* Paragraphs: lines are joined while the next line is not indented, the previous one reaches the
  right margin, the size is the same and the vertical gap is a line's (0.9 of the type size, or the
  document's usual gap between body lines where it is wider), also across a page break. A page
  number is dropped in the margin, or set higher when nothing on the page is below it.

Functional codes split into 类/款/项 columns ("201 | 03 | 01") stay separate cells; joining them
is the extractor's job.

Positions: ``page`` is 1-based. ``line`` is a running number over the whole document in reading
order: every visual text line outside tables counts once (the pieces of a split line share it) and
every table row counts once (a row whose cells wrap over several text lines is still one line);
dropped page numbers and running headers are not counted. ``Cell.bbox`` is the cell's rectangle
from the rules, ``(x0, top, x1, bottom)`` in PDF points from the top-left corner of the page turned
so that most of its text is upright: a table drawn sideways (rotated text, with or without
``/Rotate`` to show it upright) reads like any other. ``Cell.column`` is the 0-based grid column.

Pages are read one at a time and only the lines and cells are kept, so a long PDF does not need
the memory of all its characters. Files that cannot be read raise UnreadableInput with a Chinese
message: empty, not a PDF, truncated, damaged, encrypted, or without a text layer (扫描件).
"""

from __future__ import annotations

from yusuan.read.pdf.document import read_pdf

__all__ = ["read_pdf"]
