"""The typed template spec: every key of a ``profiles/<id>/spec.yaml`` is a field here.

A regional spec names ``base: national`` and states only what differs: its tables (by id: a table of
the same id replaces the base's, a new id adds one), subjects, rows, sections and phrasings; keys it
does not give are the base's. Unknown keys are an error, so a typo in a spec never passes silently.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from yusuan.model import TableKind, Unit

#: the document kinds a template can describe
DOCUMENTS = ("budget", "final")


class SpecError(ValueError):
    """A template spec that does not load (unknown key, wrong type, missing field)."""


@dataclass(frozen=True)
class TableSpec:
    id: str
    title: str
    aliases: tuple[str, ...]
    kind: TableKind
    required: bool
    columns: dict[str, tuple[str, ...]]  # key -> title aliases
    sums: tuple[tuple[str, tuple[str, ...]], ...]  # (total column, part columns)
    rows: dict[str, tuple[str, ...]]  # row key -> label aliases (items tables)
    functional: bool = False
    economic: bool = False
    empty_note: str | None = None
    unit: Unit | None = None  # a table the template prints in another unit than the document's
    or_tables: tuple[str, ...] = ()  # tables of other roles that carry the same content when it is absent

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class RoleRule:
    """Recognise a table's role from its title words (labels stripped): all of ``all``, at least one
    of ``any`` when given, none of ``none``. Rules are tried in order; the first that holds wins."""

    table: str
    all: tuple[str, ...]
    any: tuple[str, ...] = ()
    none: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubjectSpec:
    key: str
    phrases: tuple[str, ...]
    ref: str | None
    reason_required: bool = False


@dataclass(frozen=True)
class SectionSpec:
    id: str
    words: tuple[str, ...]
    title: str


@dataclass(frozen=True)
class Detection:
    """Marker words of a regional template; it is picked when at least ``min`` of them occur."""

    markers: tuple[str, ...] = ()
    min: int = 1


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    text: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    unit: Unit
    detect: Detection
    tables: tuple[TableSpec, ...]
    roles: tuple[RoleRule, ...]
    two_sided_rows: dict[str, dict[str, tuple[str, ...]]]
    two_sided_parts: dict[str, tuple[str, ...]]
    subjects: dict[str, SubjectSpec]
    part_sums: dict[str, tuple[str, ...]]
    part_scopes: dict[str, dict[str, str]]
    heading_subjects: dict[str, str]
    sections: tuple[SectionSpec, ...]
    narrative_start: tuple[str, ...]
    glossary_start: tuple[str, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    # a narrative heading after a glossary heading ends the glossary. Off for the budget templates
    # until their narratives read that way are calibrated: three 西安 budgets whose 目录 names
    # 名词解释 would have claims read that the claim reader gets wrong (economic-code lists, units)
    narrative_ends_glossary: bool = False
    functional_lei_rows: tuple[tuple[str, str], ...] = ()
    economic_rows_skip: tuple[str, ...] = ()
    layout: str | None = None  # the derive layout that builds this template (None: check only)
    base: str | None = None
    document: str = "budget"  # the document kind it describes: "budget" (预算) or "final" (决算)
    description: str = ""

    def table(self, table_id: str) -> TableSpec:
        return next(t for t in self.tables if t.id == table_id)

    def has_table(self, table_id: str) -> bool:
        return any(t.id == table_id for t in self.tables)

    @property
    def regional(self) -> bool:
        return self.base is not None


# -- parsing ------------------------------------------------------------------------------------


def _tuple(v: Any, where: str) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list):
        raise SpecError(f"{where}: 应为列表")
    return tuple(str(x) for x in v)


def _mapping(v: Any, where: str) -> dict[str, Any]:
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise SpecError(f"{where}: 应为映射")
    return {str(k): x for k, x in v.items()}


def _known(d: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(d) - allowed)
    if unknown:
        raise SpecError(f"{where}: 未知的键 {', '.join(unknown)}")


_TABLE_KEYS = {f.name for f in fields(TableSpec)}


def parse_table(d: dict[str, Any], where: str) -> TableSpec:
    _known(d, _TABLE_KEYS, where)
    try:
        return TableSpec(
            id=str(d["id"]),
            title=str(d["title"]),
            aliases=_tuple(d.get("aliases"), f"{where}.aliases"),
            kind=TableKind(d["kind"]),
            required=bool(d.get("required", False)),
            columns={k: _tuple(v, f"{where}.columns") for k, v in _mapping(d.get("columns"), where).items()},
            sums=tuple((str(s[0]), _tuple(s[1], f"{where}.sums")) for s in d.get("sums") or []),
            rows={k: _tuple(v, f"{where}.rows") for k, v in _mapping(d.get("rows"), where).items()},
            functional=bool(d.get("functional", False)),
            economic=bool(d.get("economic", False)),
            empty_note=d.get("empty_note"),
            unit=Unit(d["unit"]) if d.get("unit") else None,
            or_tables=_tuple(d.get("or_tables"), f"{where}.or_tables"),
        )
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise SpecError(f"{where}: {exc}") from exc


def _subjects(v: Any, where: str) -> dict[str, SubjectSpec]:
    out = {}
    for k, s in _mapping(v, where).items():
        s = _mapping(s, f"{where}.{k}")
        _known(s, {"phrases", "ref", "reason_required"}, f"{where}.{k}")
        out[k] = SubjectSpec(
            k, _tuple(s.get("phrases"), k), s.get("ref"), bool(s.get("reason_required", False))
        )
    return out


def _roles(v: Any, where: str) -> tuple[RoleRule, ...]:
    out = []
    for i, r in enumerate(v or []):
        r = _mapping(r, f"{where}[{i}]")
        _known(r, {"table", "all", "any", "none"}, f"{where}[{i}]")
        out.append(
            RoleRule(str(r["table"]), _tuple(r.get("all"), "all"), _tuple(r.get("any"), "any"),
                     _tuple(r.get("none"), "none"))
        )  # fmt: skip
    return tuple(out)


_PROFILE_KEYS = {f.name for f in fields(Profile)}


def _fields(d: dict[str, Any], where: str) -> dict[str, Any]:
    """The spec's own keys as typed values (only the keys it gives)."""
    _known(d, _PROFILE_KEYS, where)
    out: dict[str, Any] = {}
    for key, v in d.items():
        w = f"{where}.{key}"
        if key in ("id", "name", "layout", "base", "description"):
            out[key] = None if v is None else str(v)
        elif key == "document":
            if v not in DOCUMENTS:
                raise SpecError(f"{w}: 应为 {' / '.join(DOCUMENTS)}")
            out[key] = str(v)
        elif key == "unit":
            out[key] = Unit(v)
        elif key == "detect":
            m = _mapping(v, w)
            _known(m, {"markers", "min"}, w)
            out[key] = Detection(_tuple(m.get("markers"), w), int(m.get("min", 1)))
        elif key == "tables":
            out[key] = tuple(parse_table(_mapping(t, w), f"{w}[{i}]") for i, t in enumerate(v or []))
        elif key == "roles":
            out[key] = _roles(v, w)
        elif key == "two_sided_rows":
            out[key] = {
                side: {k: _tuple(x, w) for k, x in _mapping(rows, w).items()}
                for side, rows in _mapping(v, w).items()
            }
        elif key in ("two_sided_parts", "part_sums"):
            out[key] = {k: _tuple(x, w) for k, x in _mapping(v, w).items()}
        elif key == "part_scopes":
            out[key] = {
                k: {str(a): str(b) for a, b in _mapping(x, w).items()} for k, x in _mapping(v, w).items()
            }
        elif key == "heading_subjects":
            out[key] = {k: str(x) for k, x in _mapping(v, w).items()}
        elif key == "subjects":
            out[key] = _subjects(v, w)
        elif key == "sections":
            out[key] = tuple(
                SectionSpec(str(s["id"]), _tuple(s.get("words"), w), str(s.get("title", s["id"])))
                for s in v or []
            )
        elif key == "narrative_ends_glossary":
            out[key] = bool(v)
        elif key in ("narrative_start", "glossary_start", "economic_rows_skip"):
            out[key] = _tuple(v, w)
        elif key == "glossary":
            out[key] = tuple(GlossaryEntry(str(e["term"]), str(e["text"])) for e in v or [])
        elif key == "functional_lei_rows":
            out[key] = tuple((str(r[0]), str(r[1])) for r in v or [])
    return out


