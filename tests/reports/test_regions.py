"""The pictures of the HTML report point at the right place: the outline drawn on a table-cell
finding's crop is the cell's box (computed here from the box and the crop) and nothing else in the
picture has the outline's colour; the box holds the finding's printed amount; a phrase printed
twice on its page is outlined where its sentence is; a place that cannot be found is not outlined."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image

from tests.reports.conftest import NO_SHARED, WANLI_2023, WANLI_2025, have_pdfs
from yusuan.reports import from_store
from yusuan.reports.model import BBox, Place, ReportDocument, ReportFinding
from yusuan.reports.regions import HIGHLIGHT, Region, regions
from yusuan.store import Store, schema

pytestmark = pytest.mark.skipif(not have_pdfs(), reason=NO_SHARED)

OUTLINE_PX = 3  # the outline's width
PAD_PT = 2.0  # the outline stands this far outside the box


def _document(store: Store, path: str) -> ReportDocument:
    doc = next(d for d in store.documents() if d["path"] == path)
    report = from_store(store, [doc["id"]])
    return report.documents[0]


def _pictures(d: ReportDocument, pdf: bytes | None = None) -> dict[int, Region]:
    assert d.source is not None
    content = pdf if pdf is not None else d.source.pdf()
    assert content is not None
    return regions(content, d.source.cells(), d.findings, d.name)


def _outline_pixels(region: Region) -> set[tuple[int, int]]:
    image = Image.open(io.BytesIO(region.png)).convert("RGB")
    assert image.size == (region.width, region.height)
    data = image.load()
    assert data is not None
    return {(x, y) for y in range(image.height) for x in range(image.width) if data[x, y] == HIGHLIGHT}


def _expected_rect(box: BBox, region: Region) -> tuple[int, int, int, int]:
    """The outline's outer pixel rectangle for a box, from the crop and the scale."""
    left, top = region.crop[0], region.crop[1]
    return (
        round((box[0] - PAD_PT - left) * region.scale),
        round((box[1] - PAD_PT - top) * region.scale),
        round((box[2] + PAD_PT - left) * region.scale),
        round((box[3] + PAD_PT - top) * region.scale),
    )


def _border(rect: tuple[int, int, int, int]) -> set[tuple[int, int]]:
    """The pixels of an outline OUTLINE_PX wide drawn inside a rectangle's edges."""
    x0, y0, x1, y1 = rect
    return {
        (x, y)
        for y in range(y0, y1 + 1)
        for x in range(x0, x1 + 1)
        if x < x0 + OUTLINE_PX or x > x1 - OUTLINE_PX or y < y0 + OUTLINE_PX or y > y1 - OUTLINE_PX
    }


def _assert_outlines_are(region: Region, boxes: list[BBox]) -> None:
    """The outline colour is exactly on the borders of the boxes' rectangles: there, and nowhere else."""
    expected: set[tuple[int, int]] = set()
    for box in boxes:
        rect = _expected_rect(box, region)
        assert 0 <= rect[0] < rect[2] < region.width and 0 <= rect[1] < rect[3] < region.height
        expected |= _border(rect)
    assert _outline_pixels(region) == expected


