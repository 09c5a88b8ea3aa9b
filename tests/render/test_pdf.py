"""The PDF renderer: what a reader of the printed disclosure sees, read back with poppler's pdftotext."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.render.golden import check_golden
from tests.render.sample_pdf_publication import (
    EXPENDITURE,
    LONG,
    LONG_ROWS,
    NASTY,
    NASTY_HEADING,
    TITLE,
    WIDE,
    sample_pdf_publication,
)
from yusuan.model import HeadCell, PubBlock, PubCell, PubHeading, Publication, PubRow, PubTable, PubToc
from yusuan.render import pdf


def _fonts_or_skip() -> None:
    try:
        pdf.font_dirs()
    except pdf.MissingFontError:
        pytest.skip("fonts-noto-cjk not installed")


def _poppler_or_skip() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")


def _squash(text: str) -> str:
    return "".join(text.split())


class Rendered:
    """A rendered PDF on disk with its text layer, per page."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.data = data
        self.path = path
        path.write_bytes(data)
        self.pages = self.text().split("\f")[:-1]  # pdftotext ends every page with a form feed
        self.layout_pages = self.text("-layout").split("\f")[:-1]

    def text(self, *options: str, first: int | None = None, last: int | None = None) -> str:
        args = ["pdftotext", *options]
        if first is not None:
            args += ["-f", str(first), "-l", str(last or first)]
        out = subprocess.run([*args, str(self.path), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8")

    def page_sizes(self) -> list[tuple[float, float]]:
        out = subprocess.run(
            ["pdfinfo", "-f", "1", "-l", str(len(self.pages)), str(self.path)],
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]

    def pages_with(self, text: str) -> list[int]:
        """1-based physical page numbers whose text contains ``text`` (whitespace ignored)."""
        return [i for i, page in enumerate(self.pages, 1) if _squash(text) in _squash(page)]


def normalised_text(rendered: Rendered) -> str:
    """The golden view: pdftotext (reading order), trailing spaces stripped, pages marked."""
    out = []
    for n, page in enumerate(rendered.pages, 1):
        out.append(f"=== 第{n}页 ===")
        out += [line.rstrip() for line in page.rstrip("\n").split("\n")]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    _fonts_or_skip()
    _poppler_or_skip()
    data = pdf.render(sample_pdf_publication())
    return Rendered(data, tmp_path_factory.mktemp("pdf") / "sample.pdf")


# --- without poppler ----------------------------------------------------------------------------


def test_deterministic_pdf_without_a_date() -> None:
    _fonts_or_skip()
    first = pdf.render(sample_pdf_publication())
    assert first.startswith(b"%PDF-")
    assert first == pdf.render(sample_pdf_publication())
    assert b"/CreationDate" not in first and b"/ModDate" not in first


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "FONT_ROOTS", (tmp_path, tmp_path / "absent"))
    with pytest.raises(RuntimeError, match="fonts-noto-cjk") as info:
        pdf.render(sample_pdf_publication())
    assert isinstance(info.value, pdf.MissingFontError)
    assert "中文字体" in str(info.value) and "No CJK font" in str(info.value)


def test_user_text_reaches_typst_only_as_json_strings() -> None:
    """The template is constant; every text is a JSON string value, never spliced into markup."""
    data = json.loads(pdf.typst_data(sample_pdf_publication()))
    texts = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            texts.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)

    walk(data)
    for nasty in (*NASTY, NASTY_HEADING, TITLE):
        assert nasty in texts
        assert nasty not in pdf._TEMPLATE


def test_header_spans_and_layout() -> None:
    landscape, table = pdf._table(EXPENDITURE)
    assert not landscape
    assert table["head"] == [
        [0, 0, 2, 1, "科目编码"],
        [0, 1, 2, 1, "科目名称"],
        [0, 2, 2, 1, "合计"],
        [0, 3, 1, 2, "其中："],
        [1, 3, 1, 1, "基本支出"],
        [1, 4, 1, 1, "项目支出"],
    ]
    total, level1, level2, level3 = table["rows"][:4]
    assert total == [
        "",
        ["合计", False, True, 0],
        *[[t, True, True, 0] for t in ("2,161.77", "1,861.77", "300.00")],
    ]
    assert level1[1] == "文化旅游体育与传媒支出"  # the shallowest level sits flush
    assert level2[1] == ["文化和旅游", False, False, 1.0]
    assert level3[1] == ["行政运行（文化和旅游）", False, False, 2.0]
    assert level3[4] == ""  # an amount written empty: nothing to align
    assert table["size"] == 10.0
    assert pdf._table(WIDE)[0]  # 12 columns: a landscape page


def test_rowspan_past_the_header_is_clamped() -> None:
    table = PubTable(
        title="表",
        header=((HeadCell("甲", rowspan=3), HeadCell("乙")),),
        rows=(PubRow((PubCell("x"), PubCell("1", value=None))),),
    )
    assert pdf._table(table)[1]["head"] == [[0, 0, 1, 1, "甲"], [0, 1, 1, 1, "乙"]]


def test_amount_columns_are_widened_to_fit() -> None:
    """Requested widths (2, 4, 1, ...) would squeeze 1,510.34 into 1 cm; the layout widens them."""
    landscape, size, weights = pdf._layout(WIDE, WIDE.columns)
    assert landscape
    total = pdf._LANDSCAPE_PT
    widths = [total * w / sum(weights) for w in weights]
    need = pdf._run_em("1,510.34") * size + 2 * pdf._CELL_INSET
    assert widths[2] >= need and widths[3] >= need  # the 合计 row's amounts
    assert widths[2] > total * WIDE.widths[2] / sum(WIDE.widths)  # more than the requested share
    assert widths[1] > widths[0]  # the name column stays the widest


