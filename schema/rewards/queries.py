"""rewards."""

from __future__ import annotations

import strawberry
from tortoise.expressions import Q

from api import validation
from api.models import RewardStatus
from api.repositories import rewards, units
from api.repositories.scoping import subtree
from schema.context import Info
from schema.pagination import Connection, int_key, page_args
from schema.permissions import IsAuthenticated
from schema.rewards.types import CURSOR_KIND, RewardType, reward_connection


@strawberry.type
class RewardQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def rewards(
        self,
        info: Info,
        school_year: str | None = None,
        unit_code: str | None = None,
        status: RewardStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[RewardType]:
        """Newest first: rewards whose recipient the caller may read (at or below `unitCode`)."""
        args = page_args(CURSOR_KIND, first, after)
        filters = Q()
        if school_year is not None:
            filters &= Q(school_year=validation.school_year(school_year))
        if status is not None:
            filters &= Q(status=status)
        if unit_code is not None:
            unit = await units.by_code(unit_code)
            visible = unit is not None and info.context.can("unit", "view", unit.path)
            filters &= subtree(unit.path, "recipient_path") if visible and unit else Q(pk__in=[])
        page = await rewards.page(
            info.context.path_filter("unit", "read", "recipient_path"),
            filters,
            after_id=int_key(args.after),
            limit=args.limit,
        )
        return reward_connection(page)
