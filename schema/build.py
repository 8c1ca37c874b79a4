"""The executable schema with its guards: depth, alias and token limits, error codes, introspection."""

from __future__ import annotations

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.extensions.query_depth_limiter import IgnoreContext

from schema.errors import ErrorCodes
from schema.root import Mutation, Query

MAX_DEPTH = 15
MAX_ALIASES = 50
MAX_TOKENS = 5000


def _is_introspection(context: IgnoreContext) -> bool:
    return context.field_name.startswith("__")


def build_schema(production: bool = False) -> strawberry.Schema:
    # ErrorCodes first: its post-processing runs after every other extension's.
    extensions: list = [
        ErrorCodes,
        ParserCache(maxsize=256),
        ValidationCache(maxsize=256),
        QueryDepthLimiter(max_depth=MAX_DEPTH, should_ignore=_is_introspection),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ]
    if production:
        extensions.append(DisableIntrospection())
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)
