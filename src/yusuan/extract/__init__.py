"""Extractor: Document + profile → Disclosure (typed tables, units, targets, claims, texts)."""

from __future__ import annotations

import re
from collections import Counter

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.extract.claims import ClaimExtractor, year_mentions
from yusuan.extract.coverage import doubt, target_doubt
from yusuan.extract.normalize import canon, squash
from yusuan.extract.tables import ExtractContext, find_unit, match_table_title, parse_table
from yusuan.extract.targets import (
    looks_like_self_evaluation,
    looks_like_target_table,
    looks_like_units_table,
    named_project,
    parse_target_table,
    parse_units_table,
)
from yusuan.model import (
    Block,
    Disclosure,
    Document,
    Heading,
    Paragraph,
    Provenance,
    TableBlock,
    TextBlock,
    TocEntry,
)
from yusuan.profiles import Profile, TableSpec

__all__ = ["extract"]

_TITLE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*度?\s*(?P<dept>.*?)\s*(?P<kind>部门预算|单位预算|部门决算|单位决算)"
)


def _heading_subject(text: str, profile: Profile) -> str | None:
    c = canon(text)
    for words, key in profile.heading_subjects.items():
        if canon(words) in c:
            return key
    return None


_NAMED_DEPARTMENT = re.compile(
    r"^(?:预算主管部门|主管部门|预算单位|部门名称|单位名称)[:：]\s*(?P<name>\S.{1,40})$"
)
_TITLE_MAX = 120
_CLAUSE = re.compile(r"[，。；：:,;、（）()]|目录|目\s*录")
_LEVEL_WORD = re.compile(r"^(?:区级|市级|县级|省级|本级|区本级|市本级)?$")
_REGION = re.compile(r"^.{1,12}?(?:省|自治区|市|区|县|旗)$")


def _title_and_year(doc: Document, d: Disclosure) -> None:
    """Title, year and department: the department from a 预算主管部门：/预算单位： line under the title
    (Shanghai), else the words between the year and 部门预算 (福州市鼓楼区委组织部2023年部门预算 has
    them before the year: taken when they are more than a place name)."""
    named = None
    for block in doc.blocks[:12]:
        if isinstance(block, Heading | Paragraph):
            m = _NAMED_DEPARTMENT.match(squash(block.text).replace(" ", ""))
            if m and named is None:
                named = m.group("name")
    cover: list[str] = []  # the short lines above the title line: a name wrapped over the cover
    for block in doc.blocks[:12]:
        if isinstance(block, Heading | Paragraph):
            text = squash(block.text).replace(" ", "")
            m = _TITLE.search(text) if len(text) <= _TITLE_MAX else None  # a title is short
            if m and m.start() == 0 and cover:
                # "上海市普陀区规划和自然 / 资源局 / 2024年度部门决算": the name is the lines above
                text = "".join(cover) + text
                m = _TITLE.search(text)
                assert m is not None
                d.title = text
            elif m:
                d.title = squash(block.text)
            if m:
                d.year = int(m.group("y"))
                dept = m.group("dept").removesuffix("部门").removesuffix("单位").removesuffix("预算")
                before = text[: m.start("y")]
                if _LEVEL_WORD.match(dept):
                    dept = before if before and not _REGION.match(before) else ""
                d.department = named or dept or None
                return
            cover = [*cover, text] if len(text) <= 16 and not _CLAUSE.search(text) else []
    d.department = named


def _fallback_year(d: Disclosure) -> None:
    if d.year is None:
        years = Counter(y.year for y in d.years)
        if years:
            d.year = years.most_common(1)[0][0]


