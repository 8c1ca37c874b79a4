"""rewards."""

from __future__ import annotations

import strawberry

from domain.rewards import actions as rewards
from domain.rewards.models import RewardStatus
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
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[RewardType]:
        """Newest first: rewards whose recipient the caller may read (at or below `unitCode`)."""
        args = page_args(CURSOR_KIND, first, after)
        page = await rewards.rewards(
            info.context.access,
            school_year=school_year,
            unit_code=unit_code,
            status=status,
            map_code=map,
            after_id=int_key(args.after),
            limit=args.limit,
        )
        return reward_connection(page)