_EMPTY: dict[str, Any] = {
    "name": "",
    "unit": Unit.WAN,
    "detect": Detection(),
    "tables": (),
    "roles": (),
    "two_sided_rows": {},
    "two_sided_parts": {},
    "subjects": {},
    "part_sums": {},
    "part_scopes": {},
    "heading_subjects": {},
    "sections": (),
    "narrative_start": (),
    "glossary_start": (),
}


def _merge_tables(base: tuple[TableSpec, ...], own: tuple[TableSpec, ...]) -> tuple[TableSpec, ...]:
    """The base's tables with the region's replacing those of the same id; new ids appended."""
    mine = {t.id: t for t in own}
    merged = [mine.pop(t.id, t) for t in base]
    return (*merged, *(t for t in own if t.id in mine))


def build_profile(d: dict[str, Any], where: str, base: Profile | None = None) -> Profile:
    """A profile from its spec mapping, on top of ``base`` when the spec names one."""
    own = _fields(d, where)
    if "id" not in own:
        raise SpecError(f"{where}: 缺少 id")
    if base is None:
        values = {**_EMPTY, **own}
        values.setdefault("name", own["id"])
        return Profile(**values)
    values = {f.name: getattr(base, f.name) for f in fields(Profile)}
    for key, v in own.items():
        if key == "tables":
            values[key] = _merge_tables(base.tables, v)
        elif key in ("subjects", "two_sided_parts", "part_sums", "part_scopes", "heading_subjects"):
            values[key] = {**getattr(base, key), **v}
        elif key == "two_sided_rows":
            values[key] = {**base.two_sided_rows, **v}
        else:
            values[key] = v
    # a region's detection and build layout are its own, never inherited
    if "detect" not in own:
        values["detect"] = Detection()
    if "layout" not in own:
        values["layout"] = None
    return replace(base, **values)


__all__ = [
    "DOCUMENTS",
    "Detection",
    "GlossaryEntry",
    "Profile",
    "RoleRule",
    "SectionSpec",
    "SpecError",
    "SubjectSpec",
    "TableSpec",
    "build_profile",
]
