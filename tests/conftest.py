"""One database per test run, migrated with the real migrations and seeded with the demo tree.

TEST_DATABASE_URL picks the server: unset means a fresh SQLite file; a
postgres:// URL means a fresh database named bhyt_test_<pid>_<random> on that
server, dropped at the end. Tests talk to the real ASGI app over HTTP (httpx).
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from api.app import create_app
from api.database import drop_postgres_database, is_postgres, migrate_database, with_database
from api.seed.accounts import DEMO_PASSWORD, DEMO_USERNAMES, create_demo_accounts
from api.seed.activity import load_activity, protected_schools
from api.seed.load import DEMO_SCHOOL_YEARS, OLD_MAP, load_tree, register_school_years, write_nodes
from api.seed.reform import NEW_MAP
from api.seed.tree import UnitRow
from api.settings import Settings
from domain.accounts.passwords import hash_password
from domain.models import Map, RoleGrant, SchoolType, User
from policies.roles import Role

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
    # Every test client comes from one address: per-address throttling is tested on an app of its own.
    return replace(base, database_url=database_url, secret=TEST_SECRET, login_failures_per_address=1_000_000)


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


@dataclass(frozen=True)
class FreshProvince:
    """A province of its own for one test: no other test writes under it, whatever the order they run in.

    It hangs under a root of its own (not VN), so the demo tree's national figures, counts and lists never
    change because of it. Its root's administrator is `admin-<root>`, its officer `province-<code>`, its
    district's `district-<district>`, each school's `school-<code>` (password `demo`); nothing is attached
    to it until the test writes it.
    """

    root: str
    code: str
    district: str
    schools: tuple[str, ...]

    @property
    def admin(self) -> str:
        """NATIONAL_ADMIN at the tree's own root (the demo `admin` cannot see this tree)."""
        return f"admin-{self.root}"

    @property
    def officer(self) -> str:
        return f"province-{self.code}"

    @property
    def district_officer(self) -> str:
        return f"district-{self.district}"

    def staff(self, school: str) -> str:
        return f"school-{school}"


_fresh_numbers = itertools.count(1)


@pytest.fixture
async def fresh(app: Any) -> FreshProvince:
    """Codes no GSO unit has: a 5-digit root from 80001, a 4-digit province, a 5-digit district, 10-digit schools."""
    n = next(_fresh_numbers)
    root, province, district = f"8{n:04d}", f"9{n:03d}", f"9{n:03d}1"
    schools = tuple(f"9{n:03d}10{i:04d}" for i in (1, 2, 3))
    rows = [UnitRow(root, f"Cây thử {n}", "NATION", "", None)]
    rows.append(UnitRow(province, f"Tỉnh thử {n}", "PROVINCE", "", root))
    rows.append(UnitRow(district, f"Huyện thử {n}", "DISTRICT", "", province))
    rows += [UnitRow(code, f"Trường thử {code}", "SCHOOL", "", district, SchoolType.PRIMARY) for code in schools]
    await write_nodes(OLD_MAP, rows)
    new_province, new_commune = f"{province}@{NEW_MAP}", f"{district}@{NEW_MAP}"
    on_new_map = await Map.exists(code=NEW_MAP)
    if on_new_map:
        new_rows = [rows[0], UnitRow(new_province, f"Tỉnh thử {n}", "PROVINCE", "", root, display_code=province)]
        new_rows.append(UnitRow(new_commune, f"Xã thử {n}", "COMMUNE", "", new_province, display_code=district))
        new_rows += [UnitRow(c, f"Trường thử {c}", "SCHOOL", "", new_commune, SchoolType.PRIMARY) for c in schools]
        await write_nodes(NEW_MAP, new_rows)
    password_hash = hash_password(DEMO_PASSWORD)
    # The officers hold their unit on both maps: tests write the old years and the current ones alike.
    accounts = [("admin", root, [(Role.NATIONAL_ADMIN, root)])]
    provincial = [(Role.PROVINCIAL_OFFICER, province)] + (
        [(Role.PROVINCIAL_OFFICER, new_province)] if on_new_map else []
    )
    local = [(Role.DISTRICT_OFFICER, district)] + ([(Role.LOCAL_OFFICER, new_commune)] if on_new_map else [])
    accounts += [("province", province, provincial), ("district", district, local)]
    accounts += [("school", code, [(Role.SCHOOL_STAFF, code)]) for code in schools]
    for prefix, code, held in accounts:
        user = await User.create(
            username=f"{prefix}-{code}", full_name=f"Cán bộ {code}", password_hash=password_hash, created_by="test"
        )
        for role, key in held:
            await RoleGrant.create(user=user, role=role, unit_id=key, granted_by="test")
    return FreshProvince(root, province, district, schools)
