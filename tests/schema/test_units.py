"""unit, units, children, parent: what each demo account sees, pagination and its errors."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, error_codes

# Most of these tests read the map of the demo accounts' grants, VN63, and say so; tests/schema/test_maps.py
# reads the current map.
COUNTS = """query($level: UnitLevel, $map: String = "VN63") { units(level: $level, map: $map, first: 0) {
    totalCount } }"""
UNIT = """query($code: String!, $map: String = "VN63") { unit(code: $code, map: $map) {
    code name level path schoolType parent { code } } }"""


async def total(gql: GraphQLClient, username: str, level: str, map_code: str = "VN63") -> int:
    body = await gql.as_user(username, COUNTS, {"level": level, "map": map_code})
    assert "errors" not in body, body
    return body["data"]["units"]["totalCount"]


async def test_national_sees_every_province_and_district(gql: GraphQLClient) -> None:
    assert await total(gql, "national", "PROVINCE") == 63
    assert await total(gql, "national", "DISTRICT") == 696


async def test_province_79_sees_one_province_and_its_22_districts(gql: GraphQLClient) -> None:
    assert await total(gql, "province-79", "PROVINCE") == 1
    assert await total(gql, "province-79", "DISTRICT") == 22
    assert await total(gql, "province-79", "NATION") == 1  # the nation, as a breadcrumb


async def test_district_760_cannot_see_sibling_district_761(gql: GraphQLClient) -> None:
    body = await gql.as_user("district-760", UNIT, {"code": "761"})
    assert body == {"data": {"unit": None}}


async def test_school_cannot_see_sibling_school(gql: GraphQLClient) -> None:
    body = await gql.as_user("school-79760001", UNIT, {"code": "79760002"})
    assert body == {"data": {"unit": None}}


async def test_school_sees_itself_and_its_ancestors(gql: GraphQLClient) -> None:
    body = await gql.as_user("school-79760001", UNIT, {"code": "79760001"})
    assert body["data"]["unit"] == {
        "code": "79760001",
        "name": "Trường Tiểu học Quận 1 số 1",
        "level": "SCHOOL",
        "path": "VN.79.760.79760001",
        "schoolType": "PRIMARY",
        "parent": {"code": "760"},
    }
    assert await total(gql, "school-79760001", "SCHOOL") == 1


async def test_codes_and_paths_follow_the_spec(gql: GraphQLClient) -> None:
    for code, path, level in [
        ("VN", "VN", "NATION"),
        ("79", "VN.79", "PROVINCE"),
        ("01", "VN.01", "PROVINCE"),
        ("760", "VN.79.760", "DISTRICT"),
        ("001", "VN.01.001", "DISTRICT"),
        ("79000001", "VN.79.79000001", "SCHOOL"),
        ("01001001", "VN.01.001.01001001", "SCHOOL"),
    ]:
        body = await gql.as_user("national", UNIT, {"code": code})
        assert body["data"]["unit"]["path"] == path
        assert body["data"]["unit"]["level"] == level
    body = await gql.as_user("national", UNIT, {"code": "79"})
    assert body["data"]["unit"]["name"] == "Thành phố Hồ Chí Minh"


async def test_every_school_type_exists_in_every_province(gql: GraphQLClient) -> None:
    # pages sized to what a province holds: 500 x 500 nested pages are over the cost budget
    query = """query($p: String!) { unit(code: $p, map: "VN63") { children(first: 100) { edges { node { level schoolType
        children(first: 100) { edges { node { schoolType } } } } } } } }"""
    body = await gql.as_user("national", query, {"p": "01"})
    types = set()
    for edge in body["data"]["unit"]["children"]["edges"]:
        types.add(edge["node"]["schoolType"])
        types.update(e["node"]["schoolType"] for e in edge["node"]["children"]["edges"])
    types.discard(None)
    assert types == {
        "PRESCHOOL",
        "PRIMARY",
        "LOWER_SECONDARY",
        "UPPER_SECONDARY",
        "MULTI_LEVEL",
        "VOCATIONAL",
        "COLLEGE",
        "UNIVERSITY",
    }


async def test_pages_follow_the_cursor_without_gaps_or_repeats(gql: GraphQLClient) -> None:
    query = """query($after: String) { units(level: DISTRICT, map: "VN63", first: 7, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } } }"""
    seen: list[str] = []
    after = None
    while True:
        body = await gql.as_user("province-79", query, {"after": after})
        page = body["data"]["units"]
        seen += [e["node"]["code"] for e in page["edges"]]
        assert page["totalCount"] == 22
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 22 == len(set(seen))
    assert seen == sorted(seen)


@pytest.mark.parametrize("first", [-1, 501])
async def test_first_out_of_range_is_bad_user_input(gql: GraphQLClient, first: int) -> None:
    body = await gql.as_user("national", "query($f: Int) { units(first: $f) { totalCount } }", {"f": first})
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("after", ["garbage", "dW5rbm93bjp4", ""])
async def test_invalid_after_is_bad_user_input(gql: GraphQLClient, after: str) -> None:
    body = await gql.as_user("national", "query($a: String) { units(after: $a) { totalCount } }", {"a": after})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_first_defaults_to_50(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", "{ units(level: COMMUNE) { edges { cursor } } }")
    assert len(body["data"]["units"]["edges"]) == 50


async def test_search_ignores_case_and_diacritics(gql: GraphQLClient) -> None:
    query = """query($s: String) { units(level: PROVINCE, search: $s) { totalCount edges { node { code } } } }"""
    body = await gql.as_user("national", query, {"s": "ho chi minh"})
    assert [e["node"]["code"] for e in body["data"]["units"]["edges"]] == ["79"]
    body = await gql.as_user("province-01", query, {"s": "Hồ Chí Minh"})
    assert body["data"]["units"]["totalCount"] == 0


async def test_parent_code_lists_the_visible_children_only(gql: GraphQLClient) -> None:
    query = """query($p: String) { units(parentCode: $p, map: "VN63") { totalCount } }"""
    assert (await gql.as_user("province-79", query, {"p": "79"}))["data"]["units"]["totalCount"] == 22 + 4
    assert (await gql.as_user("province-79", query, {"p": "01"}))["data"]["units"]["totalCount"] == 0
    assert (await gql.as_user("province-79", query, {"p": "VN"}))["data"]["units"]["totalCount"] == 1


async def test_school_years_lists_the_demo_years(gql: GraphQLClient) -> None:
    years = (await gql.as_user("school-79760001", "{ schoolYears }"))["data"]["schoolYears"]
    assert years[:3] == ["2019-2020", "2020-2021", "2021-2022"]  # tests add later years as they write data
    assert years == sorted(set(years))
