"""Derivation: Budget + profile → Publication (every table, total and sentence) + build messages.

``derive`` never invents text: reasons, purposes and tasks come from the budget; a missing one is
a warning naming its place in the source, and the sentence is written without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from yusuan.catalog import Catalog
from yusuan.catalog import load as load_catalog
from yusuan.derive import fujian, shanghai
from yusuan.derive.context import Context
from yusuan.derive.rollup import Rollup
from yusuan.model.budget import Budget, SourceMessage
from yusuan.model.publication import PubHeading, Publication, PubToc
from yusuan.profiles import load as load_profile

__all__ = ["Built", "derive", "layouts"]

#: profile id → the function that lays the disclosure out
_LAYOUTS: dict[str, Callable[[Context], None]] = {"fujian": fujian.build, "shanghai": shanghai.build}


def layouts() -> list[str]:
    return sorted(_LAYOUTS)


@dataclass(slots=True)
class Built:
    publication: Publication
    messages: list[SourceMessage]


def derive(budget: Budget, profile: str | None = None, catalog: Catalog | None = None) -> Built:
    """Lay ``budget`` out in ``profile`` (default: the budget's own profile)."""
    profile_id = profile or budget.profile
    if profile_id not in _LAYOUTS:
        raise ValueError(f"没有名为 {profile_id} 的生成模板（可用：{'、'.join(layouts())}）")
    catalog = catalog or load_catalog()
    ctx = Context(budget, load_profile(profile_id), catalog, Rollup(budget, catalog))
    _LAYOUTS[profile_id](ctx)
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
