"""Login, tokens, production refusals."""

from __future__ import annotations

import secrets
import time
from dataclasses import replace
from typing import Any

import httpx
import jwt
import pytest

from api.app import create_app
from api.settings import DEV_SECRET, ConfigurationError, Settings
from domain.accounts.tokens import issue_token
from tests.conftest import TEST_SECRET, GraphQLClient, error_codes

ME = "{ me { username fullName grants { role unit { code } } } }"


async def test_login_returns_a_working_token_and_the_user(gql: GraphQLClient) -> None:
    body = await gql.post(
        'mutation { login(username: "province-79", password: "demo") { token user { username grants { role } } } }'
    )
    payload = body["data"]["login"]
    assert payload["user"] == {"username": "province-79", "grants": [{"role": "PROVINCIAL_OFFICER"}]}
    me = await gql.post(ME, token=payload["token"])
    assert me["data"]["me"]["grants"] == [{"role": "PROVINCIAL_OFFICER", "unit": {"code": "79"}}]


@pytest.mark.parametrize(("username", "password"), [("national", "wrong"), ("nobody", "demo"), ("national", "")])
async def test_failed_login_is_unauthenticated(gql: GraphQLClient, username: str, password: str) -> None:
    body = await gql.post(
        "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
        {"u": username, "p": password},
    )
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None


def _token(user_id: int = 1, **overrides: Any) -> str:
    return issue_token(overrides.pop("secret", TEST_SECRET), user_id, "x", 3600, **overrides)


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        _token(secret="another-secret-" + "y" * 40),  # signed with someone else's key
        _token(now=time.time() - 7200),  # expired an hour ago
        _token()[:-3] + "abc",  # tampered signature
        jwt.encode({"sub": "1", "exp": time.time() + 60}, TEST_SECRET, algorithm="HS256"),  # missing claims
        jwt.encode({"sub": "1", "iat": 0, "exp": time.time() + 60, "iss": "bhyt-hssv"}, None, algorithm="none"),
    ],
)
async def test_bad_tokens_are_unauthenticated(gql: GraphQLClient, token: str) -> None:
    body = await gql.post(ME, token=token)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_token_for_a_deleted_user_is_unauthenticated(gql: GraphQLClient) -> None:
    body = await gql.post(ME, token=_token(user_id=999_999))
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_missing_token_and_wrong_scheme_are_unauthenticated(client: httpx.AsyncClient) -> None:
    for headers in [{}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}]:
        response = await client.post("/graphql", json={"query": ME}, headers=headers)
        assert response.status_code == 200
        assert error_codes(response.json()) == ["UNAUTHENTICATED"]


def test_production_refuses_a_weak_or_missing_secret() -> None:
    for secret in [DEV_SECRET, "short", "a" * 64]:
        with pytest.raises(ConfigurationError):
            create_app(replace(Settings.from_env({}), env="production", secret=secret))


async def test_production_refuses_the_demo_accounts(app: Any) -> None:
    production = create_app(replace(app.state.settings, env="production", secret=secrets.token_urlsafe(48)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=production), base_url="http://prod") as http:
        response = await http.post(
            "/graphql", json={"query": 'mutation { login(username: "national", password: "demo") { token } }'}
        )
        assert error_codes(response.json()) == ["UNAUTHENTICATED"]
        # ... and has no introspection
        response = await http.post("/graphql", json={"query": "{ __schema { types { name } } }"})
        assert set(error_codes(response.json())) == {"GRAPHQL_VALIDATION_FAILED"}
        # ... and no GraphiQL page
        response = await http.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in response.text.lower()


async def test_development_serves_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_health_reports_the_policy_version(client: httpx.AsyncClient, app: Any) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["policyVersion"] == app.state.policy.version
