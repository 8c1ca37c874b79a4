"""assignTarget."""

from __future__ import annotations

import strawberry

from api import validation
from api.errors import BadUserInput
from api.repositories import targets, units
from policies.guard import authorize
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


@strawberry.type
class TargetMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def assign_target(self, info: Info, input: AssignTargetInput) -> TargetType:
        """Only an officer whose scope strictly contains the unit; re-assigning keeps the history."""
        caller = info.context.caller()
        unit = await units.by_code(input.unit_code)
        grant = authorize(
            info.context.policy,
            caller,
            f"target.{unit.level}" if unit else "target",
            "assign",
            unit and unit.path,
            f"Unit {input.unit_code}",
        )
        assert unit is not None
        school_year = validation.school_year(input.school_year)
        rate = validation.percent(input.target_rate, "targetRate")
        if input.target_participants is not None and input.target_participants < 0:
            raise BadUserInput("targetParticipants cannot be negative.", field="targetParticipants")
        note = validation.optional_text(input.note, "note", 1000)
        target = await targets.assign(
            unit=unit,
            school_year=school_year,
            rate=rate,
            participants=input.target_participants,
            note=note,
            actor=grant,
            actor_name=caller.username,
        )
        return TargetType.from_model(target)
