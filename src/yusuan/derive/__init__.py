"""Derivation: Budget + profile → Publication (every table, total and sentence) + build messages.

``derive`` never invents text: reasons, purposes and tasks come from the budget; a missing one is
a warning naming its place in the source, and the sentence is written without it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.derive.context import Context
from yusuan.derive.rollup import Rollup
from yusuan.model.budget import Budget, SourceMessage
from yusuan.model.publication import PubHeading, Publication, PubToc
from yusuan.profiles import buildable, default_buildable
from yusuan.profiles import load as load_profile

__all__ = ["Built", "derive", "layouts"]


def layouts() -> list[str]:
    """Templates that can be built: those whose spec names a layout module of this package."""
    return buildable()


def _layout(name: str) -> Callable[[Context], None]:
    """The ``build`` function of the layout module ``yusuan.derive.<name>`` a template's spec names."""
    module = importlib.import_module(f"{__name__}.{name}")
    return cast(Callable[[Context], None], module.build)


@dataclass(slots=True)
class Built:
    publication: Publication
    messages: list[SourceMessage]


def derive(budget: Budget, profile: str | None = None, catalog: Catalog | None = None) -> Built:
    """Lay ``budget`` out in ``profile`` (default: the budget's own profile)."""
    profile_id = profile or budget.profile or default_buildable()
    if profile_id not in layouts():
        raise ValueError(f"没有名为 {profile_id} 的生成模板（可用：{'、'.join(layouts())}）")
    catalog = catalog or load_catalog()
    spec = load_profile(profile_id)
    assert spec.layout is not None  # layouts() lists only templates with one
    ctx = Context(budget, spec, catalog, Rollup(budget, catalog))
    _layout(spec.layout)(ctx)
    toc = PubToc(
        tuple(
            (b.level, b.text) for b in ctx.blocks if isinstance(b, PubHeading) and b.in_toc and b.level <= 2
        )
    )
    title = f"{budget.year} 年度{budget.department}部门预算"
    pub = Publication(
        title=title,
        department=budget.department,
        year=budget.year,
        unit=budget.unit.value,
        profile=profile_id,
        blocks=[toc, *ctx.blocks],
    )
    return Built(pub, ctx.messages)