def extract(doc: Document, profile: Profile, catalog: Catalog | None = None) -> Disclosure:
    catalog = catalog or load_catalog()
    d = Disclosure(path=doc.path, profile=profile.id, unit=profile.unit)
    if profile.document == "final":  # the caller names 部门/单位 once it has classified the document
        d.document = "部门决算"
    ctx = ExtractContext(doc.path, profile, catalog, profile.unit, d.problems)
    claims = ClaimExtractor(ctx)
    _title_and_year(doc, d)
    recent: list[Block] = []  # blocks since the last table, to find its title and unit
    section_path: list[str] = []
    heading_subject: str | None = None
    narrative = False
    glossary = False
    last_heading = ""
    read_from: dict[str, list[TableBlock]] = {}  # table id -> the blocks it was read from
    for block in doc.blocks:
        if isinstance(block, TocEntry):
            d.toc.append(TextBlock(block.text, Provenance(doc.path, line=block.line), is_heading=True))
            continue
        if isinstance(block, Heading):
            text = squash(block.text)
            src = Provenance(doc.path, line=block.line, page=block.page, text=text)
            # the 目录 is a section of its own, never the parent of the body's (杭州 sets it larger
            # than the body's headings, which nested every text of the document under it)
            outer = [p for p in section_path[: max(0, block.level - 1)] if p != "目录"]
            rank = _outline_rank(text)
            if rank is not None:  # 二、 after 一、 is its sibling, 第二部分 closes 四、, whatever their sizes
                closed = [i for i, p in enumerate(outer) if (r := _outline_rank(p)) is not None and r >= rank]
                outer = outer[: closed[0]] if closed else outer
            section_path = [*outer, text]
            d.texts.append(TextBlock(text, src, " / ".join(section_path), is_heading=True, level=block.level))
            d.years.extend(year_mentions(text, src))
            if any(w in text for w in profile.narrative_start):
                narrative = True
                if profile.narrative_ends_glossary:
                    # a 目录 line naming 名词解释 taken for a heading (the 目录 goes on over a page
                    # without page numbers) does not silence the narrative that follows
                    glossary = False
            if any(w in text for w in profile.glossary_start):
                glossary, narrative = True, False
            heading_subject = _heading_subject(text, profile) if narrative else None
            last_heading = text
            recent.append(block)
            continue
        if isinstance(block, Paragraph):
            text = block.text
            src = Provenance(doc.path, line=block.line, page=block.page, text=text[:200])
            d.texts.append(TextBlock(text, src, " / ".join(section_path)))
            if narrative and not glossary:
                claims.paragraph(block, heading_subject)
            else:
                claims._years(block)
            recent.append(block)
            continue
        assert isinstance(block, TableBlock)
        table_id = _table(block, recent, last_heading, d, ctx)
        if table_id is not None:
            read_from.setdefault(table_id, []).append(block)
        recent = []
    for table_id, blocks in read_from.items():
        spec = profile.table(table_id)
        d.tables[table_id].doubt = doubt(d.tables[table_id], spec, blocks, profile.two_sided_parts)
    for target in d.targets:
        target.doubt = target.doubt or target_doubt(target)
    d.tables_only = _tables_only(d, profile)
    d.claims = claims.claims
    d.years.extend(claims.years)
    _fallback_year(d)
    _resolve_named_codes(d)
    return d


_EMPTY_ROW = re.compile(r"空表|不涉及|无数据|为空")


def _empty_table_rows(block: TableBlock) -> list[str]:
    """Rows of a list of tables that mark one empty with a reason ("表9 …政府性基金收支表 | 是 | 不涉及")."""
    rows = (squash(" ".join(c.text for c in row)) for row in block.rows)
    return [r for r in rows if "表" in r and _EMPTY_ROW.search(r)]


# the outline's numberings, outermost first: a heading closes the open sections numbered as deep
# as it or deeper (第二部分 closes 四、 and its （三）; 二、 closes 一、)
_OUTLINE = (
    re.compile(r"^第[一二三四五六七八九十]+部分"),
    re.compile(r"^[一二三四五六七八九十]+、"),
    re.compile(r"^[（(][一二三四五六七八九十]+[）)]"),
    re.compile(r"^\d+[.．、]"),
    re.compile(r"^[（(]\d+[）)]"),
)


def _outline_rank(heading: str) -> int | None:
    """How deep a heading's numbering is in the outline (第一部分 0, 一、 1, （一） 2, 1. 3, （1） 4)."""
    return next((rank for rank, pattern in enumerate(_OUTLINE) if pattern.match(heading)), None)


def _tables_only(d: Disclosure, profile: Profile) -> bool:
    """No narrative: fewer than three sentences of prose, or no heading of the template's narrative
    (a tables attachment whose 情况说明 was published as a separate file)."""
    prose = [t for t in d.texts if not t.is_heading and len(t.text) >= 40 and "。" in t.text]
    heads = [t.text for t in d.texts if t.is_heading or len(t.text) < 40] + [t.text for t in d.toc]
    narrative = any(w in h for w in profile.narrative_start for h in heads)
    return len(prose) < 3 or not narrative