def test_outline_follows_the_toc_entries() -> None:
    blocks: list[PubBlock] = [
        PubToc(((1, "甲"), (2, "乙"))),
        PubHeading("甲", 1),
        PubHeading("乙", 2),
        PubHeading("丙", 2),  # in_toc but not listed in the 目录
        PubHeading("乙", 2),  # listed once only
        PubHeading("丁", 3, in_toc=False),
    ]
    assert pdf._outlined(blocks) == {1: True, 2: True, 3: False, 4: False, 5: False}
    assert pdf._outlined(blocks[1:]) == {0: True, 1: True, 2: True, 3: True, 4: False}


def test_empty_and_headerless_tables_render() -> None:
    _fonts_or_skip()
    pub = Publication(
        title="空表",
        department="某局",
        year=2024,
        unit="万元",
        profile="fujian",
        blocks=[
            PubTable(
                title="无行的表", header=((HeadCell("甲"), HeadCell("乙")),), rows=(), note="备注：无。"
            ),
            PubTable(title="全空的表", header=(), rows=(), unit=None),
            PubTable(
                title="无表头",
                header=(),
                rows=(PubRow((PubCell("a"), PubCell("b"))), PubRow((PubCell("c"),))),
            ),
        ],
    )
    assert pdf.render(pub).startswith(b"%PDF-")


# --- read back with poppler ---------------------------------------------------------------------


def test_cover_and_page_numbers(sample: Rendered) -> None:
    assert len(sample.pages) > 2
    cover = sample.layout_pages[0]
    assert _squash(TITLE) in _squash(cover)
    assert not re.search(r"\d", cover.replace("2024", ""))  # no page number on the cover
    for n, page in enumerate(sample.layout_pages[1:], 1):
        footer = [line for line in page.splitlines() if line.strip()][-1]
        assert re.fullmatch(rf"\s*-\s*{n}\s*-\s*", footer), (n, footer)


def test_toc_lists_the_entries_with_their_pages(sample: Rendered) -> None:
    toc_page = sample.layout_pages[1]
    assert "目录" in toc_page
    found = re.findall(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", toc_page, flags=re.MULTILINE)
    toc = next(b for b in sample_pdf_publication().blocks if isinstance(b, PubToc))
    assert [_squash(text) for text, _ in found] == [_squash(text) for _, text in toc.entries]
    for text, number in found:
        # the entry's page number is the displayed number of the page the heading is on
        pages = [p for p in sample.pages_with(text) if p > 2]
        assert pages, text
        assert int(number) == pages[0] - 1, text
    assert "不入目录的小标题" not in toc_page


def test_headings_title_and_note(sample: Rendered) -> None:
    pub = sample_pdf_publication()
    headings = [b.text for b in pub.blocks if isinstance(b, PubHeading)]
    for text in [TITLE, *headings, EXPENDITURE.title, LONG.title, WIDE.title, "单位：万元"]:
        assert sample.pages_with(text), text
    assert sample.pages_with("不入目录的小标题") != []
    assert sample.pages_with(EXPENDITURE.note or "")
    assert sample.pages_with(LONG.note or "")


def test_cells(sample: Rendered) -> None:
    for text in (
        "科目编码",
        "其中：",
        "基本支出",
        "项目支出",
        "2,161.77",
        "1,861.77",
        "行政运行（文化和旅游）",
    ):
        assert sample.pages_with(text), text
    for text in ("1,510.34", "1,330.34", "2070101", "经济分类科目第1项", f"经济分类科目第{LONG_ROWS - 1}项"):
        assert sample.pages_with(text), text
    assert sample.pages_with("清溪市云山区文化和旅游局")


def test_long_table_continues_with_its_header_repeated(sample: Rendered) -> None:
    first = sample.pages_with("经济分类科目第1项")[0]
    last = sample.pages_with(f"经济分类科目第{LONG_ROWS - 1}项")[0]
    assert last > first
    for page in range(first, last + 1):
        text = sample.text("-layout", first=page)
        assert "经济分类科目编码" in text, page  # the header row, on every page of the table
        assert "预算数" in text, page
    assert sample.pages_with("经济分类科目编码") == list(range(first, last + 1))


def test_nasty_text_comes_out_verbatim(sample: Rendered) -> None:
    lines = {" ".join(line.split()) for page in sample.pages for line in page.splitlines()}
    for text in NASTY:
        assert text in lines, text
    assert sample.pages_with(NASTY_HEADING)
    assert sample.pages_with("说明：#*_$：“三公”经费预算 18.10 万元。")


def test_pages_are_a4_and_wide_tables_landscape(sample: Rendered) -> None:
    sizes = sample.page_sizes()
    assert len(sizes) == len(sample.pages)
    wide = sample.pages_with(WIDE.title)[0]
    for n, (w, h) in enumerate(sizes, 1):
        a4 = (round(min(w, h)), round(max(w, h))) == (595, 842)
        assert a4, (n, w, h)
        assert (w > h) == (n == wide), n  # only the wide table's page is landscape
    assert sample.pages_with("一、收入预算总表") == [2, wide]  # its heading went along (and the 目录)


def test_sample_golden_text_layer(sample: Rendered) -> None:
    check_golden("sample.pdf.txt", normalised_text(sample))


def test_example_golden_text_layer(example_publication: Publication, tmp_path: Path) -> None:
    _fonts_or_skip()
    _poppler_or_skip()
    rendered = Rendered(pdf.render(example_publication), tmp_path / "example.pdf")
    assert len(rendered.pages) > 10
    for _, text in next(b for b in example_publication.blocks if isinstance(b, PubToc)).entries:
        assert [p for p in rendered.pages_with(text) if p > 2], text
    check_golden("culture_bureau_2024.pdf.txt", normalised_text(rendered))
