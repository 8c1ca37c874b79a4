"""Every error leaves with `extensions.code`; nothing unexpected leaves with its details."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql.error import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from domain.errors import AppError, ErrorCode

log = logging.getLogger("bhyt.errors")

GENERIC_MESSAGE = "Internal server error."


def with_code(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if error.extensions and "code" in error.extensions:
        return error
    if error.message.startswith("Variable '$") and (
        "invalid value" in error.message or "was not provided" in error.message
    ):
        # A variable whose value does not fit its type: the caller's input, whatever raised underneath.
        return _rebuild(error, error.message, {"code": str(ErrorCode.BAD_USER_INPUT)}, keep_original=False)
    if isinstance(original, AppError):
        return _rebuild(error, original.message, {**original.extensions, "code": str(original.code)})
    if isinstance(original, GraphQLError) and original.extensions and "code" in original.extensions:
        return _rebuild(error, error.message, dict(original.extensions))
    if original is None:
        return _rebuild(error, error.message, {"code": _document_error_code(error)})
    return _rebuild(error, GENERIC_MESSAGE, {"code": str(ErrorCode.INTERNAL_SERVER_ERROR)}, keep_original=False)


def _document_error_code(error: GraphQLError) -> str:
    if isinstance(error, GraphQLSyntaxError) or error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    return "GRAPHQL_VALIDATION_FAILED"


def _rebuild(error: GraphQLError, message: str, extensions: dict, keep_original: bool = True) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error if keep_original else None,
        extensions=extensions,
    )


def log_unexpected(errors: list[GraphQLError]) -> None:
    """A traceback for our own faults only; a client's mistake is one INFO line (its code, where, and why)."""
    for error in errors:
        original = error.original_error
        if original is not None and not isinstance(original, (AppError, GraphQLError)):
            log.error("unexpected error at %s", error.path, exc_info=original)
        else:
            code = original.code if isinstance(original, AppError) else (error.extensions or {}).get("code")
            log.info("client error %s at %s: %s", code or "GRAPHQL", error.path, error.message[:200])


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [with_code(e) for e in result.errors]
