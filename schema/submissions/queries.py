"""submission, submissions, missingReports."""

from __future__ import annotations

import strawberry
from tortoise.expressions import Q

from api import validation
from api.models import SubmissionKind, SubmissionStatus
from api.repositories import submissions, units
from api.repositories.scoping import subtree
from schema.context import Info
from schema.pagination import Connection, int_key, page_args
from schema.permissions import IsAuthenticated
from schema.submissions.types import CURSOR_KIND, SubmissionType, submission_connection
from schema.units.types import CURSOR_KIND as UNIT_CURSOR
from schema.units.types import UnitType, submission_filters, unit_connection


async def readable_submission(info: Info, submission_id: strawberry.ID):  # noqa: ANN201
    """The submission if the caller may read it, else None (out of scope reads as absent)."""
    if not str(submission_id).isdigit():
        return None
    submission = await submissions.by_id(int(submission_id))
    if submission is None or not info.context.can("unit", "read", submission.school_path):
        return None
    return submission


@strawberry.type
class SubmissionQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def submission(self, info: Info, id: strawberry.ID) -> SubmissionType | None:
        submission = await readable_submission(info, id)
        return SubmissionType.from_model(submission) if submission else None

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def submissions(
        self,
        info: Info,
        school_year: str | None = None,
        unit_code: str | None = None,
        kind: SubmissionKind | None = None,
        status: SubmissionStatus | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SubmissionType]:
        """Newest first, inside the caller's scope (and at or below `unitCode`)."""
        args = page_args(CURSOR_KIND, first, after)
        filters = submission_filters(school_year, kind, status)
        if unit_code is not None:
            unit = await units.by_code(unit_code)
            if unit is None or not info.context.can("unit", "view", unit.path):
                filters = Q(pk__in=[])
            else:
                filters &= subtree(unit.path, "school_path")
        page = await submissions.page(
            info.context.path_filter("unit", "read", "school_path"),
            filters,
            after_id=int_key(args.after),
            limit=args.limit,
        )
        return submission_connection(page)

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def missing_reports(
        self,
        info: Info,
        school_year: str,
        quarter: int,
        within_code: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[UnitType]:
        """Schools in the caller's scope with no SUBMITTED or APPROVED participation report for the year and quarter."""
        args = page_args(UNIT_CURSOR, first, after)
        validation.school_year(school_year)
        validation.quarter(quarter)
        within = None
        if within_code is not None:
            unit = await units.by_code(within_code)
            if unit is None or not info.context.can("unit", "view", unit.path):
                return unit_connection([], 0, False)
            within = subtree(unit.path)
        page = await submissions.schools_without_report(
            info.context.path_filter("unit", "read"),
            school_year=school_year,
            quarter=quarter,
            within=within,
            after_code=args.after,
            limit=args.limit,
        )
        return unit_connection(page.rows, page.total, page.has_next)
