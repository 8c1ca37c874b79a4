"""Submission, its card rows and its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from domain.paging import Page
from domain.submissions.models import (
    CardRow,
    CardType,
    Gender,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionStatus,
)
from schema.context import Info
from schema.pagination import Connection, connection, int_key, page_args

if TYPE_CHECKING:
    from schema.units.types import UnitType

strawberry.enum(SubmissionKind)
strawberry.enum(SubmissionStatus)
strawberry.enum(Gender)
strawberry.enum(CardType)

CURSOR_KIND = "submission"
ROW_CURSOR_KIND = "row"


@strawberry.type(name="CardRow")
class CardRowType:
    line: int = strawberry.field(description="The row's number in its file (header = 1), or its position in the input.")
    full_name: str
    date_of_birth: date
    gender: Gender
    citizen_id: str | None
    social_insurance_number: str | None
    class_name: str | None
    card_type: CardType
    months: int
    valid_from: date
    valid_to: date
    premium: int
    state_support: int
    local_support: int
    student_pays: int
    rates: JSON = strawberry.field(description="Per covered month: base salary, rates and amounts applied.")

    @classmethod
    def from_model(cls, row: CardRow) -> CardRowType:
        return cls(
            line=row.line,
            full_name=row.full_name,
            date_of_birth=row.date_of_birth,
            gender=row.gender,
            citizen_id=row.citizen_id,
            social_insurance_number=row.social_insurance_number,
            class_name=row.class_name,
            card_type=row.card_type,
            months=row.months,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            premium=row.premium,
            state_support=row.state_support,
            local_support=row.local_support,
            student_pays=row.student_pays,
            rates=JSON(row.rates),
        )


@strawberry.type(name="SubmissionEvent")
class SubmissionEventType:
    at: datetime
    actor: str
    action: str
    from_status: SubmissionStatus | None
    to_status: SubmissionStatus
    note: str | None

    @classmethod
    def from_model(cls, event: SubmissionEvent) -> SubmissionEventType:
        return cls(
            at=event.at,
            actor=event.actor,
            action=event.action,
            from_status=SubmissionStatus(event.from_status) if event.from_status else None,
            to_status=SubmissionStatus(event.to_status),
            note=event.note,
        )


@strawberry.type(name="Submission")
class SubmissionType:
    id: strawberry.ID
    kind: SubmissionKind
    status: SubmissionStatus
    school_year: str
    quarter: int | None
    students: int | None
    via_school: int | None
    via_other_groups: int | None
    row_count: int
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    school_code: strawberry.Private[str]
    pk: strawberry.Private[int]

    @classmethod
    def from_model(cls, s: Submission) -> SubmissionType:
        return cls(
            id=strawberry.ID(str(s.id)),
            pk=s.id,
            kind=s.kind,
            status=s.status,
            school_year=s.school_year,
            quarter=s.quarter,
            students=s.students,
            via_school=s.via_school,
            via_other_groups=s.via_other_groups,
            row_count=s.row_count,
            created_by=s.created_by,
            created_at=s.created_at,
            submitted_at=s.submitted_at,
            reviewed_by=s.reviewed_by,
            reviewed_at=s.reviewed_at,
            review_note=s.review_note,
            school_code=s.school_id,
        )

    @strawberry.field
    async def school(self, info: Info) -> Annotated[UnitType, strawberry.lazy("schema.units.types")]:
        from schema.units.types import require_visible_unit

        return await require_visible_unit(info, self.school_code)

    @strawberry.field
    async def rows(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[CardRowType]:
        args = page_args(ROW_CURSOR_KIND, first, after)
        after_line = int_key(args.after)
        page = await info.context.loaders.rows_of_submission(after_line, args.limit).load(self.pk)
        return connection(
            ROW_CURSOR_KIND, page.rows, page.total, page.has_next, CardRowType.from_model, lambda r: str(r.line)
        )

    @strawberry.field(description="Every create, edit, submit and review, oldest first.")
    async def history(self, info: Info) -> list[SubmissionEventType]:
        return [SubmissionEventType.from_model(e) for e in await info.context.loaders.submission_events.load(self.pk)]


def submission_connection(page: Page[Submission]) -> Connection[SubmissionType]:
    return connection(CURSOR_KIND, page.rows, page.total, page.has_next, SubmissionType.from_model, lambda s: str(s.id))
