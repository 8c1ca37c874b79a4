"""The number of SQL statements of a request does not grow with page size (data loaders everywhere)."""

from __future__ import annotations

from tests.conftest import GraphQLClient

PAGE = """query($n: Int!) { units(level: SCHOOL, first: $n) { totalCount edges { node {
  code parent { code name parent { code } }
  children(first: 3) { totalCount edges { node { code } } } } } } }"""
DISTRICTS = """query($n: Int!) { units(level: DISTRICT, map: "VN63", first: $n) { edges { node {
  code parent { code } children(first: 5) { totalCount edges { node { code parent { code } } } } } } } }"""


async def statements(gql: GraphQLClient, count_queries, user: str, query: str, n: int) -> int:
    await gql.as_user(user, "{ __typename }")  # logged in, principal cached: not part of the measured request
    count_queries.statements.clear()
    body = await gql.as_user(user, query, {"n": n})
    assert "errors" not in body, body
    return len(count_queries.statements)


async def test_a_page_of_500_schools_costs_no_more_queries_than_a_page_of_5(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "national", PAGE, 5)
    large = await statements(gql, count_queries, "national", PAGE, 500)
    assert large == small
    assert small <= 7  # principal, count, page, parents, grandparents, children counts, children rows


COMMUNES = """query($n: Int!, $m: String) { units(level: COMMUNE, first: $n, map: $m) { edges { node {
  code map predecessors { code map } parent { code successors { code } }
  children(first: 2) { totalCount edges { node { code predecessors { code } openedOn closedOn history { action } } } }
  participation(schoolYear: "2026-2027") { rate } target(schoolYear: "2026-2027") { targetRate } } } } }"""


async def test_pages_of_the_current_map_and_their_links_to_the_old_one_do_not_fan_out(
    gql: GraphQLClient, count_queries
) -> None:
    small = await statements(gql, count_queries, "national", COMMUNES, 3)
    large = await statements(gql, count_queries, "national", COMMUNES, 300)
    assert large == small
    # an old map's grant reaching the new map through its schools pays the same
    small = await statements(gql, count_queries, "province-79", COMMUNES, 2)
    large = await statements(gql, count_queries, "province-79", COMMUNES, 150)
    assert large == small


async def test_nested_children_pages_are_batched(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "province-79", DISTRICTS, 2)
    large = await statements(gql, count_queries, "province-79", DISTRICTS, 22)
    assert large == small


async def test_scoped_callers_pay_the_same(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "district-760", PAGE, 1)
    large = await statements(gql, count_queries, "district-760", PAGE, 8)
    assert large == small


WORKFLOW_PAGE = """query($n: Int!) { units(level: SCHOOL, first: $n) { edges { node {
  code target(schoolYear: "2021-2022") { targetRate history { newRate } unit { code } }
  targets { schoolYear } participation(schoolYear: "2021-2022") { rate }
  submissions(first: 2) { totalCount edges { node { id school { code } history { action }
    rows(first: 3) { totalCount edges { node { fullName } } } } } }
  rewards(first: 2) { totalCount edges { node { recipientUnit { code } } } } } } } }"""
SUBMISSIONS_PAGE = """query($n: Int!) { submissions(kind: CARD_LIST, first: $n) { edges { node {
  id school { code parent { code } }
  history { action } rows(first: 5) { edges { node { premium } } } } } } }"""


async def test_workflow_fields_of_500_schools_cost_no_more_queries_than_of_5(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "province-79", WORKFLOW_PAGE, 5)
    large = await statements(gql, count_queries, "province-79", WORKFLOW_PAGE, 180)
    assert large == small


async def test_submission_pages_do_not_fan_out(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "national", SUBMISSIONS_PAGE, 1)
    large = await statements(gql, count_queries, "national", SUBMISSIONS_PAGE, 500)
    assert large == small


async def test_the_rollup_costs_the_same_for_63_provinces_or_5820_schools(gql: GraphQLClient, count_queries) -> None:
    query = """query($n: Int) { participationReport(schoolYear: "2021-2022", groupBy: %s) { unit { code } rate
        targetRate schoolsExpected } units(first: $n) { totalCount } }"""
    provinces = await statements(gql, count_queries, "national", query % "PROVINCE", 0)
    schools = await statements(gql, count_queries, "national", query % "SCHOOL", 0)
    assert provinces == schools <= 7  # principal, units (count + page), rollup units, totals, targets


SUBMISSIONS_OF_SCHOOLS = """query($n: Int!) { units(level: SCHOOL, first: $n) { edges { node {
  code submissions { totalCount } } } } }"""


async def test_a_page_of_500_schools_with_their_submissions_is_answered_in_as_many_statements_as_of_5(
    gql: GraphQLClient, count_queries
) -> None:
    """Each school's subtree is one condition of an OR: 500 of them once nested too deep for SQLite."""
    small = await statements(gql, count_queries, "national", SUBMISSIONS_OF_SCHOOLS, 5)
    large = await statements(gql, count_queries, "national", SUBMISSIONS_OF_SCHOOLS, 500)
    assert large == small