def _table(
    block: TableBlock, recent: list[Block], last_heading: str, d: Disclosure, ctx: ExtractContext
) -> str | None:
    """Read one table block into ``d``; the id of the table it belongs to, if any."""
    texts = [b.text for b in recent[-6:] if isinstance(b, Heading | Paragraph)]
    src = Provenance(ctx.path, line=block.line, page=block.page)
    if looks_like_units_table(block):
        d.units.extend(parse_units_table(block, ctx))
        return None
    if looks_like_self_evaluation(block) and ctx.profile.has_table(_SELF_EVALUATION):
        # a 绩效自评表 (a 决算's): kept with the template's listing of them, not read as targets
        return _listing(block, ctx.profile.table(_SELF_EVALUATION), texts, last_heading, d, ctx)
    if looks_like_target_table(block):
        project = (
            named_project(block)
            or re.sub(r"(?:项目)?(?:支出)?绩效目标表$", "", squash(last_heading))
            or "未命名项目"
        )
        d.targets.append(parse_target_table(block, project, ctx))
        return None
    spec = None
    title = ""
    for text in reversed(texts):
        # a note under the previous table run into this one's title ("注：本表反映…情况。支出决算表")
        tail = squash(text).rsplit("。", 1)[-1].strip()
        if tail and tail != squash(text) and (spec := match_table_title(tail, ctx.profile)) is not None:
            title = tail
            break
        spec = match_table_title(text, ctx.profile)
        if spec is not None:
            title = squash(text)
            break
    if spec is None:
        head = " ".join(c.text for c in block.rows[0])[:60] if block.rows else ""
        d.unrecognised.append((f"无法识别的表格（表头：{head}）", src))
        d.empty_notes.extend(_empty_table_rows(block))
        return None
    if spec.id in d.tables:
        # a table continued after a page break repeats its title; append the rows
        extra = parse_table(block, spec, title, d.tables[spec.id].unit or ctx.default_unit, ctx)
        d.tables[spec.id].rows.extend(
            r for r in extra.rows if not r.is_total or not d.tables[spec.id].totals(r.section)
        )
        return spec.id
    unit = find_unit(texts)
    table = parse_table(block, spec, title, unit or ctx.default_unit, ctx)
    table.unit_stated = unit is not None
    d.tables[spec.id] = table
    return spec.id


_SELF_EVALUATION = "performance"


def _listing(
    block: TableBlock,
    spec: TableSpec,
    texts: list[str],
    last_heading: str,
    d: Disclosure,
    ctx: ExtractContext,
) -> str:
    """A form of a listing role (several forms, one table): its rows added to the table's."""
    titles = [squash(t) for t in [last_heading, *texts] if squash(t).endswith("表")]
    title = titles[-1] if titles else spec.title
    table = parse_table(block, spec, title, ctx.default_unit, ctx)
    if spec.id in d.tables:
        d.tables[spec.id].rows.extend(table.rows)
    else:
        d.tables[spec.id] = table
    return spec.id


def _name_form(name: str) -> str:
    """A subject name as compared with the tables' (其它 and 其他 are the same word)."""
    return canon(name).replace("其它", "其他")


def _resolve_named_codes(d: Disclosure) -> None:
    """'一般公共服务支出（类）组织事务（款）行政运行（项）' → func:2013201 using the tables' names."""
    rows = [r for t in d.tables.values() if t.id in ("gpb", "expense", "income") for r in t.rows if r.code]
    names = {r.code: _name_form(r.label) for r in rows if r.code}
    for claim in d.claims:
        if not claim.subject.startswith("funcname:"):
            continue
        _lei, kuan, xiang = (_name_form(n) for n in claim.subject.split(":", 1)[1].split("/"))
        candidates = [c for c, n in names.items() if len(c) == 7 and xiang in n]
        if len(candidates) > 1:
            candidates = [c for c in candidates if kuan in names.get(c[:5], "") + names.get(c, "")]
        if len(set(candidates)) == 1:
            claim.subject = f"func:{candidates[0]}"
