"""Accounts that try to climb, guess or outlive their rights (SPEC 10: escalation, logins, tokens)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from api.app import create_app
from domain.models import AuditEntry, RoleGrant, Submission, Target
from tests.conftest import FreshProvince, GraphQLClient, error_codes

LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
GRANT = "mutation($u: String!, $r: Role!, $c: String!) { grantRole(username: $u, role: $r, unitCode: $c) { username } }"
REVOKE = (
    "mutation($u: String!, $r: Role!, $c: String!) { revokeRole(username: $u, role: $r, unitCode: $c) { username } }"
)
ACTIVE = "mutation($u: String!, $a: Boolean!) { setUserActive(username: $u, active: $a) { username } }"
CHANGE = "mutation($c: String!, $n: String!) { changePassword(current: $c, new: $n) }"
CREATE = """mutation($u: String!) { createUser(input: {username: $u, fullName: "Người thử", password: "correct horse"})
  { username } }"""
ME = "{ me { username } }"


async def token_of(gql: GraphQLClient, username: str, password: str = "correct horse") -> str:
    body = await gql.post(LOGIN, {"u": username, "p": password})
    assert "errors" not in body, body
    return body["data"]["login"]["token"]


async def test_nobody_grants_or_revokes_its_own_roles(gql: GraphQLClient, fresh: FreshProvince) -> None:
    school = fresh.schools[0]
    before = await RoleGrant.all().count()
    body = await gql.as_user(fresh.officer, GRANT, {"u": fresh.officer, "r": "SCHOOL_STAFF", "c": school})
    assert error_codes(body) == ["FORBIDDEN"]
    body = await gql.as_user(
        fresh.district_officer, REVOKE, {"u": fresh.district_officer, "r": "DISTRICT_OFFICER", "c": fresh.district}
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert await RoleGrant.all().count() == before


async def test_a_provincial_officer_cannot_reach_accounts_of_another_province(
    gql: GraphQLClient, fresh: FreshProvince
) -> None:
    """Another province's account answers as a username that does not exist, whatever the role asked."""
    other = fresh.staff(fresh.schools[0])
    for username in [other, "province-01", "does-not-exist"]:
        body = await gql.as_user("province-79", GRANT, {"u": username, "r": "SCHOOL_STAFF", "c": "79760001"})
        assert error_codes(body) == ["NOT_FOUND"]
        assert body["errors"][0]["message"] == f"User {username} does not exist."
        body = await gql.as_user("province-79", ACTIVE, {"u": username, "a": False})
        assert error_codes(body) == ["NOT_FOUND"]
    assert await RoleGrant.filter(user__username=other).count() == 1


async def test_whoever_edited_a_submission_never_reviews_it(gql: GraphQLClient, fresh: FreshProvince) -> None:
    """An account that is both the school's staff and its district's officer edits, then tries to approve."""
    school = fresh.schools[1]
    await gql.as_user(fresh.admin, CREATE, {"u": f"both-{school}"})
    for role, unit in [("SCHOOL_STAFF", school), ("LOCAL_OFFICER", fresh.district)]:  # its commune on VN34
        assert "errors" not in await gql.as_user(fresh.admin, GRANT, {"u": f"both-{school}", "r": role, "c": unit})
    token = await token_of(gql, f"both-{school}")
    created = await gql.as_user(
        fresh.staff(school),
        """mutation($s: String!) { createSubmission(input: {schoolCode: $s, schoolYear: "2023-2024",
           kind: PARTICIPATION_REPORT, quarter: 1, students: 100, viaSchool: 80, viaOtherGroups: 10}) { id } }""",
        {"s": school},
    )
    sid = created["data"]["createSubmission"]["id"]
    edit = "mutation($i: ID!) { updateSubmission(id: $i, input: {viaSchool: 85}) { id } }"
    assert "errors" not in await gql.post(edit, {"i": sid}, token=token)
    await gql.as_user(fresh.staff(school), "mutation($i: ID!) { submitSubmission(id: $i) { id } }", {"i": sid})
    review = "mutation($i: ID!) { reviewSubmission(id: $i, decision: APPROVE) { status } }"
    assert error_codes(await gql.post(review, {"i": sid}, token=token)) == ["FORBIDDEN"]
    assert (await Submission.get(id=int(sid))).status == "SUBMITTED"
    approved = await gql.as_user(fresh.district_officer, review, {"i": sid})
    assert approved["data"]["reviewSubmission"]["status"] == "APPROVED"


