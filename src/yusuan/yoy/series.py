"""A department's figures over the years: 收入, 支出, 基本/项目, 三公 and 机关运行经费, in 万元."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.model.money import Unit
from yusuan.store import Store
from yusuan.yoy.figures import SERIES_SUBJECTS, DocumentFigures, Figure
from yusuan.yoy.link import DepartmentSeries

HUNDRED = Decimal(100)


@dataclass
class Point:
    year: int
    figure: Figure | None  # the table's figure first (else the prose's), None when not stated

    @property
    def wan(self) -> Decimal | None:
        return self.figure.money.in_unit(Unit.WAN).value if self.figure is not None else None


@dataclass
class Line:
    subject: str
    name: str
    points: list[Point] = field(default_factory=list)

    def change(self, i: int) -> tuple[Decimal | None, Decimal | None]:
        """The change from the point before (万元) and its percentage (None where not defined)."""
        if i == 0:
            return None, None
        a, b = self.points[i - 1].wan, self.points[i].wan
        if a is None or b is None:
            return None, None
        delta = b - a
        return delta, (HUNDRED * delta / a if a != 0 else None)

    @property
    def stated(self) -> bool:
        return any(p.figure is not None for p in self.points)


def lines(store: Store, series: DepartmentSeries, kind: str) -> list[Line]:
    """One line per subject over the years the department has documents of ``kind``."""
    docs = series.documents.get(kind, {})
    figs = {year: DocumentFigures(store, row) for year, row in sorted(docs.items())}
    out = []
    for subject, name in SERIES_SUBJECTS:
        line = Line(subject, name)
        for year, f in figs.items():
            found = f.figures(subject)
            line.points.append(Point(year, found[0] if found else None))
        out.append(line)
    return out
