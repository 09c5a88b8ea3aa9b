"""Source text in the built markdown is text, never markup: HTML, links, headings and table rows
written by a hostile source are entities, and yusuan reads the same text back."""

from __future__ import annotations

from pathlib import Path

from yusuan.build import build_source
from yusuan.pipeline import check_document
from yusuan.read import read_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HOSTILE = {
    "department: 清溪市云山区文化和旅游局": "department: 清溪市<script>alert(1)</script>文旅局",
    "  gpb: 人员调资及群众文化活动经费的增加": "  gpb: 人员调资[点此](javascript:alert(1))及<img src=x onerror=alert(1)>经费的增加",
    "  sangong.vehicle: 车辆维修支出减少": "  sangong.vehicle: '# 伪造的标题 | 伪造 | 表格 |'",
}


def test_hostile_source_text_is_written_as_text_and_read_back(tmp_path: Path) -> None:
    source = (EXAMPLES / "culture_bureau_2024.yaml").read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        assert old in source
        source = source.replace(old, new, 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(source, encoding="utf-8")
    md = build_source(path, formats=("md",)).outputs["md"].decode("utf-8")
    assert "<script" not in md and "<img" not in md and "](javascript:" not in md
    assert not any(line.startswith("# 伪造") for line in md.splitlines())
    assert "&lt;script&gt;" in md and "&#91;点此&#93;" in md
    d = check_document(read_text(md, "hostile.md")).disclosure
    assert d is not None and d.department == "清溪市<script>alert(1)</script>文旅局"
    texts = " ".join(t.text for t in d.texts)
    assert "[点此](javascript:alert(1))" in texts and "# 伪造的标题 | 伪造 | 表格 |" in texts
