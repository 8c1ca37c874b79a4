"""createSubmission, importCardList, updateSubmission, submitSubmission, reviewSubmission."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.file_uploads import Upload

from domain.errors import BadUserInput
from domain.submissions import actions as submissions
from schema.context import Info
from schema.decision import Decision
from schema.permissions import IsAuthenticated
from schema.submissions.inputs import CreateSubmissionInput, UpdateSubmissionInput, counts_of, rows_of
from schema.submissions.types import SubmissionType


def uploaded(file: Upload) -> Any:
    """The uploaded file; a value sent in place of a file part (a string, say) is the client's mistake."""
    if not callable(getattr(file, "read", None)):
        raise BadUserInput("file must be sent as a file part of a multipart request (GraphQL multipart spec).")
    return file


@strawberry.type
class SubmissionMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_submission(self, info: Info, input: CreateSubmissionInput) -> SubmissionType:
        created = await submissions.create_submission(
            info.context.access,
            school_code=input.school_code,
            school_year=input.school_year,
            kind=input.kind,
            counts=counts_of(input),
            rows=rows_of(input.rows),
        )
        return SubmissionType.from_model(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def import_card_list(self, info: Info, school_code: str, school_year: str, file: Upload) -> SubmissionType:
        """A DRAFT card list from a .csv or .xlsx file; any invalid row stores nothing and every problem is listed."""
        created = await submissions.import_card_list(
            info.context.access,
            school_code=school_code,
            school_year=school_year,
            filename=getattr(file, "filename", "") or "",
            read=uploaded(file).read,
            limits=info.context.uploads,
        )
        return SubmissionType.from_model(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_submission(self, info: Info, id: strawberry.ID, input: UpdateSubmissionInput) -> SubmissionType:
        updated = await submissions.update_submission(
            info.context.access, submission_id=str(id), counts=counts_of(input), rows=rows_of(input.rows)
        )
        return SubmissionType.from_model(updated)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def submit_submission(self, info: Info, id: strawberry.ID) -> SubmissionType:
        submitted = await submissions.submit_submission(info.context.access, submission_id=str(id))
        return SubmissionType.from_model(submitted)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def review_submission(
        self, info: Info, id: strawberry.ID, decision: Decision, note: str | None = None
    ) -> SubmissionType:
        """Approve or reject a SUBMITTED submission; never one's own. Of two reviewers at once, one wins."""
        reviewed = await submissions.review_submission(
            info.context.access, submission_id=str(id), approve=decision == Decision.APPROVE, note=note
        )
        return SubmissionType.from_model(reviewed)
