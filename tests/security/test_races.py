"""Two requests creating the same first row at once: one wins or both succeed in order, never a unique
violation surfacing as INTERNAL_SERVER_ERROR (SPEC 10). Meaningful on PostgreSQL; SQLite serialises writers."""

from __future__ import annotations

import asyncio

from domain.models import SchoolParticipation, Target, TargetChange
from tests.conftest import FreshProvince, GraphQLClient, error_codes

ASSIGN = """mutation($c: String!, $r: Float!) { assignTarget(input: {unitCode: $c, schoolYear: "2024-2025",
  targetRate: $r}) { targetRate } }"""
CREATE = """mutation($s: String!, $v: Int!) { createSubmission(input: {schoolCode: $s, schoolYear: "2024-2025",
  kind: PARTICIPATION_REPORT, quarter: 4, students: 100, viaSchool: $v, viaOtherGroups: 0}) { id } }"""
SUBMIT = "mutation($i: ID!) { submitSubmission(id: $i) { id } }"
REVIEW = "mutation($i: ID!) { reviewSubmission(id: $i, decision: APPROVE) { status } }"


async def test_two_first_targets_of_a_unit_and_year_at_once(gql: GraphQLClient, fresh: FreshProvince) -> None:
    school = fresh.schools[0]
    for round_ in range(3):
        code = fresh.schools[round_]
        answers = await asyncio.gather(
            gql.as_user(fresh.officer, ASSIGN, {"c": code, "r": 90.0}),
            gql.as_user(fresh.district_officer, ASSIGN, {"c": code, "r": 95.0}),
        )
        codes = [error_codes(a) for a in answers]
        assert all(c in ([], ["CONFLICT"]) for c in codes), answers
        assert await Target.filter(unit_id=code, school_year="2024-2025").count() == 1
        changes = await TargetChange.filter(target__unit_id=code).count()
        assert changes == sum(1 for c in codes if not c)  # one history entry per success, nothing half-written
    assert school


async def test_two_first_official_figures_of_a_school_and_year_at_once(
    gql: GraphQLClient, fresh: FreshProvince
) -> None:
    school = fresh.schools[1]
    ids = []
    for via in (80, 90):
        created = await gql.as_user(fresh.staff(school), CREATE, {"s": school, "v": via})
        ids.append(created["data"]["createSubmission"]["id"])
        await gql.as_user(fresh.staff(school), SUBMIT, {"i": ids[-1]})
    answers = await asyncio.gather(
        gql.as_user(fresh.district_officer, REVIEW, {"i": ids[0]}),
        gql.as_user(fresh.officer, REVIEW, {"i": ids[1]}),
    )
    assert all(error_codes(a) in ([], ["CONFLICT"]) for a in answers), answers
    assert await SchoolParticipation.filter(school_id=school, school_year="2024-2025").count() == 1
    report = await gql.as_user(
        fresh.officer,
        'query($c: String!) { unit(code: $c) { participation(schoolYear: "2024-2025") { students viaSchool } } }',
        {"c": fresh.code},
    )
    figures = report["data"]["unit"]["participation"]
    assert figures["students"] == 100 and figures["viaSchool"] in (80, 90)  # counted once, not twice
