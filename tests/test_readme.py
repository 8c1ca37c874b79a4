"""Every ```graphql block of README.md runs as written, as the account named on its first line (`# as: name`)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import GraphQLClient

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```graphql\n# as: (?P<user>\S+)\n(?P<query>.*?)```", re.S)
# Aliases the README shows reading as null: units outside the caller's scope.
OUT_OF_SCOPE = {"hanoi", "quan12", "sibling"}


def examples() -> list[tuple[str, str]]:
    return [(m["user"], m["query"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_the_readme_has_an_example_for_every_role() -> None:
    users = {user for user, _ in examples()}
    assert {"national", "province-79", "edu-79", "district-760", "school-79760001", "admin"} <= users


async def test_readme_examples_run_as_written(gql: GraphQLClient) -> None:
    submission_id = None
    national_rollups = []
    for user, query in examples():  # in order: later examples build on earlier ones
        if "SUBMISSION_ID" in query:
            assert submission_id, "an example uses SUBMISSION_ID before createSubmission answered one"
            query = query.replace("SUBMISSION_ID", submission_id)
        body = await gql.as_user(user, query)
        assert "errors" not in body, (user, query, body)
        for alias, value in body["data"].items():
            assert (value is None) is (alias in OUT_OF_SCOPE), (user, alias, value)
        if "createSubmission" in body["data"]:
            submission_id = body["data"]["createSubmission"]["id"]
        if user == "national" and 'participationReport(schoolYear: "2022-2023"' in query:
            national_rollups.append(body["data"]["participationReport"][0])
    # the worked session: the approved report (640 students, 620 insured) shows in the very next rollup
    # (its school has no other report for 2022-2023 in the suite, so the national totals grow by exactly that)
    before, after = national_rollups
    assert after["students"] == before["students"] + 640
    assert after["participants"] == before["participants"] + 620
    assert after["schoolsReporting"] == before["schoolsReporting"] + 1
