"""Classification catalogs (functional 类/款/项, department and government economic 类/款).

Three kinds of data, each row carrying its source (see data/):
- the compiled lists (``*_compiled_UNVERIFIED.csv``, copied from the project's shared reference data, with
  a ``confidence`` column);
- ``observed_codes.csv``: every (code, name) pair the corpus documents print, with the years and the
  documents that print it, harvested by ``tools/harvest_codes.py`` (``observed_conflicts.csv``: the codes
  printed with more than one name);
- ``renames.csv``: former names and the year the current name took over (the 2019 catalogue and later).

A name is *trusted* when a compiled list gives it or at least two documents print it: a name seen once, in
one document, never makes another document's name a finding. Every list is partial, so a code absent
from the catalog is a warning, never an error.

The flat ``functional`` / ``economic`` dicts are the compiled lists, one name per code, exactly as the audit
rules and the source checks have read them so far; everything else (names by year, the names at least two
documents confirm, former names, sources) is reached through ``entry``, ``names_for``, ``name_ok``,
``former_name``, ``renamed``, ``code_for_name`` and ``source``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

TRUSTED_DOCUMENTS = 2  # documents that must print a name before the catalog relies on it

_LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True)
class NameRecord:
    """One name of a code, where it comes from and how far to rely on it."""

    name: str
    source: str  # the compiled list's file, or "corpus"
    confidence: str  # compiled: high / medium / low; corpus: high (≥2 documents agree) / low (one)
    documents: int = 0  # corpus documents printing this pair
    first_year: int | None = None  # years of those documents
    last_year: int | None = None
    files: tuple[str, ...] = ()  # corpus files printing it, relative to corpus/
    years: tuple[int, ...] = ()  # every year a document printing it is for

    @property
    def trusted(self) -> bool:
        return self.source != "corpus" or self.documents >= TRUSTED_DOCUMENTS


@dataclass(frozen=True)
class Rename:
    code: str
    former_name: str
    name: str
    from_year: int | None  # first year of the current name; None when not known
    confidence: str
    source: str


@dataclass(frozen=True)
class Entry:
    """Everything the catalog knows about one code."""

    system: str  # functional / econ_dept / econ_gov
    code: str
    names: tuple[NameRecord, ...]  # trusted first, then by documents
    renames: tuple[Rename, ...] = ()

    @property
    def level(self) -> str:
        return _LEVELS.get(len(self.code), "")

    def trusted_names(self) -> list[str]:
        return list(dict.fromkeys(r.name for r in self.names if r.trusted))


def _canon(name: str) -> str:
    """Compare names without white space and with one kind of bracket."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def system_of(code: str) -> str | None:
    if not code.isdigit() or len(code) not in _LEVELS:
        return None
    return {"2": "functional", "3": "econ_dept", "5": "econ_gov"}.get(code[0])


@dataclass(frozen=True)
class Catalog:
    functional: dict[str, str]  # code -> name (类 complete; 款/项 partial)
    economic: dict[str, str]  # department economic 301… and government 501… codes -> name
    entries: dict[str, Entry] = field(default_factory=dict)  # code -> all names, sources, renames

    def functional_name(self, code: str) -> str | None:
        return self.functional.get(code)

    def economic_name(self, code: str) -> str | None:
        return self.economic.get(code)

    def knows_functional_level(self, code: str) -> bool:
        """Whether absence from the catalog means something at this code's level: only for 类, the one
        level the bundled list has complete. Its 款 and 项 are a few personnel lines (and, through the entries,
        the ones the corpus documents print: far fewer than the roughly 1,500 项 a year), so a 款 such as
        20802 民政管理事务 being absent says nothing (flagging it was wrong on every Shanghai budget)."""
        return len(code) == 3

    # --- what the entries add -------------------------------------------------------------------

    def entry(self, code: str) -> Entry | None:
        return self.entries.get(code)

    def names_for(self, code: str, year: int | None = None) -> list[str]:
        """The trusted names of a code, the most attested first; with a year, a name that a rename had
        replaced by then (or that had not yet replaced its former one) is left out."""
        e = self.entries.get(code)
        if e is None:
            return []
        names = e.trusted_names()
        if year is None:
            return names
        for r in e.renames:
            if r.from_year is None:
                continue
            drop = r.former_name if year >= r.from_year else r.name
            names = [n for n in names if _canon(n) != _canon(drop)]
            if year < r.from_year and r.former_name not in names:
                names.append(r.former_name)
        return names

    def printed_by_year(self, code: str) -> dict[int, list[str]]:
        """Year → the names the corpus documents of that year print for ``code`` (trusted or not), the
        most printed first: the names by year as the documents have them."""
        e = self.entries.get(code)
        out: dict[int, list[str]] = defaultdict(list)
        if e is None:
            return {}
        for r in sorted((r for r in e.names if r.source == "corpus"), key=lambda r: -r.documents):
            for y in r.years:
                out[y].append(r.name)
        return dict(sorted(out.items()))

    def name_ok(self, code: str, name: str, year: int | None = None) -> bool | None:
        """Whether ``name`` is a trusted name of ``code`` (in ``year``); None when the catalog has no
        trusted name for the code, so it cannot tell."""
        names = self.names_for(code, year)
        if not names:
            return None
        return _canon(name) in {_canon(n) for n in names}

    def former_name(self, code: str, name: str) -> Rename | None:
        """The rename whose former name ``name`` is, for this code (医疗卫生与计划生育支出 for 210)."""
        e = self.entries.get(code)
        if e is None:
            return None
        return next((r for r in e.renames if _canon(r.former_name) == _canon(name)), None)

    def renamed(self, name: str) -> Rename | None:
        """The rename whose former name is ``name``, whatever the code (for names printed without one)."""
        for e in self.entries.values():
            for r in e.renames:
                if _canon(r.former_name) == _canon(name):
                    return r
        return None

    def code_for_name(self, name: str, level: str | None = None, parent: str | None = None) -> str | None:
        """The one code whose trusted (or former) name is ``name``, at a level (类/款/项) and under a parent
        code; None when no code or more than one fits (行政运行 needs its 款)."""
        want = _canon(name)
        found = []
        for code, e in self.entries.items():
            if level is not None and e.level != level:
                continue
            if parent is not None and not (code.startswith(parent) and code != parent):
                continue
            names = e.trusted_names() + [r.former_name for r in e.renames]
            if any(_canon(n) == want for n in names):
                found.append(code)
        return found[0] if len(found) == 1 else None

    def source(self, code: str) -> str:
        """Where the catalog's names for ``code`` come from, in words (empty when unknown)."""
        e = self.entries.get(code)
        if e is None:
            return ""
        parts = []
        for r in e.names:
            if r.source == "corpus":
                years = f"{r.first_year}" if r.first_year == r.last_year else f"{r.first_year}–{r.last_year}"
                parts.append(f"{r.name}: {r.documents} 份文件（{years}）")
            else:
                parts.append(f"{r.name}: {r.source} ({r.confidence})")
        parts += [f"{r.former_name} → {r.name} ({r.from_year or '?'}): {r.source}" for r in e.renames]
        return "; ".join(parts)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


