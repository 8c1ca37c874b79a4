"""targets."""

from __future__ import annotations

import strawberry

from domain.targets import actions as targets
from schema.context import Info
from schema.pagination import Connection, connection, page_args
from schema.permissions import IsAuthenticated
from schema.targets.types import TargetType
from schema.units.types import UnitLevel

CURSOR_KIND = "target"


@strawberry.type
class TargetQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def targets(
        self,
        info: Info,
        school_year: str,
        unit_code: str | None = None,
        level: UnitLevel | None = None,
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TargetType]:
        """Targets of the units the caller may read (and at or below `unitCode`), by unit code."""
        args = page_args(CURSOR_KIND, first, after)
        page = await targets.targets(
            info.context.access,
            school_year=school_year,
            unit_code=unit_code,
            level=str(level) if level else None,
            map_code=map,
            after_key=args.after,
            limit=args.limit,
        )
        return connection(CURSOR_KIND, page.rows, page.total, page.has_next, TargetType.from_model, lambda t: t.unit_id)
