"""Plain HTTP downloads: the card-list template and the D03-TS export, scoped exactly like the API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api import spreadsheets
from api.errors import AppError
from api.models import SubmissionKind, SubmissionStatus
from api.repositories import submissions, units


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


async def card_list_template(request: Request) -> Response:
    return Response(
        spreadsheets.card_list_template(),
        media_type=spreadsheets.XLSX,
        headers={"Content-Disposition": 'attachment; filename="card-list.xlsx"'},
    )


async def d03_ts_export(request: Request) -> Response:
    """404 for a submission the caller may not read (as if it did not exist); 409 unless an approved card list."""
    graphql = request.app.state.graphql
    try:
        versions = await graphql.sync_policy()
        principal = await graphql.auth.principal(request.headers.get("authorization"), versions.grants)
    except AppError as error:
        return _error(401, str(error.code), error.message)
    if principal is None:
        return _error(401, "UNAUTHENTICATED", "Log in first: send 'Authorization: Bearer <token>'.")
    raw_id = request.path_params["id"]
    submission = await submissions.by_id(int(raw_id)) if raw_id.isdigit() else None
    if submission is None or not graphql.policy.can(principal, "unit", "read", submission.school_path):
        return _error(404, "NOT_FOUND", f"Submission {raw_id} does not exist.")
    if submission.kind != SubmissionKind.CARD_LIST or submission.status != SubmissionStatus.APPROVED:
        return _error(409, "CONFLICT", "Only an APPROVED card list exports as D03-TS.")
    school = await units.by_code(submission.school_id)
    rows = await submissions.all_rows(submission.id)
    assert school is not None
    return Response(
        spreadsheets.d03_ts(submission, school, rows),
        media_type=spreadsheets.XLSX,
        headers={"Content-Disposition": f'attachment; filename="d03-ts-{submission.id}.xlsx"'},
    )