@pytest.mark.parametrize("order", [["LOCAL_OFFICER", "PROVINCIAL_OFFICER"], ["PROVINCIAL_OFFICER", "LOCAL_OFFICER"]])
async def test_the_grant_nearest_the_root_acts_whatever_the_order_they_were_made(
    gql: GraphQLClient, fresh: FreshProvince, order: list[str]
) -> None:
    username = f"two-{'-'.join(r[0] for r in order).lower()}-{fresh.code}"
    await gql.as_user(fresh.admin, CREATE, {"u": username})
    units = {"LOCAL_OFFICER": fresh.district, "PROVINCIAL_OFFICER": fresh.code}  # new grants: on VN34
    for role in order:
        assert "errors" not in await gql.as_user(fresh.admin, GRANT, {"u": username, "r": role, "c": units[role]})
    token = await token_of(gql, username)
    school = fresh.schools[2]
    body = await gql.post(
        """mutation($c: String!) { assignTarget(input: {unitCode: $c, schoolYear: "2023-2024", targetRate: 95})
           { targetRate } }""",
        {"c": school},
        token=token,
    )
    assert "errors" not in body, body
    entry = await AuditEntry.filter(action="assignTarget", unit_id=school).order_by("-id").first()
    assert entry is not None and (entry.actor, entry.role) == (username, "PROVINCIAL_OFFICER")
    await Target.filter(unit_id=school).delete()


async def test_failed_logins_are_throttled_per_username_and_audited(gql: GraphQLClient, fresh: FreshProvince) -> None:
    username = fresh.staff(fresh.schools[0])
    for _ in range(5):
        assert error_codes(await gql.post(LOGIN, {"u": username, "p": "wrong password"})) == ["UNAUTHENTICATED"]
    refused = await gql.post(LOGIN, {"u": username, "p": "demo"})  # the right password, checked no more
    assert error_codes(refused) == ["UNAUTHENTICATED"]
    wait = refused["errors"][0]["extensions"]["retryAfter"]
    assert 0 < wait <= 15 * 60 and f"{wait} seconds" in refused["errors"][0]["message"]
    failures = await AuditEntry.filter(action="login", record_id=username).values_list("after", flat=True)
    assert [f["success"] for f in failures] == [False] * 5


@pytest.fixture
async def strict_app(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The same database, served with a per-address limit of 3, to a client at an address of its own."""
    settings = replace(app.state.settings, login_failures_per_address=3)
    transport = httpx.ASGITransport(app=create_app(settings), client=("198.51.100.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_failed_logins_are_throttled_per_client_address(strict_app: httpx.AsyncClient) -> None:
    for i in range(3):
        body = (
            await strict_app.post("/graphql", json={"query": LOGIN, "variables": {"u": f"ghost-{i}", "p": "x"}})
        ).json()
        assert error_codes(body) == ["UNAUTHENTICATED"] and "retryAfter" not in body["errors"][0]["extensions"]
    body = (
        await strict_app.post("/graphql", json={"query": LOGIN, "variables": {"u": "national", "p": "demo"}})
    ).json()
    assert error_codes(body) == ["UNAUTHENTICATED"] and body["errors"][0]["extensions"]["retryAfter"] > 0


async def test_a_password_change_ends_every_token_issued_before(gql: GraphQLClient, fresh: FreshProvince) -> None:
    username = fresh.staff(fresh.schools[1])
    first, second = await token_of(gql, username, "demo"), await token_of(gql, username, "demo")
    assert error_codes(await gql.post(CHANGE, {"c": "not it", "n": "a new long password"}, token=first)) == [
        "UNAUTHENTICATED"
    ]
    for weak in ["short", "aaaaaaaaaaaa", username, "            "]:
        assert error_codes(await gql.post(CHANGE, {"c": "demo", "n": weak}, token=first)) == ["BAD_USER_INPUT"]
    assert (await gql.post(CHANGE, {"c": "demo", "n": "a new long password"}, token=first)) == {
        "data": {"changePassword": True}
    }
    for old in (first, second):
        assert error_codes(await gql.post(ME, token=old)) == ["UNAUTHENTICATED"]
    assert error_codes(await gql.post(LOGIN, {"u": username, "p": "demo"})) == ["UNAUTHENTICATED"]
    fresh_token = await token_of(gql, username, "a new long password")
    assert (await gql.post(ME, token=fresh_token))["data"]["me"]["username"] == username


async def test_a_disabled_account_loses_its_tokens_and_logs_in_as_a_wrong_password(
    gql: GraphQLClient, fresh: FreshProvince
) -> None:
    username = fresh.staff(fresh.schools[2])
    token = await token_of(gql, username, "demo")
    assert error_codes(await gql.as_user(fresh.staff(fresh.schools[0]), ACTIVE, {"u": username, "a": False})) == [
        "NOT_FOUND"
    ]  # a school's staff manages no account: none exists for it
    body = await gql.as_user(fresh.officer, ACTIVE, {"u": username, "a": False})
    assert body == {"data": {"setUserActive": {"username": username}}}
    assert error_codes(await gql.post(ME, token=token)) == ["UNAUTHENTICATED"]
    disabled = await gql.post(LOGIN, {"u": username, "p": "demo"})
    wrong = await gql.post(LOGIN, {"u": username, "p": "not the password"})
    assert disabled["errors"][0]["message"] == wrong["errors"][0]["message"] == "Wrong username or password."
    await gql.as_user(fresh.officer, ACTIVE, {"u": username, "a": True})
    assert await token_of(gql, username, "demo")
