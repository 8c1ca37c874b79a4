"""Attempts to read outside one's scope through aliases, nesting, connections, filters and error messages."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, error_codes


async def test_aliases_do_not_multiply_what_one_sees(gql: GraphQLClient) -> None:
    body = await gql.as_user(
        "district-760", '{ a: unit(code: "761") { code } b: unit(code: "001") { code } c: unit(code: "760") { code } }'
    )
    assert body["data"] == {"a": None, "b": None, "c": {"code": "760"}}


@pytest.mark.parametrize(("map_code", "middle"), [("VN63", "760"), ("VN34", "26740")])
async def test_climbing_to_the_root_and_down_again_finds_only_ones_own_branch(
    gql: GraphQLClient, map_code: str, middle: str
) -> None:
    # first: 20 at each level keeps the document under the cost budget (500 x 500 x 500 is refused before it runs)
    query = """query($m: String) { unit(code: "79760001", map: $m) { parent { parent { parent {
        code children(first: 20) { totalCount edges { node { code children(first: 20) { totalCount edges {
          node { code children(first: 20) { totalCount edges { node { code } } } } } } } } } } } } } }"""
    body = await gql.as_user("school-79760001", query, {"m": map_code})
    root = body["data"]["unit"]["parent"]["parent"]["parent"]
    assert root["code"] == "VN"
    province = root["children"]["edges"]
    assert [p["node"]["code"] for p in province] == ["79"]
    districts = province[0]["node"]["children"]["edges"]
    assert [d["node"]["code"] for d in districts] == [middle]
    schools = districts[0]["node"]["children"]
    assert schools == {"totalCount": 1, "edges": [{"node": {"code": "79760001"}}]}


async def test_filters_do_not_reach_other_branches(gql: GraphQLClient) -> None:
    query = """query($p: String, $s: String) { units(parentCode: $p, search: $s, first: 500) {
        totalCount edges { node { code } } } }"""
    for variables in [{"p": "761"}, {"p": "01"}, {"s": "Ba Đình"}, {"s": "761"}, {"s": "79761001"}]:
        body = await gql.as_user("district-760", query, variables)
        assert body["data"]["units"] == {"totalCount": 0, "edges": []}, variables


async def test_a_cursor_from_elsewhere_only_positions_the_page(gql: GraphQLClient) -> None:
    national = await gql.as_user(
        "national", '{ units(level: DISTRICT, map: "VN63", first: 1, after: null) { pageInfo { endCursor } } }'
    )
    cursor = national["data"]["units"]["pageInfo"]["endCursor"]
    body = await gql.as_user(
        "district-760",
        'query($a: String) { units(first: 500, after: $a, map: "VN63") { edges { node { code } } } }',
        {"a": cursor},
    )
    codes = {e["node"]["code"] for e in body["data"]["units"]["edges"]}
    assert codes <= {"VN", "79", "760"} | {f"79760{i:03d}" for i in range(1, 9)}


async def test_out_of_scope_and_missing_units_are_indistinguishable(gql: GraphQLClient) -> None:
    grant = """mutation($c: String!) { grantRole(username: "school-79760001", role: SCHOOL_STAFF, unitCode: $c) {
        username } }"""
    hidden = await gql.as_user("province-79", grant, {"c": "01001001"})
    missing = await gql.as_user("province-79", grant, {"c": "99999999"})
    assert error_codes(hidden) == error_codes(missing) == ["NOT_FOUND"]
    assert "Ba Đình" not in str(hidden) and "Trường" not in str(hidden)
    assert hidden["errors"][0]["message"].replace("01001001", "X") == missing["errors"][0]["message"].replace(
        "99999999", "X"
    )


async def test_the_grants_of_a_user_are_cut_to_the_callers_scope_in_me_too(gql: GraphQLClient) -> None:
    body = await gql.as_user("district-760", "{ me { grants { role unit { code parent { code } } } } }")
    assert body["data"]["me"]["grants"] == [
        {"role": "DISTRICT_OFFICER", "unit": {"code": "760", "parent": {"code": "79"}}}
    ]
