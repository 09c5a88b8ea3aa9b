"""The test generator's Scenario as an authoring Budget, so hypothesis scenarios feed `derive`."""

from __future__ import annotations

from tests.support import fujian_doc as gen
from yusuan.model.budget import (
    Assets,
    Budget,
    BudgetUnit,
    FactLine,
    LastYear,
    Procurement,
    ProjectTarget,
    SanGong,
    TargetIndicator,
)


def _sangong(s: gen.SanGong) -> SanGong:
    return SanGong(s.abroad, s.reception, s.vehicle_purchase, s.vehicle_running)


def budget_from_scenario(s: gen.Scenario) -> Budget:
    names = {**gen.FUNC_KUAN, **gen.FUNC_XIANG}
    reasons = {
        {"abroad": "sangong.abroad", "reception": "sangong.reception", "vehicle": "sangong.vehicle"}.get(
            k, k
        ): v
        for k, v in s.reasons.items()
    }
    return Budget(
        department=s.department,
        short_name=s.short,
        year=s.year,
        duties=list(s.duties),
        offices=s.offices,
        units=[BudgetUnit(u.name, u.nature, u.staffing, u.actual) for u in s.units],
        tasks_intro=s.tasks_intro,
        tasks=list(s.tasks),
        facts=[
            FactLine(f.func_code, f.econ_code, f.source, f.kind, f.amount, project=f.project) for f in s.facts
        ],
        function_names={c: n for c, n in names.items() if any(f.func_code.startswith(c) for f in s.facts)},
        code_purposes=dict(s.code_purposes),
        last_year=LastYear(
            income_total=s.last_year_income_total,
            gpb_total=s.last_year_gpb_total,
            sangong=_sangong(s.sangong_last),
            admin_running=s.admin_running_last,
        ),
        sangong=_sangong(s.sangong),
        sangong_purposes=dict(s.sangong_purposes),
        admin_running=s.admin_running,
        procurement=Procurement(s.procurement_goods, s.procurement_works, s.procurement_services),
        assets=Assets(
            vehicles=s.vehicles,
            vehicles_to_purchase=s.vehicles_to_purchase,
            general_equipment=s.general_equipment,
            special_equipment=s.special_equipment,
        ),
        reasons=reasons,
        targets=[
            ProjectTarget(
                t.project,
                t.goal,
                tuple(TargetIndicator(i.level1, i.level2, i.name, i.value) for i in t.indicators),
            )
            for t in s.targets
        ],
    )
