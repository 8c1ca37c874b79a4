"""The number of SQL statements of a request does not grow with page size (data loaders everywhere)."""

from __future__ import annotations

from tests.conftest import GraphQLClient

PAGE = """query($n: Int!) { units(level: SCHOOL, first: $n) { totalCount edges { node {
  code parent { code name parent { code } }
  children(first: 3) { totalCount edges { node { code } } } } } } }"""
DISTRICTS = """query($n: Int!) { units(level: DISTRICT, first: $n) { edges { node {
  code parent { code } children(first: 5) { totalCount edges { node { code parent { code } } } } } } } }"""


async def statements(gql: GraphQLClient, count_queries, user: str, query: str, n: int) -> int:
    await gql.login(user)  # the login itself is not part of the measured request
    count_queries.statements.clear()
    body = await gql.as_user(user, query, {"n": n})
    assert "errors" not in body, body
    return len(count_queries.statements)


async def test_a_page_of_500_schools_costs_no_more_queries_than_a_page_of_5(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "national", PAGE, 5)
    large = await statements(gql, count_queries, "national", PAGE, 500)
    assert large == small
    assert small <= 7  # principal, count, page, parents, grandparents, children counts, children rows


async def test_nested_children_pages_are_batched(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "province-79", DISTRICTS, 2)
    large = await statements(gql, count_queries, "province-79", DISTRICTS, 22)
    assert large == small


async def test_scoped_callers_pay_the_same(gql: GraphQLClient, count_queries) -> None:
    small = await statements(gql, count_queries, "district-760", PAGE, 1)
    large = await statements(gql, count_queries, "district-760", PAGE, 8)
    assert large == small
