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
from tortoise.expressions import Q, Subquery

from domain.access import Access
from domain.models import Submission, UnitNode
from domain.units.coverage import grants_on_nodes
from domain.units.store import paths_of
from policies.enforcer import Policy
from policies.principal import Grant, Principal, Reach
from policies.roles import Role
from policies.scope import path_filter, subtree

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


# ---------------------------------------------------------------- both maps, real grants, records

REGION = ("VN63:VN.79", "VN63:VN.74", "VN63:VN.01", "VN34:VN.79@VN34", "VN34:VN.01@VN34")
YEARS = ["2021-2022", "2026-2027", "2020-2021"]


@pytest.fixture(scope="session")
async def region(app: Any) -> tuple[list[str], list[str]]:
    """The nodes of three old provinces and two new ones (both maps), and unit keys to grant on among them."""
    nodes = await UnitNode.filter(Q(*[subtree(p) for p in REGION], join_type=Q.OR) | Q(unit_id="VN")).values_list(
        "path", "unit_id", "level"
    )
    paths = [str(p) for p, _, _ in nodes]
    upper = sorted({str(k) for _, k, level in nodes if level != "SCHOOL"})
    schools = sorted({str(k) for _, k, level in nodes if level == "SCHOOL"})
    return paths, upper + schools[::40]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
async def test_one_policy_decides_units_and_records_on_both_maps(
    region: tuple[list[str], list[str]], data: st.DataObject
) -> None:
    """Grants drawn on either map (their reach into the other computed from the nodes, as for a real caller),
    a random year: the SQL filters select exactly what the record-by-record decision allows."""
    paths, keys = region
    held = data.draw(st.lists(st.tuples(st.sampled_from(list(Role)), st.sampled_from(keys)), min_size=1, max_size=3))
    access = Access(POLICY, Principal(user_id=0, username="drawn", grants=await grants_on_nodes(held)))
    inside = Q(*[subtree(p) for p in REGION], join_type=Q.OR) | Q(unit_id="VN")
    for act in ("view", "read"):
        selected = set(await UnitNode.filter(inside, access.scope("unit", act)).values_list("path", flat=True))
        allowed = {p for p in paths if (access.sees(p) if act == "view" else access.reads(p))}
        assert selected == allowed, (held, act)
    year = data.draw(st.sampled_from(YEARS))
    region_schools = Subquery(UnitNode.filter(inside, school_type__isnull=False).values("unit_id"))
    records = Submission.filter(school_year=year, school_id__in=region_schools)
    selected_ids = set(await records.filter(access.records("school_id")).values_list("id", flat=True))
    rows = await records.values_list("id", "school_id")
    node_paths = await paths_of(list({str(s) for _, s in rows}))
    assert selected_ids == {i for i, s in rows if access.reads(*node_paths[str(s)])}, (held, year)
