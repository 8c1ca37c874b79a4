"""targets."""

from __future__ import annotations

import strawberry

from api import validation
from api.repositories import targets, units
from api.repositories.paging import Page
from api.repositories.scoping import subtree
from policies.roles import UnitLevel
from schema.context import Info
from schema.pagination import Connection, connection, page_args
from schema.permissions import IsAuthenticated
from schema.targets.types import TargetType

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
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[TargetType]:
        """Targets of the units the caller may read (and at or below `unitCode`), by unit code."""
        args = page_args(CURSOR_KIND, first, after)
        validation.school_year(school_year)
        within = None
        if unit_code is not None:
            unit = await units.by_code(unit_code)
            if unit is None or not info.context.can("unit", "view", unit.path):
                return connection(CURSOR_KIND, [], 0, False, TargetType.from_model, str)
            within = subtree(unit.path, "unit_path")
        page: Page = await targets.page(
            info.context.path_filter("unit", "read", "unit_path"),
            school_year=school_year,
            within=within,
            level=level,
            after_code=args.after,
            limit=args.limit,
        )
        return connection(CURSOR_KIND, page.rows, page.total, page.has_next, TargetType.from_model, lambda t: t.unit_id)
