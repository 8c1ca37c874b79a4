"""One database per test run, migrated with the real migrations and seeded with the demo tree.

TEST_DATABASE_URL picks the server: unset means a fresh SQLite file; a
postgres:// URL means a fresh database named bhyt_test_<pid>_<random> on that
server, dropped at the end. Tests talk to the real ASGI app over HTTP (httpx).
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from api.database import drop_postgres_database, is_postgres, migrate_database, with_database
from api.seed.accounts import DEMO_PASSWORD, DEMO_USERNAMES, create_demo_accounts
from api.seed.activity import load_activity, protected_schools
from api.seed.load import DEMO_SCHOOL_YEARS, load_tree, register_school_years
from api.settings import Settings

TEST_SECRET = "test-secret-" + "x" * 40


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    server = os.environ.get("TEST_DATABASE_URL")
    if server and is_postgres(server):
        return with_database(server, f"bhyt_test_{os.getpid()}_{secrets.token_hex(3)}")
    return f"sqlite://{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    base = Settings.from_env({})
    return replace(base, database_url=database_url, secret=TEST_SECRET)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    await migrate_database(settings.database_url)
    application = create_app(settings)
    async with LifespanManager(application):
        await load_tree("demo")
        await register_school_years(DEMO_SCHOOL_YEARS)
        await create_demo_accounts()
        await load_activity(protected_schools(sorted(DEMO_USERNAMES)))
        yield application
    if is_postgres(settings.database_url):
        await drop_postgres_database(settings.database_url)


@pytest.fixture(scope="session")
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


class GraphQLClient:
    """Posts documents as a given user; logs in once per username."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.tokens: dict[str, str] = {}

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        if username not in self.tokens:
            body = await self.post(
                "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
                {"u": username, "p": password},
            )
            assert "errors" not in body, body
            self.tokens[username] = body["data"]["login"]["token"]
        return self.tokens[username]

    async def post(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code < 500, response.text
        assert "Traceback" not in response.text
        return response.json()

    async def as_user(self, username: str, query: str, variables: dict | None = None) -> dict:
        return await self.post(query, variables, await self.login(username))


@pytest.fixture(scope="session")
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


def error_codes(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


class QueryCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends (its db_client logger logs each one at DEBUG)."""

    SQL = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(self.SQL):
            self.statements.append(message)


@pytest.fixture
def count_queries() -> Any:
    logger = logging.getLogger("tortoise.db_client")
    counter = QueryCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    yield counter
    logger.removeHandler(counter)
    logger.setLevel(previous)
