"""The GraphQL endpoint: Strawberry's ASGI app with our context, caches and a fast JSON encoder.

Each POST reads the change counters once (api.repositories.state). A caller's
principal (its grants) is cached per process while `grants_version` holds; the
response to a query is cached per caller and document while neither counter
moves. Every write bumps `data_version` in its own transaction, so no process
serves anything older than the last committed change: a revoke bites on the
next request and an approval shows in the very next rollup, on every process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
import strawberry
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.auth.principals import Authenticator
from api.caching import VersionedCache
from api.errors import AppError
from api.repositories import state
from api.settings import Settings
from policies.enforcer import Policy
from policies.principal import Principal
from schema.context import Context
from schema.errors import with_code
from schema.loaders import Loaders

MAX_CACHED_BODY = 16 * 1024  # requests with bigger documents are not worth a cache key
MAX_CACHED_RESPONSE = 512 * 1024


@lru_cache(maxsize=512)
def is_query(document: str, operation_name: str | None) -> bool:
    """Whether the operation a request runs is a query (never cache a mutation's answer)."""
    try:
        definitions = [d for d in parse(document).definitions if isinstance(d, OperationDefinitionNode)]
    except GraphQLError:
        return False
    chosen = [d for d in definitions if operation_name is None or (d.name and d.name.value == operation_name)]
    return len(chosen) == 1 and chosen[0].operation == OperationType.QUERY


class GraphQLApp(GraphQL):
    def __init__(self, schema: strawberry.Schema, settings: Settings, policy: Policy, auth: Authenticator) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.production else "graphiql",
            multipart_uploads_enabled=True,
            allow_queries_via_get=False,
        )
        self.settings = settings
        self.policy = policy
        self.policy_revision: int | None = None  # app_state.policy_version of the rules loaded here
        self.auth = auth
        self.responses = VersionedCache(max_entries=2_000)

    async def run(self, request: Any, context: Any = strawberry.UNSET, root_value: Any = strawberry.UNSET) -> Any:
        if not isinstance(request, Request) or request.method != "POST":
            return await super().run(request, context, root_value)
        versions = await self.sync_policy()
        request.state.versions = versions
        request.state.principal, request.state.auth_error = None, None
        try:
            request.state.principal = await self.auth.principal(request.headers.get("authorization"), versions.grants)
        except AppError as error:
            request.state.auth_error = error
        key = await self._cache_key(request, request.state.principal)
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

    async def sync_policy(self) -> state.Versions:
        """Read the change counters; reload the rules if someone ran reloadPolicy, here or on another process."""
        versions = await state.read()
        if versions.policy != self.policy_revision:
            if self.policy_revision is not None:
                self.policy.reload()
            self.policy_revision = versions.policy
        return versions

    async def _cache_key(self, request: Request, principal: Principal | None) -> tuple | None:
        if not self.settings.response_cache or principal is None:
            return None
        if not request.headers.get("content-type", "").startswith("application/json"):
            return None
        body = await request.body()
        if len(body) > MAX_CACHED_BODY:
            return None
        try:
            payload = orjson.loads(body)
            document, operation = payload["query"], payload.get("operationName")
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return None
        if not isinstance(document, str) or not is_query(document, operation):
            return None
        return (principal.user_id, body)

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        return Context(
            request=request,
            settings=self.settings,
            policy=self.policy,
            loaders=Loaders(),
            principal=getattr(request.state, "principal", None),
            auth_error=getattr(request.state, "auth_error", None),
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:  # type: ignore[override]
        # Documents that do not parse fail before the schema's extensions run: give them their code here.
        if result.errors:
            result.errors = [with_code(error) for error in result.errors]
        return await super().process_result(request, result)

    def encode_json(self, data: Any) -> bytes:  # type: ignore[override]
        return orjson.dumps(data)
