"""participationReport: the rollup by level, never above the caller's scope."""

from __future__ import annotations

import strawberry

from domain.participation import actions as participation
from schema.context import Info
from schema.participation.types import ParticipationRowType, rate
from schema.permissions import IsAuthenticated
from schema.units.types import UnitLevel, UnitType


@strawberry.type
class ParticipationQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def participation_report(
        self,
        info: Info,
        school_year: str,
        group_by: UnitLevel,
        within_code: str | None = None,
        map: str | None = None,
    ) -> list[ParticipationRowType]:
        """One row per unit of `groupBy` on `map` (the school year's map unless named) in the caller's scope (and
        within `withinCode`), by code; units without an approved report included with zeros."""
        rows = await participation.participation_report(
            info.context.access, school_year=school_year, group_by=str(group_by), within_code=within_code, map_code=map
        )
        return [
            ParticipationRowType(
                unit=UnitType.from_model(row.unit),
                students=row.students,
                participants=row.participants,
                via_school=row.via_school,
                via_other_groups=row.via_other_groups,
                rate=rate(row.participants, row.students),
                target_rate=row.target_rate,
                schools_expected=row.schools_expected,
                schools_reporting=row.schools_reporting,
                schools_below_target=row.schools_below_target,
                schools_at_full=row.schools_at_full,
                complete=row.complete,
            )
            for row in rows
        ]
