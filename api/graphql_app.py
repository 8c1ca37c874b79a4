"""The GraphQL endpoint: Strawberry's ASGI app with our context, a response cache and a fast JSON encoder.

The caller (`request.user`, api.auth) and the change counters
(`request.state.versions`, api.freshness) are there before this runs. The
response to a query is cached per caller and document while no counter moves:
every write bumps `data_version` in its own transaction, so no process serves
anything older than the last committed change.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache
from typing import Any

import orjson
import strawberry
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.auth import Caller
from api.caching import VersionedCache
from api.graphiql import graphiql_response
from api.settings import Settings
from domain.access import Access
from domain.accounts.actions import TokenSettings
from domain.accounts.throttle import LoginLimits
from domain.submissions.cardlists import UploadLimits
from policies.enforcer import Policy
from policies.principal import Principal
from schema.context import Context
from schema.errors import with_code
from schema.loaders import Loaders

log = logging.getLogger("bhyt.graphql")
MAX_CACHED_BODY = 16 * 1024  # requests with bigger documents are not worth a cache key
MAX_CACHED_RESPONSE = 512 * 1024


@lru_cache(maxsize=512)
def operation_of(document: str, operation_name: str | None) -> tuple[OperationType | None, str | None]:
    """The type and name of the operation a request runs (None, None when it does not parse or is ambiguous)."""
    try:
        definitions = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
    except GraphQLError:
        return None, None
    chosen = [d for d in definitions if operation_name is None or (d.name and d.name.value == operation_name)]
    if len(chosen) != 1:
        return None, None
    return chosen[0].operation, chosen[0].name.value if chosen[0].name else None


def caller_of(request: Request) -> Caller:
    user = request.scope.get("user")
    return user if isinstance(user, Caller) else Caller()


class GraphQLApp(GraphQL):
    def __init__(self, schema: strawberry.Schema, settings: Settings, policy: Policy) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.production else "graphiql",
            multipart_uploads_enabled=True,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.policy = policy
        limits = LoginLimits(
            settings.login_failures_per_username, settings.login_failures_per_address, settings.login_window_seconds
        )
        self.tokens = TokenSettings(settings.secret, settings.token_ttl_seconds, settings.production, limits)
        self.uploads = UploadLimits(settings.max_upload_bytes, settings.max_upload_rows)
        self.responses = VersionedCache(max_entries=2_000)

    async def run(self, request: Any, context: Any = strawberry.UNSET, root_value: Any = strawberry.UNSET) -> Any:
        """Strawberry's plain-text refusals (bad JSON, a GET with no query) leave as JSON GraphQL errors."""
        try:
            async with asyncio.timeout(self.settings.execution_timeout_seconds):
                return await self._run(request, context, root_value)
        except TimeoutError:
            log.info("request over its time budget of %s s", self.settings.execution_timeout_seconds)
            message = f"The request ran over its time budget of {self.settings.execution_timeout_seconds:g} s."
            body = {"errors": [{"message": message, "extensions": {"code": "TIMEOUT"}}]}
            return Response(orjson.dumps(body), media_type="application/json")
        except HTTPException as error:
            code = "GRAPHQL_PARSE_FAILED" if "JSON" in error.reason else "BAD_USER_INPUT"
            if error.status_code in (404, 405):
                reason = 'Send a GraphQL operation as a POST with a JSON body {"query": ...}.'
            else:
                reason = error.reason
            body = {"errors": [{"message": reason, "extensions": {"code": code}}]}
            return Response(orjson.dumps(body), status_code=error.status_code, media_type="application/json")

    async def _run(self, request: Any, context: Any, root_value: Any) -> Any:
        if not isinstance(request, Request) or request.method != "POST":
            return await super().run(request, context, root_value)
        versions = request.state.versions
        payload = await self._json_payload(request)
        key = self._cache_key(payload, caller_of(request).principal)
        if key is not None and (cached := self.responses.get(key, versions)) is not None:
            return Response(cached, media_type="application/json")
        response = await super().run(request, context, root_value)
        body = getattr(response, "body", b"")
        if (
            key is not None
            and response.status_code == 200
            and len(body) < MAX_CACHED_RESPONSE
            and b'"errors"' not in body
        ):
            self.responses.put(key, versions, body)
        return response

    async def _json_payload(self, request: Request) -> tuple[bytes, OperationType | None] | None:
        """A small JSON request's body and operation type; its operation's name goes to the request log."""
        if not request.headers.get("content-type", "").startswith("application/json"):
            return None
        body = await request.body()
        if len(body) > MAX_CACHED_BODY:
            return None
        try:
            payload = orjson.loads(body)
            document, name = payload["query"], payload.get("operationName")
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None
        if not isinstance(document, str) or not (name is None or isinstance(name, str)):
            return None
        kind, found = operation_of(document, name)
        request.state.operation = found
        return body, kind

    def _cache_key(
        self, payload: tuple[bytes, OperationType | None] | None, principal: Principal | None
    ) -> tuple[int, bytes] | None:
        if not self.settings.response_cache or principal is None or payload is None:
            return None
        body, kind = payload
        return (principal.user_id, body) if kind == OperationType.QUERY else None

    async def render_graphql_ide(self, request: Request) -> Response:
        # Strawberry's page loads GraphiQL from a CDN; ours is served by the app (api.graphiql), never in production.
        if self.settings.production:
            raise HTTPException(404, "Not Found")
        return graphiql_response()

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        caller = caller_of(request)
        access = Access(self.policy, caller.principal, caller.error)
        address = request.client.host if request.client else "unknown"
        return Context(
            access=access, tokens=self.tokens, loaders=Loaders(access), uploads=self.uploads, client_address=address
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # Documents that do not parse fail before the schema's extensions run: give them their code here.
        if result.errors:
            result.errors = [with_code(error) for error in result.errors]
        return await super().process_result(request, result)

    def encode_json(self, data: Any) -> bytes:
        return orjson.dumps(data)
