"""assignTarget: who may assign where, history, validation, Unit.target and the targets connection."""

from __future__ import annotations

import pytest

from domain.models import AuditEntry, Target
from tests.conftest import GraphQLClient, error_codes

ASSIGN = """mutation($u: String!, $y: String!, $r: Float!, $p: Int, $n: String) {
  assignTarget(input: {unitCode: $u, schoolYear: $y, targetRate: $r, targetParticipants: $p, note: $n}) {
    unit { code } schoolYear targetRate targetParticipants assignedBy history { oldRate newRate changedBy note } } }"""


async def test_a_district_assigns_its_school_and_history_keeps_every_change(gql: GraphQLClient) -> None:
    body = await gql.as_user("district-760", ASSIGN, {"u": "79760003", "y": "2023-2024", "r": 96.5, "p": 300})
    assert "errors" not in body, body
    body = await gql.as_user("province-79", ASSIGN, {"u": "79760003", "y": "2023-2024", "r": 98, "n": "raised"})
    target = body["data"]["assignTarget"]
    assert (target["targetRate"], target["targetParticipants"], target["assignedBy"]) == (98.0, None, "province-79")
    assert target["history"] == [
        {"oldRate": None, "newRate": 96.5, "changedBy": "district-760", "note": None},
        {"oldRate": 96.5, "newRate": 98.0, "changedBy": "province-79", "note": "raised"},
    ]
    entry = await AuditEntry.filter(action="assignTarget").order_by("-id").first()
    assert entry is not None
    assert entry.before["targetRate"] == 96.5 and entry.after["targetRate"] == 98.0 and entry.unit_id == "79760003"
    body = await gql.as_user(
        "district-760", '{ unit(code: "79760003") { target(schoolYear: "2023-2024") { targetRate } } }'
    )
    assert body["data"]["unit"]["target"] == {"targetRate": 98.0}
    assert "2023-2024" in (await gql.as_user("national", "{ schoolYears }"))["data"]["schoolYears"]


@pytest.mark.parametrize(
    ("user", "unit", "code"),
    [
        ("province-79", "79", "FORBIDDEN"),  # its own province: nobody acts on its own level
        ("district-760", "760", "FORBIDDEN"),
        ("district-760", "79", "FORBIDDEN"),  # an ancestor, visible as a breadcrumb
        ("district-760", "761", "NOT_FOUND"),  # a sibling reads as absent
        ("province-79", "01001001", "NOT_FOUND"),
        ("national", "760", "FORBIDDEN"),  # national assigns province targets
        ("school-79760001", "79760001", "FORBIDDEN"),
        ("edu-79", "760", "FORBIDDEN"),
        ("national", "VN", "FORBIDDEN"),
        ("district-760", "nowhere", "NOT_FOUND"),
    ],
)
async def test_assigning_outside_or_at_ones_own_level_is_refused(
    gql: GraphQLClient, user: str, unit: str, code: str
) -> None:
    before = await Target.filter(school_year="2024-2025").count()
    body = await gql.as_user(user, ASSIGN, {"u": unit, "y": "2024-2025", "r": 90})
    assert error_codes(body) == [code]
    assert await Target.filter(school_year="2024-2025").count() == before


async def test_national_assigns_a_province_target(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", ASSIGN, {"u": "01", "y": "2024-2025", "r": 99.5})
    assert body["data"]["assignTarget"]["targetRate"] == 99.5


@pytest.mark.parametrize(
    ("year", "rate", "participants"),
    [
        ("2024-2026", 90, None),
        ("2024", 90, None),
        ("2024-2025", 100.5, None),
        ("2024-2025", -1, None),
        ("2024-2025", 90.25, None),
        ("2024-2025", 90, -5),
    ],
)
async def test_bad_input_is_refused_and_nothing_stored(
    gql: GraphQLClient, year: str, rate: float, participants
) -> None:
    before = await Target.all().count()
    body = await gql.as_user("district-760", ASSIGN, {"u": "79760004", "y": year, "r": rate, "p": participants})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert await Target.all().count() == before


async def test_targets_connection_is_scoped(gql: GraphQLClient) -> None:
    query = """query($u: String, $l: UnitLevel) {
        targets(schoolYear: "2021-2022", unitCode: $u, level: $l, first: 500) {
        totalCount edges { node { unit { code } targetRate } } } }"""
    body = await gql.as_user("district-760", query, {"l": "SCHOOL"})
    codes = {e["node"]["unit"]["code"] for e in body["data"]["targets"]["edges"]}
    assert codes == {f"79760{i:03d}" for i in range(1, 9)}
    body = await gql.as_user("district-760", query, {"u": "79"})  # an ancestor: only what lies in scope
    assert {e["node"]["unit"]["code"] for e in body["data"]["targets"]["edges"]} == {"760"} | codes
    body = await gql.as_user("district-760", query, {"u": "761"})
    assert body["data"]["targets"]["totalCount"] == 0
    body = await gql.as_user("national", query, {"l": "PROVINCE"})
    assert body["data"]["targets"]["totalCount"] == 63


async def test_an_ancestor_shows_no_target_or_participation(gql: GraphQLClient) -> None:
    query = """{ unit(code: "79760001") { target(schoolYear: "2021-2022") { targetRate }
        participation(schoolYear: "2021-2022") { rate } parent { target(schoolYear: "2021-2022") { targetRate }
        participation(schoolYear: "2021-2022") { rate } targets { targetRate } } } }"""
    body = await gql.as_user("school-79760001", query)
    unit = body["data"]["unit"]
    assert unit["target"] is not None and unit["participation"] is not None
    assert unit["parent"] == {"target": None, "participation": None, "targets": []}


async def test_a_bad_school_year_on_a_field_is_bad_user_input(gql: GraphQLClient) -> None:
    body = await gql.as_user("national", '{ unit(code: "79") { target(schoolYear: "2021/22") { targetRate } } }')
    assert error_codes(body) == ["BAD_USER_INPUT"]
