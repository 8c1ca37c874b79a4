"""Reward nominations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.paging import Page
from domain.rewards.models import Reward, RewardForm, RewardStatus
from schema.context import Info
from schema.pagination import Connection, connection

if TYPE_CHECKING:
    from schema.units.types import UnitType

strawberry.enum(RewardForm)
strawberry.enum(RewardStatus)

CURSOR_KIND = "reward"


@strawberry.type(name="Person")
class PersonType:
    full_name: str
    position: str | None


@strawberry.type(name="Reward")
class RewardType:
    id: strawberry.ID
    school_year: str
    person: PersonType | None
    form: RewardForm
    reason: str
    status: RewardStatus
    nominated_by: str
    nominated_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str | None
    recipient_code: strawberry.Private[str]

    @classmethod
    def from_model(cls, r: Reward) -> RewardType:
        person = PersonType(full_name=r.person_name, position=r.person_position) if r.person_name else None
        return cls(
            id=strawberry.ID(str(r.id)),
            school_year=r.school_year,
            person=person,
            form=r.form,
            reason=r.reason,
            status=r.status,
            nominated_by=r.nominated_by,
            nominated_at=r.nominated_at,
            decided_by=r.decided_by,
            decided_at=r.decided_at,
            decision_note=r.decision_note,
            recipient_code=r.recipient_unit_id,
        )

    @strawberry.field
    async def recipient_unit(self, info: Info) -> Annotated[UnitType, strawberry.lazy("schema.units.types")]:
        from schema.units.types import require_visible_unit

        return await require_visible_unit(info, self.recipient_code)


def reward_connection(page: Page[Reward]) -> Connection[RewardType]:
    return connection(CURSOR_KIND, page.rows, page.total, page.has_next, RewardType.from_model, lambda r: str(r.id))
