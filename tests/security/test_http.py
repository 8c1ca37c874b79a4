"""The HTTP shell facing every school: bounded requests, production settings, headers and logs (SPEC 10)."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import ConfigurationError, Settings
from tests.conftest import GraphQLClient, error_codes

PAGE_OF_500 = """{ units(level: SCHOOL, first: 500) { totalCount edges { node { code name parent { code name }
  target(schoolYear: "2021-2022") { targetRate } participation(schoolYear: "2021-2022") { students participants rate }
} } } }"""
NESTED = """{ units(first: 500) { edges { node { children(first: 500) { edges { node { children(first: 500) {
  totalCount } } } } } } } }"""


async def client_for(app: Any, **changes: Any) -> httpx.AsyncClient:
    """Another app instance on the same (open) database, with some settings changed."""
    application = create_app(replace(app.state.settings, **changes))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://test")


@pytest.fixture
async def production(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with await client_for(app, env="production", secret="Zq8" + "".join(map(chr, range(65, 110)))) as client:
        yield client


def test_an_unknown_environment_refuses_to_start() -> None:
    for env in ["staging", "prod", "Production", ""]:
        with pytest.raises(ConfigurationError):
            create_app(replace(Settings.from_env({}), env=env))


async def test_production_suggests_no_field_names(production: httpx.AsyncClient, gql: GraphQLClient) -> None:
    development = await gql.post("{ mee { username } }")
    assert "Did you mean" in development["errors"][0]["message"]
    body = (await production.post("/graphql", json={"query": "{ mee { username } }"})).json()
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in body["errors"][0]["message"]


async def test_health_tells_nothing_about_the_process(client: httpx.AsyncClient) -> None:
    body = (await client.get("/health")).json()
    assert set(body) == {"status", "database", "policyVersion", "policyRevision"}


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [("abc-123_X.y", True), ("a" * 128, True), ("a" * 129, False), ("bad id", False), ("a/b", False), ("", False)],
)
async def test_every_response_carries_a_request_id_and_nosniff(
    client: httpx.AsyncClient, sent: str, echoed: bool
) -> None:
    for response in [
        await client.get("/health", headers={"x-request-id": sent}),
        await client.post("/graphql", json={"query": "{ me { username } }"}, headers={"x-request-id": sent}),
        await client.get("/nowhere", headers={"x-request-id": sent}),
    ]:
        assert response.headers["x-content-type-options"] == "nosniff"
        request_id = response.headers["x-request-id"]
        assert (request_id == sent) is echoed and 1 <= len(request_id) <= 128


async def test_one_json_log_line_per_request(gql: GraphQLClient, caplog: pytest.LogCaptureFixture) -> None:
    token = await gql.login("province-79")
    with caplog.at_level(logging.INFO, logger="bhyt.requests"):
        response = await gql.http.post(
            "/graphql",
            json={"query": "query Mine { me { username } units(first: 3) { totalCount } }", "operationName": "Mine"},
            headers={"authorization": f"Bearer {token}", "x-request-id": "trace-42"},
        )
    assert response.status_code == 200
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "bhyt.requests"]
    line = next(entry for entry in lines if entry["requestId"] == "trace-42")
    assert line["operation"] == "Mine" and line["user"] == "province-79" and line["status"] == 200
    assert line["sqlStatements"] >= 2 and line["durationMs"] >= 0


async def test_a_clients_mistake_is_one_info_line_and_no_traceback(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        body = await gql.as_user("national", '{ targets(schoolYear: "2021-2023") { totalCount } }')
    assert error_codes(body) == ["BAD_USER_INPUT"]
    mistakes = [r for r in caplog.records if r.name == "bhyt.errors"]
    assert [r.levelno for r in mistakes] == [logging.INFO]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def test_cors_answers_only_the_origins_allowed(app: Any) -> None:
    async with await client_for(app, cors_origins=("https://bhxh.example",)) as client:
        allowed = await client.options(
            "/graphql", headers={"origin": "https://bhxh.example", "access-control-request-method": "POST"}
        )
        other = await client.options(
            "/graphql", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://bhxh.example"
    assert "access-control-allow-origin" not in other.headers


async def test_no_origin_is_allowed_by_default(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://x.example"})
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("post", {"content": b"{not json", "headers": {"content-type": "application/json"}}),
        ("post", {"content": b"", "headers": {"content-type": "application/json"}}),
        ("get", {"headers": {"accept": "application/json"}}),
        ("put", {"json": {"query": "{ __typename }"}}),
    ],
)
async def test_bad_json_and_a_get_without_a_query_get_a_json_error(
    client: httpx.AsyncClient, method: str, kwargs: dict
) -> None:
    response = await getattr(client, method)("/graphql", **kwargs)
    assert response.status_code < 500
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["errors"][0]["extensions"]["code"]


async def test_a_costly_query_is_refused_before_it_runs_and_a_page_of_500_is_not(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", NESTED)
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert body["data"] is None and "budget" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["cost"] > body["errors"][0]["extensions"]["budget"]
    aliased = (
        "{ "
        + " ".join(f"a{i}: units(first: 500) {{ edges {{ node {{ code parent {{ code }} }} }} }}" for i in range(40))
        + " }"
    )
    assert error_codes(await gql.as_user("national", aliased)) == ["GRAPHQL_VALIDATION_FAILED"]
    page = await gql.as_user("national", PAGE_OF_500)
    assert "errors" not in page and len(page["data"]["units"]["edges"]) == 500


async def test_a_request_over_its_time_budget_is_cancelled_with_timeout(app: Any, gql: GraphQLClient) -> None:
    token = await gql.login("national")
    async with await client_for(app, execution_timeout_seconds=0.000_001, response_cache=False) as client:
        response = await client.post(
            "/graphql", json={"query": PAGE_OF_500}, headers={"authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200
    assert error_codes(response.json()) == ["TIMEOUT"]


def _inline_fragments(depth: int = 4) -> str:
    inner = "code name"
    for _ in range(depth):
        inner = "code children { ... on UnitConnection { edges { node { " + inner + " } } } }"
    return "query { units { ... on UnitConnection { edges { node { " + inner + " } } } } }"


INLINE_FRAGMENTS = _inline_fragments()


@pytest.mark.parametrize(
    "document",
    [
        """query { units { ...C } } fragment C on UnitConnection { edges { node { code children { ...D } } } }
        fragment D on UnitConnection { edges { node { code children { ...E } } } }
        fragment E on UnitConnection { edges { node { code children { edges { node { code name } } } } } }""",
        INLINE_FRAGMENTS,
        """query($n: Int = 500) { units(first: $n) { edges { node { code children(first: $n) { edges { node {
        code name } } } } } } }""",
    ],
)
async def test_fragments_and_variable_defaults_do_not_hide_a_querys_cost(gql: GraphQLClient, document: str) -> None:
    assert error_codes(await gql.as_user("national", document)) == ["GRAPHQL_VALIDATION_FAILED"]
