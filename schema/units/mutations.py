"""openSchool, moveSchool, closeSchool (SPEC section 9)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from domain.units import schools
from domain.units.models import SchoolType
from schema.context import Info
from schema.permissions import IsAuthenticated
from schema.units.types import UnitType


@strawberry.input
class OpenSchoolInput:
    code: str
    name: str
    school_type: SchoolType
    parent_code: str = strawberry.field(description="A commune of the province, or the province itself.")
    opened_on: date


@strawberry.type
class SchoolMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def open_school(self, info: Info, input: OpenSchoolInput) -> UnitType:
        """A new school of the caller's province on the current map (code: 8 to 10 digits, unique)."""
        opening = schools.Opening(input.code, input.name, input.school_type, input.parent_code, input.opened_on)
        return UnitType.from_model(await schools.open_school(info.context.access, opening))

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def move_school(
        self, info: Info, code: str, parent_code: str, from_: Annotated[date, strawberry.argument(name="from")]
    ) -> UnitType:
        """The school hangs under `parentCode` from `from` on: the years that start from then count it there."""
        return UnitType.from_model(
            await schools.move_school(info.context.access, code=code, parent_code=parent_code, from_=from_)
        )

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def close_school(self, info: Info, code: str, on: date) -> UnitType:
        """The school keeps its records and stays listed; years that start after `on` no longer expect it."""
        return UnitType.from_model(await schools.close_school(info.context.access, code=code, on_day=on))
