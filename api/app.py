"""The Starlette application: wiring only."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api import downloads
from api.auth import TokenBackend
from api.database import close_database, open_database
from api.freshness import Freshness, FreshnessMiddleware
from api.graphql_app import GraphQLApp
from api.settings import Settings
from policies.enforcer import Policy
from schema.build import build_schema

log = logging.getLogger("bhyt")


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    settings.check()
    logging.getLogger("casbin").setLevel(logging.WARNING)  # it logs the whole policy at INFO on every load
    policy = Policy(settings.policy_dir / "model.conf", settings.policy_dir / "policy.csv")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await open_database(settings.database_url, settings.db_pool_max)
        log.info("serving with policy version %s", policy.version)
        try:
            yield
        finally:
            await close_database()

    async def health(request: Request) -> JSONResponse:
        """Liveness, the database, and the policy version this process enforces."""
        try:
            await freshness.check()  # the database answers, and the rules reported are the current ones
            database = "ok"
        except Exception:
            log.exception("health: database unreachable")
            database = "unreachable"
        status = 200 if database == "ok" else 503
        body = {
            "status": "ok" if status == 200 else "degraded",
            "database": database,
            "policyVersion": policy.version,
            "policyRevision": freshness.policy_revision,
            "pid": os.getpid(),
        }
        return JSONResponse(body, status_code=status)

    freshness = Freshness(policy)
    graphql = GraphQLApp(build_schema(production=settings.production), settings, policy)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health),
            Route("/templates/card-list.xlsx", downloads.card_list_template),
            Route("/exports/submissions/{id}/d03-ts.xlsx", downloads.d03_ts_export),
        ],
        middleware=[
            Middleware(FreshnessMiddleware, freshness=freshness, skip=frozenset({"/health"})),
            Middleware(AuthenticationMiddleware, backend=TokenBackend(settings.secret)),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.policy = policy
    app.state.graphql = graphql
    return app
