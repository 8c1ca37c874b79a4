"""Participation reports: DRAFT -> SUBMITTED -> APPROVED | REJECTED, who may do what, and live rollups."""

from __future__ import annotations

import asyncio

import pytest

from domain.models import AuditEntry, Submission
from tests.conftest import GraphQLClient, error_codes

CREATE = """mutation($s: String!, $y: String!, $q: Int, $n: Int, $a: Int, $b: Int) {
  createSubmission(input: {schoolCode: $s, schoolYear: $y, kind: PARTICIPATION_REPORT, quarter: $q,
    students: $n, viaSchool: $a, viaOtherGroups: $b}) { id status quarter students createdBy school { code } } }"""
UPDATE = """mutation($id: ID!, $n: Int, $a: Int, $b: Int) { updateSubmission(id: $id, input: {students: $n,
  viaSchool: $a, viaOtherGroups: $b}) { id status students viaSchool } }"""
SUBMIT = """mutation($id: ID!) { submitSubmission(id: $id) { id status } }"""
REVIEW = """mutation($id: ID!, $d: Decision!, $n: String) { reviewSubmission(id: $id, decision: $d, note: $n) {
  id status reviewedBy reviewNote history { action fromStatus toStatus actor } } }"""
ROLLUP = """query($y: String!, $g: UnitLevel!, $w: String, $m: String) { participationReport(schoolYear: $y,
  groupBy: $g, withinCode: $w, map: $m) { unit { code } students participants viaSchool viaOtherGroups rate
  schoolsReporting schoolsExpected } }"""


async def draft(
    gql: GraphQLClient, school: str, year: str = "2022-2023", quarter: int = 1, n: int = 500, a: int = 400, b: int = 50
) -> str:
    body = await gql.as_user(f"school-{school}", CREATE, {"s": school, "y": year, "q": quarter, "n": n, "a": a, "b": b})
    assert "errors" not in body, body
    return body["data"]["createSubmission"]["id"]


async def submitted(gql: GraphQLClient, school: str, **kwargs) -> str:
    sid = await draft(gql, school, **kwargs)
    body = await gql.as_user(f"school-{school}", SUBMIT, {"id": sid})
    assert body["data"]["submitSubmission"]["status"] == "SUBMITTED"
    return sid


async def rollup(
    gql: GraphQLClient, user: str, year: str, group: str, within: str | None = None, map_code: str | None = None
) -> dict:
    body = await gql.as_user(user, ROLLUP, {"y": year, "g": group, "w": within, "m": map_code})
    assert "errors" not in body, body
    return {row["unit"]["code"]: row for row in body["data"]["participationReport"]}


async def test_school_creates_submits_district_approves_and_the_national_rollup_changes(gql: GraphQLClient) -> None:
    before = (await rollup(gql, "national", "2022-2023", "NATION"))["VN"]
    sid = await submitted(gql, "79760001", n=800, a=700, b=60)
    unchanged = (await rollup(gql, "national", "2022-2023", "NATION"))["VN"]
    assert unchanged == before  # a submitted report is not official yet
    body = await gql.as_user("district-760", REVIEW, {"id": sid, "d": "APPROVE"})
    review = body["data"]["reviewSubmission"]
    assert (review["status"], review["reviewedBy"]) == ("APPROVED", "district-760")
    assert [e["action"] for e in review["history"]] == ["createSubmission", "submitSubmission", "reviewSubmission"]
    after = (await rollup(gql, "national", "2022-2023", "NATION"))["VN"]
    assert after["students"] == before["students"] + 800
    assert after["participants"] == before["participants"] + 760
    assert after["schoolsReporting"] == before["schoolsReporting"] + 1
    school = (await rollup(gql, "district-760", "2022-2023", "SCHOOL"))["79760001"]
    assert (school["students"], school["participants"], school["rate"]) == (800, 760, 95.0)


