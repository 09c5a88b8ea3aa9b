"""Harvest the (classification code, name) pairs that the corpus documents print, independently of
yusuan's reader and extractor: `pdftotext -layout` text and regular expressions, nothing else.

Shapes read (all seen in ../shared/corpus):
- fused:      ``2010801-行政运行``, ``30101-基本工资`` (Beijing 2026), several per line;
- bracketed:  ``[2110101]行政运行`` (Guangdong);
- columns:    ``2010201   行政运行`` (code and name in separate columns: Jiangsu, Chongqing, Fujian …);
- split:      ``201   03   01   行政运行`` (类/款/项 in columns: Shanghai, Hunan, Shandong, Xi'an);
- partial:    款/项 rows carrying only their own two digits under a parent row (``05  行政事业单位离退休``
              under ``208``), rebuilt from the rows above and the column the two digits stand in;
- wrapped names: a name broken over the line above and/or below its code line is joined again;
- the Fujian markdown (tab-separated cells, ``<b>`` tags).

Output (src/yusuan/catalog/data/):
- observed_codes.csv: one row per (system, code, name): level, first_year, last_year, years,
  documents (how many documents print this pair), sources (their file names);
- observed_conflicts.csv: the codes printed with more than one name, every name with its count.

Run from the repository root: ``.venv/bin/python tools/harvest_codes.py [--corpus ../shared/corpus]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "yusuan" / "catalog" / "data"
CORPUS = ROOT.parent / "shared" / "corpus"

# 类 codes that exist: functional 201…234, department economic and government economic 类 lists.
FUNC_LEI = {str(c) for c in range(201, 235)}
DEPT_LEI = {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
GOV_LEI = {str(c) for c in range(501, 515)} | {"599"}

_CJK = re.compile(r"[\u4e00-\u9fff]")
_AMOUNT = re.compile(r"^[-−]?[\d,]*\d(?:\.\d+)?%?$|^[-−]?\.\d+$")
_FUSED = re.compile(r"^(\d{3}|\d{5}|\d{7})[-－—–](.*)$")
_BRACKET = re.compile(r"^\[(\d{3}|\d{5}|\d{7})\](.*)$")
_CODE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
_TWO = re.compile(r"^\d{2}$")
_NAME_OK = re.compile(r"^[\u4e00-\u9fff（）()、“”\"·，,：:\-—/]+$")
_TOKEN = re.compile(r"\S+")
_MID_LINE_GAP = 6  # most spaces between a code inside a row and its name, unless a named pair precedes it


def system_of(code: str) -> str | None:
    """functional / econ_dept / econ_gov for a code whose 类 exists, else None."""
    lei = code[:3]
    if lei in FUNC_LEI:
        return "functional"
    if lei in DEPT_LEI and len(code) in (3, 5):
        return "econ_dept"
    if lei in GOV_LEI and len(code) in (3, 5):
        return "econ_gov"
    return None


def level_of(code: str) -> str:
    return {3: "类", 5: "款", 7: "项"}[len(code)]


def clean_name(name: str) -> str:
    """One spelling per name: no white space, full-width brackets, no trailing punctuation."""
    name = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    return name.strip("-—–:：、，,")


def name_ok(name: str) -> bool:
    return len(_CJK.findall(name)) >= 2 and bool(_NAME_OK.match(name)) and bool(_CJK.match(name))


@dataclass
class Tok:
    text: str
    start: int
    end: int


@dataclass
class Pair:
    code: str
    name: str
    name_col: int  # column where the name starts (or would start)
    code_col: int


@dataclass
class _Line:
    kind: str  # "code", "fragment", "amounts", "blank", "other"
    pairs: list[Pair] = field(default_factory=list)
    text: str = ""
    col: int = 0


def _tokens(line: str) -> list[Tok]:
    return [Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(line)]


def _is_name_token(t: Tok) -> bool:
    return bool(_CJK.search(t.text)) and not _AMOUNT.match(t.text)


def _take_name(toks: list[Tok], i: int) -> tuple[str, int]:
    """The name starting at token i: consecutive name-like tokens one space apart."""
    parts: list[str] = []
    j = i
    while j < len(toks) and _is_name_token(toks[j]) and not _code_start(toks[j].text):
        if parts and toks[j].start - toks[j - 1].end > 1:
            break
        parts.append(toks[j].text)
        j += 1
    return "".join(parts), j


def _code_start(text: str) -> bool:
    return bool(_FUSED.match(text) or _BRACKET.match(text))


class _Context:
    """What the rows above say: the current 类 and 款, and the column 款 two-digit codes stand in."""

    def __init__(self) -> None:
        self.lei: str | None = None
        self.kuan: str | None = None
        self.kuan_col: int | None = None

    def saw(self, code: str) -> None:
        if len(code) == 3:
            if code != self.lei:
                self.kuan_col = None
            self.lei, self.kuan = code, None
        elif len(code) >= 5:
            self.lei, self.kuan = code[:3], code[:5]


def parse_line(line: str, ctx: _Context) -> list[Pair]:
    """The (code, name) pairs of one layout line."""
    toks = _tokens(line)
    pairs: list[Pair] = []
    i = 0
    if len(toks) > 2 and re.fullmatch(r"\d{1,3}", toks[0].text) and _CODE.match(toks[1].text):
        toks = toks[1:]  # a row number (行次) before the code
    after_pair_or_amount = after_named_pair = False
    while i < len(toks):
        t = toks[i]
        m = _FUSED.match(t.text) or _BRACKET.match(t.text)
        if m and system_of(m.group(1)):
            code, rest = m.group(1), m.group(2)
            more, j = (
                _take_name(toks, i + 1)
                if i + 1 < len(toks) and toks[i + 1].start - t.end <= 1
                else ("", i + 1)
            )
            name = rest + more
            pairs.append(Pair(code, name, t.start + len(t.text) - len(rest), t.start))
            i = j
            after_pair_or_amount, after_named_pair = True, bool(name)
            continue
        at_start = i == 0
        if _CODE.match(t.text) and (at_start or after_pair_or_amount) and system_of(t.text):
            code = t.text
            j = i + 1
            # 类 then 款 (then 项) in separate columns
            if len(code) == 3 and j < len(toks) and _TWO.match(toks[j].text):
                code += toks[j].text
                j += 1
                if system_of(code) == "functional" and j < len(toks) and _TWO.match(toks[j].text):
                    code += toks[j].text
                    j += 1
            if system_of(code) is None:
                i += 1
                continue
            if j < len(toks) and _is_name_token(toks[j]) and not _code_start(toks[j].text):
                name, k = _take_name(toks, j)
                name_col = toks[j].start
            else:
                name, k, name_col = "", j, toks[j - 1].end + 2
            far = name_col - toks[j - 1].end > _MID_LINE_GAP
            if not at_start and (not name or (far and not after_named_pair)):
                # a code inside a row (a second classification beside the first) has its name next to it;
                # a lone code among the cells of a project list is not a classification row
                i += 1
                after_pair_or_amount = after_named_pair = False
                continue
            pairs.append(Pair(code, name, name_col, t.start))
            i = k
            after_pair_or_amount, after_named_pair = True, bool(name)
            continue
        if _TWO.match(t.text) and at_start and ctx.lei is not None:
            code = _partial(t, ctx)
            if code is not None:
                j = i + 1
                if j < len(toks) and _is_name_token(toks[j]):
                    name, k = _take_name(toks, j)
                    name_col = toks[j].start
                else:
                    name, k, name_col = "", j, t.end + 2
                pairs.append(Pair(code, name, name_col, t.start))
                i = k
                after_pair_or_amount, after_named_pair = True, bool(name)
                continue
        after_pair_or_amount = bool(_AMOUNT.match(t.text)) and ("." in t.text or "," in t.text)
        after_named_pair = False
        i += 1
    for p in pairs:
        if p.code_col == (toks[0].start if toks else -1) or len(pairs) == 1:
            ctx.saw(p.code)
    return pairs


def _partial(t: Tok, ctx: _Context) -> str | None:
    """A row that prints only its own two digits: a 款 under the current 类 or a 项 under the current 款,
    told apart by the column the 款 rows of this 类 stand in (the first such row after a 类 is a 款)."""
    assert ctx.lei is not None
    if ctx.kuan_col is None or ctx.kuan is None:
        ctx.kuan_col = t.start
        return ctx.lei + t.text
    if abs(t.start - ctx.kuan_col) <= 1:
        return ctx.lei + t.text
    if t.start > ctx.kuan_col + 1 and system_of(ctx.lei) == "functional":
        return ctx.kuan + t.text
    return None


def _classify(line: str, ctx: _Context) -> _Line:
    if not line.strip():
        return _Line("blank")
    pairs = parse_line(line, ctx)
    if pairs:
        return _Line("code", pairs)
    toks = _tokens(line)
    if all(_AMOUNT.match(t.text) for t in toks):
        return _Line("amounts")
    names = [t for t in toks if not _AMOUNT.match(t.text)]
    if (
        names
        and all(_CJK.search(t.text) for t in names)
        and all(b.start - a.end <= 1 for a, b in itertools.pairwise(names))
        and len("".join(t.text for t in names)) <= 24
    ):
        return _Line("fragment", text="".join(t.text for t in names), col=names[0].start)
    return _Line("other")


def _near(frag: _Line, pair: Pair) -> bool:
    return pair.code_col <= frag.col and abs(frag.col - pair.name_col) <= 8


_NOT_A_WRAP = re.compile(r"^(合计|总计|小计|本年|科目|项目|单位)")


def _fragment_at(lines: list[_Line], n: int, step: int) -> int | None:
    """The index of the fragment line next to code line n on one side (amounts-only lines between), if any."""
    k = n + step
    while 0 <= k < len(lines) and lines[k].kind == "amounts":
        k += step
    if 0 <= k < len(lines) and lines[k].kind == "fragment" and not _NOT_A_WRAP.match(lines[k].text):
        return k
    return None


def layout_candidates(text: str) -> list[tuple[str, list[str], bool]]:
    """Per code pair of a layout text: code, the candidate names (own name first, then the own name with
    the fragment lines above and/or below it joined), and whether the pair stands clear of any fragment."""
    out: list[tuple[str, list[str], bool]] = []
    for page in text.split("\f"):
        ctx = _Context()
        lines = [_classify(raw, ctx) for raw in page.splitlines()]
        for n, ln in enumerate(lines):
            for p in ln.pairs:
                up = down = ""
                if len(ln.pairs) == 1:
                    a, b = _fragment_at(lines, n, -1), _fragment_at(lines, n, 1)
                    up = lines[a].text if a is not None and _near(lines[a], p) else ""
                    down = lines[b].text if b is not None and _near(lines[b], p) else ""
                names = [p.name]
                names += [x for x in (up + p.name, p.name + down, up + p.name + down) if x != p.name]
                cleaned = list(dict.fromkeys(clean_name(x) for x in names))
                out.append((p.code, cleaned, not up and not down))
    return out


def resolve(code: str, names: list[str], clear: bool, known: dict[str, set[str]]) -> str | None:
    """The name of one pair: its own name when nothing wraps around it; else the joined candidate that
    some document prints whole on one line (the longest such); else the own name with what is wrapped
    above it (cells centred vertically), or what is below when it has none of its own."""
    ok = [x for x in names if name_ok(x)]
    if clear:
        return ok[0] if ok and ok[0] == names[0] else None
    whole = [x for x in ok if x in known.get(code, set())]
    if whole:
        return max(whole, key=len)
    own = names[0]
    if not own:
        return max(ok, key=len) if ok else None
    joined = [x for x in ok if x.endswith(own)]
    return max(joined, key=len) if joined else (own if name_ok(own) else None)


def harvest_layout(text: str, known: dict[str, set[str]] | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs of one document's `pdftotext -layout` text, names joined over wrapped lines.
    ``known``: code → names printed clear of any wrapping (in any document), to choose between joinings."""
    cands = layout_candidates(text)
    if known is None:
        known = clear_names([cands])
    out: list[tuple[str, str]] = []
    for code, names, clear in cands:
        name = resolve(code, names, clear, known)
        if name is not None:
            out.append((code, name))
    return out


