"""Every demo role against its own unit, a descendant, an ancestor, a sibling and another province, through GraphQL.

The demo accounts hold VN63 grants: the relations are those of the VN63 tree, so the reads name that map
(tests/policies/test_across_maps.py reads the other one).
"""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, error_codes

# role account -> relation -> unit code (None where the relation has no unit, e.g. nothing is above VN)
UNITS = {
    "admin": {"own": "VN", "descendant": "79760001", "ancestor": None, "sibling": None, "other": None},
    "national": {"own": "VN", "descendant": "79760001", "ancestor": None, "sibling": None, "other": None},
    "province-79": {"own": "79", "descendant": "79760001", "ancestor": "VN", "sibling": "01", "other": "01001001"},
    "edu-79": {"own": "79", "descendant": "760", "ancestor": "VN", "sibling": "01", "other": "001"},
    "district-760": {"own": "760", "descendant": "79760001", "ancestor": "79", "sibling": "761", "other": "001"},
    "school-79760001": {
        "own": "79760001",
        "descendant": None,
        "ancestor": "760",
        "sibling": "79760002",
        "other": "01001001",
    },
    "school-79000001": {
        "own": "79000001",
        "descendant": None,
        "ancestor": "79",
        "sibling": "79000002",
        "other": "01000001",
    },
}
VISIBLE = {"own": True, "descendant": True, "ancestor": True, "sibling": False, "other": False}
CASES = [(user, rel, code) for user, rels in UNITS.items() for rel, code in rels.items() if code is not None]

# Who may grant SCHOOL_STAFF on a school in each relation: only admins anywhere, provincial officers strictly below.
GRANT_SCHOOL_STAFF = {
    "admin": {"descendant": None},
    "province-79": {"descendant": None, "other": "NOT_FOUND"},
    "edu-79": {"descendant": "FORBIDDEN", "other": "NOT_FOUND"},
    "district-760": {"descendant": "FORBIDDEN", "other": "NOT_FOUND"},
    "national": {"descendant": "FORBIDDEN"},
    "school-79760001": {"other": "NOT_FOUND"},
}


@pytest.mark.parametrize(("user", "relation", "code"), CASES)
async def test_unit_visibility(gql: GraphQLClient, user: str, relation: str, code: str) -> None:
    body = await gql.as_user(user, 'query($c: String!) { unit(code: $c, map: "VN63") { code } }', {"c": code})
    assert "errors" not in body
    assert (body["data"]["unit"] is not None) is VISIBLE[relation]


@pytest.mark.parametrize(("user", "relation", "code"), CASES)
async def test_units_list_agrees_with_unit(gql: GraphQLClient, user: str, relation: str, code: str) -> None:
    body = await gql.as_user(
        user,
        'query($s: String) { units(search: $s, map: "VN63", first: 500) { edges { node { code } } } }',
        {"s": code},
    )
    listed = any(e["node"]["code"] == code for e in body["data"]["units"]["edges"])
    assert listed is VISIBLE[relation]


@pytest.mark.parametrize("user", [u for u, rels in UNITS.items() if rels["ancestor"]])
async def test_an_ancestor_lists_only_the_branch_leading_to_the_caller(gql: GraphQLClient, user: str) -> None:
    ancestor = UNITS[user]["ancestor"]
    query = """query($c: String!) { unit(code: $c, map: "VN63") {
        children(first: 500) { totalCount edges { node { code } } } } }"""
    body = await gql.as_user(user, query, {"c": ancestor})
    children = body["data"]["unit"]["children"]
    assert children["totalCount"] == len(children["edges"]) == 1


@pytest.mark.parametrize(
    ("user", "relation", "expected"),
    [(u, rel, code) for u, rels in GRANT_SCHOOL_STAFF.items() for rel, code in rels.items()],
)
async def test_granting_school_staff(gql: GraphQLClient, user: str, relation: str, expected: str | None) -> None:
    school = {"descendant": "79760002", "other": "01001002"}[relation]
    username = f"matrix-{user}-{relation}"
    creator = user if user in ("admin", "province-79") else "admin"  # an account is managed by its creator
    await gql.as_user(
        creator,
        """mutation($u: String!) { createUser(input: {username: $u, fullName: "M",
        password: "correct horse"}) { username } }""",
        {"u": username},
    )
    body = await gql.as_user(
        user,
        "mutation($u: String!, $c: String!) { grantRole(username: $u, role: SCHOOL_STAFF, unitCode: $c) { username } }",
        {"u": username, "c": school},
    )
    assert error_codes(body) == ([expected] if expected else [])