async def test_a_later_approved_correction_replaces_the_figures_once(gql: GraphQLClient) -> None:
    first = await submitted(gql, "79760002", year="2023-2024", quarter=2, n=100, a=90, b=0)
    await gql.as_user("district-760", REVIEW, {"id": first, "d": "APPROVE"})
    correction = await submitted(gql, "79760002", year="2023-2024", quarter=2, n=100, a=95, b=5)
    await gql.as_user("province-79", REVIEW, {"id": correction, "d": "APPROVE"})
    district = (await rollup(gql, "province-79", "2023-2024", "DISTRICT", "79"))["760"]
    assert (district["students"], district["participants"], district["schoolsReporting"]) == (100, 100, 1)
    body = await gql.as_user(
        "school-79760002",
        '{ unit(code: "79760002") { participation(schoolYear: "2023-2024") { students participants rate } } }',
    )
    assert body["data"]["unit"]["participation"] == {"students": 100, "participants": 100, "rate": 100.0}
    # an older quarter approved afterwards does not override a later one
    older = await submitted(gql, "79760002", year="2023-2024", quarter=1, n=100, a=10, b=0)
    await gql.as_user("district-760", REVIEW, {"id": older, "d": "APPROVE"})
    district = (await rollup(gql, "province-79", "2023-2024", "DISTRICT", "79"))["760"]
    assert district["participants"] == 100


