"""SPEC section 9: two maps, the current one by default, codes resolved per map, and reach across maps."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, error_codes

BINH_DUONG_SCHOOL = "74718001"  # a school of old Bình Dương (74@VN63), in 79@VN34 since the reform
UNIT = """query($c: String!, $m: String) { unit(code: $c, map: $m) { code level path map parent { code } } }"""
COUNT = """query($l: UnitLevel, $m: String) { units(level: $l, map: $m, first: 0) { totalCount } }"""


async def count(gql: GraphQLClient, user: str, level: str, map_code: str | None = None) -> int:
    body = await gql.as_user(user, COUNT, {"l": level, "m": map_code})
    assert "errors" not in body, body
    return body["data"]["units"]["totalCount"]


async def test_maps_are_dated_data_with_their_levels(gql: GraphQLClient) -> None:
    body = await gql.as_user("school-79760001", "{ maps { code validFrom validTo levels } }")
    assert body["data"]["maps"] == [
        {
            "code": "VN63",
            "validFrom": "2000-01-01",
            "validTo": "2025-06-30",
            "levels": ["NATION", "PROVINCE", "DISTRICT", "SCHOOL"],
        },
        {
            "code": "VN34",
            "validFrom": "2025-07-01",
            "validTo": None,
            "levels": ["NATION", "PROVINCE", "COMMUNE", "SCHOOL"],
        },
    ]


async def test_the_current_map_is_the_default_and_the_old_one_is_named(gql: GraphQLClient) -> None:
    assert await count(gql, "national", "PROVINCE") == 34
    assert await count(gql, "national", "COMMUNE") == 3321
    assert await count(gql, "national", "PROVINCE", "VN63") == 63
    assert await count(gql, "national", "DISTRICT", "VN63") == 696
    assert await count(gql, "national", "DISTRICT") == 0  # VN34 has no districts
    body = await gql.as_user("national", COUNT, {"l": "PROVINCE", "m": "VN99"})
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("code", "map_code", "path", "found_on"),
    [
        ("79", None, "VN.79", "VN34"),  # the current map first
        ("79", "VN63", "VN.79", "VN63"),
        ("760", None, "VN.79.760", "VN63"),  # only on VN63: found there
        ("26740", None, "VN.79.26740", "VN34"),
        ("79760001", None, "VN.79.26740.79760001", "VN34"),  # a school answers with its place on the map asked
        ("79760001", "VN63", "VN.79.760.79760001", "VN63"),
        ("VN", "VN63", "VN", "VN63"),
    ],
)
async def test_a_code_names_a_unit_per_map(
    gql: GraphQLClient, code: str, map_code: str | None, path: str, found_on: str
) -> None:
    body = await gql.as_user("national", UNIT, {"c": code, "m": map_code})
    assert (body["data"]["unit"]["path"], body["data"]["unit"]["map"]) == (path, found_on)
    assert (await gql.as_user("national", UNIT, {"c": "760", "m": "VN34"}))["data"]["unit"] is None


async def test_predecessors_and_successors_go_through_the_schools(gql: GraphQLClient) -> None:
    query = """{ hcmc: unit(code: "79") { predecessors { code map } successors { code } }
        binhDuong: unit(code: "74", map: "VN63") { successors { code map } }
        quan1: unit(code: "760") { successors { code map } }
        saiGon: unit(code: "26740") { predecessors { code map } }
        school: unit(code: "79760001") { predecessors { code } successors { code } } }"""
    body = (await gql.as_user("national", query))["data"]
    assert body["hcmc"] == {"predecessors": [{"code": c, "map": "VN63"} for c in ("74", "77", "79")], "successors": []}
    assert body["binhDuong"]["successors"] == [{"code": "79", "map": "VN34"}]
    assert {s["map"] for s in body["quan1"]["successors"]} == {"VN34"} and len(body["quan1"]["successors"]) >= 1
    assert body["saiGon"]["predecessors"] == [{"code": "760", "map": "VN63"}]
    assert body["school"] == {"predecessors": [], "successors": []}  # a school is itself on every map


async def test_the_new_provincial_office_reads_the_history_of_old_binh_duong(gql: GraphQLClient) -> None:
    query = """query($s: String!) {
        school: unit(code: $s) { map parent { code } participation(schoolYear: "2021-2022") { students } }
        old: unit(code: "74", map: "VN63") { name participation(schoolYear: "2021-2022") { students } }
        submissions(schoolYear: "2021-2022", unitCode: "74") { totalCount } }"""
    body = (await gql.as_user("province-79-new", query, {"s": BINH_DUONG_SCHOOL}))["data"]
    assert body["school"]["map"] == "VN34" and body["school"]["participation"]["students"] > 0
    assert body["old"]["participation"]["students"] > 0  # every school of 74@VN63 is in 79@VN34: readable
    assert body["submissions"]["totalCount"] > 0
    # the old office of 79 sees the new 79 (it holds its schools) but does not read it (it holds others too)
    old_office = await gql.as_user(
        "province-79",
        '{ unit(code: "79") { map target(schoolYear: "2026-2027") {'
        ' targetRate } participation(schoolYear: "2021-2022") { students } } }',
    )
    assert old_office["data"]["unit"] == {"map": "VN34", "target": None, "participation": None}
    assert (await gql.as_user("province-79", UNIT, {"c": BINH_DUONG_SCHOOL}))["data"]["unit"] is None


async def test_an_old_district_reaches_its_schools_on_the_new_map_and_nothing_beside(gql: GraphQLClient) -> None:
    query = """{ saiGon: unit(code: "26740") { code participation(schoolYear: "2021-2022") { students } }
        school: unit(code: "79760001") { path }
        elsewhere: unit(code: "00004") { code } }"""
    body = (await gql.as_user("district-760", query))["data"]
    assert body["saiGon"]["participation"]["students"] > 0  # all of Phường Sài Gòn's schools are Quận 1's
    assert body["school"]["path"] == "VN.79.26740.79760001"
    assert body["elsewhere"] is None


async def test_reports_group_by_a_level_of_the_map(gql: GraphQLClient) -> None:
    query = """query($y: String!, $g: UnitLevel!, $m: String) { participationReport(schoolYear: $y, groupBy: $g,
        map: $m) { unit { code } students } }"""
    for year, group, map_code in [
        ("2026-2027", "DISTRICT", None),
        ("2021-2022", "COMMUNE", None),
        ("2021-2022", "DISTRICT", "VN34"),
    ]:
        body = await gql.as_user("national", query, {"y": year, "g": group, "m": map_code})
        assert error_codes(body) == ["BAD_USER_INPUT"], (year, group, map_code)


async def test_a_year_restated_on_the_other_map_keeps_its_totals(gql: GraphQLClient) -> None:
    query = """query($m: String) { participationReport(schoolYear: "2021-2022", groupBy: PROVINCE, map: $m) {
        unit { code } students participants schoolsReporting } }"""
    old = {
        r["unit"]["code"]: r
        for r in (await gql.as_user("national", query, {"m": "VN63"}))["data"]["participationReport"]
    }
    new = {
        r["unit"]["code"]: r
        for r in (await gql.as_user("national", query, {"m": "VN34"}))["data"]["participationReport"]
    }
    assert len(old) == 63 and len(new) == 34
    for figure in ("students", "participants", "schoolsReporting"):
        assert sum(r[figure] for r in old.values()) == sum(r[figure] for r in new.values())
        assert new["79"][figure] == sum(old[c][figure] for c in ("74", "77", "79"))


async def test_the_local_office_reviews_its_communes_schools_this_year(gql: GraphQLClient) -> None:
    create = """mutation { createSubmission(input: {schoolCode: "79760001", schoolYear: "2026-2027",
        kind: PARTICIPATION_REPORT, quarter: 1, students: 500, viaSchool: 450, viaOtherGroups: 40}) { id } }"""
    sid = (await gql.as_user("school-79760001", create))["data"]["createSubmission"]["id"]
    await gql.as_user("school-79760001", "mutation($i: ID!) { submitSubmission(id: $i) { id } }", {"i": sid})
    review = "mutation($i: ID!) { reviewSubmission(id: $i, decision: APPROVE) { status reviewedBy } }"
    body = await gql.as_user("local-79", review, {"i": sid})
    assert body["data"]["reviewSubmission"] == {"status": "APPROVED", "reviewedBy": "local-79"}
    other = await gql.as_user(
        "local-79", '{ unit(code: "79760003") { code } submissions(unitCode: "26743") { totalCount } }'
    )
    assert other["data"] == {"unit": None, "submissions": {"totalCount": 0}}


REPORT = """query($y: String!, $g: UnitLevel!, $m: String) { participationReport(schoolYear: $y, groupBy: $g, map: $m) {
    unit { code map } students participants schoolsExpected schoolsReporting targetRate complete } }"""


async def report(gql: GraphQLClient, user: str, year: str, group: str, map_code: str | None = None) -> dict:
    body = await gql.as_user(user, REPORT, {"y": year, "g": group, "m": map_code})
    assert "errors" not in body, body
    return {row["unit"]["code"]: row for row in body["data"]["participationReport"]}


async def test_a_unit_read_in_part_sums_the_callers_schools_only(gql: GraphQLClient) -> None:
    """The old office of 79 sees 79@VN34 (it holds old 79's schools) but not all of it: the row sums old 79's
    schools, says it is not complete, and shows no target."""
    rows = await report(gql, "province-79", "2026-2027", "PROVINCE")
    assert list(rows) == ["79"]
    row = rows["79"]
    assert (row["unit"]["map"], row["complete"], row["targetRate"]) == ("VN34", False, None)
    old = (await report(gql, "national", "2026-2027", "PROVINCE", "VN63"))["79"]  # the year restated on VN63
    assert (row["students"], row["participants"], row["schoolsExpected"]) == (
        old["students"],
        old["participants"],
        old["schoolsExpected"],
    )
    assert old["complete"] and old["students"] > 0


async def test_no_row_for_units_above_the_callers_scope(gql: GraphQLClient) -> None:
    assert await report(gql, "province-79-new", "2021-2022", "NATION") == {}
    assert await report(gql, "province-79", "2026-2027", "NATION") == {}
    rows = await report(gql, "province-79-new", "2021-2022", "PROVINCE")  # the year's map: VN63
    assert {code: row["complete"] for code, row in rows.items()} == {"74": True, "77": True, "79": True}
    assert all(row["targetRate"] is not None for row in rows.values())


async def test_an_old_district_restated_on_communes_adds_up_exactly(gql: GraphQLClient) -> None:
    district = (await report(gql, "district-760", "2021-2022", "DISTRICT"))["760"]
    communes = await report(gql, "district-760", "2021-2022", "COMMUNE", "VN34")
    assert communes and all(row["unit"]["map"] == "VN34" for row in communes.values())
    for figure in ("students", "participants", "schoolsExpected", "schoolsReporting"):
        assert sum(row[figure] for row in communes.values()) == district[figure] > 0
