"""Turn reader tables into typed budget tables, matched to the profile by title, not position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yusuan.catalog import Catalog
from yusuan.extract.normalize import best_alias, canon, squash, strip_ordinal
from yusuan.model import (
    SUBTOTAL,
    BudgetTable,
    Cell,
    Column,
    Money,
    Provenance,
    TableBlock,
    TableKind,
    TableRow,
    Unit,
    parse_decimal,
)
from yusuan.profiles import Profile, TableSpec

CODE = re.compile(
    r"^\d{3,8}$"
)  # well-formed codes are 3/5/7 digits; others are read so CD501 can report them
TOTAL_LABELS = ("合计", "总计", "小计")
# a code printed in brackets before its name in the name's cell: [301]工资福利支出, 【30101】基本工资
_BRACKETED_CODE = re.compile(r"^[\[［【](\d{3,7})[\]］】]\s*(\S.*)$")
_SPLIT_PART = re.compile(r"^\d{1,2}$")
DASHES = {"-", "—", "--", "－", "/", "——", "…"}
_LABEL_HEADERS = ("科目编码", "科目名称", "编码", "名称", "项目", "功能分类", "经济分类", "科目")


@dataclass
class ExtractContext:
    path: str
    profile: Profile
    catalog: Catalog
    default_unit: Unit
    problems: list[tuple[str, Provenance]]

    rows_read: int = 0  # table rows given to the parsers so far (MAX_DOCUMENT_ROWS)

    def problem(self, message: str, source: Provenance) -> None:
        self.problems.append((message, source))


#: Table rows parsed per document. Parsing costs a fraction of a millisecond per row (labels,
#: codes, amounts, provenance), so 200,000 rows of a hostile text took minutes; the longest
#: disclosure of the corpora (301 pages) has some ten thousand. A table past the budget is
#: recognised by its title but not parsed: its doubt says why, and no rule checks its figures.
MAX_DOCUMENT_ROWS = 50_000


# A table's label and the words around its name that say nothing of its role: 表1 / 表一 / 表 10：,
# 预算01表 / 预算表12 / 公开08表 / 公开表十二 / 附表14, 附件2, a leading year, 部门综合预算 / 市级部门.
_LABEL = re.compile(
    r"(?:附表|公开表|预算表|表)\s*[0-9０-９一二三四五六七八九十]+(?:[-—－.．][0-9]+)?\s*[：:、.．]?"
    r"|(?:预算|决算|公开|部门)\s*[0-9０-９]+\s*表|附件\s*[0-9]+"
)
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def title_words(text: str) -> str:
    """A title as its role words: no label, no year, no spaces ('预算 06表 一般公共预算基本支出表' →
    '一般公共预算基本支出表')."""
    t = _LABEL.sub(" ", _YEAR.sub(" ", text))  # before spaces go: '表1 2022年' is not '表12022年'
    return canon(t).strip("：:、 ")


def _role(text: str, profile: Profile) -> TableSpec | None:
    """The table whose role rule holds for these title words (a title ends with 表, before a
    trailing note such as （按功能分类科目）; a sentence that names a table is not a title)."""
    words = title_words(text)
    core = words
    while _TRAILING_NOTE.search(core):
        core = _TRAILING_NOTE.sub("", core)
    if not core.endswith("表") or len(core) > 40:
        return None
    for r in profile.roles:
        if (
            all(w in words for w in r.all)
            and (not r.any or any(w in words for w in r.any))
            and not any(w in words for w in r.none)
            and profile.has_table(r.table)
        ):
            return profile.table(r.table)
    return None


def match_table_title(text: str, profile: Profile) -> TableSpec | None:
    """The table a title names: one of the template's own names, else its role by title words."""
    aliases = {t.id: t.names for t in profile.tables}
    found = best_alias(text, aliases)
    if found is not None:
        key, score = found
        # a title must be mostly the table name (not a sentence that mentions it)
        if score >= 1000 or len(canon(text)) <= 40:
            exact = profile.table(key)
            by_role = _role(text, profile) if score < 1000 else None
            return by_role or exact
    return _role(text, profile)


_UNIT = re.compile(r"单位[：:]\s*(万元|元)")


def find_unit(texts: list[str]) -> Unit | None:
    for t in texts:
        m = _UNIT.search(t.replace(" ", ""))
        if m:
            return Unit(m.group(1))
    return None


