"""The Unit type: a node of the jurisdiction tree as the caller may see it."""

from __future__ import annotations

import strawberry

from api.models import SchoolType, Unit
from policies.roles import UnitLevel
from schema.context import Info
from schema.pagination import Connection, connection, page_args

strawberry.enum(UnitLevel)
strawberry.enum(SchoolType)

CURSOR_KIND = "unit"


@strawberry.type(name="Unit")
class UnitType:
    code: str
    name: str
    level: UnitLevel
    path: str
    school_type: SchoolType | None
    parent_code: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, unit: Unit) -> UnitType:
        return cls(
            code=unit.code,
            name=unit.name,
            level=unit.level,
            path=unit.path,
            school_type=unit.school_type,
            parent_code=unit.parent_id,
        )

    @strawberry.field
    async def parent(self, info: Info) -> UnitType | None:
        if self.parent_code is None:
            return None
        return await visible_unit(info, self.parent_code)

    @strawberry.field
    async def children(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[UnitType]:
        """Only the children inside the caller's view: an ancestor lists just the branch that leads to the caller."""
        args = page_args(CURSOR_KIND, first, after)
        scope = info.context.path_filter("unit", "view")
        page = await info.context.loaders.children_by_parent(scope, args.after, args.limit).load(self.code)
        return unit_connection(page.rows, page.total, page.has_next)


async def visible_unit(info: Info, code: str) -> UnitType | None:
    """The unit if the caller may see it, else None: out of scope reads as absent."""
    unit = await info.context.loaders.unit_by_code.load(code)
    if unit is None or not info.context.can("unit", "view", unit.path):
        return None
    return UnitType.from_model(unit)


def unit_connection(rows: list[Unit], total: int, has_next: bool) -> Connection[UnitType]:
    return connection(CURSOR_KIND, rows, total, has_next, UnitType.from_model, lambda u: u.code)
