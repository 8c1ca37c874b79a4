"""unit, units, schoolYears."""

from __future__ import annotations

import strawberry

from domain.units import actions as units
from policies.roles import UnitLevel
from schema.context import Info
from schema.pagination import Connection, page_args
from schema.permissions import IsAuthenticated
from schema.units.types import CURSOR_KIND, UnitType, unit_connection, visible_unit


@strawberry.type
class UnitQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def unit(self, info: Info, code: str) -> UnitType | None:
        return await visible_unit(info, code)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def units(
        self,
        info: Info,
        level: UnitLevel | None = None,
        parent_code: str | None = None,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[UnitType]:
        """The units the caller can see (its scope and the ancestors of its grants), by code."""
        args = page_args(CURSOR_KIND, first, after)
        page = await units.units(
            info.context.access,
            level=level,
            parent_code=parent_code,
            search=search,
            after_code=args.after,
            limit=args.limit,
        )
        return unit_connection(page.rows, page.total, page.has_next)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def school_years(self, info: Info) -> list[str]:
        return await units.school_years(info.context.access)
