"""createSubmission, importCardList, updateSubmission, submitSubmission, reviewSubmission."""

from __future__ import annotations

import strawberry
from strawberry.file_uploads import Upload

from api import cardlists, validation
from api.errors import BadUserInput, Forbidden
from api.models import Submission, SubmissionKind, Unit
from api.repositories import submissions, units
from policies.guard import authorize
from policies.principal import GrantScope
from policies.roles import UnitLevel
from schema.context import Info
from schema.decision import Decision
from schema.permissions import IsAuthenticated
from schema.submissions.inputs import (
    CreateSubmissionInput,
    UpdateSubmissionInput,
    input_rows,
    prepared_rows,
    problems_error,
)
from schema.submissions.queries import readable_submission
from schema.submissions.types import SubmissionType


async def _school_for(info: Info, code: str, act: str) -> tuple[Unit, GrantScope]:
    school = await units.by_code(code)
    grant = authorize(
        info.context.policy, info.context.caller(), "submission", act, school and school.path, f"School {code}"
    )
    assert school is not None
    if school.level != UnitLevel.SCHOOL:
        raise BadUserInput(f"{code} is a {school.level}: submissions come from schools.", field="schoolCode")
    return school, grant


async def _own_submission(info: Info, submission_id: strawberry.ID, act: str) -> tuple[Submission, GrantScope]:
    submission = await readable_submission(info, submission_id)
    grant = authorize(
        info.context.policy,
        info.context.caller(),
        "submission",
        act,
        submission and submission.school_path,
        f"Submission {submission_id}",
    )
    assert submission is not None
    return submission, grant


@strawberry.type
class SubmissionMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_submission(self, info: Info, input: CreateSubmissionInput) -> SubmissionType:
        school, grant = await _school_for(info, input.school_code, "create")
        school_year = validation.school_year(input.school_year)
        report, rows = None, None
        if input.kind == SubmissionKind.PARTICIPATION_REPORT:
            if input.rows is not None:
                raise BadUserInput("A participation report has counts, not rows.", field="rows")
            report = {"quarter": validation.quarter(input.quarter)} | validation.participation_counts(
                input.students, input.via_school, input.via_other_groups
            )
        else:
            if any(v is not None for v in (input.quarter, input.students, input.via_school, input.via_other_groups)):
                raise BadUserInput("A card list has rows, not quarter or counts.", field="quarter")
            rows = await prepared_rows(school, school_year, input_rows(input.rows or []))
        created = await submissions.create(
            school=school,
            school_year=school_year,
            kind=input.kind,
            report=report,
            rows=rows,
            actor=grant,
            actor_name=info.context.caller().username,
        )
        return SubmissionType.from_model(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def import_card_list(self, info: Info, school_code: str, school_year: str, file: Upload) -> SubmissionType:
        """A DRAFT card list from a .csv or .xlsx file; any invalid row stores nothing and every problem is listed."""
        school, grant = await _school_for(info, school_code, "create")
        school_year = validation.school_year(school_year)
        content = await file.read()  # type: ignore[attr-defined]
        try:
            raw_rows = cardlists.read_file(getattr(file, "filename", "") or "", content)
        except cardlists.InvalidList as error:
            raise problems_error(error) from None
        rows = await prepared_rows(school, school_year, raw_rows)
        created = await submissions.create(
            school=school,
            school_year=school_year,
            kind=SubmissionKind.CARD_LIST,
            report=None,
            rows=rows,
            actor=grant,
            actor_name=info.context.caller().username,
            action="importCardList",
        )
        return SubmissionType.from_model(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_submission(self, info: Info, id: strawberry.ID, input: UpdateSubmissionInput) -> SubmissionType:
        submission, grant = await _own_submission(info, id, "edit")
        report, rows = None, None
        if submission.kind == SubmissionKind.PARTICIPATION_REPORT:
            if input.rows is not None:
                raise BadUserInput("A participation report has counts, not rows.", field="rows")
            quarter = submission.quarter if input.quarter is None else input.quarter
            report = {"quarter": validation.quarter(quarter)} | validation.participation_counts(
                submission.students if input.students is None else input.students,
                submission.via_school if input.via_school is None else input.via_school,
                submission.via_other_groups if input.via_other_groups is None else input.via_other_groups,
            )
        else:
            if any(v is not None for v in (input.quarter, input.students, input.via_school, input.via_other_groups)):
                raise BadUserInput("A card list has rows, not quarter or counts.", field="quarter")
            if input.rows is not None:
                school = await units.by_code(submission.school_id)
                assert school is not None
                rows = await prepared_rows(school, submission.school_year, input_rows(input.rows))
        updated = await submissions.update(
            submission, report=report, rows=rows, actor=grant, actor_name=info.context.caller().username
        )
        return SubmissionType.from_model(updated)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def submit_submission(self, info: Info, id: strawberry.ID) -> SubmissionType:
        submission, grant = await _own_submission(info, id, "submit")
        updated = await submissions.submit(submission, actor=grant, actor_name=info.context.caller().username)
        return SubmissionType.from_model(updated)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def review_submission(
        self, info: Info, id: strawberry.ID, decision: Decision, note: str | None = None
    ) -> SubmissionType:
        """Approve or reject a SUBMITTED submission; never one's own. Of two reviewers at once, one wins."""
        submission, grant = await _own_submission(info, id, "review")
        caller = info.context.caller()
        if submission.created_by == caller.username:
            raise Forbidden("The creator of a submission never reviews it.")
        note = validation.optional_text(note, "note", 2000)
        if decision == Decision.REJECT and note is None:
            raise BadUserInput("A rejection needs a note saying what to correct.", field="note")
        reviewed = await submissions.review(
            submission, approve=decision == Decision.APPROVE, note=note, actor=grant, actor_name=caller.username
        )
        return SubmissionType.from_model(reviewed)