def _text_in(pdf: bytes, page: int, box: BBox) -> str:
    """The characters PDFium finds inside a box given from the top left (an unrotated page)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        p = doc[page - 1]
        assert p.get_rotation() == 0
        left, _, _, top = p.get_bbox()
        text = p.get_textpage().get_text_bounded(box[0] + left, top - box[3], box[2] + left, top - box[1])
        return "".join(text.split())
    finally:
        doc.close()


def test_a_table_cell_finding_is_outlined_on_its_cell(store: Store) -> None:
    d = _document(store, str(WANLI_2025))
    pictures = _pictures(d)
    cells = [f for f in d.findings if f.first.bbox is not None]
    assert len(cells) >= 2  # AR101 / AR103 on the 收入 and 支出 tables
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    for f in cells:
        region = pictures[f.index]
        box = f.first.bbox
        assert box is not None and region.how == "cell" and region.page == f.page
        on_page = [p.bbox for p in f.places if p.bbox and p.page == f.page]
        assert region.boxes == on_page  # the finding's cells on this page, all in the picture
        _assert_outlines_are(region, on_page)
        # the outlined cell is the one holding the finding's figure
        assert f.first.text and _text_in(pdf, region.page, box) == "".join(f.first.text.split())


def test_the_same_place_on_a_page_shown_turned(store: Store) -> None:
    """A page with /Rotate 90: the picture is turned back upright as the reader saw it, and the
    outline is on the same pixels."""
    d = _document(store, str(WANLI_2025))
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    doc = pdfium.PdfDocument(pdf)
    for page in doc:
        page.set_rotation(90)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    upright, turned = _pictures(d), _pictures(d, out.getvalue())
    f = next(f for f in d.findings if f.first.bbox is not None)
    assert turned[f.index].how == "cell"
    assert (turned[f.index].width, turned[f.index].height) == (
        upright[f.index].width,
        upright[f.index].height,
    )
    assert _outline_pixels(turned[f.index]) == _outline_pixels(upright[f.index])


def test_a_phrase_printed_twice_is_outlined_in_its_own_sentence(store: Store) -> None:
    d = _document(store, str(WANLI_2023))
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    pictures = _pictures(d)
    # TX313 on 职业年金: “预算安排441.25万元” is printed in items 15 and 16 of page 7
    f = next(f for f in d.findings if f.rule == "TX313" and f.first.text == "预算安排441.25万元")
    region = pictures[f.index]
    assert region.how == "text" and region.page == 7
    doc = pdfium.PdfDocument(pdf)
    full = "".join(doc[6].get_textpage().get_text_range().split())
    doc.close()
    assert full.count("预算安排441.25万元") == 2
    sentence = f.places[1].text or ""
    assert sentence.startswith("16.")
    texts = [_text_in(pdf, 7, b) for b in region.boxes]
    phrase = [b for b, t in zip(region.boxes, texts, strict=True) if t == "预算安排441.25万元"]
    assert len(phrase) == 1
    sentence_top = min(b[1] for b, t in zip(region.boxes, texts, strict=True) if t.startswith("16."))
    line = phrase[0][3] - phrase[0][1]
    assert 0 < phrase[0][1] - sentence_top < 3 * line  # on the line after the sentence's start, not item 15's
    _assert_outlines_are(region, region.boxes)


def test_a_place_not_found_is_not_outlined(store: Store) -> None:
    d = _document(store, str(WANLI_2023))
    d.findings = [
        ReportFinding(
            1,
            "XX001",
            "test",
            "error",
            "一致性",
            "不在页面上",
            places=[Place(page=7, text="这段文字不在页面上")],
        ),
        ReportFinding(
            2, "XX002", "test", "error", "一致性", "出现多次", places=[Place(page=7, line=1, text="万元")]
        ),
    ]
    pictures = _pictures(d)
    for f in d.findings:
        region = pictures[f.index]
        assert region.how == "" and "未标出" in region.note
        assert not _outline_pixels(region)
        assert region.crop[:2] == (0.0, 0.0)  # the whole page


def test_words_found_only_in_another_table_row_are_not_outlined(store: Store) -> None:
    """A sentence's words printed once on the page, but inside a table row that is not the place's
    line, are not the place: no outline. On the row's own line they are (the row)."""
    d = _document(store, str(WANLI_2025))
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    doc = pdfium.PdfDocument(pdf)
    assert "".join(doc[11].get_textpage().get_text_range().split()).count("城乡社区管理事务") == 1
    doc.close()
    line = next(f.line for f in d.findings if f.row == "21201" and f.page == 12)
    assert line is not None
    d.findings = [
        ReportFinding(
            1,
            "XX001",
            "test",
            "error",
            "一致性",
            "文字",
            places=[Place(page=12, line=3, text="城乡社区管理事务")],
        ),
        ReportFinding(
            2,
            "XX002",
            "test",
            "error",
            "一致性",
            "表格行",
            places=[Place(page=12, line=line, text="城乡社区管理事务")],
        ),
    ]
    pictures = _pictures(d)
    assert pictures[1].how == "" and not _outline_pixels(pictures[1])
    row = pictures[2]
    assert row.how == "row" and len(row.boxes) == 1
    assert "城乡社区管理事务" in _text_in(pdf, 12, row.boxes[0]) and "94,995,790" in _text_in(
        pdf, 12, row.boxes[0]
    )
    _assert_outlines_are(row, row.boxes)


def test_pages_drawn_in_several_children_give_the_same_pictures(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yusuan.reports.regions as regions_module

    d = _document(store, str(WANLI_2023))
    together = _pictures(d)
    monkeypatch.setattr(regions_module, "PAGES_PER_CHILD", 1)
    apart = _pictures(d)
    assert len({r.page for r in together.values()}) > 1
    assert {i: (r.page, r.how, r.boxes, r.png) for i, r in apart.items()} == {
        i: (r.page, r.how, r.boxes, r.png) for i, r in together.items()
    }
    assert set(together) == {f.index for f in d.findings if f.page is not None}


def test_a_quoted_excerpt_is_found_without_its_ellipsis(store: Store) -> None:
    """WD704 quotes the end of a sentence as “…费预算为464.64万元”: the words after the ellipsis are
    outlined; a table named without row or text is found by its printed title."""
    d = _document(store, str(WANLI_2025))
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    f = next(f for f in d.findings if f.rule == "WD704")
    assert f.first.text == "…费预算为464.64万元"
    title = next(t for t in store.rows(schema.doc_tables, d.id) if t["page"] == 25)["title"]
    d.findings = [
        f,
        ReportFinding(99, "XX001", "test", "error", "完整性", "表", places=[Place(page=25, table=title)]),
    ]
    pictures = _pictures(d)
    region = pictures[f.index]
    assert region.how == "text" and [_text_in(pdf, f.page or 0, b) for b in region.boxes] == [
        "费预算为464.64万元"
    ]
    _assert_outlines_are(region, region.boxes)
    table = pictures[99]
    assert table.how == "text" and "".join(_text_in(pdf, 25, b) for b in table.boxes) == "".join(
        title.split()
    )


def test_a_form_row_with_merged_cells_is_found_by_its_label_and_value(store: Store) -> None:
    """PF612 on 市容环境满意度 (2023, page 33): its 一级/二级指标 cells are merged or wrapped, so the
    row's cells are no run of text; the indicator's name and its value on the same line are outlined."""
    d = _document(store, str(WANLI_2023))
    pdf = d.source.pdf() if d.source else None
    assert pdf is not None
    f = next(f for f in d.findings if f.rule == "PF612" and f.row == "市容环境满意度")
    assert f.first.text == "满意度指标\t服务对象满意度指标\t市容环境满意度\t不低于50%"
    d.findings = [f]
    region = _pictures(d)[f.index]
    assert region.how == "text"
    assert [_text_in(pdf, 33, b) for b in region.boxes] == ["市容环境满意度", "不低于50%"]
    label, value = region.boxes
    assert abs((label[1] + label[3]) / 2 - (value[1] + value[3]) / 2) < 3  # one printed line
    _assert_outlines_are(region, region.boxes)
