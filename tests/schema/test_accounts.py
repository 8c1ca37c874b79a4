"""createUser, grantRole, revokeRole: delegation, scope, audit, and revocation that bites at once."""

from __future__ import annotations

import itertools

import pytest

from domain.models import AuditEntry, RoleGrant, User
from tests.conftest import GraphQLClient, error_codes

CREATE = """mutation($u: String!, $n: String!, $p: String!) {
  createUser(input: {username: $u, fullName: $n, password: $p}) { username fullName grants { role } } }"""
GRANT = """mutation($u: String!, $r: Role!, $c: String!, $m: String) {
  grantRole(username: $u, role: $r, unitCode: $c, map: $m) { username grants { role unit { code } } } }"""
REVOKE = """mutation($u: String!, $r: Role!, $c: String!) {
  revokeRole(username: $u, role: $r, unitCode: $c) { username grants { role unit { code } } } }"""

_names = itertools.count(1)


async def new_user(gql: GraphQLClient, creator: str = "admin") -> str:
    username = f"user-{next(_names)}-{creator}"
    body = await gql.as_user(creator, CREATE, {"u": username, "n": "Nguyễn Văn A", "p": "correct horse"})
    assert "errors" not in body, body
    return username


async def test_admin_creates_a_user_with_an_audit_entry(gql: GraphQLClient) -> None:
    username = await new_user(gql)
    entry = await AuditEntry.get(action="createUser", record_id=username)
    assert (entry.actor, entry.role, entry.unit_id, entry.before) == ("admin", "NATIONAL_ADMIN", "VN", None)
    assert entry.after == {"username": username, "fullName": "Nguyễn Văn A"}
    assert (await User.get(username=username)).password_hash.startswith("$argon2id$")


async def test_province_officer_creates_users_audited_at_its_province(gql: GraphQLClient) -> None:
    username = await new_user(gql, "province-79")
    entry = await AuditEntry.get(action="createUser", record_id=username)
    assert (entry.role, entry.unit_id) == ("PROVINCIAL_OFFICER", "79")


@pytest.mark.parametrize("creator", ["national", "district-760", "school-79760001", "edu-79"])
async def test_others_cannot_create_users(gql: GraphQLClient, creator: str) -> None:
    body = await gql.as_user(creator, CREATE, {"u": f"nope-{creator}", "n": "X", "p": "correct horse"})
    assert error_codes(body) == ["FORBIDDEN"]
    assert not await User.exists(username=f"nope-{creator}")


@pytest.mark.parametrize(
    ("username", "full_name", "password"),
    [("A", "X", "correct horse"), ("ok-name", "  ", "correct horse"), ("ok-name2", "X", "short")],
)
async def test_bad_user_input_stores_nothing(gql: GraphQLClient, username: str, full_name: str, password: str) -> None:
    token = await gql.login("admin")  # a login is audited too: count after it
    before = await AuditEntry.all().count()
    body = await gql.post(CREATE, {"u": username, "n": full_name, "p": password}, token=token)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert await AuditEntry.all().count() == before
    assert not await User.exists(username=username)


async def test_taken_username_is_a_conflict(gql: GraphQLClient) -> None:
    body = await gql.as_user("admin", CREATE, {"u": "national", "n": "X", "p": "correct horse"})
    assert error_codes(body) == ["CONFLICT"]


