"""The Unit type: a node of the jurisdiction tree as the caller may see it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain import validation
from domain.submissions.models import SubmissionKind, SubmissionStatus
from domain.units.models import Map, SchoolType, UnitEvent, UnitNode
from domain.units.paths import code_of, shown
from schema.context import Info
from schema.pagination import Connection, connection, int_key, page_args
from schema.participation.types import ParticipationType

if TYPE_CHECKING:
    from schema.rewards.types import RewardType
    from schema.submissions.types import SubmissionType
    from schema.targets.types import TargetType

strawberry.enum(SchoolType)


@strawberry.enum
class UnitLevel(StrEnum):
    """The levels of every map (SPEC section 9): which a map has is its data (`Map.levels`)."""

    NATION = "NATION"
    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"
    COMMUNE = "COMMUNE"
    SCHOOL = "SCHOOL"


CURSOR_KIND = "unit"


@strawberry.type(name="Map")
class MapType:
    code: str
    name: str
    valid_from: date
    valid_to: date | None
    levels: list[UnitLevel]

    @classmethod
    def from_model(cls, on: Map) -> MapType:
        return cls(
            code=on.code,
            name=on.name,
            valid_from=on.valid_from,
            valid_to=on.valid_to,
            levels=[UnitLevel(level) for level in on.level_names],
        )


@strawberry.type(name="UnitEvent")
class UnitEventType:
    at: datetime
    action: str = strawberry.field(description="OPEN, MOVE or CLOSE.")
    from_: date = strawberry.field(name="from", description="The day it takes effect.")
    parent_code: str | None = strawberry.field(description="Where the school hangs from then (OPEN, MOVE).")
    actor: str

    @classmethod
    def from_model(cls, event: UnitEvent) -> UnitEventType:
        parent = code_of(event.parent_id) if event.parent_id else None
        return cls(at=event.at, action=event.action, from_=event.effective, parent_code=parent, actor=event.actor)


@strawberry.type(name="Unit")
class UnitType:
    code: str
    name: str
    level: UnitLevel
    path: str = strawberry.field(description="Codes joined by dots, root first, on this unit's map.")
    map: str = strawberry.field(description="The map this unit is on (a school and the root are on every map).")
    school_type: SchoolType | None
    key: strawberry.Private[str]
    node_path: strawberry.Private[str]
    parent_key: strawberry.Private[str | None]

    @classmethod
    def from_model(cls, node: UnitNode) -> UnitType:
        return cls(
            code=node.code,
            name=node.name,
            level=UnitLevel(node.level),
            path=shown(node.path),
            map=node.map_id,
            school_type=node.school_type,
            key=node.unit_id,
            node_path=node.path,
            parent_key=node.parent_id,
        )

    @strawberry.field
    async def parent(self, info: Info) -> UnitType | None:
        if self.parent_key is None:
            return None
        return await visible_unit(info, self.parent_key, self.map)

    @strawberry.field
    async def children(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[UnitType]:
        """Only the children inside the caller's view: an ancestor lists just the branch that leads to the caller."""
        args = page_args(CURSOR_KIND, first, after)
        page = await info.context.loaders.children_by_parent(args.after, args.limit).load((self.key, self.map))
        return unit_connection(page.rows, page.total, page.has_next)

    @strawberry.field(description="The units of the next map, at the corresponding level, that hold its schools.")
    async def successors(self, info: Info) -> list[UnitType]:
        return [UnitType.from_model(n) for n in await info.context.loaders.neighbours(1).load(self.node_path)]

    @strawberry.field(description="The units of the previous map, at the corresponding level, that held its schools.")
    async def predecessors(self, info: Info) -> list[UnitType]:
        return [UnitType.from_model(n) for n in await info.context.loaders.neighbours(-1).load(self.node_path)]

    @strawberry.field(description="A school's opening day, when it opened through openSchool.")
    async def opened_on(self, info: Info) -> date | None:
        unit = await info.context.loaders.unit_identity.load(self.key)
        return unit.opened_on if unit else None

    @strawberry.field(description="The day a closed school closed.")
    async def closed_on(self, info: Info) -> date | None:
        unit = await info.context.loaders.unit_identity.load(self.key)
        return unit.closed_on if unit else None

    @strawberry.field(description="A school's openings, moves and closes, oldest first (for units the caller reads).")
    async def history(self, info: Info) -> list[UnitEventType]:
        if not info.context.access.reads(self.node_path):
            return []
        return [UnitEventType.from_model(e) for e in await info.context.loaders.unit_history.load(self.key)]

    @strawberry.field(description="Null until assigned, and for units outside the caller's scope (breadcrumbs).")
    async def target(
        self, info: Info, school_year: str
    ) -> Annotated[TargetType, strawberry.lazy("schema.targets.types")] | None:
        from schema.targets.types import TargetType

        validation.school_year(school_year)
        if not info.context.access.reads(self.node_path):
            return None
        target = await info.context.loaders.target_by_unit_year.load((self.key, school_year))
        return TargetType.from_model(target) if target else None

    @strawberry.field(description="Every year's target of the unit, oldest first.")
    async def targets(self, info: Info) -> list[Annotated[TargetType, strawberry.lazy("schema.targets.types")]]:
        from schema.targets.types import TargetType

        if not info.context.access.reads(self.node_path):
            return []
        return [TargetType.from_model(t) for t in await info.context.loaders.targets_all_years.load(self.key)]

    @strawberry.field(
        description="A school's latest approved report for the year; for a district, province or the nation, "
        "the sums over its schools. Null without an approved report, and outside the caller's scope."
    )
    async def participation(self, info: Info, school_year: str) -> ParticipationType | None:
        validation.school_year(school_year)
        if not info.context.access.reads(self.node_path):
            return None
        total = await info.context.loaders.totals_by_unit_year.load((self.key, school_year))
        if total is None or total.schools_reporting == 0:
            return None
        return ParticipationType.from_total(total)

    @strawberry.field(description="Submissions of the schools at or below this unit that the caller may read.")
    async def submissions(
        self,
        info: Info,
        school_year: str | None = None,
        kind: SubmissionKind | None = None,
        status: SubmissionStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Annotated[SubmissionType, strawberry.lazy("schema.submissions.types")]]:
        from schema.submissions.types import CURSOR_KIND, submission_connection

        args = page_args(CURSOR_KIND, first, after)
        if school_year is not None:
            validation.school_year(school_year)
        loader = info.context.loaders.submissions_below(school_year, kind, status, int_key(args.after), args.limit)
        return submission_connection(await loader.load(self.node_path))

    @strawberry.field(description="Rewards for this unit and the units and people below it that the caller may read.")
    async def rewards(
        self, info: Info, school_year: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[RewardType, strawberry.lazy("schema.rewards.types")]]:
        from schema.rewards.types import CURSOR_KIND, reward_connection

        args = page_args(CURSOR_KIND, first, after)
        if school_year:
            validation.school_year(school_year)
        loader = info.context.loaders.rewards_below(school_year or None, int_key(args.after), args.limit)
        return reward_connection(await loader.load(self.node_path))


async def require_visible_unit(info: Info, key: str) -> UnitType:
    """The unit of a record the caller was allowed to read, which is therefore visible (units are never deleted)."""
    unit = await visible_unit(info, key)
    assert unit is not None, f"unit {key} of a readable record is not visible"
    return unit


async def visible_unit(info: Info, key: str, map_code: str | None = None) -> UnitType | None:
    """The unit (by key) on `map_code`, else on the current map, else on another map it is on, as far as the
    caller may see it; None when it sees none of its nodes: out of scope reads as absent."""
    nodes = await info.context.loaders.nodes_of_unit.load(key)
    order = await info.context.loaders.map_order(map_code)
    for node in sorted(nodes, key=lambda n: order.index(n.map_id) if n.map_id in order else len(order)):
        if info.context.access.sees(node.path):
            return UnitType.from_model(node)
    return None


def unit_connection(rows: list[UnitNode], total: int, has_next: bool) -> Connection[UnitType]:
    return connection(CURSOR_KIND, rows, total, has_next, UnitType.from_model, lambda u: u.code)
