"""Classification codes: format, hierarchy, catalog membership, names, detail level, duplicates."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from yusuan.audit.check import Check
from yusuan.audit.registry import rule
from yusuan.audit.rules.arithmetic import ECONOMIC_TABLES, FUNCTIONAL_TABLES
from yusuan.extract.normalize import canon
from yusuan.model import Provenance, Severity, TableRow, nonzero

_FUNC = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")
_ECON = re.compile(r"^[35]\d{2}(?:\d{2})?$")


@lru_cache(maxsize=8192)
def _normal_name(name: str) -> str:
    return re.sub(r"[（(].*?[）)]", "", canon(name))


def _pairs(digits: str) -> list[str]:
    return [digits[i : i + 2] for i in range(0, len(digits), 2)]


@rule("CD501", "codes.format", Severity.ERROR, "科目编码格式正确")
def code_format(check: Check) -> None:
    """功能分类编码为以 2 开头的 3、5 或 7 位数字；经济分类编码为以 3 或 5 开头的 3 或 5 位数字。

    示例：支出总表中的“201321”（6 位）；经济分类表中的“2013201”。

    依据：政府收支分类科目（规则摘要 §4）。
    """
    for table in check.tables(*FUNCTIONAL_TABLES, *ECONOMIC_TABLES):
        for row in table.body():
            if row.code and row.printed_code:
                check.flag(
                    f"表“{table.title}”科目编码印作“{row.printed_code}”，应为 {row.code}"
                    "（类 3 位、款 2 位、项 2 位；已按此核对）",
                    row.source, expected=row.code, actual=row.printed_code,
                    suggestion=f"将编码改为 {row.code[:3]} {' '.join(_pairs(row.code[3:]))}",
                )  # fmt: skip
    for table in check.tables(*FUNCTIONAL_TABLES):
        for row in table.body():
            if row.code and not _FUNC.match(row.code):
                check.flag(
                    f"表“{table.title}”功能分类编码“{row.code}”格式不正确", row.source, actual=row.code
                )
    for table in check.tables(*ECONOMIC_TABLES):
        for row in table.body():
            if row.code and not _ECON.match(row.code):
                if len(row.code) == 7 and _ECON.match(row.code[:5]):  # a 款 subdivided locally (30102 01)
                    check.flag(f"表“{table.title}”经济分类编码“{row.code}”为地方细化到款以下的编码",
                               row.source, actual=row.code, severity=Severity.INFO)  # fmt: skip
                    continue
                check.flag(
                    f"表“{table.title}”经济分类编码“{row.code}”格式不正确", row.source, actual=row.code
                )


@rule("CD502", "codes.known_class", Severity.ERROR, "功能分类类级科目存在")
def known_class(check: Check) -> None:
    """每个功能分类编码都属于一个存在的类（201…234），每个经济分类编码也属于一个存在的类。

    示例：编码 2993201（不存在 299 类）。

    依据：政府收支分类科目的类级目录。
    """
    cat = check.catalog
    for table in check.tables(*FUNCTIONAL_TABLES):
        for row in table.body():
            if row.code and _FUNC.match(row.code) and cat.functional_name(row.code[:3]) is None:
                check.flag(
                    f"功能分类科目 {row.code} 所属的类“{row.code[:3]}”不存在", row.source, actual=row.code
                )
    for table in check.tables(*ECONOMIC_TABLES):
        for row in table.body():
            if row.code and _ECON.match(row.code) and cat.economic_name(row.code[:3]) is None:
                check.flag(
                    f"经济分类科目 {row.code} 所属的类“{row.code[:3]}”不存在", row.source, actual=row.code
                )


_MANY_NAMES = 5


@rule("CD503", "codes.catalog_name", Severity.WARNING, "科目名称与分类目录一致")
def catalog_name(check: Check) -> None:
    """科目的公开名称与分类目录中的名称一致（可发现错别字和过时名称，如 2019 年以后的文件仍写“医疗卫生与计
    划生育支出”）。更名之前年度的文件使用当年的名称，不报告。随附的分类目录并不完整：目录中没有的编码本规则不
    检查。

    示例：写作“30101 基本工资福利”，应为“基本工资”。

    依据：政府收支分类科目（规则摘要 R10）。
    """
    cat = check.catalog
    for table in check.tables(*FUNCTIONAL_TABLES, *ECONOMIC_TABLES, "summary", "fiscal"):
        differing: list[tuple[TableRow, str]] = []
        for row in table.body(*(["expense"] if table.id in ("summary", "fiscal") else [])):
            if not row.code or not row.label:
                continue
            known = cat.economic_name(row.code) if row.code[0] in "35" else cat.functional_name(row.code)
            if known is None:
                continue
            if check.d.year and cat.name_ok(row.code, row.label, check.d.year):
                continue  # the name of its year (20805 行政事业单位离退休 until the 2020 catalogue)
            shown, catalogued = _normal_name(row.label), _normal_name(known)
            if len(shown) >= 4 and catalogued.startswith(shown):
                continue  # cut at its cell's edge (其他社会保障和就业支): the name is right, the cell narrow
            if catalogued != shown and catalogued not in shown:
                differing.append((row, known))
        if len(differing) > _MANY_NAMES:
            # a whole table numbered on another scheme (a local or outdated 科目表): one finding, not dozens
            listed = "、".join(f"{r.code} {r.label}（目录：{k}）" for r, k in differing)
            check.flag(
                f"表“{table.title}”有 {len(differing)} 个科目的名称与分类目录不一致，可能使用了地方或过时的科目编码：{listed}",
                *[r.source for r, _ in differing], expected="与分类目录一致", actual=f"{len(differing)} 个不一致",
                suggestion="按现行政府收支分类科目核对整张表的编码与名称",
            )  # fmt: skip
            continue
        for row, known in differing:
            check.flag(f"科目 {row.code} 名称为“{row.label}”，分类目录中为“{known}”", row.source,
                       expected=known, actual=row.label)  # fmt: skip


@rule("CD504", "codes.same_code_same_name", Severity.WARNING, "同一科目在各表名称一致")
def same_code_same_name(check: Check) -> None:
    """同一编码在各表中的名称相同。

    示例：2013250 在一张表中为“事业运行（组织事务）”，在另一张表中为“行政运行（组织事务）”。

    依据：前后一致。
    """
    names: dict[str, tuple[str, Provenance]] = {}
    for table in check.d.tables.values():
        for row in table.body():
            if not row.code or not row.label:
                continue
            first = names.setdefault(row.code, (row.label, row.source))
            if _normal_name(first[0]) != _normal_name(row.label) and canon(first[0]) != canon(row.label):
                check.flag(
                    f"科目 {row.code} 在不同表中名称不同：“{first[0]}”与“{row.label}”", first[1], row.source
                )


@rule("CD505", "codes.economic_system", Severity.ERROR, "经济分类不混用部门与政府口径")
def economic_system(check: Check) -> None:
    """一张经济分类表只使用部门预算经济分类（301…399）或政府预算经济分类（501…599）中的一种，不混用。

    示例：同一张基本支出表中既有 301 又有 50101。

    依据：规则摘要 R10。
    """
    for table in check.tables(*ECONOMIC_TABLES):
        rows = [row for row in table.body() if row.code and _ECON.match(row.code)]
        by_system = {s: [r for r in rows if r.code and r.code[0] == s] for s in "35"}
        if by_system["3"] and by_system["5"]:
            minority = min(by_system.values(), key=len)
            check.flag(
                f"表“{table.title}”同时使用了部门经济分类（3xx）和政府经济分类（5xx）",
                *[r.source for r in minority[:10]],
            )


@rule("CD506", "codes.functional_detail", Severity.ERROR, "功能分类公开到项级")
def functional_detail(check: Check) -> None:
    """一般公共预算、政府性基金、国有资本经营的支出表，功能分类公开到项级（7 位）。

    示例：一般公共预算支出表只列到款级（20132）。

    依据：《预算法实施条例》第六条；规则摘要 R15。
    """
    for table in check.tables("gpb", "gov_fund", "soe", "expense"):
        coded = [r for r in table.body() if r.code]
        if not coded:
            continue
        leaves = [
            r
            for r in coded
            if not any(o.code != r.code and o.code and o.code.startswith(r.code or "") for o in coded)
        ]
        repeated = {c for c, n in Counter(r.code for r in coded).items() if n > 1}  # CD508's finding
        for r in leaves:
            if r.code in repeated:
                continue
            if r.code and len(r.code) < 7 and any(v is not None and v.value != 0 for v in r.values.values()):
                check.flag(
                    f"表“{table.title}”科目 {r.code} {r.label} 未细化到项级科目", r.source, actual=r.code
                )


@rule("CD507", "codes.economic_detail", Severity.ERROR, "基本支出经济分类公开到款级")
def economic_detail(check: Check) -> None:
    """基本支出经济分类表在每个有金额的类下列出款级（5 位）行。

    示例：基本支出表只列出 301、302 和 303。

    依据：《预算法实施条例》第六条；规则摘要 R15。
    """
    table = check.table("econ_basic")
    if table is None:
        return
    body = table.body()
    for r in body:
        code = r.code
        if (
            code
            and len(code) == 3
            and nonzero(r.values.get("total"))
            and not any(o.code and len(o.code) == 5 and o.code.startswith(code) for o in body)
        ):
            check.flag(f"表“{table.title}”经济分类 {r.code} {r.label} 未细化到款级科目", r.source)


@rule("CD508", "codes.duplicate", Severity.ERROR, "同一表中科目不重复")
def duplicate(check: Check) -> None:
    """同一编码在一张表中只出现一次。

    示例：支出总表中 2013201 列了两次。

    依据：每个编码是分类中的一行。
    """
    for table in check.d.tables.values():
        seen: dict[str, list[object]] = defaultdict(list)
        for row in table.body():
            if row.code:
                seen[row.code].append(row.source)
        for code, places in seen.items():
            if len(places) > 1:
                check.flag(f"表“{table.title}”中科目 {code} 出现 {len(places)} 次", *places)  # type: ignore[arg-type]


@rule("CD509", "codes.in_catalog", Severity.WARNING, "科目在分类目录中")
def in_catalog(check: Check) -> None:
    """经济分类的款、功能分类的款和项，在随附分类目录收录该级次时应能在目录中找到（目录不完整，所以只是警
    告）。

    示例：30198（301 下没有这个款）。

    依据：政府收支分类科目；分类目录只是参考数据。
    """
    cat = check.catalog
    for table in check.tables(*ECONOMIC_TABLES):
        for row in table.body():
            if row.code and len(row.code) == 5 and row.code[0] == "3" and cat.economic_name(row.code) is None:
                check.flag(f"经济分类科目 {row.code} {row.label} 不在分类目录中", row.source, actual=row.code)
    for table in check.tables(*FUNCTIONAL_TABLES):
        for row in table.body():
            if (
                row.code
                and len(row.code) == 5
                and cat.knows_functional_level(row.code)
                and cat.functional_name(row.code) is None
            ):
                check.flag(f"功能分类科目 {row.code} {row.label} 不在分类目录中", row.source, actual=row.code)