def clear_names(docs: Iterable[list[tuple[str, list[str], bool]]]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = defaultdict(set)
    for cands in docs:
        for code, names, clear in cands:
            if clear and name_ok(names[0]):
                known[code].add(names[0])
    return known


def _project_lists(pairs: list[tuple[str, str]], elsewhere: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Drop the pairs of tables that list projects under a functional code (Xi'an 专项业务经费表): a code
    with three or more names in one document keeps only the names other documents print for it."""
    names: dict[str, set[str]] = defaultdict(set)
    for code, name in pairs:
        names[code].add(name)
    return [(c, n) for c, n in pairs if len(names[c]) < 3 or n in elsewhere.get(c, set())]


def harvest_markdown(text: str) -> list[tuple[str, str]]:
    """(code, name) pairs of a markdown/tab-separated document: a cell that is a code, the next its name."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        cells = [re.sub(r"</?b>|\*\*", "", c).strip() for c in re.split(r"\t|\|", line)]
        for a, b in itertools.pairwise(cells):
            if _CODE.match(a) and system_of(a):
                name = clean_name(b)
                if name_ok(name):
                    out.append((a, name))
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def document_year(path: Path, text: str) -> int:
    m = re.match(r"(\d{4})_", path.name)
    if m:
        return int(m.group(1))
    m = re.search(r"(20\d{2})\s*年度?", text)
    if m is None:
        raise ValueError(f"{path}: no year in the file name or the text")
    return int(m.group(1))


def documents(corpus: Path) -> list[Path]:
    pdfs = sorted(corpus.glob("national/*.pdf")) + sorted(corpus.glob("shanghai/budget/*.pdf"))
    return pdfs + sorted(corpus.glob("fujian/*.txt"))


@dataclass
class Observed:
    years: set[int] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)


def harvest(corpus: Path) -> dict[tuple[str, str, str], Observed]:
    """(system, code, name) → the years and documents that print it (a document counts once)."""
    texts: list[tuple[Path, str]] = []
    for path in documents(corpus):
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8")
        texts.append((path, text))
    cands = {p: layout_candidates(t) for p, t in texts if p.suffix == ".pdf"}
    known = clear_names(cands.values())
    per_doc: dict[Path, list[tuple[str, str]]] = {}
    for path, text in texts:
        if path.suffix == ".pdf":
            per_doc[path] = [
                (c, n)
                for c, names, clear in cands[path]
                if (n := resolve(c, names, clear, known)) is not None
            ]
        else:
            per_doc[path] = harvest_markdown(text)
    seen: dict[tuple[str, str, str], Observed] = defaultdict(Observed)
    for path, text in texts:
        others: dict[str, set[str]] = defaultdict(set)
        for q, pairs in per_doc.items():
            if q != path:
                for c, n in pairs:
                    others[c].add(n)
        year = document_year(path, text)
        rel = path.relative_to(corpus).as_posix()
        for code, name in _project_lists(per_doc[path], others):
            system = system_of(code)
            assert system is not None
            o = seen[(system, code, name)]
            o.years.add(year)
            o.sources.add(rel)
    return seen


_SYSTEMS = {"functional": 0, "econ_dept": 1, "econ_gov": 2}


def observed_rows(seen: dict[tuple[str, str, str], Observed]) -> list[dict[str, str]]:
    rows = []
    for (system, code, name), o in seen.items():
        rows.append(
            {
                "system": system,
                "code": code,
                "level": level_of(code),
                "name": name,
                "first_year": str(min(o.years)),
                "last_year": str(max(o.years)),
                "years": ";".join(str(y) for y in sorted(o.years)),
                "documents": str(len(o.sources)),
                "sources": ";".join(sorted(o.sources)),
            }
        )
    rows.sort(key=lambda r: (_SYSTEMS[r["system"]], r["code"], -int(r["documents"]), r["name"]))
    return rows


def conflict_rows(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    by_code: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_code[(r["system"], r["code"])].append(r)
    out = []
    for group in by_code.values():
        if len(group) > 1:
            total = sum(int(r["documents"]) for r in group)
            for r in group:
                out.append(
                    {
                        "system": r["system"],
                        "code": r["code"],
                        "name": r["name"],
                        "documents": r["documents"],
                        "of_documents": str(total),
                        "years": r["years"],
                        "sources": r["sources"],
                    }
                )
    return out


def to_csv(rows: list[dict[str, str]], fields: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


OBSERVED_FIELDS = [
    "system",
    "code",
    "level",
    "name",
    "first_year",
    "last_year",
    "years",
    "documents",
    "sources",
]
CONFLICT_FIELDS = ["system", "code", "name", "documents", "of_documents", "years", "sources"]


def build(corpus: Path) -> dict[str, str]:
    """File name → CSV text of both outputs."""
    rows = observed_rows(harvest(corpus))
    return {
        "observed_codes.csv": to_csv(rows, OBSERVED_FIELDS),
        "observed_conflicts.csv": to_csv(conflict_rows(rows), CONFLICT_FIELDS),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no corpus folder", file=sys.stderr)
        return 2
    for name, text in build(args.corpus).items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
