"""The Starlette application: wiring only."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import downloads
from api.auth import TokenBackend
from api.body_limits import BodyLimits
from api.database import close_database, open_database
from api.freshness import Freshness, FreshnessMiddleware
from api.graphiql import static_files
from api.graphql_app import GraphQLApp
from api.request_log import RequestLog, install_statement_counter
from api.settings import Settings
from domain.units.store import read_maps
from policies.enforcer import Policy
from schema.build import build_schema

log = logging.getLogger("bhyt")


async def not_found(request: Request, exc: Exception) -> JSONResponse:
    """A malformed or unknown URL (an export of a record that cannot exist, say) answers JSON, like the API."""
    body = {"errors": [{"message": "There is nothing at this address.", "extensions": {"code": "NOT_FOUND"}}]}
    return JSONResponse(body, status_code=404)


async def not_allowed(request: Request, exc: Exception) -> JSONResponse:
    body = {"errors": [{"message": "This address takes GET or POST.", "extensions": {"code": "BAD_USER_INPUT"}}]}
    return JSONResponse(body, status_code=405)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()
    settings.check()
    logging.getLogger("casbin").setLevel(logging.WARNING)  # it logs the whole policy at INFO on every load
    policy = Policy(settings.policy_dir / "model.conf", settings.policy_dir / "policy.csv")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await open_database(
            settings.database_url,
            settings.db_pool_max,
            single_process=True,
            statement_timeout_ms=int(settings.execution_timeout_seconds * 1000),
        )
        install_statement_counter()
        await read_maps()  # no request pays for reading them (they change by migration or seed only)
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
        }
        return JSONResponse(body, status_code=status)

    freshness = Freshness(policy)
    # The client's address is the peer's, or the forwarded one only from the proxies listed (login throttling).
    proxies = [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.forwarded_allow_ips))]
    if not settings.forwarded_allow_ips:
        proxies = []
    schema = build_schema(production=settings.production, cost_budget=settings.query_cost_budget)
    graphql = GraphQLApp(schema, settings, policy)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health),
            Route("/templates/card-list.xlsx", downloads.card_list_template),
            Route("/exports/submissions/{id}/d03-ts.xlsx", downloads.d03_ts_export),
            Mount("/static", app=static_files(), name="static"),
        ],
        middleware=[  # outermost first
            *proxies,
            Middleware(RequestLog),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
                expose_headers=["X-Request-ID"],
            ),
            Middleware(FreshnessMiddleware, freshness=freshness, skip=frozenset({"/health"})),
            Middleware(AuthenticationMiddleware, backend=TokenBackend(settings.secret)),
            Middleware(BodyLimits, max_json_bytes=settings.max_json_bytes, max_upload_bytes=settings.max_upload_bytes),
        ],
        lifespan=lifespan,
        exception_handlers={404: not_found, 405: not_allowed},
    )
    app.state.settings = settings
    app.state.policy = policy
    app.state.graphql = graphql
    return app