async def test_province_officer_delegates_inside_its_province(gql: GraphQLClient) -> None:
    username = await new_user(gql, "province-79-new")
    body = await gql.as_user("province-79-new", GRANT, {"u": username, "r": "LOCAL_OFFICER", "c": "26740"})
    assert body["data"]["grantRole"]["grants"] == [{"role": "LOCAL_OFFICER", "unit": {"code": "26740"}}]
    body = await gql.as_user("province-79-new", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79000001"})
    assert "errors" not in body
    entry = await AuditEntry.filter(action="grantRole").order_by("-id").first()
    assert entry is not None
    assert (entry.actor, entry.unit_id, entry.after["role"]) == ("province-79-new", "79000001", "SCHOOL_STAFF")
    # the new local officer now sees its commune, and only that
    token_body = await gql.post(
        'mutation($u: String!) { login(username: $u, password: "correct horse") { token } }', {"u": username}
    )
    token = token_body["data"]["login"]["token"]
    seen = await gql.post("{ units(level: COMMUNE) { totalCount edges { node { code } } } }", token=token)
    assert seen["data"]["units"]["edges"] == [{"node": {"code": "26740"}}]


async def test_new_grants_are_on_the_current_map_and_old_ones_keep_working(gql: GraphQLClient) -> None:
    """SPEC 9: a unit of VN63 takes no new grant; a VN63 grant still manages the schools it covers."""
    username = await new_user(gql)
    body = await gql.as_user("admin", GRANT, {"u": username, "r": "DISTRICT_OFFICER", "c": "760"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await gql.as_user("admin", GRANT, {"u": username, "r": "PROVINCIAL_OFFICER", "c": "79", "m": "VN63"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    username = await new_user(gql, "province-79")
    body = await gql.as_user("province-79", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760002"})
    assert body["data"]["grantRole"]["grants"] == [{"role": "SCHOOL_STAFF", "unit": {"code": "79760002"}}]


@pytest.mark.parametrize(
    ("role", "unit", "code"),
    [
        ("PROVINCIAL_OFFICER", "79", "FORBIDDEN"),  # above what it may delegate
        ("EDUCATION_VIEWER", "79", "FORBIDDEN"),
        ("NATIONAL_ADMIN", "VN", "FORBIDDEN"),  # VN is visible to it (a breadcrumb) but not its to grant on
        ("DISTRICT_OFFICER", "79", "FORBIDDEN"),  # its own level: strictly below only
        ("DISTRICT_OFFICER", "001", "NOT_FOUND"),  # another province reads as absent
        ("SCHOOL_STAFF", "01001001", "NOT_FOUND"),
        ("SCHOOL_STAFF", "nowhere", "NOT_FOUND"),
        ("SCHOOL_STAFF", "760", "BAD_USER_INPUT"),  # authorised, but a district is no school
        ("DISTRICT_OFFICER", "79760001", "BAD_USER_INPUT"),
    ],
)
async def test_province_officer_cannot_grant_above_outside_or_at_the_wrong_level(
    gql: GraphQLClient, role: str, unit: str, code: str
) -> None:
    username = await new_user(gql, "province-79")
    before = await RoleGrant.all().count()
    body = await gql.as_user("province-79", GRANT, {"u": username, "r": role, "c": unit})
    assert error_codes(body) == [code]
    assert await RoleGrant.all().count() == before


@pytest.mark.parametrize("actor", ["national", "district-760", "school-79760001", "edu-79"])
async def test_non_delegating_roles_cannot_grant(gql: GraphQLClient, actor: str) -> None:
    username = await new_user(gql)
    body = await gql.as_user(actor, GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    assert error_codes(body) == ["FORBIDDEN"]


async def test_granting_to_an_unknown_user_is_not_found(gql: GraphQLClient) -> None:
    body = await gql.as_user("province-79", GRANT, {"u": "ghost", "r": "SCHOOL_STAFF", "c": "79760001"})
    assert error_codes(body) == ["NOT_FOUND"]


async def test_granting_twice_answers_as_the_first_grant_and_stores_one(gql: GraphQLClient) -> None:
    """SPEC 10: no error that tells whether the account holds the role already."""
    username = await new_user(gql)
    first = await gql.as_user("admin", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    again = await gql.as_user("admin", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    assert again == first and "errors" not in again
    assert await RoleGrant.filter(user__username=username).count() == 1


async def test_other_users_grants_outside_the_callers_scope_stay_hidden(gql: GraphQLClient) -> None:
    username = await new_user(gql)
    await gql.as_user("admin", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "01001001"})
    body = await gql.as_user("admin", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    assert len(body["data"]["grantRole"]["grants"]) == 2  # the administrator sees both
    body = await gql.as_user("admin", REVOKE, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    assert body["data"]["revokeRole"]["grants"] == [{"role": "SCHOOL_STAFF", "unit": {"code": "01001001"}}]


async def test_an_account_with_a_grant_outside_the_province_reads_as_absent_to_its_officer(gql: GraphQLClient) -> None:
    """SPEC 10: a provincial officer manages only accounts whose every grant lies in its province."""
    username = await new_user(gql)
    await gql.as_user("admin", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "01001001"})
    mixed = await gql.as_user("province-79", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    ghost = await gql.as_user("province-79", GRANT, {"u": "ghost-account", "r": "SCHOOL_STAFF", "c": "79760001"})
    assert error_codes(mixed) == error_codes(ghost) == ["NOT_FOUND"]
    assert mixed["errors"][0]["message"].replace(username, "X") == ghost["errors"][0]["message"].replace(
        "ghost-account", "X"
    )
    assert await RoleGrant.filter(user__username=username).count() == 1


async def test_a_revoked_grant_stops_working_with_a_token_issued_before(gql: GraphQLClient) -> None:
    username = await new_user(gql, "province-79-new")
    await gql.as_user("province-79-new", GRANT, {"u": username, "r": "LOCAL_OFFICER", "c": "26740"})
    login = await gql.post(
        'mutation($u: String!) { login(username: $u, password: "correct horse") { token } }', {"u": username}
    )
    token = login["data"]["login"]["token"]
    query = '{ unit(code: "26740") { code } }'
    assert (await gql.post(query, token=token))["data"]["unit"] == {"code": "26740"}

    body = await gql.as_user("province-79-new", REVOKE, {"u": username, "r": "LOCAL_OFFICER", "c": "26740"})
    assert body["data"]["revokeRole"]["grants"] == []
    entry = await AuditEntry.filter(action="revokeRole").order_by("-id").first()
    assert entry is not None and entry.before["username"] == username and entry.after is None

    # SPEC 10: a revoke ends every token issued before it, from the very next request
    assert error_codes(await gql.post(query, token=token)) == ["UNAUTHENTICATED"]
    login = await gql.post(
        'mutation($u: String!) { login(username: $u, password: "correct horse") { token } }', {"u": username}
    )
    token = login["data"]["login"]["token"]
    assert (await gql.post(query, token=token))["data"]["unit"] is None  # logged in again: it holds nothing
    assert (await gql.post("{ units { totalCount } }", token=token))["data"]["units"]["totalCount"] == 0


async def test_revoking_a_grant_that_does_not_exist_is_not_found(gql: GraphQLClient) -> None:
    username = await new_user(gql)
    body = await gql.as_user("province-79", REVOKE, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
    assert error_codes(body) == ["NOT_FOUND"]


async def test_a_user_without_grants_sees_nothing_and_can_do_nothing(gql: GraphQLClient) -> None:
    username = await new_user(gql)
    login = await gql.post(
        'mutation($u: String!) { login(username: $u, password: "correct horse") { token } }', {"u": username}
    )
    token = login["data"]["login"]["token"]
    body = await gql.post('{ units { totalCount } unit(code: "VN") { code } me { grants { role } } }', token=token)
    assert body["data"] == {"units": {"totalCount": 0}, "unit": None, "me": {"grants": []}}
    body = await gql.post(CREATE, {"u": "by-nobody", "n": "X", "p": "correct horse"}, token=token)
    assert error_codes(body) == ["FORBIDDEN"]
    body = await gql.post(GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"}, token=token)
    assert error_codes(body) == ["NOT_FOUND"]


async def test_nobody_revokes_its_own_grant_not_even_the_last_national_admin(gql: GraphQLClient) -> None:
    token = await gql.login("admin")  # a login is audited too: count after it
    before = await AuditEntry.all().count()
    body = await gql.post(REVOKE, {"u": "admin", "r": "NATIONAL_ADMIN", "c": "VN"}, token=token)
    assert error_codes(body) == ["FORBIDDEN"]
    assert await RoleGrant.exists(user__username="admin", role="NATIONAL_ADMIN")
    assert await AuditEntry.all().count() == before
