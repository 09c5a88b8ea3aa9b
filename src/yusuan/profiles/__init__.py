"""Template registry: one folder per template under ``profiles/`` holding its ``spec.yaml``.

``national`` is the base every document gets; a regional template (``fujian``, ``shanghai``, …) says
``base: national`` and only what differs. Every other package asks this registry for templates; no
template id is written anywhere else. Adding a region is adding a folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from yusuan.profiles.spec import (
    Detection,
    GlossaryEntry,
    Profile,
    RoleRule,
    SectionSpec,
    SpecError,
    SubjectSpec,
    TableSpec,
    build_profile,
)

__all__ = [
    "BASE",
    "BASES",
    "Detection",
    "DetectionResult",
    "GlossaryEntry",
    "Profile",
    "RoleRule",
    "SectionSpec",
    "SpecError",
    "SubjectSpec",
    "TableSpec",
    "available",
    "buildable",
    "default_buildable",
    "detect",
    "detect_with_reason",
    "load",
]

BASE = "national"
#: the base of each document kind: the template a document of that kind gets unless a region of the
#: same kind is recognised
BASES = {"budget": BASE, "final": "national_final"}


#: extra folders of templates (os.pathsep-separated), searched after the bundled ones: a region added
#: without touching the package
PROFILE_DIRS_ENV = "YUSUAN_PROFILE_DIRS"


def _folders() -> dict[str, Traversable]:
    roots: list[Traversable] = [resources.files(__package__)]
    roots += [Path(p) for p in os.environ.get(PROFILE_DIRS_ENV, "").split(os.pathsep) if p]
    found: dict[str, Traversable] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for p in root.iterdir():
            if p.is_dir() and p.joinpath("spec.yaml").is_file():
                found.setdefault(p.name, p)
    return found


def available(document: str | None = None) -> list[str]:
    """Every template id (of one document kind when given): the bases first, then the regions in
    name order."""
    ids = sorted(_folders(), key=lambda i: (i not in BASES.values(), i))
    if document is None:
        return ids
    return [i for i in ids if load(i).document == document]


def _raw(profile_id: str) -> dict[str, object]:
    text = _folders()[profile_id].joinpath("spec.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when built
    if not isinstance(data, dict):
        raise SpecError(f"profiles/{profile_id}/spec.yaml: 应为映射")
    return {str(k): v for k, v in data.items()}


@cache
def load(profile_id: str) -> Profile:
    if profile_id not in _folders():
        raise KeyError(f"未知的模版：{profile_id}（可用：{', '.join(available())}）")
    raw = _raw(profile_id)
    where = f"profiles/{profile_id}/spec.yaml"
    base_id = raw.get("base")
    base = load(str(base_id)) if base_id else None
    profile = build_profile(raw, where, base)
    if profile.id != profile_id:
        raise SpecError(f"{where}: id {profile.id} 与目录名 {profile_id} 不一致")
    return profile


def buildable(document: str | None = None) -> list[str]:
    """Templates ``yusuan build`` can lay out (their spec names a layout), of one kind when given."""
    return [p for p in available(document) if load(p).layout]


def default_buildable(document: str = "budget") -> str:
    """The template a source of this kind that names none is built in."""
    return buildable(document)[0]


@dataclass(frozen=True)
class DetectionResult:
    profile: Profile
    reason: str


def detect_with_reason(text: str, document: str = "budget") -> DetectionResult:
    """The most specific template of the document's kind whose markers match with confidence, else
    that kind's national base."""
    best: tuple[float, Profile, list[str]] | None = None
    near: list[str] = []
    for pid in available(document):
        profile = load(pid)
        markers = profile.detect.markers
        if not profile.regional or not markers:
            continue
        hits = [w for w in markers if w in text]
        if len(hits) >= profile.detect.min:
            score = len(hits) / len(markers)
            if best is None or score > best[0]:
                best = (score, profile, hits)
        elif hits:
            near.append(f"{profile.name} {len(hits)}/{len(markers)}，需 {profile.detect.min}")
    if best is not None:
        _, profile, hits = best
        shown = "、".join(f"“{w}”" for w in hits[:4])
        return DetectionResult(
            profile,
            f"识别为{profile.name}：出现 {shown}（{len(hits)}/{len(profile.detect.markers)} 个标志词）",
        )
    base = load(BASES[document])
    why = f"（{'；'.join(near)}）" if near else ""
    return DetectionResult(base, f"未可靠匹配任何地方模版{why}，按{base.name}检查")


def detect(text: str, document: str = "budget") -> Profile:
    return detect_with_reason(text, document).profile