async def test_rejection_needs_a_note_and_the_school_resubmits(gql: GraphQLClient) -> None:
    sid = await submitted(gql, "79760001", year="2024-2025", n=300, a=200, b=10)
    body = await gql.as_user("district-760", REVIEW, {"id": sid, "d": "REJECT"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert (await Submission.get(id=int(sid))).status == "SUBMITTED"
    body = await gql.as_user("district-760", REVIEW, {"id": sid, "d": "REJECT", "n": "Sĩ số sai"})
    assert body["data"]["reviewSubmission"]["status"] == "REJECTED"
    body = await gql.as_user("school-79760001", UPDATE, {"id": sid, "n": 310})
    assert body["data"]["updateSubmission"]["students"] == 310
    assert (await gql.as_user("school-79760001", SUBMIT, {"id": sid}))["data"]["submitSubmission"][
        "status"
    ] == "SUBMITTED"
    body = await gql.as_user("district-760", REVIEW, {"id": sid, "d": "APPROVE"})
    history = body["data"]["reviewSubmission"]["history"]
    assert [(e["fromStatus"], e["toStatus"]) for e in history] == [
        (None, "DRAFT"),
        ("DRAFT", "SUBMITTED"),
        ("SUBMITTED", "REJECTED"),
        ("REJECTED", "REJECTED"),
        ("REJECTED", "SUBMITTED"),
        ("SUBMITTED", "APPROVED"),
    ]


async def test_only_draft_and_rejected_are_editable_or_submittable(gql: GraphQLClient) -> None:
    sid = await submitted(gql, "79760001", year="2024-2025")
    assert error_codes(await gql.as_user("school-79760001", UPDATE, {"id": sid, "n": 1000})) == ["CONFLICT"]
    assert error_codes(await gql.as_user("school-79760001", SUBMIT, {"id": sid})) == ["CONFLICT"]
    await gql.as_user("district-760", REVIEW, {"id": sid, "d": "APPROVE"})
    assert error_codes(await gql.as_user("school-79760001", UPDATE, {"id": sid, "n": 1000})) == ["CONFLICT"]
    assert error_codes(await gql.as_user("district-760", REVIEW, {"id": sid, "d": "REJECT", "n": "x"})) == ["CONFLICT"]


async def test_reviewing_a_draft_is_a_conflict(gql: GraphQLClient) -> None:
    sid = await draft(gql, "79760001", year="2024-2025")
    assert error_codes(await gql.as_user("district-760", REVIEW, {"id": sid, "d": "APPROVE"})) == ["CONFLICT"]


async def test_two_reviewers_at_once_exactly_one_wins(gql: GraphQLClient) -> None:
    for round_ in range(5):
        sid = await submitted(gql, "79760001", year="2032-2033", quarter=1 + round_ % 4, n=100, a=80, b=10)
        before = await rollup(gql, "national", "2032-2033", "NATION")
        await gql.login("district-760")
        await gql.login("province-79")
        results = await asyncio.gather(
            gql.as_user("district-760", REVIEW, {"id": sid, "d": "APPROVE"}),
            gql.as_user("province-79", REVIEW, {"id": sid, "d": "APPROVE"}),
        )
        outcomes = sorted("errors" in r and error_codes(r)[0] or "OK" for r in results)
        assert outcomes == ["CONFLICT", "OK"], results
        after = await rollup(gql, "national", "2032-2033", "NATION")
        if round_ == 0:  # the first approval of the year adds the school exactly once
            assert after["VN"]["schoolsReporting"] == before.get("VN", {"schoolsReporting": 0})["schoolsReporting"] + 1
        assert await AuditEntry.filter(action="reviewSubmission", record_id=sid).count() == 1


@pytest.mark.parametrize(
    ("user", "code"),
    [
        ("school-79760001", "FORBIDDEN"),
        ("national", "FORBIDDEN"),
        ("edu-79", "FORBIDDEN"),
        ("district-001", "NOT_FOUND"),
        ("province-01", "NOT_FOUND"),
        ("school-79760002", "NOT_FOUND"),
    ],
)
async def test_who_may_not_review(gql: GraphQLClient, user: str, code: str) -> None:
    sid = await submitted(gql, "79760001", year="2024-2025")
    assert error_codes(await gql.as_user(user, REVIEW, {"id": sid, "d": "APPROVE"})) == [code]


async def test_the_creator_never_reviews(gql: GraphQLClient) -> None:
    body = await gql.as_user("admin", CREATE, {"s": "79760005", "y": "2024-2025", "q": 1, "n": 10, "a": 5, "b": 0})
    sid = body["data"]["createSubmission"]["id"]
    await gql.as_user("admin", SUBMIT, {"id": sid})
    assert error_codes(await gql.as_user("admin", REVIEW, {"id": sid, "d": "APPROVE"})) == ["FORBIDDEN"]


@pytest.mark.parametrize(
    ("user", "school", "code"),
    [
        ("school-79760001", "79760002", "NOT_FOUND"),
        ("school-79760001", "760", "FORBIDDEN"),
        ("district-760", "79760001", "FORBIDDEN"),
        ("school-79760001", "01001001", "NOT_FOUND"),
    ],
)
async def test_schools_create_only_their_own(gql: GraphQLClient, user: str, school: str, code: str) -> None:
    body = await gql.as_user(user, CREATE, {"s": school, "y": "2024-2025", "q": 1, "n": 10, "a": 5, "b": 0})
    assert error_codes(body) == [code]


@pytest.mark.parametrize(
    "variables",
    [
        {"q": 5, "n": 10, "a": 5, "b": 0},
        {"q": 0, "n": 10, "a": 5, "b": 0},
        {"q": 1, "n": 10, "a": 8, "b": 3},  # 8 + 3 > 10
        {"q": 1, "n": -1, "a": 0, "b": 0},
        {"q": 1, "n": 10, "a": None, "b": 0},
        {"q": 1, "n": 10, "a": 5, "b": 0, "y": "2024-2026"},
    ],
)
async def test_invalid_reports_store_nothing(gql: GraphQLClient, variables: dict) -> None:
    before = await Submission.all().count()
    body = await gql.as_user("school-79760001", CREATE, {"s": "79760001", "y": "2024-2025"} | variables)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert await Submission.all().count() == before


async def test_submissions_are_scoped_everywhere(gql: GraphQLClient) -> None:
    sid = await draft(gql, "79760001", year="2024-2025")
    for user, visible in [
        ("school-79760001", True),
        ("district-760", True),
        ("province-79", True),
        ("edu-79", True),
        ("national", True),
        ("school-79760002", False),
        ("district-001", False),
        ("province-01", False),
    ]:
        body = await gql.as_user(user, "query($id: ID!) { submission(id: $id) { id } }", {"id": sid})
        assert (body["data"]["submission"] is not None) is visible, user
    query = """{ submissions(first: 500) { edges { node { school { code } } } }
                 unit(code: "79") { submissions(first: 500) { edges { node { school { code } } } } } }"""
    body = await gql.as_user("school-79760001", query)
    assert {e["node"]["school"]["code"] for e in body["data"]["submissions"]["edges"]} == {"79760001"}
    assert {e["node"]["school"]["code"] for e in body["data"]["unit"]["submissions"]["edges"]} == {"79760001"}


async def test_the_rollup_never_shows_a_row_above_or_beside_the_callers_scope(gql: GraphQLClient) -> None:
    assert await rollup(gql, "district-760", "2021-2022", "NATION") == {}
    assert await rollup(gql, "district-760", "2021-2022", "PROVINCE") == {}
    assert set(await rollup(gql, "district-760", "2021-2022", "DISTRICT")) == {"760"}
    assert set(await rollup(gql, "district-760", "2021-2022", "DISTRICT", "79")) == {"760"}
    assert await rollup(gql, "district-760", "2021-2022", "SCHOOL", "761") == {}
    assert set(await rollup(gql, "school-79760001", "2021-2022", "SCHOOL")) == {"79760001"}
    provinces = await rollup(gql, "province-79", "2021-2022", "PROVINCE")
    assert set(provinces) == {"79"}
    assert len(await rollup(gql, "national", "2021-2022", "PROVINCE")) == 63
    assert len(await rollup(gql, "province-79", "2021-2022", "DISTRICT")) == 22


async def test_rollup_rows_include_units_without_reports_with_zeros(gql: GraphQLClient) -> None:
    old = await rollup(gql, "national", "2030-2031", "PROVINCE", map_code="VN63")
    assert len(old) == 63
    row = old["79"]
    assert (row["students"], row["rate"], row["schoolsReporting"], row["schoolsExpected"]) == (0, None, 0, 180)
    rows = await rollup(gql, "national", "2030-2031", "PROVINCE")  # the year's map: VN34
    assert len(rows) == 34
    assert rows["79"]["schoolsExpected"] == sum(old[c]["schoolsExpected"] for c in ("74", "77", "79"))


async def test_missing_reports_lists_the_schools_that_have_not_reported(gql: GraphQLClient) -> None:
    query = """query($q: Int!, $w: String) { missingReports(schoolYear: "2021-2022", quarter: $q, withinCode: $w,
        first: 500) { totalCount edges { node { code } } } }"""
    national = (await gql.as_user("national", query, {"q": 2}))["data"]["missingReports"]
    reporting = (await rollup(gql, "national", "2021-2022", "NATION"))["VN"]
    assert national["totalCount"] == reporting["schoolsExpected"] - reporting["schoolsReporting"] > 0
    district = (await gql.as_user("district-760", query, {"q": 3}))["data"]["missingReports"]
    assert district["totalCount"] == 8  # nobody has reported quarter 3
    assert (await gql.as_user("district-760", query, {"q": 3, "w": "761"}))["data"]["missingReports"]["totalCount"] == 0
    assert error_codes(await gql.as_user("national", query, {"q": 7})) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("map_code", ["VN63", "VN34"])
async def test_nested_submission_pages_per_unit_agree_with_the_top_level_list(
    gql: GraphQLClient, map_code: str
) -> None:
    nested = """query($m: String) { units(level: PROVINCE, first: 3, map: $m) { edges { node { code
        submissions(schoolYear: "2021-2022", first: 2) { totalCount pageInfo { hasNextPage }
          edges { node { id school { path } } } } } } } }"""
    top = """query($u: String!, $m: String) { submissions(schoolYear: "2021-2022", unitCode: $u, map: $m, first: 0) {
        totalCount } }"""
    body = await gql.as_user("national", nested, {"m": map_code})
    for edge in body["data"]["units"]["edges"]:
        province = edge["node"]
        page = province["submissions"]
        top_body = await gql.as_user("national", top, {"u": province["code"], "m": map_code})
        expected = top_body["data"]["submissions"]["totalCount"]
        assert page["totalCount"] == expected > 2
        assert len(page["edges"]) == 2 and page["pageInfo"]["hasNextPage"]
        if map_code == "VN34":  # a record's school answers on the current map
            assert all(e["node"]["school"]["path"].startswith(f"VN.{province['code']}.") for e in page["edges"])
        ids = [int(e["node"]["id"]) for e in page["edges"]]
        assert ids == sorted(ids, reverse=True)


async def test_paging_through_one_units_submissions_sees_each_once(gql: GraphQLClient) -> None:
    query = """query($a: String) { unit(code: "760") { submissions(first: 3, after: $a) { totalCount
        pageInfo { hasNextPage endCursor } edges { node { id } } } } }"""
    seen, after = [], None
    while True:
        page = (await gql.as_user("district-760", query, {"a": after}))["data"]["unit"]["submissions"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == page["totalCount"] > 3
