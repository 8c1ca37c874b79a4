"""The SQL list filter returns exactly the units that Casbin allows one by one (property-based).

Users and grants are drawn at random, including grants on units that do not
exist; for each, the rows the pushed-down filter selects are compared with the
enforcer's decision for every unit of the tree.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.models import Unit
from policies.enforcer import Policy
from policies.principal import Grant, Principal
from policies.roles import Role, relation_of
from policies.scope import path_filter

UNKNOWN = ["VN.99", "VN.79.999", "VN.79.760.79760999", "XX", "VN.7", "VN.79.76"]
ACTIONS = [
    ("unit", "view"),
    ("unit", "read"),
    ("grant", "read"),
    ("audit", "read"),
    ("user", "create"),
    ("grant.SCHOOL_STAFF", "manage"),
    ("grant.DISTRICT_OFFICER", "manage"),
    ("grant.NATIONAL_ADMIN", "manage"),
]


@pytest.fixture(scope="session")
async def tree(app: Any) -> list[str]:
    return list(await Unit.all().values_list("path", flat=True))


def grants(paths: list[str]) -> st.SearchStrategy[list[Grant]]:
    # Mostly the upper levels (where scopes are interesting), some schools, some units that do not exist.
    upper = [p for p in paths if p.count(".") < 2]
    sample = st.one_of(st.sampled_from(upper), st.sampled_from(paths), st.sampled_from(UNKNOWN))
    grant = st.builds(lambda role, path: Grant(role, path.rsplit(".", 1)[-1], path), st.sampled_from(Role), sample)
    return st.lists(grant, max_size=3)


POLICY = Policy()
DECISIONS: dict[tuple, bool] = {}


def casbin_allows(role: Role, obj: str, act: str, path: str, grant_path: str) -> bool:
    rel = relation_of(path, grant_path)
    if rel is None:
        return False
    key = (role, obj, act, rel)
    if key not in DECISIONS:  # the same question asked twice gets the same answer: ask Casbin once
        DECISIONS[key] = POLICY.enforce(role, obj, act, rel)  # the raw Casbin call
    return DECISIONS[key]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), action=st.sampled_from(ACTIONS))
async def test_sql_filter_equals_casbin_one_by_one(tree: list[str], data: st.DataObject, action: tuple) -> None:
    obj, act = action
    drawn = data.draw(grants(tree))
    principal = Principal(user_id=0, username="drawn", grants=tuple(drawn))
    selected = set(await Unit.filter(path_filter(POLICY, principal, obj, act)).values_list("path", flat=True))
    allowed = {p for p in tree if any(casbin_allows(g.role, obj, act, p, g.unit_path) for g in drawn)}
    assert selected == allowed
