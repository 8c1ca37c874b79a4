"""participationReport: the rollup by level, never above the caller's scope."""

from __future__ import annotations

import strawberry

from api import validation
from api.repositories import participation, targets, units
from api.repositories.scoping import subtree
from policies.roles import UnitLevel
from schema.context import Info
from schema.participation.types import ParticipationRowType, rate
from schema.permissions import IsAuthenticated
from schema.units.types import UnitType


@strawberry.type
class ParticipationQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def participation_report(
        self, info: Info, school_year: str, group_by: UnitLevel, within_code: str | None = None
    ) -> list[ParticipationRowType]:
        """One row per unit of `groupBy` in the caller's scope (and within `withinCode`), by code; units without
        an approved report included with zeros. Three statements, whatever the number of rows."""
        validation.school_year(school_year)
        scope = info.context.path_filter("unit", "read")
        joined = info.context.path_filter(
            "unit", "read", "unit__path"
        )  # the same rule, through totals' and targets' unit
        if within_code is not None:
            within = await units.by_code(within_code)
            if within is None or not info.context.can("unit", "view", within.path):
                return []
            scope &= subtree(within.path)
            joined &= subtree(within.path, "unit__path")
        rows = await units.all_of_level(scope, group_by)
        totals = await participation.totals_within(joined, school_year, group_by)
        unit_targets = await targets.within(joined, school_year, group_by)
        result = []
        for unit in rows:
            total = totals.get(unit.code)
            target = unit_targets.get(unit.code)
            students = total.students if total else 0
            via_school = total.via_school if total else 0
            via_other = total.via_other_groups if total else 0
            result.append(
                ParticipationRowType(
                    unit=UnitType.from_model(unit),
                    students=students,
                    participants=via_school + via_other,
                    via_school=via_school,
                    via_other_groups=via_other,
                    rate=rate(via_school + via_other, students),
                    target_rate=target.target_rate if target else None,
                    schools_expected=unit.school_count,
                    schools_reporting=total.schools_reporting if total else 0,
                    schools_below_target=total.schools_below_target if total else 0,
                    schools_at_full=total.schools_at_full if total else 0,
                )
            )
        return result
