"""Which kind of document a reader gave us, before anything audits it, and why.

Four kinds are checked: 部门预算, 单位预算, 部门决算 and 单位决算 (final accounts, published as 决算公开:
the same departments, other tables — 收入支出决算总表 … — other identities and other rules). Each gets
the templates of its kind. An unfilled template (样张: amounts and names still "XXX万元", "XX单位",
"x,xxx") is refused with a message instead of being audited into meaningless findings.

The kind is recognised from the document's content (titles, headings, table captions, placeholders),
never from its file name, and reported with the evidence. Works on any Document, whatever format it
was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from yusuan.model import Document, Heading, Paragraph, TableBlock, TocEntry

__all__ = ["DocKind", "Kind", "classify", "refusal"]

_LEVEL_WORDS = ("部门", "单位")


class DocKind(StrEnum):
    BUDGET = "budget"  # anything not refused; the extractor and the audit judge the rest
    FINAL = "final"
    TEMPLATE = "template"


@dataclass(frozen=True, slots=True)
class Kind:
    kind: DocKind
    final: bool  # the document is (a template of) final accounts
    level: str  # "部门" or "单位": whose final accounts
    finals: int  # title lines naming final accounts
    budgets: int  # title lines naming a budget
    placeholders: int
    amounts: int
    cover: str = ""  # the cover title line that decided, when one did

    @property
    def document(self) -> str:
        """The template family: "final" or "budget"."""
        return "final" if self.final else "budget"

    @property
    def label(self) -> str:
        """部门预算 / 单位预算 / 部门决算 / 单位决算."""
        return f"{self.level}{'决算' if self.final else '预算'}"

    @property
    def reason(self) -> str:
        """Why (Chinese): the cover title, or the count of title lines naming each kind."""
        if self.cover:
            return f"识别为{self.label}：封面标题“{self.cover}”"
        word = "决算" if self.final else "预算"
        count = self.finals if self.final else self.budgets
        return f"识别为{self.label}：{count} 处标题以“{word}”结尾（另一类 {self.budgets if self.final else self.finals} 处）"


# A title line is a short text (heading, TOC entry, caption, short paragraph, or a table cell: some
# TOCs are drawn as tables) that *ends* with the name of a document or table. Ending matters: a
# budget's column "2023年决算数" or prose "编制年度财政预决算草案" does not end with 决算/决算表,
# while every title of a final-accounts document does ("2024年度部门决算", "一、收入支出决算总表",
# "三、支出决算情况说明"). "预决算" is neither.
_TITLE_MAX = 60
_TITLE_ENDS = r"(?:总表|表|情况说明|编制说明|说明|公开|公开说明|信息公开|报告)?$"
_FINAL_TITLE = re.compile(r"(?<!预)决算" + _TITLE_ENDS)
_BUDGET_TITLE = re.compile(r"预算" + _TITLE_ENDS)
_TITLE_BLOCKS = 5  # the cover title is among the first blocks

# Placeholders of the official templates: a run of X (either case, half or full width), alone or
# in a number's shape ("XXX万元", "XX%", "x,xxx万元", "20XX年", "XX单位"). A run touching a Latin
# letter or a digit after it is a code or a word ("X101" plot numbers, "Excel"), and "X光"/"X射线"
# is the X-ray, not a placeholder.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9])(?:\d{2})?[XxＸｘ]+(?:[,，][XxＸｘ]{3})*(?:\.[XxＸｘ]+)?(?![A-Za-z0-9光射])"
)
# Amounts as published: thousands separators or decimals (not years, codes or list numbers).
# only where a run of digits starts: a search from inside a 500,000-digit run would rescan it (quadratic)
_AMOUNT = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)")

# A document is an unfilled template when it has at least _MIN_PLACEHOLDERS placeholders and no
# fewer placeholders than amounts: it is more skeleton than data. In ../shared/corpus the two
# templates have 75 (the 2026 unit budget workbook) and 174 (the 决算 样张) placeholders and not one
# amount; the filled budgets have none (the "X101" plot codes are not placeholders) against 79-743
# amounts. A filled disclosure with a few forgotten "XX" is checked, not refused (the leftovers are
# worth a finding, not a refusal), and the minimum keeps a short excerpt naming "XX路" or "X号楼"
# from being taken for a template.
_MIN_PLACEHOLDERS = 10

# A document is final accounts when at least _MIN_FINAL_TITLES title lines name final accounts
# (the corpus finals have 37-39, budgets 0) or its cover title does, and they outnumber the title
# lines naming a budget more than twice (finals name 预算 in a title at most once, "…无国有资本经营
# 预算"; budgets have 31-35 such lines). A budget that quotes last year's 决算 in prose or in a
# column header has no title line ending in 决算 at all.
_MIN_FINAL_TITLES = 3


def _texts(doc: Document) -> tuple[list[str], list[str]]:
    """(every text of the document, its short texts with whitespace removed: the title lines)."""
    texts: list[str] = []
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            texts.extend(c.text for row in block.rows for c in row if c.text)
        elif isinstance(block, Heading | Paragraph | TocEntry):
            texts.append(block.text)
    squeezed = ("".join(t.split()) for t in texts)
    return texts, [t for t in squeezed if 0 < len(t) <= _TITLE_MAX]


def _cover(doc: Document) -> list[str]:
    return ["".join(b.text.split()) for b in doc.blocks[:_TITLE_BLOCKS] if isinstance(b, Heading | Paragraph)]


def classify(doc: Document) -> Kind:
    texts, titles = _texts(doc)
    finals = [t for t in titles if _FINAL_TITLE.search(t)]
    budgets = sum(1 for t in titles if _BUDGET_TITLE.search(t))
    cover = _cover(doc)
    cover_final = any(_FINAL_TITLE.search(t) for t in cover)
    cover_budget = any(_BUDGET_TITLE.search(t) for t in cover)
    # a cover that names 决算 and no 预算 decides (a 决算 with ~90 绩效自评表 has many "全年预算数" cells
    # ending in 预算); otherwise the title lines vote
    final = (cover_final and not cover_budget) or (
        bool(finals) and len(finals) > 2 * budgets and (len(finals) >= _MIN_FINAL_TITLES or cover_final)
    )
    word = "决算" if final else "预算"
    named = [t for t in titles if (_FINAL_TITLE if final else _BUDGET_TITLE).search(t)]
    level = _level(cover, named, word)
    decided = next((t for t in cover if (_FINAL_TITLE if final else _BUDGET_TITLE).search(t)), "")
    placeholders = sum(len(_PLACEHOLDER.findall(t)) for t in texts)
    amounts = sum(len(_AMOUNT.findall(t)) for t in texts)
    template = placeholders >= _MIN_PLACEHOLDERS and placeholders >= amounts
    kind = DocKind.TEMPLATE if template else DocKind.FINAL if final else DocKind.BUDGET
    return Kind(kind, final, level, len(finals), budgets, placeholders, amounts, decided)


def _level(cover: list[str], titles: list[str], word: str) -> str:
    """单位 when the titles name a 单位预算/单位决算 more often than a 部门 one, else 部门: the cover
    decides when it names either."""
    for t in cover:
        for level in _LEVEL_WORDS:
            if f"{level}{word}" in t:
                return level
    counts = {level: sum(f"{level}{word}" in t for t in titles) for level in _LEVEL_WORDS}
    return "单位" if counts["单位"] > counts["部门"] else "部门"


def refusal(doc: Document, kind: Kind | None = None) -> str | None:
    """Why the document is not audited (a Chinese message naming the file), or None to audit it;
    ``kind`` when the caller has classified the document already."""
    k = kind or classify(doc)
    if k.kind is DocKind.TEMPLATE:
        return f"{doc.path}：这是未填写的{k.label}模板（含 {k.placeholders} 处“XXX”等占位符），请填写后再检查"
    return None