_FUNC_LEI = "func_lei_compiled_UNVERIFIED.csv"
_FUNC_ITEMS = "func_personnel_items_compiled_UNVERIFIED.csv"
_ECON_DEPT = "econ_dept_compiled_UNVERIFIED.csv"
_ECON_GOV = "econ_gov_compiled_UNVERIFIED.csv"


def _compiled() -> dict[str, list[NameRecord]]:
    out: dict[str, list[NameRecord]] = defaultdict(list)
    for r in _rows(_FUNC_LEI):
        out[r["code"]].append(NameRecord(r["name"], _FUNC_LEI, r["confidence"]))
    for r in _rows(_FUNC_ITEMS):
        parts = r["path_lei_kuan_xiang"].split("/")
        code = r["code"]
        if len(parts) == 3:
            if not out.get(code[:5]):
                out[code[:5]].append(NameRecord(parts[1], _FUNC_ITEMS, r["confidence"]))
            if not out.get(code):
                out[code].append(NameRecord(parts[2], _FUNC_ITEMS, r["confidence"]))
    for f in (_ECON_DEPT, _ECON_GOV):
        for r in _rows(f):
            out[r["code"]].append(NameRecord(r["name"], f, r["confidence"]))
    return out


def _observed() -> dict[str, list[NameRecord]]:
    out: dict[str, list[NameRecord]] = defaultdict(list)
    for r in _rows("observed_codes.csv"):
        n = int(r["documents"])
        out[r["code"]].append(
            NameRecord(
                r["name"],
                "corpus",
                "high" if n >= TRUSTED_DOCUMENTS else "low",
                documents=n,
                first_year=int(r["first_year"]),
                last_year=int(r["last_year"]),
                files=tuple(r["sources"].split(";")),
                years=tuple(int(y) for y in r["years"].split(";")),
            )
        )
    return out


def _renames() -> dict[str, list[Rename]]:
    out: dict[str, list[Rename]] = defaultdict(list)
    for r in _rows("renames.csv"):
        year = int(r["from_year"]) if r["from_year"] else None
        out[r["code"]].append(
            Rename(r["code"], r["former_name"], r["name"], year, r["confidence"], r["source"])
        )
    return out


def _entries() -> dict[str, Entry]:
    compiled, observed, renames = _compiled(), _observed(), _renames()
    entries: dict[str, Entry] = {}
    for code in sorted(set(compiled) | set(observed) | set(renames)):
        system = system_of(code)
        if system is None:
            continue
        records = compiled.get(code, []) + observed.get(code, [])
        records.sort(key=lambda r: (not r.trusted, r.source == "corpus", -r.documents))
        entries[code] = Entry(system, code, tuple(records), tuple(renames.get(code, [])))
    return entries


def _flat_functional(entries: dict[str, Entry]) -> dict[str, str]:
    """One name per functional code, from the compiled lists only (the 类 list and the personnel 款/项),
    as before the corpus was harvested: the rules and the source checks read this dict, and its premise
    is "类 complete, a few 款/项". The names the corpus confirms are reached through ``names_for``."""
    return {
        code: compiled[0]
        for code, e in entries.items()
        if e.system == "functional" and (compiled := [r.name for r in e.names if r.source != "corpus"])
    }


@cache
def load() -> Catalog:
    entries = _entries()
    economic = {r["code"]: r["name"] for r in _rows(_ECON_DEPT)}
    economic.update({r["code"]: r["name"] for r in _rows(_ECON_GOV)})
    return Catalog(functional=_flat_functional(entries), economic=economic, entries=entries)
