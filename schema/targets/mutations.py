"""assignTarget."""

from __future__ import annotations

import strawberry

from domain.targets import actions as targets
from schema.context import Info
from schema.permissions import IsAuthenticated
from schema.targets.types import TargetType


@strawberry.input
class AssignTargetInput:
    unit_code: str
    school_year: str
    target_rate: float
    target_participants: int | None = None
    note: str | None = None
    map: str | None = None


@strawberry.type
class TargetMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def assign_target(self, info: Info, input: AssignTargetInput) -> TargetType:
        """Only an officer whose scope strictly contains the unit; re-assigning keeps the history."""
        target = await targets.assign_target(
            info.context.access,
            unit_code=input.unit_code,
            school_year=input.school_year,
            target_rate=input.target_rate,
            target_participants=input.target_participants,
            note=input.note,
            map_code=input.map,
        )
        return TargetType.from_model(target)
