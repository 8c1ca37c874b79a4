"""nominateReward and decideReward: level rules, eligibility, conflicts, scoping."""

from __future__ import annotations

import pytest

from domain.models import Reward
from tests.conftest import GraphQLClient, error_codes

YEAR = "2031-2032"
NOMINATE = """mutation($y: String!, $u: String!, $p: PersonInput, $f: RewardForm!) { nominateReward(input: {
  schoolYear: $y, recipientUnitCode: $u, person: $p, form: $f, reason: "Hoàn thành chỉ tiêu" }) {
  id status nominatedBy recipientUnit { code } person { fullName position } } }"""
DECIDE = """mutation($id: ID!, $d: Decision!) { decideReward(id: $id, decision: $d) { id status decidedBy } }"""


@pytest.fixture(scope="module")
async def participation_2026(gql: GraphQLClient) -> None:
    """79760003 above its target, 79760004 below it, 79760005 without any approved report."""
    assign = """mutation($u: String!, $r: Float!) { assignTarget(input: {unitCode: $u, schoolYear: "2031-2032",
        targetRate: $r}) { targetRate } }"""
    report = """mutation($s: String!, $a: Int!) { createSubmission(input: {schoolCode: $s, schoolYear: "2031-2032",
        kind: PARTICIPATION_REPORT, quarter: 1, students: 100, viaSchool: $a, viaOtherGroups: 0}) { id } }"""
    for school, target, insured in [("79760003", 90, 95), ("79760004", 99, 90)]:
        await gql.as_user("district-760", assign, {"u": school, "r": target})
        sid = (await gql.as_user("admin", report, {"s": school, "a": insured}))["data"]["createSubmission"]["id"]
        await gql.as_user("admin", "mutation($id: ID!) { submitSubmission(id: $id) { id } }", {"id": sid})
        await gql.as_user(
            "district-760", "mutation($id: ID!) { reviewSubmission(id: $id, decision: APPROVE) { id } }", {"id": sid}
        )
    await gql.as_user("province-79", assign, {"u": "760", "r": 50})


async def nominate(gql: GraphQLClient, user: str, unit: str, person: dict | None = None) -> dict:
    return await gql.as_user(user, NOMINATE, {"y": YEAR, "u": unit, "p": person, "f": "LETTER_OF_COMMENDATION"})


async def test_an_eligible_school_is_nominated_by_its_district_and_decided_by_its_province(
    gql: GraphQLClient, participation_2026: None
) -> None:
    body = await nominate(gql, "district-760", "79760003")
    reward = body["data"]["nominateReward"]
    assert (reward["status"], reward["nominatedBy"], reward["recipientUnit"]) == (
        "NOMINATED",
        "district-760",
        {"code": "79760003"},
    )
    for user, code in [
        ("district-760", "FORBIDDEN"),
        ("national", "FORBIDDEN"),
        ("province-01", "NOT_FOUND"),
        ("school-79760001", "NOT_FOUND"),
        ("edu-79", "FORBIDDEN"),
    ]:
        assert error_codes(await gql.as_user(user, DECIDE, {"id": reward["id"], "d": "APPROVE"})) == [code], user
    body = await gql.as_user("province-79", DECIDE, {"id": reward["id"], "d": "APPROVE"})
    assert body["data"]["decideReward"] == {"id": reward["id"], "status": "APPROVED", "decidedBy": "province-79"}
    assert error_codes(await gql.as_user("province-79", DECIDE, {"id": reward["id"], "d": "REJECT"})) == ["CONFLICT"]


async def test_a_collective_below_its_target_is_not_eligible(gql: GraphQLClient, participation_2026: None) -> None:
    body = await nominate(gql, "district-760", "79760004")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "below its target" in body["errors"][0]["message"]
    body = await nominate(gql, "district-760", "79760005")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "no approved participation report" in body["errors"][0]["message"]
    assert not await Reward.exists(school_year=YEAR, recipient_unit_id__in=["79760004", "79760005"], person_name=None)


async def test_a_person_is_nominated_without_the_collective_rule(gql: GraphQLClient) -> None:
    body = await nominate(gql, "district-760", "79760005", {"fullName": "Trần Văn Cường", "position": "Hiệu trưởng"})
    assert body["data"]["nominateReward"]["person"] == {"fullName": "Trần Văn Cường", "position": "Hiệu trưởng"}


@pytest.mark.parametrize(
    ("user", "unit", "code"),
    [
        ("district-760", "760", "FORBIDDEN"),
        ("district-760", "761", "NOT_FOUND"),
        ("school-79760001", "79760001", "FORBIDDEN"),
        ("province-79", "79", "FORBIDDEN"),
        ("edu-79", "760", "FORBIDDEN"),
        ("province-79", "01", "NOT_FOUND"),
    ],
)
async def test_nominating_at_or_outside_ones_own_level_is_refused(
    gql: GraphQLClient, user: str, unit: str, code: str
) -> None:
    assert error_codes(await nominate(gql, user, unit, {"fullName": "X"})) == [code]


async def test_a_provincial_nomination_is_decided_nationally(gql: GraphQLClient, participation_2026: None) -> None:
    reward = (await nominate(gql, "province-79", "760"))["data"]["nominateReward"]
    assert error_codes(await gql.as_user("province-79", DECIDE, {"id": reward["id"], "d": "APPROVE"})) == ["FORBIDDEN"]
    body = await gql.as_user("national", DECIDE, {"id": reward["id"], "d": "REJECT"})
    assert body["data"]["decideReward"]["status"] == "REJECTED"


async def test_a_national_nomination_is_decided_by_another_national_officer(gql: GraphQLClient) -> None:
    await gql.as_user(
        "admin",
        """mutation { createUser(input: {username: "national-2", fullName: "Cán bộ 2",
        password: "correct horse"}) { username } }""",
    )
    await gql.as_user(
        "admin", 'mutation { grantRole(username: "national-2", role: NATIONAL_OFFICER, unitCode: "VN") { username } }'
    )
    reward = (await nominate(gql, "national", "79", {"fullName": "Lê Văn Dũng"}))["data"]["nominateReward"]
    assert error_codes(await gql.as_user("national", DECIDE, {"id": reward["id"], "d": "APPROVE"})) == ["FORBIDDEN"]
    await gql.login("national-2", "correct horse")
    body = await gql.as_user("national-2", DECIDE, {"id": reward["id"], "d": "APPROVE"})
    assert body["data"]["decideReward"]["status"] == "APPROVED"


async def test_rewards_are_scoped(gql: GraphQLClient) -> None:
    query = """{ rewards(first: 500) { edges { node { recipientUnit { code } } } }
                 unit(code: "VN") { rewards(first: 500) { totalCount } } }"""
    body = await gql.as_user("district-001", query)
    codes = {e["node"]["recipientUnit"]["code"] for e in body["data"]["rewards"]["edges"]}
    assert codes == {"01001001"}
    assert body["data"]["unit"]["rewards"]["totalCount"] == 1
    body = await gql.as_user("school-79760001", query)
    assert {e["node"]["recipientUnit"]["code"] for e in body["data"]["rewards"]["edges"]} == {"79760001"}
