"""One JSON line per request, and the headers every response carries.

Each request gets an id (the client's own `X-Request-ID` when it is 1-128
characters of `[A-Za-z0-9._-]`, else a new one), echoed in the response
and named in the log line with the operation, the user, the status, the
duration and the SQL statements it sent. Every response also carries
`X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("bhyt.requests")
REQUEST_ID = re.compile(rb"[A-Za-z0-9._-]{1,128}")
statements: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("statements", default=None)


class StatementCounter(logging.Handler):
    """Counts the statements Tortoise sends (it logs each at DEBUG on `tortoise.db_client`) for the current request."""

    def emit(self, record: logging.LogRecord) -> None:
        counter = statements.get()
        if counter is not None:
            counter[0] += 1


def install_statement_counter() -> None:
    logger = logging.getLogger("tortoise.db_client")
    if not any(isinstance(h, StatementCounter) for h in logger.handlers):
        logger.addHandler(StatementCounter(logging.DEBUG))
        logger.setLevel(logging.DEBUG)
        logger.propagate = False  # counted, not printed


def request_id_of(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id" and REQUEST_ID.fullmatch(value):
            return value.decode()
    return uuid.uuid4().hex


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        counter = [0]
        token = statements.set(counter)
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                headers += [(b"x-request-id", request_id.encode()), (b"x-content-type-options", b"nosniff")]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            statements.reset(token)
            if log.isEnabledFor(logging.INFO):  # no line is built for a logger nobody listens to
                log.info(_line(scope, request_id, status, started, counter[0]))


def _line(scope: Scope, request_id: str, status: int, started: float, sql_statements: int) -> str:
    state: dict[str, Any] = scope.get("state", {})
    principal = getattr(scope.get("user"), "principal", None)
    line = {
        "requestId": request_id,
        "method": scope.get("method"),
        "path": scope.get("path"),
        "operation": state.get("operation"),
        "user": principal.username if principal is not None else None,
        "status": status,
        "durationMs": round((time.perf_counter() - started) * 1000, 1),
        "sqlStatements": sql_statements,
    }
    return orjson.dumps(line).decode()
