"""The executable schema with its guards: depth, alias and token limits, error codes, introspection."""

from __future__ import annotations

from typing import Any

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
from strawberry.schema.config import StrawberryConfig

from schema.cost import QueryCost
from schema.errors import ErrorCodes, log_unexpected
from schema.guards import ArgumentHygiene
from schema.root import Mutation, Query

MAX_DEPTH = 15
MAX_ALIASES = 50
MAX_TOKENS = 5000
DEFAULT_COST_BUDGET = 50_000  # admits a national page of 500 schools with parent, target and participation


def _is_introspection(context: IgnoreContext) -> bool:
    return context.field_name.startswith("__")


class Schema(strawberry.Schema):
    def process_errors(self, errors: list, execution_context: Any = None) -> None:
        log_unexpected(errors)


def build_schema(production: bool = False, cost_budget: int = DEFAULT_COST_BUDGET) -> strawberry.Schema:
    # ErrorCodes first: its post-processing runs after every other extension's.
    # Factories: a fresh extension per request (the parse and validation caches live at module level).
    extensions: list = [
        ErrorCodes,
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH, should_ignore=_is_introspection),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        ArgumentHygiene,
        lambda: QueryCost(budget=cost_budget),
    ]
    if production:
        extensions.append(DisableIntrospection)
    # Production answers no "Did you mean ...?": the schema is not for strangers to map.
    config = StrawberryConfig(disable_field_suggestions=production)
    return Schema(query=Query, mutation=Mutation, extensions=extensions, config=config)
