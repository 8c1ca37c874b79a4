"""Hostile values answered with a code, never INTERNAL_SERVER_ERROR, and nothing stored (SPEC section 10)."""

from __future__ import annotations

import pytest

from domain.models import Submission, Target
from tests.conftest import GraphQLClient, error_codes

ARABIC_79 = "\u0667\u0669"  # ٧٩
FULLWIDTH_79 = "\uff17\uff19"  # ７９


@pytest.mark.parametrize(
    "code",
    ["x" * 17, "79\x00", ARABIC_79, FULLWIDTH_79, "79\u200b", "7", "", "vn", "79 ", "\u202e97"],
)
async def test_a_lookup_by_a_malformed_code_reads_null(gql: GraphQLClient, code: str) -> None:
    body = await gql.as_user("national", "query($c: String!) { unit(code: $c) { code } }", {"c": code})
    assert body == {"data": {"unit": None}}


@pytest.mark.parametrize("raw_id", ["12" * 20, "99999999999", "\u0661\u0662", "-1", "1e3", "1\x00", ""])
async def test_a_lookup_by_a_malformed_id_reads_null(gql: GraphQLClient, raw_id: str) -> None:
    body = await gql.as_user("national", "query($i: ID!) { submission(id: $i) { id } }", {"i": raw_id})
    assert body == {"data": {"submission": None}}


@pytest.mark.parametrize("raw_id", ["99999999999", "\u0661", "x" * 500])
async def test_a_mutation_naming_a_malformed_id_is_not_found(gql: GraphQLClient, raw_id: str) -> None:
    for document in [
        "mutation($i: ID!) { submitSubmission(id: $i) { id } }",
        "mutation($i: ID!) { reviewSubmission(id: $i, decision: APPROVE) { id } }",
        "mutation($i: ID!) { decideReward(id: $i, decision: APPROVE) { id } }",
    ]:
        assert error_codes(await gql.as_user("province-79", document, {"i": raw_id})) == ["NOT_FOUND"]


async def test_a_mutation_naming_a_malformed_code_is_not_found_and_stores_nothing(gql: GraphQLClient) -> None:
    before = await Target.all().count()
    document = """mutation($c: String!) { assignTarget(input: {unitCode: $c, schoolYear: "2021-2022",
        targetRate: 90}) { targetRate } }"""
    for code in [ARABIC_79 + "760001", "x" * 5000, "79760001\x00"]:
        assert error_codes(await gql.as_user("district-760", document, {"c": code})) == ["NOT_FOUND"]
    assert await Target.all().count() == before


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        ("query($c: String!) { submissions(unitCode: $c) { totalCount } }", {"c": "x" * 17}),
        ("query($c: String!) { units(parentCode: $c) { totalCount } }", {"c": FULLWIDTH_79}),
        ("query($s: String!) { units(search: $s) { totalCount } }", {"s": "a" * 101}),
        ("query($s: String!) { units(search: $s) { totalCount } }", {"s": "ho\x00chi"}),
        ("query($y: String!) { targets(schoolYear: $y) { totalCount } }", {"y": "\u0662\u0660\u0662\u0661-2022"}),
        ("query($y: String!) { targets(schoolYear: $y) { totalCount } }", {"y": "1899-1900"}),
        ("query($a: String!) { auditLog(after: $a) { totalCount } }", {"a": "YXVkaXQ6OTk5OTk5OTk5OTk5OQ=="}),
        ("query($a: String!) { submissions(after: $a) { totalCount } }", {"a": "\x00" * 10}),
    ],
)
async def test_a_malformed_filter_is_bad_user_input(gql: GraphQLClient, document: str, variables: dict) -> None:
    assert error_codes(await gql.as_user("national", document, variables)) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "name",
    ["Nguyễn\u200bVăn An", "Nguyễn Văn \u202eAn", "\x1b[31mNguyễn", "A" * 201, "Nguyễn\nVăn"],
)
async def test_names_with_control_or_invisible_characters_are_refused_and_nothing_stored(
    gql: GraphQLClient, name: str
) -> None:
    before = await Submission.all().count()
    row = {
        "fullName": name,
        "dateOfBirth": "2015-01-01",
        "gender": "MALE",
        "citizenId": "079215009999",
        "cardType": "NEW",
        "months": 12,
    }
    document = """mutation($rows: [CardRowInput!]) { createSubmission(input: {schoolCode: "79760001",
        schoolYear: "2022-2023", kind: CARD_LIST, rows: $rows}) { id } }"""
    assert error_codes(await gql.as_user("school-79760001", document, {"rows": [row]})) == ["BAD_USER_INPUT"]
    assert await Submission.all().count() == before
