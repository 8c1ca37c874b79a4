"""Every error has a code; nothing leaks; the document guards hold."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import GraphQLClient, error_codes


async def test_syntax_error_is_parse_failed(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", "{ units { ")
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_unknown_field_is_validation_failed(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", "{ units { nope } }")
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_wrongly_typed_variable_is_bad_user_input(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", "query($f: Int) { units(first: $f) { totalCount } }", {"f": "ten"})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_depth_over_15_is_refused_before_execution(gql: GraphQLClient, count_queries) -> None:
    nested = "parent { " * 15 + "code" + " }" * 15
    body = await gql.as_user("national", f'{{ unit(code: "79760001") {{ {nested} }} }}')
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert body.get("data") is None
    shallow = "parent { " * 12 + "code" + " }" * 12
    assert "errors" not in await gql.as_user("national", f'{{ unit(code: "79760001") {{ {shallow} }} }}')


async def test_introspection_is_not_depth_limited_in_development(gql: GraphQLClient) -> None:
    deep = "ofType { " * 14 + "name" + " }" * 14
    body = await gql.as_user("national", f"{{ __schema {{ types {{ fields {{ type {{ {deep} }} }} }} }} }}")
    assert "errors" not in body


async def test_too_many_aliases_are_refused(gql: GraphQLClient) -> None:
    aliases = " ".join(f'a{i}: unit(code: "79") {{ code }}' for i in range(60))
    body = await gql.as_user("national", f"{{ {aliases} }}")
    assert "GRAPHQL_VALIDATION_FAILED" in error_codes(body)
    assert body.get("data") is None


async def test_huge_documents_are_refused(gql: GraphQLClient) -> None:
    fields = " ".join(["code"] * 6000)
    body = await gql.as_user("national", f'{{ unit(code: "79") {{ {fields} }} }}')
    assert error_codes(body) and error_codes(body)[0] in {"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"}


@pytest.mark.parametrize("payload", [b"not json", b'{"query": 5}', b"[]", b'{"variables": {}}'])
async def test_malformed_requests_never_get_a_5xx(client: httpx.AsyncClient, payload: bytes) -> None:
    response = await client.post("/graphql", content=payload, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert "Traceback" not in response.text