def _is_amount_text(text: str) -> bool:
    return parse_decimal(text) is not None


def split_header(rows: list[list[Cell]]) -> int:
    """Number of leading header rows: rows before the first with an amount or a code, or with a
    total label when it has an amount or the table has none (an empty table's 合计 row). A header
    row may begin with 合计 (合计 | 基本支出 | 项目支出 above the amounts, 单位名称 | 合计 | …)."""
    any_amount = any(_is_amount_text(c.text) for row in rows for c in row[1:])
    for i, row in enumerate(rows):
        texts = [c.text for c in row]
        if any(CODE.match(t) for t in texts):
            return i
        has_amount = any(_is_amount_text(t) for t in texts[1:])
        # an empty table's 合计 row, unless it also carries column names (合计 | … | 合计 | 基本支出 on
        # one line: the row under a spanning 本年支出 printed level with the total's label)
        total_row = any(canon(t) in TOTAL_LABELS for t in texts[:2]) and not any(
            t.strip() and canon(t) not in TOTAL_LABELS for t in texts[2:]
        )
        if has_amount or (not any_amount and total_row):
            return i
    return len(rows)


def merge_header(rows: list[list[Cell]]) -> list[str]:
    width = max((len(r) for r in rows), default=0)
    out = []
    for col in range(width):
        parts = [squash(r[col].text) for r in rows if col < len(r) and r[col].text.strip()]
        out.append("".join(p for p in parts if p not in ("其中：", "其中:")) or "".join(parts))
    return out


def _money(cell: Cell | None, unit: Unit, prov: Provenance, ctx: ExtractContext) -> Money | None:
    if cell is None:
        return None
    text = cell.text.strip()
    if not text or text in DASHES:
        return None
    parsed = parse_decimal(text)
    # the cell itself, so findings and exports point at it without finding it again by its text
    src = prov.with_(line=cell.line, page=cell.page, text=text, cell=cell.column, bbox=cell.bbox)
    if parsed is None:
        ctx.problem(f"无法识别的金额“{text[:40]}”", src)
        return None
    value, places = parsed
    return Money(value, unit, places, src)


def _cell(row: list[Cell], index: int | None) -> Cell | None:
    if index is None or index >= len(row):
        return None
    return row[index]


def lowest_header(rows: list[list[Cell]]) -> list[str]:
    """Each column's lowest header text (its own name under any spanning parent)."""
    width = max((len(r) for r in rows), default=0)
    out = []
    for col in range(width):
        texts = [squash(r[col].text) for r in rows if col < len(r) and r[col].text.strip()]
        out.append(texts[-1] if texts else "")
    return out


def map_columns(header: list[str], spec: TableSpec, lowest: list[str] | None = None) -> dict[str, int]:
    """Column key -> index; each header column goes to the key whose alias matches it best. A column
    named only by the parent spanning it (基本支出 over 人员支出 | 公用支出) is a part of that key, not
    the key: its own name is not one of the key's, nor a generic 小计/合计."""
    taken: dict[str, tuple[int, int]] = {}
    for idx, title in enumerate(header):
        if not title:
            continue
        found = best_alias(title, spec.columns)
        if found is None:
            continue
        key, score = found
        own = lowest[idx] if lowest and idx < len(lowest) else title
        if (
            own
            and own != title
            and canon(own) not in ("小计", "合计")
            and best_alias(own, {key: spec.columns[key]}) is None
        ):
            continue
        if key not in taken or score > taken[key][1]:
            taken[key] = (idx, score)
    return {k: v[0] for k, v in taken.items()}


def _row_source(ctx: ExtractContext, title: str, row: list[Cell]) -> Provenance:
    line = next((c.line for c in row if c.line is not None), None)
    page = next((c.page for c in row if c.page is not None), None)
    return Provenance(ctx.path, line=line, page=page, table=title, text="\t".join(c.text for c in row))


