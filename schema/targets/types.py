"""Target and its history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.targets.models import Target, TargetChange
from schema.context import Info

if TYPE_CHECKING:
    from schema.units.types import UnitType


@strawberry.type(name="TargetChange")
class TargetChangeType:
    old_rate: float | None
    new_rate: float
    old_participants: int | None
    new_participants: int | None
    note: str | None
    changed_by: str
    changed_at: datetime

    @classmethod
    def from_model(cls, change: TargetChange) -> TargetChangeType:
        return cls(
            old_rate=change.old_rate,
            new_rate=change.new_rate,
            old_participants=change.old_participants,
            new_participants=change.new_participants,
            note=change.note,
            changed_by=change.changed_by,
            changed_at=change.changed_at,
        )


@strawberry.type(name="Target")
class TargetType:
    school_year: str
    target_rate: float
    target_participants: int | None
    assigned_by: str
    assigned_at: datetime
    id: strawberry.Private[int]
    unit_code: strawberry.Private[str]

    @classmethod
    def from_model(cls, target: Target) -> TargetType:
        return cls(
            id=target.id,
            unit_code=target.unit_id,
            school_year=target.school_year,
            target_rate=target.target_rate,
            target_participants=target.target_participants,
            assigned_by=target.assigned_by,
            assigned_at=target.assigned_at,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Annotated[UnitType, strawberry.lazy("schema.units.types")]:
        from schema.units.types import require_visible_unit

        return await require_visible_unit(info, self.unit_code)

    @strawberry.field(description="Every assignment of this target, oldest first: who, when, old -> new.")
    async def history(self, info: Info) -> list[TargetChangeType]:
        changes = await info.context.loaders.target_changes.load(self.id)
        return [TargetChangeType.from_model(c) for c in changes]
