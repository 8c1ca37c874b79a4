"""List queries' row filters, derived from the same rules as single-record checks.

For each of the caller's grants, the relations the policy allows become path
conditions: self -> path = G, below -> 'G.' <= path < 'G/' (the same rows
as LIKE 'G.%' in byte order, since '/' follows '.', but an index range even
in a generic prepared plan; migration 0002 makes PostgreSQL compare paths
bytewise), above -> path IN (ancestors of G). The OR of them is pushed into SQL, so rows are never loaded
to be filtered in Python. A caller with no usable grant gets a filter that
matches nothing (default deny).
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from policies.enforcer import Policy
from policies.principal import Principal, Reach
from policies.roles import SEPARATOR, Relation, ancestor_paths

NOTHING = Q(pk__in=[])  # a filter that matches no row: default deny
AFTER_SEPARATOR = chr(ord(SEPARATOR) + 1)  # "/": the byte after "."


def path_filter(policy: Policy, principal: Principal, obj: str, act: str, field: str = "path", within: str = "") -> Q:
    """A Q over `field` (a dotted unit path column) matching exactly the rows the policy allows; `within`, a
    prefix every path of the rows queried has (one map's), leaves out the conditions that could match none."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for grant in principal.grants:
        if not grant.unit_path.startswith(within):
            continue  # a grant's ancestors share its prefix: nothing it allows lies outside it
        relations = policy.relations(grant.role, obj, act)
        if grant.reach is Reach.COVERS:
            if Relation.COVERS in relations:
                exact.add(grant.unit_path)
                prefixes.add(grant.unit_path)
            continue
        if grant.reach is Reach.OVERLAPS:
            if Relation.OVERLAPS in relations:
                exact.add(grant.unit_path)
            continue
        if Relation.SELF in relations:
            exact.add(grant.unit_path)
        if Relation.BELOW in relations:
            prefixes.add(grant.unit_path)
        # CHILD alone (no BELOW) filters no list: no rule gives a list by it, and a filter that is too narrow
        # is the safe side. tests/policies/test_scope_differential.py holds this against single decisions.
        if Relation.ABOVE in relations:
            exact.update(ancestor_paths(grant.unit_path))
    prefixes = _outermost(prefixes)
    exact = {path for path in exact if not any(path.startswith(p + SEPARATOR) for p in prefixes)}
    conditions = [strictly_below(p, field) for p in sorted(prefixes)]
    if exact:
        in_exact: dict[str, Any] = {f"{field}__in": sorted(exact)}
        conditions.append(Q(**in_exact))
    if not conditions:
        return NOTHING
    return Q(*conditions, join_type=Q.OR)


def strictly_below(path: str, field: str = "path") -> Q:
    """Everything below the unit at `path`: the one path-range filter, an index range (see migration 0002)."""
    return Q(**{f"{field}__gte": path + SEPARATOR, f"{field}__lt": path + AFTER_SEPARATOR})


def subtree(path: str, field: str = "path") -> Q:
    """The unit at `path` and everything below it."""
    return Q(**{field: path}) | strictly_below(path, field)


def _outermost(prefixes: set[str]) -> set[str]:
    """Drop prefixes nested in others: a grant on VN.79 already covers VN.79.760."""
    return {p for p in prefixes if not any(p.startswith(q + SEPARATOR) for q in prefixes if q != p)}