def side_by_side(rows: list[list[Cell]]) -> list[list[Cell]] | None:
    """The rows of a table printed as two or three identical column groups side by side (the 决算
    基本支出 table: 科目编码 | 科目名称 | 决算数 ×3) stacked into one group, the left group's rows
    first; None when the table is not so printed. Cells keep their printed column for provenance."""
    n_head = split_header(rows)
    header = [canon(h) for h in merge_header(rows[:n_head])]
    for k in (3, 2):
        width = len(header) // k
        if width < 2 or width * k != len(header):
            continue
        groups = [header[g * width : (g + 1) * width] for g in range(k)]
        if any(g != groups[0] for g in groups) or not any("编码" in h or "代码" in h for h in groups[0]):
            continue
        out = [r[:width] for r in rows[:n_head]]
        for g in range(k):
            for r in rows[n_head:]:
                part = r[g * width : (g + 1) * width]
                if any(c.text.strip() for c in part):
                    out.append(part)
        return out
    return None


# what a table with one column of amounts heads it (科目 | 预算): that column is the table's total
_ONE_AMOUNT = frozenset({"预算", "预算数", "预算金额", "本年预算", "本年预算数", "金额", "数额"})


def _coded_rows(rows: list[list[Cell]]) -> bool:
    """Whether the rows are classification items with codes (a list of income sources by name,
    one 金额 column, is another layout: its items are not the spec's columns). A table of its
    合计 row alone (an empty table: 合计 0.00) has nothing to misread."""
    items = [squash(row[0].text) for row in rows if row and any(c.text.strip() for c in row)]
    items = [t for t in items if canon(t) not in TOTAL_LABELS]
    return not items or any(CODE.match(t) or _BRACKETED_CODE.match(t) for t in items)


def _only_amount_column(header: list[str]) -> dict[str, int]:
    """``{"total": i}`` when the one column right of the labels is headed by a generic amount word."""
    generic = [i for i, h in enumerate(header) if i > 0 and canon(h) in _ONE_AMOUNT]
    if len(generic) == 1 and all(not h for h in header[generic[0] + 1 :]):
        return {"total": generic[0]}
    return {}


