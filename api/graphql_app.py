"""The GraphQL endpoint: Strawberry's ASGI app with our context, a response cache and a fast JSON encoder.

The caller (`request.user`, api.auth) and the change counters
(`request.state.versions`, api.freshness) are there before this runs. The
response to a query is cached per caller and document while no counter moves:
every write bumps `data_version` in its own transaction, so no process serves
anything older than the last committed change.
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

from api.auth import Caller
from api.caching import VersionedCache
from api.settings import Settings
from domain.access import Access
from domain.accounts.actions import TokenSettings
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
        self.tokens = TokenSettings(settings.secret, settings.token_ttl_seconds, settings.production)
        self.responses = VersionedCache(max_entries=2_000)

    async def run(self, request: Any, context: Any = strawberry.UNSET, root_value: Any = strawberry.UNSET) -> Any:
        if not isinstance(request, Request) or request.method != "POST":
            return await super().run(request, context, root_value)
        versions = request.state.versions
        key = await self._cache_key(request, caller_of(request).principal)
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

    async def _cache_key(self, request: Request, principal: Principal | None) -> tuple[int, bytes] | None:
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
        caller = caller_of(request)
        access = Access(self.policy, caller.principal, caller.error)
        return Context(access=access, tokens=self.tokens, loaders=Loaders(access))

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        # Documents that do not parse fail before the schema's extensions run: give them their code here.
        if result.errors:
            result.errors = [with_code(error) for error in result.errors]
        return await super().process_result(request, result)

    def encode_json(self, data: Any) -> bytes:
        return orjson.dumps(data)
