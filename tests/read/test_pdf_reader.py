"""The PDF reader: the built examples read back to the same disclosure, real published PDFs read
with hand-checked cells, layout cases on small Typst PDFs, and files it must refuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

try:
    from tests.read import pdf_samples as samples
except ImportError:  # run on its own, without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.read import pdf_samples as samples

from yusuan import profiles
from yusuan.derive import derive
from yusuan.extract import extract
from yusuan.model import Document, Heading, Paragraph, Publication, TableBlock, TocEntry
from yusuan.model.disclosure import content
from yusuan.read.errors import UnreadableInput
from yusuan.read.pdf import read_pdf
from yusuan.render.pdf import render
from yusuan.source import load_source

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "shanghai" / "budget"
CORPUS_PDFS = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_PDFS, reason="../shared/corpus/shanghai/budget is not here")


def texts(row: list) -> list[str]:
    return [c.text for c in row]


def tables(doc: Document) -> list[TableBlock]:
    return [b for b in doc.blocks if isinstance(b, TableBlock)]


def table_after(doc: Document, caption: str) -> TableBlock:
    """The first table after the heading whose text contains ``caption``."""
    seen = False
    for block in doc.blocks:
        if isinstance(block, Heading) and caption in block.text.replace(" ", ""):
            seen = True
        elif seen and isinstance(block, TableBlock):
            return block
    raise AssertionError(f"no table after a heading with {caption}")


def row_starting(table: TableBlock, *first: str) -> list[str]:
    for row in table.rows:
        if texts(row)[: len(first)] == list(first):
            return texts(row)
    raise AssertionError(f"no row starting with {first}")


# -- the built examples read back -------------------------------------------------------------------


@pytest.fixture(scope="module", params=["culture_bureau_2024.yaml", "putuo_street_2025.yaml"])
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Publication, Document]:
    budget, _ = load_source(ROOT / "examples" / request.param)
    pub = derive(budget).publication
    path = tmp_path_factory.mktemp("pdf") / (request.param.removesuffix(".yaml") + ".pdf")
    path.write_bytes(render(pub))
    return pub, read_pdf(path)


def test_built_pdf_reads_back_to_the_same_disclosure(built: tuple[Publication, Document]) -> None:
    pub, doc = built
    profile = profiles.load(pub.profile)
    expected = content(extract(pub.to_document(), profile))
    got = content(extract(doc, profile))
    assert got["tables"] == expected["tables"]
    assert got["claims"] == expected["claims"]  # narrative paragraphs are whole again after wrapping
    assert got == expected  # year, department, units, targets and headings too
    assert not extract(doc, profile).problems


def test_built_pdf_positions(built: tuple[Publication, Document]) -> None:
    pub, doc = built
    assert doc.format == "pdf"
    assert doc.pages is not None and doc.pages > 10
    assert not doc.problems
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].text.replace(" ", "") == pub.title.replace(
        " ", ""
    )
    lines = [b.line for b in doc.blocks if not isinstance(b, TableBlock)]
    assert all(line is not None for line in lines)
    # one running line number per visual line and table row: increasing through the document
    numbers = [
        n
        for b in doc.blocks
        for n in ([c.line for r in b.rows for c in r[:1]] if isinstance(b, TableBlock) else [b.line])
    ]
    assert numbers == sorted(numbers)
    for table in tables(doc):
        assert table.page is not None and table.line == table.rows[0][0].line
        for row in table.rows:
            assert len({c.line for c in row}) == 1
            assert [c.column for c in row] == list(range(len(row)))
            for cell in row:
                assert cell.page is not None and 1 <= cell.page <= (doc.pages or 0)
                assert cell.bbox is not None and cell.bbox[0] < cell.bbox[2] and cell.bbox[1] < cell.bbox[3]
    # page numbers ("- 3 -") are not text
    assert not any(isinstance(b, Paragraph) and b.text.strip("- ").isdigit() for b in doc.blocks)
    assert any(isinstance(b, TocEntry) and b.page_number for b in doc.blocks)


# -- real published PDFs -----------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_PDFS, ids=[p.name for p in CORPUS_PDFS])
def test_real_budget_pdf_reads(path: Path) -> None:
    doc = read_pdf(path)
    assert doc.format == "pdf" and doc.pages and not doc.problems
    big = [t for t in tables(doc) if len(t.rows) >= 3]
    assert len(big) >= 9, f"{len(big)} tables of 3 rows or more"
    profile = profiles.load("shanghai")
    found = extract(doc, profile).tables
    assert {"summary", "income", "expense", "fiscal", "gpb", "econ_basic", "sangong"} <= set(found)


@pytest.fixture(scope="module")
def zhengfuban() -> Document:
    path = CORPUS / "2025_putuo_zhengfuban_dept.pdf"
    if not path.is_file():
        pytest.skip("../shared/corpus/shanghai/budget/2025_putuo_zhengfuban_dept.pdf is not here")
    return read_pdf(path)


def test_zhengfuban_summary_table(zhengfuban: Document) -> None:
    # pdftotext -layout: "一、财政拨款收入  91,016,775.35 一、一般公共服务支出  82,096,797.42"
    table = table_after(zhengfuban, "2025年部门财务收支预算总表")
    assert texts(table.rows[0]) == ["本年收入", "", "本年支出", ""]  # merged header cells
    assert texts(table.rows[1]) == ["项目", "预算数", "项目", "预算数"]
    assert row_starting(table, "一、财政拨款收入") == [
        "一、财政拨款收入",
        "91,016,775.35",
        "一、一般公共服务支出",
        "82,096,797.42",
    ]
    assert row_starting(table, "2.政府性基金") == ["2.政府性基金", "", "三、卫生健康支出", "1,097,073.43"]
    assert row_starting(table, "收入总计") == ["收入总计", "91,016,775.35", "支出总计", "91,016,775.35"]
    cell = table.rows[2][1]
    assert cell.page == 8 and cell.column == 1 and cell.line == table.rows[2][0].line


def test_zhengfuban_income_table_continues_on_the_next_page(zhengfuban: Document) -> None:
    table = table_after(zhengfuban, "2025年部门收入预算总表")
    assert texts(table.rows[0])[:5] == ["项目", "", "", "", "收入预算"]
    # a header cell over the three code columns, and 类/款/项 below it
    assert texts(table.rows[1])[:4] == ["功能分类科目编码", "", "", "功能分类科目名称"]
    assert texts(table.rows[2])[:3] == ["类", "款", "项"]
    # functional codes stay in their 类/款/项 cells: the extractor joins them
    assert row_starting(table, "201", "03", "01") == [
        "201",
        "03",
        "01",
        "行政运行",
        "12,029,501.84",
        "12,029,501.84",
        "",
        "",
        "",
    ]
    # the rows on page 10 (no repeated header there) belong to the same table
    pages = {c.page for r in table.rows for c in r}
    assert pages == {9, 10}
    assert row_starting(table, "221", "02", "03")[3:5] == ["购房补贴", "1,867,680.00"]
    assert row_starting(table, "合计")[4] == "91,016,775.35"


def test_zhengfuban_text_around_tables(zhengfuban: Document) -> None:
    blocks = zhengfuban.blocks
    i = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "2025年部门财务收支预算总表"
    )
    assert [type(b).__name__ for b in blocks[i : i + 4]] == [
        "Heading",
        "Paragraph",
        "Paragraph",
        "TableBlock",
    ]
    assert blocks[i + 1].text == "编制部门：上海市普陀区人民政府办公室"  # type: ignore[union-attr]
    assert blocks[i + 2].text == "单位：元"  # type: ignore[union-attr]
    notes = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("注")]
    assert "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。" in notes
    toc = [b.text for b in blocks if isinstance(b, TocEntry)]
    assert toc[0] == "一、部门主要职能" and "七、项目经费情况说明" in toc
    # a paragraph wrapped over three lines is one paragraph, its lines mapped back
    para = next(
        b
        for b in blocks
        if isinstance(b, Paragraph) and b.text.startswith("上海市普陀区人民政府办公室是协助")
    )
    assert para.text.endswith("合署办公。") and len(para.line_starts) == 3


@needs_corpus
def test_caizhengju_tables_and_cross_page_total() -> None:
    # Excel 2007 output, amounts without decimals; pdftotext -layout checked by hand
    doc = read_pdf(CORPUS / "2025_shanghai_caizhengju_unit.pdf")
    summary = table_after(doc, "2025年预算单位财务收支预算总表")
    row = row_starting(summary, "一、财政拨款收入")
    assert row == [
        "一、财政拨款收入",
        "171,915,169",
        "一、一般公共服务支出",
        "127,886,849",
        "60,330,260",
        "24,531,459",
        "43,025,130",
    ]
    assert row_starting(summary, "收入总计")[1] == "171,915,169"
    # WPS, 2024: the 合计 row alone on page 15, its label spanning the code columns, joins the table
    wanli = read_pdf(CORPUS / "2024_putuo_wanli_jiedao_dept.pdf")
    income = table_after(wanli, "2024年部门收入预算总表")
    total = row_starting(income, "合计")
    assert total[:5] == ["合计", "", "", "", "156,211,123"]
    assert len(total) == len(income.rows[0])


# -- small Typst PDFs --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(samples.sample_document())
    return read_pdf(path)


def test_headings_by_size_and_captions(sample: Document) -> None:
    headings = [(b.text, b.level) for b in sample.blocks if isinstance(b, Heading)]
    assert headings == [
        ("一、部门预算编制说明", 1),  # 18 pt
        ("（一）收入预算总表", 2),  # 15 pt
        ("2025年部门收入预算总表", 3),  # body size, centred above the table: its caption
        ("（二）项目支出明细表", 2),
        ("2025年项目支出明细表", 3),
    ]
    first = sample.blocks[0]
    assert isinstance(first, Paragraph) and first.text == "2025年度测试部门预算"  # the cover title


def test_wrapped_paragraph_is_one_paragraph(sample: Document) -> None:
    paras = [b for b in sample.blocks if isinstance(b, Paragraph)]
    long = next(p for p in paras if p.text.startswith("2025年，本部门"))
    assert long.text == samples.LONG_PARAGRAPH
    assert len(long.line_starts) >= 3 and long.page == 2
    assert [ln for _, ln in long.line_starts] == list(
        range(long.line or 0, (long.line or 0) + len(long.line_starts))
    )
    offset = long.text.index("支出预算")
    assert long.line_at(offset) is not None and long.line_at(offset) > (long.line or 0)  # type: ignore[operator]
    assert any(p.text == "第二段只有一行。" for p in paras)
    assert not any("页" in p.text and p.text.startswith("第") for p in paras)  # 第 N 页 footers dropped


def test_merged_header_split_codes_amounts_and_notes(sample: Document) -> None:
    table = table_after(sample, "2025年部门收入预算总表")
    assert texts(table.rows[0]) == ["功能分类科目编码", "", "", "功能分类科目名称", "收入预算", "", ""]
    assert texts(table.rows[1]) == ["类", "款", "项", "", "合计", "财政拨款收入", "其他收入"]
    body = [texts(r) for r in table.rows[2:]]
    assert body[:5] == [list(r) for r in samples.INCOME_ROWS]  # with and without separators, empty cells
    assert body[-1] == ["", "", "", "合计", "1,284,567.89", "1,234,567.89", "50,000.00"]
    i = sample.blocks.index(table)
    assert isinstance(sample.blocks[i - 1], Paragraph) and sample.blocks[i - 1].text == "单位：元"  # type: ignore[union-attr]
    note = sample.blocks[i + 1]
    assert isinstance(note, Paragraph) and note.text == "注：本表不含上年结转。"


def test_table_over_three_pages_is_one_table(sample: Document) -> None:
    table = table_after(sample, "2025年项目支出明细表")
    assert texts(table.rows[0]) == ["编码", "项目名称", "金额"]  # the repeated headers are dropped
    assert len(table.rows) == 91
    assert texts(table.rows[-1]) == ["090", "第90项支出", "90,000.00"]
    assert {c.page for r in table.rows for c in r} == {2, 3, 4}
    lines = [r[0].line for r in table.rows]
    assert lines == list(range(lines[0], lines[0] + 91))
    note = sample.blocks[sample.blocks.index(table) + 1]
    assert isinstance(note, Paragraph) and note.text == "注：本表共九十行。"


def test_rotated_pages_read_upright(sample: Document, tmp_path: Path) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument(samples.sample_document())
    for page in doc:
        page.set_rotation(90)  # /Rotate 90 over upright text: the text is still read as drawn
    path = tmp_path / "turned.pdf"
    doc.save(str(path))
    doc.close()
    turned = read_pdf(path)
    assert [getattr(b, "text", None) for b in turned.blocks] == [
        getattr(b, "text", None) for b in sample.blocks
    ]
    assert [[texts(r) for r in t.rows] for t in tables(turned)] == [
        [texts(r) for r in t.rows] for t in tables(sample)
    ]
    # a table drawn sideways on a portrait page
    path = tmp_path / "sideways.pdf"
    path.write_bytes(samples.sideways_table())
    sideways = read_pdf(path)
    assert [texts(r) for r in tables(sideways)[0].rows] == [
        ["编码", "科目名称", "金额"],
        ["201", "一般公共服务支出", "1,234.50"],
        ["208", "社会保障和就业支出", "99.00"],
    ]
    assert isinstance(sideways.blocks[0], Heading) and sideways.blocks[0].text == "2025年部门收入预算总表"


def test_long_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(samples.many_pages(300))
    code = (
        "import resource, sys\n"
        "from yusuan.read.pdf import read_pdf\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "doc = read_pdf(sys.argv[1])\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(doc.pages, sum(1 for b in doc.blocks if b.__class__.__name__ == 'TableBlock'), after - before)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    pages, n_tables, grown_kb = map(int, out.stdout.split())
    assert pages == 301 and n_tables == 300
    assert grown_kb < 100 * 1024, f"reading 300 pages took {grown_kb} KB more memory"


def test_reader_knows_formats_not_budgets() -> None:
    code = (
        "import sys, yusuan.read.pdf\n"
        "bad = ('yusuan.extract', 'yusuan.audit', 'yusuan.profiles', 'yusuan.catalog', 'yusuan.render')\n"
        "print(sorted(m for m in sys.modules if m.startswith(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- files it must refuse ----------------------------------------------------------------------------


def _refused(path: Path) -> str:
    with pytest.raises(UnreadableInput) as info:
        read_pdf(path)
    message = str(info.value)
    assert message.startswith(str(path))
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "空" in _refused(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = samples.sample_document()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    assert "不完整" in _refused(path)


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("2025年部门预算\n一、财政拨款收入 100\n", encoding="utf-8")
    assert "不是 PDF" in _refused(path)
    html = tmp_path / "page.pdf"
    html.write_text("<!doctype html><html><body>404</body></html>", encoding="utf-8")
    assert "HTML" in _refused(html)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    assert "损坏" in _refused(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(samples.encrypted_pdf())
    assert "加密" in _refused(path)


@pytest.mark.parametrize("make", [samples.image_only_pdf, samples.blank_pdf], ids=["image", "rectangle"])
def test_pdf_without_text_layer(tmp_path: Path, make: object) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(make())  # type: ignore[operator]
    message = _refused(path)
    assert "没有文字层" in message and "扫描件" in message and "OCR" in message


def test_scanned_page_in_a_text_pdf_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "partly.pdf"
    path.write_bytes(samples.partly_scanned_pdf())
    doc = read_pdf(path)
    assert doc.pages == 2
    assert [b.text for b in doc.blocks if isinstance(b, Heading)] == ["一、部门主要职能"]
    assert len(doc.problems) == 1 and "第 2 页" in doc.problems[0] and "OCR" in doc.problems[0]


def test_missing_file(tmp_path: Path) -> None:
    assert "无法读取" in _refused(tmp_path / "nowhere.pdf")
