"""submission, submissions, missingReports."""

from __future__ import annotations

import strawberry

from domain.submissions import actions as submissions
from domain.submissions.models import SubmissionKind, SubmissionStatus
from schema.context import Info
from schema.pagination import Connection, int_key, page_args
from schema.permissions import IsAuthenticated
from schema.submissions.types import CURSOR_KIND, SubmissionType, submission_connection
from schema.units.types import CURSOR_KIND as UNIT_CURSOR
from schema.units.types import UnitType, unit_connection


@strawberry.type
class SubmissionQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def submission(self, info: Info, id: strawberry.ID) -> SubmissionType | None:
        submission = await submissions.readable_submission(info.context.access, str(id))
        return SubmissionType.from_model(submission) if submission else None

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def submissions(
        self,
        info: Info,
        school_year: str | None = None,
        unit_code: str | None = None,
        kind: SubmissionKind | None = None,
        status: SubmissionStatus | None = None,
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SubmissionType]:
        """Newest first, inside the caller's scope (and at or below `unitCode`)."""
        args = page_args(CURSOR_KIND, first, after)
        page = await submissions.submissions(
            info.context.access,
            school_year=school_year,
            unit_code=unit_code,
            kind=kind,
            status=status,
            map_code=map,
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
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[UnitType]:
        """Schools in the caller's scope with no SUBMITTED or APPROVED participation report for the year and quarter."""
        args = page_args(UNIT_CURSOR, first, after)
        page = await submissions.missing_reports(
            info.context.access,
            school_year=school_year,
            quarter=quarter,
            within_code=within_code,
            map_code=map,
            after_code=args.after,
            limit=args.limit,
        )
        return unit_connection(page.rows, page.total, page.has_next)
