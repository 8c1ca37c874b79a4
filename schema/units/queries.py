"""maps, unit, units, schoolYears."""

from __future__ import annotations

import strawberry

from domain.units import actions as units
from schema.context import Info
from schema.pagination import Connection, page_args
from schema.permissions import IsAuthenticated
from schema.units.types import CURSOR_KIND, MapType, UnitLevel, UnitType, unit_connection


@strawberry.type
class UnitQueries:
    @strawberry.field(permission_classes=[IsAuthenticated], description="The maps, oldest first, with their dates.")
    async def maps(self, info: Info) -> list[MapType]:
        return [MapType.from_model(m) for m in await units.maps(info.context.access)]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="The unit of `code` on `map`; without a map, on the current map first, then earlier maps.",
    )
    async def unit(self, info: Info, code: str, map: str | None = None) -> UnitType | None:
        place = await units.find(info.context.access, code, map_code=map)
        return UnitType.from_model(place.node) if place else None

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def units(
        self,
        info: Info,
        level: UnitLevel | None = None,
        parent_code: str | None = None,
        search: str | None = None,
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[UnitType]:
        """The units of a map (the current one unless named) that the caller can see (its scope and the ancestors
        of its grants), by code."""
        args = page_args(CURSOR_KIND, first, after)
        page = await units.units(
            info.context.access,
            map_code=map,
            level=str(level) if level else None,
            parent_code=parent_code,
            search=search,
            after_code=args.after,
            limit=args.limit,
        )
        return unit_connection(page.rows, page.total, page.has_next)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def school_years(self, info: Info) -> list[str]:
        return await units.school_years(info.context.access)
