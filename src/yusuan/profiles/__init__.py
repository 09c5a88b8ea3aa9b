"""Region profiles: table sets, titles and aliases, columns, narrative subjects, sections (YAML data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from yusuan.model import TableKind, Unit


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

    @property
    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


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
class Profile:
    id: str
    name: str
    unit: Unit
    detect: tuple[str, ...]
    tables: tuple[TableSpec, ...]
    two_sided_rows: dict[str, dict[str, tuple[str, ...]]]
    subjects: dict[str, SubjectSpec]
    part_sums: dict[str, tuple[str, ...]]
    part_scopes: dict[str, dict[str, str]]
    heading_subjects: dict[str, str]
    sections: tuple[SectionSpec, ...]
    narrative_start: tuple[str, ...]
    glossary_start: tuple[str, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)

    def table(self, table_id: str) -> TableSpec:
        return next(t for t in self.tables if t.id == table_id)


def _tuple(v: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in (v or []))


def _table(d: dict[str, Any]) -> TableSpec:
    return TableSpec(
        id=d["id"],
        title=d["title"],
        aliases=_tuple(d.get("aliases")),
        kind=TableKind(d["kind"]),
        required=bool(d.get("required", False)),
        columns={k: _tuple(v) for k, v in (d.get("columns") or {}).items()},
        sums=tuple((s[0], _tuple(s[1])) for s in d.get("sums") or []),
        rows={k: _tuple(v) for k, v in (d.get("rows") or {}).items()},
        functional=bool(d.get("functional", False)),
        economic=bool(d.get("economic", False)),
        empty_note=d.get("empty_note"),
    )


def parse_profile(d: dict[str, Any]) -> Profile:
    subjects = {
        k: SubjectSpec(k, _tuple(v.get("phrases")), v.get("ref"), bool(v.get("reason_required", False)))
        for k, v in (d.get("subjects") or {}).items()
    }
    return Profile(
        id=d["id"],
        name=d.get("name", d["id"]),
        unit=Unit(d.get("unit", "万元")),
        detect=_tuple(d.get("detect")),
        tables=tuple(_table(t) for t in d.get("tables") or []),
        two_sided_rows={
            side: {k: _tuple(v) for k, v in rows.items()}
            for side, rows in (d.get("two_sided_rows") or {}).items()
        },
        subjects=subjects,
        part_sums={k: _tuple(v) for k, v in (d.get("part_sums") or {}).items()},
        part_scopes={
            k: {str(a): str(b) for a, b in v.items()} for k, v in (d.get("part_scopes") or {}).items()
        },
        heading_subjects={str(k): str(v) for k, v in (d.get("heading_subjects") or {}).items()},
        sections=tuple(
            SectionSpec(s["id"], _tuple(s.get("words")), s.get("title", s["id"]))
            for s in d.get("sections") or []
        ),
        narrative_start=_tuple(d.get("narrative_start")),
        glossary_start=_tuple(d.get("glossary_start")),
        raw=d,
    )


def available() -> list[str]:
    return sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files(__package__).iterdir()
        if p.name.endswith(".yaml")
    )


@cache
def load(profile_id: str) -> Profile:
    if profile_id not in available():
        raise KeyError(f"未知的模版：{profile_id}（可用：{', '.join(available())}）")
    text = resources.files(__package__).joinpath(f"{profile_id}.yaml").read_text(encoding="utf-8")
    return parse_profile(yaml.safe_load(text))


def detect(text: str) -> Profile:
    """The profile whose detection words occur most in the text (ties: the first available)."""
    best = None
    best_score = -1
    for pid in available():
        profile = load(pid)
        score = sum(1 for w in profile.detect if w in text)
        if score > best_score:
            best, best_score = profile, score
    assert best is not None
    return best
