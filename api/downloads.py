"""Plain HTTP downloads: the card-list template and the D03-TS export, through the same domain actions as the API."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.graphql_app import caller_of
from domain.access import Access
from domain.errors import AppError, ErrorCode
from domain.submissions import actions as submissions
from domain.submissions.actions import Download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.CONFLICT: 409,
}


def _error(error: AppError) -> JSONResponse:
    body = {"errors": [{"message": error.message, "extensions": {"code": str(error.code)}}]}
    return JSONResponse(body, status_code=STATUS.get(error.code, 500), headers={"Cache-Control": "no-store"})


def _file(download: Download) -> Response:
    return Response(
        download.content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"', "Cache-Control": "no-store"},
    )


async def card_list_template(request: Request) -> Response:
    return _file(submissions.card_list_template())


async def d03_ts_export(request: Request) -> Response:
    """404 for a submission the caller may not read (as if it did not exist); 409 unless an approved card list."""
    caller = caller_of(request)
    access = Access(request.app.state.policy, caller.principal, caller.error)
    try:
        return _file(await submissions.d03_ts(access, request.path_params["id"]))
    except AppError as error:
        return _error(error)
