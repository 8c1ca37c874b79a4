"""auditLog: each officer reads its own jurisdiction's entries, newest first."""

from __future__ import annotations

from domain.models import UnitNode
from tests.conftest import GraphQLClient, error_codes

LOG = """query($u: String, $a: String) { auditLog(unitCode: $u, first: 500, after: $a) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id actor role action recordType recordId unit { code path }
  before after at } } } }"""


async def make_entries(gql: GraphQLClient) -> None:
    assign = """mutation($u: String!) { assignTarget(input: {unitCode: $u, schoolYear: "2027-2028", targetRate: 90}) {
        targetRate } }"""
    await gql.as_user("district-760", assign, {"u": "79760001"})
    await gql.as_user("district-001", assign, {"u": "01001001"})
    await gql.as_user("province-79", assign, {"u": "761"})


async def quan_1(path: str) -> bool:
    """Inside Quận 1 (760@VN63) on either map: 760, its schools, or a VN34 commune all of whose schools are its."""
    if path == "VN.79.760" or path.startswith("VN.79.760.") or path.split(".")[-1].startswith("79760"):
        return True
    commune = await UnitNode.get_or_none(map_id="VN34", code=path.split(".")[-1])
    schools = await UnitNode.filter(map_id="VN34", parent_id=commune.unit_id).values_list("code", flat=True)
    return commune is not None and bool(schools) and all(str(c).startswith("79760") for c in schools)


async def test_officers_read_the_entries_of_their_scope_only(gql: GraphQLClient) -> None:
    await make_entries(gql)
    body = await gql.as_user("district-760", LOG, {})
    paths = [e["node"]["unit"]["path"] for e in body["data"]["auditLog"]["edges"]]
    assert paths and all([await quan_1(p) for p in paths])
    ids = [int(e["node"]["id"]) for e in body["data"]["auditLog"]["edges"]]
    assert ids == sorted(ids, reverse=True)
    body = await gql.as_user("province-79", LOG, {})
    units = {e["node"]["unit"]["code"] for e in body["data"]["auditLog"]["edges"]}
    assert {"761", "79760001"} <= units and "01001001" not in units
    body = await gql.as_user("national", LOG, {"u": "001"})
    assert {e["node"]["unit"]["code"] for e in body["data"]["auditLog"]["edges"]} >= {"01001001"}
    assert all(
        e["node"]["unit"]["code"] in {"001"} or e["node"]["unit"]["code"].startswith("01001")
        for e in body["data"]["auditLog"]["edges"]
    )


async def test_narrowing_outside_ones_scope_finds_nothing(gql: GraphQLClient) -> None:
    await make_entries(gql)
    assert (await gql.as_user("district-760", LOG, {"u": "001"}))["data"]["auditLog"]["totalCount"] == 0
    body = await gql.as_user("district-760", LOG, {"u": "79"})  # an ancestor: only what is inside its scope
    assert all([await quan_1(e["node"]["unit"]["path"]) for e in body["data"]["auditLog"]["edges"]])


async def test_schools_and_viewers_read_no_audit_entries(gql: GraphQLClient) -> None:
    await make_entries(gql)
    for user in ["school-79760001", "edu-79"]:
        assert (await gql.as_user(user, LOG, {}))["data"]["auditLog"]["totalCount"] == 0


async def test_entries_say_who_what_where_before_and_after(gql: GraphQLClient) -> None:
    await make_entries(gql)
    body = await gql.as_user("district-760", LOG, {"u": "79760001"})
    entry = next(e["node"] for e in body["data"]["auditLog"]["edges"] if e["node"]["action"] == "assignTarget")
    assert (entry["actor"], entry["role"], entry["recordType"]) == ("district-760", "DISTRICT_OFFICER", "Target")
    assert entry["after"]["targetRate"] == 90 and entry["at"].endswith("+00:00")


async def test_a_bad_cursor_is_bad_user_input(gql: GraphQLClient) -> None:
    assert error_codes(await gql.as_user("national", LOG, {"a": "nope"})) == ["BAD_USER_INPUT"]