def parse_coded(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable:
    stacked = side_by_side(block.rows)
    if stacked is not None:
        block = TableBlock(stacked, line=block.line, page=block.page)
    n_head = split_header(block.rows)
    header = merge_header(block.rows[:n_head])
    measured = _measure_columns(block.rows[:n_head])
    if measured is not None:
        # 年初预算数 | 全年预算数 | 决算数, each over 合计 | 基本支出 | 项目支出: the 决算数 are the table's
        header = [h if measured[1].get(i, "total") == "total" else "" for i, h in enumerate(header)]
    colmap = map_columns(header, spec, lowest_header(block.rows[:n_head]))
    if not colmap and "total" in spec.columns and _coded_rows(block.rows[n_head:]):
        colmap = _only_amount_column(header)
    amount_cols = set(colmap.values())
    # codes and names stand left of the amounts: a column right of the first amount column that no
    # alias names is an amount column we do not use (其中：专项资金…), never a code
    first_amount = min(amount_cols, default=len(header))
    label_cols = [i for i in range(len(header)) if i not in amount_cols and i < first_amount]
    if not header:
        label_cols = [0, 1]
    columns = [Column(k, header[i]) for k, i in sorted(colmap.items(), key=lambda kv: kv[1])]
    table_src = Provenance(ctx.path, line=block.line, page=block.page, table=title)
    if "total" not in colmap and spec.columns:
        ctx.problem(f"表“{title}”找不到合计列，无法核对", table_src)
    rows: list[TableRow] = []
    lei_col: int | None = None  # the column 类 codes stand in, when 类 | 款 | 项 are split
    for raw in block.rows[n_head:]:
        texts = [c.text.strip() for c in raw]
        if not any(texts) or _is_column_numbers(texts):
            continue
        code = None
        code_col = -1
        unit_code: str | None = None  # a row of one unit (单位编码 and the unit's name)
        printed: str | None = None
        label = ""
        for i in label_cols:
            t = squash(texts[i]) if i < len(texts) else ""
            if not t:
                continue
            if code is None and unit_code is None and CODE.match(t) and _unit_code(t, texts, label_cols):
                unit_code = t
            elif code is None and CODE.match(t) and unit_code is None:
                code, code_col = t, i
                if len(t) == 3 and lei_col is None:
                    lei_col = i
            elif code is None and _SPLIT_PART.match(t) and (own := _own_digits(t, i, lei_col, rows)):
                # 款 and 项 rows that print only their own two digits in the 款 / 项 column
                # (烟台, 长沙: 208 | 02 | … under 208): the rest of the code is the row above's
                code, code_col = own, i
            elif code is None and _SPLIT_PART.match(t) and (lei := _lost_lei(texts, label_cols, i, rows)):
                # "7 | 11 | 02" under 210 11 (a 类 the export garbled): the 款 that follows is the
                # previous row's, so the 类 is too; the printed form is kept for CD501
                code, code_col, printed = lei, i, t
            elif code is not None and i == code_col + 1 and len(code) in (3, 5) and _SPLIT_PART.match(t):
                # 类 | 款 | 项 in separate columns (Shanghai): "201" "03" "01" is 2010301; a part
                # printed without its leading zero ("301" "2", an export that lost it) is read as 02
                # and the printed form kept for CD501
                if len(t) == 1:
                    printed = f"{printed or code} {t}"
                elif printed:
                    printed = f"{printed} {t}"
                code, code_col = code + t.zfill(2), i
            elif not label and not _is_amount_text(t):
                label = t
                if code is None and (bracketed := _BRACKETED_CODE.match(t)):
                    code, label = bracketed.group(1), bracketed.group(2)  # [30101]基本工资 (广州)
        src = _row_source(ctx, title, raw).with_(row=code or label)
        is_total = code is None and canon(label) in TOTAL_LABELS
        values = {}
        for key, idx in colmap.items():
            col_title = header[idx]
            values[key] = _money(_cell(raw, idx), unit, src.with_(column=col_title), ctx)
        if code is None and not is_total and not label and not label_cols and not rows:
            is_total, label = (
                True,
                "合计",
            )  # a one-row table of totals (合计 | 基本支出 | 项目支出 over amounts)
        if code is None and not is_total and not label:
            if any(v is not None for v in values.values()):
                ctx.problem(f"表“{title}”中有一行没有科目编码和名称", src)
            continue
        rows.append(
            TableRow(
                label=label,
                values=values,
                source=src,
                code=code,
                is_total=is_total,
                printed_code=printed,
                key=f"{UNIT_ROW}{unit_code}" if unit_code else None,
            )
        )
    _unit_codes_of_the_same_shape(rows)
    for r in rows:
        if r.code is None and r.key is None and (found := _GROUP_TOTAL.match(canon(r.label))):
            r.key = {"人员": "personnel", "公用": "public"}[
                found.group(1)
            ] + "_total"  # neither an item nor the table's total
    return BudgetTable(spec.id, title, TableKind.CODED, unit, columns, rows, table_src)


#: the 决算 基本支出 table closes its 人员经费 and 公用经费 column groups with their own total rows
_GROUP_TOTAL = re.compile(r"^(?:(人员|公用)经费)(?:合计|小计)$")


def _unit_codes_of_the_same_shape(rows: list[TableRow]) -> None:
    """Once a row is known to be a unit (its name is an organisation's), the other codes of that
    malformed length in the table are 单位编码 too (201002 理论讲师团 beside 201001 中共西安市委宣传部)."""
    lengths = {len(r.key) - len(UNIT_ROW) for r in rows if r.key and r.key.startswith(UNIT_ROW)}
    for r in rows:
        if r.code and len(r.code) in lengths and len(r.code) not in (3, 5, 7):
            r.code, r.key = None, f"{UNIT_ROW}{r.code}"


UNIT_ROW = "unit:"  # key of a row that is one unit's (its 单位编码 after the colon)
_COLUMN_MARKS = {"栏次", "**", "*", "栏", "行次"}
_UNIT_WORDS = re.compile(
    r"(?:省|市|县|区|州|中共).*(?:局|中心|站|所|院|处|室|队|馆|会|部|办|委|厅|校|单位|本级|机关)$"
)


def _is_column_numbers(texts: list[str]) -> bool:
    """A 栏次 row under the header: '栏次' / '**' and the column numbers 1 2 3 …, not amounts."""
    cells = [squash(t) for t in texts if t.strip()]
    numbers = [t for t in cells if t not in _COLUMN_MARKS]
    if not numbers or not all(t.isdigit() and len(t) <= 2 for t in numbers):
        return False
    return len(numbers) >= 2 and [int(t) for t in numbers] == sorted(int(t) for t in numbers)


def _unit_code(code: str, texts: list[str], label_cols: list[int]) -> bool:
    """A 单位编码 of a per-unit row (125001 西安市安全生产监督管理局, 201 中共西安市委宣传部), not a
    classification code: the row's name is an organisation's."""
    names = [squash(texts[i]) for i in label_cols if i < len(texts) and not CODE.match(squash(texts[i]))]
    return any(_UNIT_WORDS.search(n) for n in names if n)


def _own_digits(part: str, col: int, lei_col: int | None, rows: list[TableRow]) -> str | None:
    """The full code of a 款 (one column right of the 类 column) or 项 (two right) printed as its own
    two digits, from the nearest coded row above at the level just over it."""
    if lei_col is None or len(part) != 2 or col - lei_col not in (1, 2):
        return None
    parent_len = 3 if col - lei_col == 1 else 5
    above = next((r.code for r in reversed(rows) if r.code and len(r.code) >= parent_len), None)
    return above[:parent_len] + part if above else None


def _lost_lei(texts: list[str], label_cols: list[int], at: int, rows: list[TableRow]) -> str | None:
    """The 类 a split code printed with a malformed 类 part belongs to, judged by the row above it:
    the next part must be the 款 of the previous coded row (``21011`` then ``7 | 11 | 02``)."""
    following = [squash(texts[i]) for i in label_cols if at < i < len(texts)]
    prev = next((r.code for r in reversed(rows) if r.code), None)
    if not following or not _SPLIT_PART.match(following[0]) or prev is None or len(prev) < 5:
        return None
    return prev[:3] if prev[3:5] == following[0].zfill(2) else None


# 类 names before the 2019 renaming that documents still print (CD503 reports the outdated name)
_FORMER_LEI_NAMES = {"医疗卫生与计划生育支出": "210"}

_AMOUNT_HEADERS = ("预算数", "金额", "预算金额", "本年预算", "预算", "合计", "决算数")


def parse_two_sided(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable:
    n_head = split_header(block.rows)
    header = merge_header(block.rows[:n_head])
    amount_idx = [i for i, h in enumerate(header) if any(a in canon(h) for a in _AMOUNT_HEADERS) and i > 0]
    if len(amount_idx) < 2:
        amount_idx = [1, 3]
    # the label of a side stands left of its amount, past a 行次 column (the MoF 决算 layout:
    # 项目 | 行次 | 决算数)
    marks = {i for i, h in enumerate(header) if canon(h) in _COLUMN_MARKS or canon(h).endswith("行次")}
    label_of = {a: next((i for i in range(a - 1, -1, -1) if i not in marks), a - 1) for a in amount_idx[:2]}
    pairs = [
        ("income", label_of[amount_idx[0]], amount_idx[0]),
        ("expense", label_of[amount_idx[1]], amount_idx[1]),
    ]
    # the 支出 side's amount split into named columns right of it (a 决算's 财政拨款收入支出决算总表:
    # 合计 | 一般公共预算财政拨款 | 政府性基金预算财政拨款 | 国有资本经营预算财政拨款)
    right = amount_idx[1] + 1
    split = {k: i + right for k, i in map_columns(header[right:], spec).items()} if spec.columns else {}
    table_src = Provenance(ctx.path, line=block.line, page=block.page, table=title)
    income_rows = ctx.profile.two_sided_rows.get("income", {})
    totals = ctx.profile.two_sided_rows.get("totals", {})
    lei_by_name = {canon(n): c for c, n in ctx.catalog.functional.items() if len(c) == 3}
    lei_by_name.update({canon(n): c for n, c in _FORMER_LEI_NAMES.items()})
    rows: list[TableRow] = []
    for raw in block.rows[n_head:]:
        if _is_column_numbers([c.text.strip() for c in raw]):
            continue
        for section, li, ai in pairs:
            label_cell = _cell(raw, li)
            label = squash(label_cell.text) if label_cell else ""
            if not label:
                continue
            src = _row_source(ctx, title, raw).with_(
                row=strip_ordinal(label), column=header[ai] if ai < len(header) else None
            )
            money = _money(_cell(raw, ai), unit, src, ctx)
            total_key = best_alias(label, {k: v for k, v in totals.items()})
            is_total = total_key is not None and total_key[1] >= 1000
            key = None
            code = None
            if not is_total and section == "income":
                found = best_alias(label, income_rows)
                key = found[0] if found and found[1] >= 1000 else None
            elif not is_total:
                code = lei_by_name.get(canon(label))
                key = f"func_lei:{code}" if code else None
            values = {"amount": money}
            if section == "expense":
                for k, i in split.items():
                    values[k] = _money(_cell(raw, i), unit, src.with_(column=header[i]), ctx)
            rows.append(
                TableRow(
                    label=strip_ordinal(label),
                    values=values,
                    source=src,
                    code=code,
                    key=key,
                    section=section,
                    is_total=is_total,
                )
            )
    _subtotals_before_grand_total(rows)
    _parts_under_their_line(rows, ctx.profile.two_sided_parts)
    columns = [Column("amount", header[amount_idx[0]] if amount_idx[0] < len(header) else "预算数")]
    columns += [Column(k, header[i]) for k, i in sorted(split.items(), key=lambda kv: kv[1])]
    return BudgetTable(spec.id, title, TableKind.TWO_SIDED, unit, columns, rows, table_src)


def _parts_under_their_line(rows: list[TableRow], parts: dict[str, tuple[str, ...]]) -> None:
    """A line the template breaks down by source (年初财政拨款结转和结余 → 一般公共预算财政拨款 | 政府性
    基金预算财政拨款 | …): the source lines printed under it are its parts (key ``<line>.<source>``, as
    the spec's ``two_sided_parts`` names them), not the 本年收入 lines a second time."""
    parent: str | None = None
    for r in rows:
        if r.section != "income":
            continue
        if r.key in parts:
            parent = r.key
            continue
        part = f"{parent}.{r.key.split('.', 1)[-1]}" if parent and r.key else None
        if part is not None and part in parts[parent or ""]:
            r.key = part
        elif r.key is not None or r.is_total:
            parent = None  # another line, or the total, ends the breakdown


def _subtotals_before_grand_total(rows: list[TableRow]) -> None:
    """本年收入合计 … 上年结转 … 收入总计: of several total rows on one side the last is the side's total;
    the earlier ones are subtotals (key ``subtotal``), neither items nor the total."""
    for section in ("income", "expense"):
        totals = [r for r in rows if r.is_total and r.section == section]
        last = totals[-1].values.get("amount") if totals else None
        for r in totals[:-1]:
            amount = r.values.get("amount")
            if amount is not None and last is not None and amount.value != last.value:
                r.is_total, r.key = False, SUBTOTAL


_GENERIC_HEADS = ("小计", "合计")


def _column_labels(rows: list[list[Cell]]) -> list[str]:
    """The label of each header column: its lowest non-empty header text; a generic 小计/合计 takes
    the text above it, since the spanning parent (公务用车购置及运行费) is what the column holds."""
    width = max((len(r) for r in rows), default=0)
    labels = []
    for col in range(width):
        texts = [squash(r[col].text) for r in rows if col < len(r) and r[col].text.strip()]
        label = texts[-1] if texts else ""
        if canon(label) in _GENERIC_HEADS and len(texts) > 1:
            label = texts[-2]
        label = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", label)  # 2024年“三公”经费预算数
        labels.append(re.sub(r"^其中[:：]\s*", "", label))  # 其中：公务用车购置
    return labels


_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")


def _this_years_columns(rows: list[list[Cell]]) -> set[int] | None:
    """When the header groups the items under years (2025年预算数 | 2026年预算数, or 上年 | 本年), the
    columns of the latest one; None when it does not."""
    if not rows:
        return None
    width = max(len(r) for r in rows)
    group: list[int | None] = []
    current: int | None = None
    for col in range(width):
        text = squash(rows[0][col].text) if col < len(rows[0]) else ""
        if text:
            m = _YEAR_IN.search(text)
            current = int(m.group(1)) if m else 9999 if "本年" in text else 0 if "上年" in text else None
        group.append(current)
    years = {g for g in group if g is not None}
    if len(years) < 2:
        return None
    latest = max(years)
    return {i for i, g in enumerate(group) if g == latest}


#: the figures a final-accounts table prints for each item: 预算数 beside 决算数 (column key)
_MEASURES = {
    "预算数": "budget",
    "年初预算数": "budget",
    "年初预算": "budget",
    "全年预算数": "budget",
    "全年预算": "budget",
    "调整预算数": "budget",
    "决算数": "total",
    "决算": "total",
}


def _measure(text: str) -> str | None:
    return _MEASURES.get(canon(text))


def _measure_columns(rows: list[list[Cell]]) -> tuple[int, dict[int, str]] | None:
    """(row index, column → measure) of a header row that names only 预算数 and 决算数: either a
    pair under each item (the Shanghai 三公 决算 table) or one group of items under each (预算数
    over 合计 | 因公出国 | …, then 决算数 over the same items); a group's measure spans the columns up
    to the next one named. None when the header has no such row."""
    for i in range(len(rows) - 1, -1, -1):
        texts = [(j, squash(c.text)) for j, c in enumerate(rows[i]) if c.text.strip()]
        # names of the label columns (科目编码 | 科目名称) may stand left of the first measure
        texts = texts[next((k for k, (_, t) in enumerate(texts) if _measure(t)), len(texts)) :]
        if (
            len(texts) >= 2
            and all(_measure(t) for _, t in texts)
            and len({_measure(t) for _, t in texts}) == 2
        ):
            width = max(len(r) for r in rows)
            out: dict[int, str] = {}
            for (j, t), nxt in zip(texts, [*(j for j, _ in texts[1:]), width], strict=True):
                for col in range(j, nxt):
                    out[col] = _measure(t) or ""
            return i, out
    return None


def _transposed_items(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable | None:
    """A 三公 table whose items are header columns over one row of amounts (Shanghai budgets); in a
    决算 each item has a 预算数 and a 决算数 column (a pair under each item, 上海, or a group of items
    under each, or the rows are 预算数 and 决算数, 陕西): the 决算数 is the item's figure, the 预算数
    kept beside it."""
    n_head = next(
        (i for i, r in enumerate(block.rows) if any(_is_amount_text(c.text) for c in r[1:])), len(block.rows)
    )
    head = [r for r in block.rows[:n_head] if not _is_column_numbers([c.text.strip() for c in r])]
    measured = _measure_columns(head)
    measures: dict[int, str] = {}
    if measured is not None:
        at, measures = measured
        head = head[:at] + head[at + 1 :]
        if not head:
            return None  # 项目 | 预算数 | 决算数 over a list of items: not transposed
    labels = _column_labels(head)
    labels += [""] * (max(measures, default=-1) + 1 - len(labels))
    for idx, m in measures.items():
        # an item's name spans its pair: it stands over the 预算数 column left of the 决算数 one
        if m == "total" and not labels[idx] and idx > 0 and measures.get(idx - 1) == "budget":
            labels[idx] = labels[idx - 1]
    this_year = _this_years_columns(head)
    keys: dict[int, str] = {}
    for idx, label in enumerate(labels):
        if this_year is not None and idx not in this_year:
            continue  # last year's figures printed beside this year's
        if measures and measures.get(idx) != "total":
            continue
        found = best_alias(label, spec.rows) if label else None
        if found is not None and found[1] >= 1000 and found[0] not in keys.values():
            keys[idx] = found[0]
    data = [r for r in block.rows[n_head:] if any(c.text.strip() for c in r)]
    if len(keys) < 3:
        return None
    budget_row: list[Cell] | None = None
    by_measure = {kind: r for r in data if r and (kind := _measure(r[0].text))}
    if "total" in by_measure:  # rows 预算数 / 决算数 (陕西)
        data, budget_row = [by_measure["total"]], by_measure.get("budget")
    elif len(data) > 1:
        # one row per unit under the document's 合计 row (长沙, 湖州, 西安): the 合计 row is the table's
        totals = [r for r in data if any(canon(c.text) in TOTAL_LABELS for c in r[:4])]
        if len(totals) != 1:
            return None
        data = totals
    raw = data[0] if data else []  # no amount row at all: an empty table (the blank template)
    final = bool(measures) or budget_row is not None
    table_src = Provenance(ctx.path, line=block.line, page=block.page, table=title)
    rows: list[TableRow] = []
    for idx, key in keys.items():
        label = strip_ordinal(labels[idx])
        src = _row_source(ctx, title, raw).with_(row=label, column="决算数" if final else label)
        values = {"total": _money(_cell(raw, idx), unit, src, ctx)}
        if measures:
            budget_col = next(
                (j for j, m in measures.items() if m == "budget" and labels[j] and labels[j] == labels[idx]),
                None,
            )
            values["budget"] = _money(_cell(raw, budget_col), unit, src.with_(column="预算数"), ctx)
        elif budget_row is not None:
            values["budget"] = _money(_cell(budget_row, idx), unit, src.with_(column="预算数"), ctx)
        rows.append(
            TableRow(label=label, values=values, source=src, key=key, is_total=key.endswith(".total"))
        )
    for idx, label in enumerate(labels):
        # other items printed beside the 三公 ones (会议费, 培训费, 行政经费): kept, unkeyed, so the
        # table is known to hold more than the 三公 items
        if idx in keys or not label or idx >= len(raw) or not _is_amount_text(raw[idx].text):
            continue
        if measures and measures.get(idx) != "total":
            continue
        src = _row_source(ctx, title, raw).with_(row=label, column=label)
        rows.append(
            TableRow(
                label=strip_ordinal(label), values={"total": _money(raw[idx], unit, src, ctx)}, source=src
            )
        )
    columns = (
        [Column("total", "决算数"), Column("budget", "预算数")] if final else [Column("total", "预算数")]
    )
    return BudgetTable(spec.id, title, TableKind.ITEMS, unit, columns, rows, table_src)


def parse_items(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable:
    n_head = split_header(block.rows)
    transposed = _transposed_items(block, spec, title, unit, ctx)
    if transposed is not None:
        return transposed
    header = merge_header(block.rows[:n_head])
    colmap = map_columns(header, spec)
    amount_col = colmap.get("total", 1)
    table_src = Provenance(ctx.path, line=block.line, page=block.page, table=title)
    rows: list[TableRow] = []
    budget_col = colmap.get("budget")  # a 决算's 预算数 beside its 决算数
    for raw in block.rows[n_head:]:
        texts = [squash(c.text) for c in raw]
        label = next((t for i, t in enumerate(texts) if t and i not in (amount_col, budget_col)), "")
        if not label:
            continue
        src = _row_source(ctx, title, raw).with_(row=strip_ordinal(label))
        col_title = header[amount_col] if amount_col < len(header) else "预算数"
        values = {"total": _money(_cell(raw, amount_col), unit, src.with_(column=col_title), ctx)}
        if budget_col is not None:
            values["budget"] = _money(_cell(raw, budget_col), unit, src.with_(column=header[budget_col]), ctx)
        found = best_alias(label, spec.rows)
        key = found[0] if found else None
        rows.append(
            TableRow(
                label=strip_ordinal(label),
                values=values,
                source=src,
                key=key,
                is_total=key is not None and key.endswith(".total"),
            )
        )
    columns = [Column("total", "预算数")]
    if budget_col is not None:
        columns = [Column("total", header[amount_col]), Column("budget", header[budget_col])]
    return BudgetTable(spec.id, title, TableKind.ITEMS, unit, columns, rows, table_src)


def parse_listing(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable:
    n_head = split_header(block.rows)
    header = merge_header(block.rows[:n_head]) if n_head else []
    if n_head == len(block.rows):  # no data rows at all: every row is header
        n_head = len(block.rows)
    table_src = Provenance(ctx.path, line=block.line, page=block.page, table=title)
    rows = []
    for raw in block.rows[n_head:]:
        texts = [squash(c.text) for c in raw]
        if any(texts):
            rows.append(TableRow(label=texts[0], values={}, source=_row_source(ctx, title, raw), texts=texts))
    return BudgetTable(
        spec.id,
        title,
        TableKind.LISTING,
        unit,
        [Column(f"c{i}", h) for i, h in enumerate(header)],
        rows,
        table_src,
    )


def parse_table(
    block: TableBlock, spec: TableSpec, title: str, unit: Unit, ctx: ExtractContext
) -> BudgetTable:
    ctx.rows_read += len(block.rows)
    if ctx.rows_read > MAX_DOCUMENT_ROWS:
        source = Provenance(ctx.path, line=block.line, page=block.page, table=title)
        doubt = f"文件中表格的行数超过上限（{MAX_DOCUMENT_ROWS:,} 行），此表（{len(block.rows):,} 行）未解析"
        ctx.problem(f"表“{title}”：{doubt}", source)
        return BudgetTable(spec.id, title, spec.kind, unit, [], [], source, doubt=doubt)
    parser = {
        TableKind.CODED: parse_coded,
        TableKind.TWO_SIDED: parse_two_sided,
        TableKind.ITEMS: parse_items,
        TableKind.LISTING: parse_listing,
    }[spec.kind]
    return parser(block, spec, title, unit, ctx)
