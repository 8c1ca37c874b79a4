"""The Unit type: a node of the jurisdiction tree as the caller may see it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain import validation
from domain.submissions.models import SubmissionKind, SubmissionStatus
from domain.units.models import SchoolType, Unit
from policies.roles import UnitLevel
from schema.context import Info
from schema.pagination import Connection, connection, int_key, page_args
from schema.participation.types import ParticipationType

if TYPE_CHECKING:
    from schema.rewards.types import RewardType
    from schema.submissions.types import SubmissionType
    from schema.targets.types import TargetType

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
        page = await info.context.loaders.children_by_parent(args.after, args.limit).load(self.code)
        return unit_connection(page.rows, page.total, page.has_next)

    @strawberry.field(description="Null until assigned, and for units outside the caller's scope (breadcrumbs).")
    async def target(
        self, info: Info, school_year: str
    ) -> Annotated[TargetType, strawberry.lazy("schema.targets.types")] | None:
        from schema.targets.types import TargetType

        validation.school_year(school_year)
        if not info.context.access.reads(self.path):
            return None
        target = await info.context.loaders.target_by_unit_year.load((self.code, school_year))
        return TargetType.from_model(target) if target else None

    @strawberry.field(description="Every year's target of the unit, oldest first.")
    async def targets(self, info: Info) -> list[Annotated[TargetType, strawberry.lazy("schema.targets.types")]]:
        from schema.targets.types import TargetType

        if not info.context.access.reads(self.path):
            return []
        return [TargetType.from_model(t) for t in await info.context.loaders.targets_all_years.load(self.code)]

    @strawberry.field(
        description="A school's latest approved report for the year; for a district, province or the nation, "
        "the sums over its schools. Null without an approved report, and outside the caller's scope."
    )
    async def participation(self, info: Info, school_year: str) -> ParticipationType | None:
        validation.school_year(school_year)
        if not info.context.access.reads(self.path):
            return None
        total = await info.context.loaders.totals_by_unit_year.load((self.code, school_year))
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
        return submission_connection(await loader.load(self.path))

    @strawberry.field(description="Rewards for this unit and the units and people below it that the caller may read.")
    async def rewards(
        self, info: Info, school_year: str | None = None, first: int | None = None, after: str | None = None
    ) -> Connection[Annotated[RewardType, strawberry.lazy("schema.rewards.types")]]:
        from schema.rewards.types import CURSOR_KIND, reward_connection

        args = page_args(CURSOR_KIND, first, after)
        if school_year:
            validation.school_year(school_year)
        loader = info.context.loaders.rewards_below(school_year or None, int_key(args.after), args.limit)
        return reward_connection(await loader.load(self.path))


async def require_visible_unit(info: Info, code: str) -> UnitType:
    """The unit of a record the caller was allowed to read, which is therefore visible (units are never deleted)."""
    unit = await visible_unit(info, code)
    assert unit is not None, f"unit {code} of a readable record is not visible"
    return unit


async def visible_unit(info: Info, code: str) -> UnitType | None:
    """The unit if the caller may see it, else None: out of scope reads as absent."""
    unit = await info.context.loaders.unit_by_code.load(code)
    if unit is None or not info.context.access.sees(unit.path):
        return None
    return UnitType.from_model(unit)


def unit_connection(rows: list[Unit], total: int, has_next: bool) -> Connection[UnitType]:
    return connection(CURSOR_KIND, rows, total, has_next, UnitType.from_model, lambda u: u.code)
