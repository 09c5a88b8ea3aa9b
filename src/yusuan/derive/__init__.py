"""Derivation: Budget (or FinalAccounts) + profile → Publication (every table, total and sentence) +
build messages.

``derive`` never invents text: reasons, purposes and tasks come from the source; a missing one is
a warning naming its place in the source, and the sentence is written without it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.derive.context import Context, Writer
from yusuan.derive.final_context import FinalContext
from yusuan.derive.final_rollup import FinalRollup
from yusuan.derive.rollup import Rollup
from yusuan.model.budget import Budget, SourceMessage
from yusuan.model.final_accounts import FinalAccounts
from yusuan.model.publication import PubHeading, Publication, PubToc
from yusuan.profiles import buildable, default_buildable
from yusuan.profiles import load as load_profile

__all__ = ["Built", "derive", "document_of", "layouts"]


def layouts(document: str | None = None) -> list[str]:
    """Templates that can be built (of one document kind when given): those whose spec names a
    layout module of this package."""
    return buildable(document)


def document_of(source: Budget | FinalAccounts) -> str:
    return "final" if isinstance(source, FinalAccounts) else "budget"


def _layout(name: str) -> Callable[[Any], None]:
    """The ``build`` function of the layout module ``yusuan.derive.<name>`` a template's spec names."""
    module = importlib.import_module(f"{__name__}.{name}")
    return cast(Callable[[Any], None], module.build)


@dataclass(slots=True)
class Built:
    publication: Publication
    messages: list[SourceMessage]


def derive(
    source: Budget | FinalAccounts, profile: str | None = None, catalog: Catalog | None = None
) -> Built:
    """Lay ``source`` out in ``profile`` (default: the source's own profile, else the default
    template of its kind: 部门预算 or 部门决算)."""
    document = document_of(source)
    profile_id = profile or source.profile or default_buildable(document)
    if profile_id not in layouts(document):
        kind = "决算" if document == "final" else "预算"
        raise ValueError(f"没有名为 {profile_id} 的{kind}生成模板（可用：{'、'.join(layouts(document))}）")
    catalog = catalog or load_catalog()
    spec = load_profile(profile_id)
    assert spec.layout is not None  # layouts() lists only templates with one
    ctx: Writer
    if isinstance(source, FinalAccounts):
        ctx = FinalContext(source, spec, catalog, FinalRollup(source, catalog))
        title = f"{source.department}{source.year}年度{source.level}决算"
    else:
        ctx = Context(source, spec, catalog, Rollup(source, catalog))
        title = f"{source.year} 年度{source.department}部门预算"
    _layout(spec.layout)(ctx)
    toc = PubToc(
        tuple(
            (b.level, b.text) for b in ctx.blocks if isinstance(b, PubHeading) and b.in_toc and b.level <= 2
        )
    )
    pub = Publication(
        title=title,
        department=source.department,
        year=source.year,
        unit=source.unit.value,
        profile=profile_id,
        blocks=[toc, *ctx.blocks],
    )
    return Built(pub, ctx.messages)
