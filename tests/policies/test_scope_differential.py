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

from domain.models import UnitNode
from policies.enforcer import Policy
from policies.principal import Grant, Principal, Reach
from policies.roles import Role
from policies.scope import path_filter

UNKNOWN = ["VN63:VN.99", "VN63:VN.79.999", "VN63:VN.79.760.79760999", "XX", "VN63:VN.7", "VN63:VN.79.76", "VN34:VN"]
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
    return list(await UnitNode.all().values_list("path", flat=True))


def grants(paths: list[str]) -> st.SearchStrategy[list[Grant]]:
    # Mostly the upper levels (where scopes are interesting), some schools, some units that do not exist.
    upper = [p for p in paths if p.count(".") < 2]
    sample = st.one_of(st.sampled_from(upper), st.sampled_from(paths), st.sampled_from(UNKNOWN))
    grant = st.builds(
        lambda role, path, reach: Grant(role, path.rsplit(".", 1)[-1], path, reach),
        st.sampled_from(Role),
        sample,
        st.sampled_from(Reach),
    )
    return st.lists(grant, max_size=3)


POLICY = Policy()
DECISIONS: dict[tuple, bool] = {}


def casbin_allows(grant: Grant, obj: str, act: str, path: str) -> bool:
    for rel in grant.relations_to(path):
        key = (grant.role, obj, act, rel)
        if key not in DECISIONS:  # the same question asked twice gets the same answer: ask Casbin once
            DECISIONS[key] = POLICY.enforce(grant.role, obj, act, rel)  # the raw Casbin call
        if DECISIONS[key]:
            return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), action=st.sampled_from(ACTIONS))
async def test_sql_filter_equals_casbin_one_by_one(tree: list[str], data: st.DataObject, action: tuple) -> None:
    obj, act = action
    drawn = data.draw(grants(tree))
    principal = Principal(user_id=0, username="drawn", grants=tuple(drawn))
    selected = set(await UnitNode.filter(path_filter(POLICY, principal, obj, act)).values_list("path", flat=True))
    allowed = {p for p in tree if any(casbin_allows(g, obj, act, p) for g in drawn)}
    assert selected == allowed
