"""The GraphQL endpoint: Strawberry's ASGI app with our context and a fast JSON encoder."""

from __future__ import annotations

from typing import Any

import orjson
import strawberry
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api.auth.principals import principal_from_header
from api.errors import AppError
from api.settings import Settings
from policies.enforcer import Policy
from schema.context import Context
from schema.errors import with_code
from schema.loaders import Loaders


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

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        context = Context(request=request, settings=self.settings, policy=self.policy, loaders=Loaders())
        try:
            context.principal = await principal_from_header(self.settings.secret, request.headers.get("authorization"))
        except AppError as error:
            context.auth_error = error
        return context

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:  # type: ignore[override]
        # Documents that do not parse fail before the schema's extensions run: give them their code here.
        if result.errors:
            result.errors = [with_code(error) for error in result.errors]
        return await super().process_result(request, result)

    def encode_json(self, data: Any) -> bytes:  # type: ignore[override]
        return orjson.dumps(data)
