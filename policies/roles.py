"""The vocabulary the policy rules are written in: roles and relations between unit paths.

No level of any map is named here: which level a role is granted at is map data (domain.units), and the
rules speak of relations (own unit, one level below, anywhere below, above), which hold on any tree.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    NATIONAL_ADMIN = "NATIONAL_ADMIN"
    NATIONAL_OFFICER = "NATIONAL_OFFICER"
    PROVINCIAL_OFFICER = "PROVINCIAL_OFFICER"
    DISTRICT_OFFICER = "DISTRICT_OFFICER"
    LOCAL_OFFICER = "LOCAL_OFFICER"
    SCHOOL_STAFF = "SCHOOL_STAFF"
    EDUCATION_VIEWER = "EDUCATION_VIEWER"


class Relation(StrEnum):
    """Where a record's unit stands relative to the unit of a grant.

    The policy grants actions per relation, so "strictly below" (top-down
    actions) and "own unit" are different rules, and ancestors can be granted
    a breadcrumb view without their data.
    """

    SELF = "self"  # the grant's own unit
    CHILD = "child"  # one level below the grant's unit (also BELOW)
    BELOW = "below"  # strictly inside the grant's subtree
    ABOVE = "above"  # an ancestor of the grant's unit
    # Units of another map than the grant's, decided by the schools they hold (policies.principal):
    COVERS = "covers"  # every school of the unit is covered by the grant
    OVERLAPS = "overlaps"  # some, not all, of its schools are


SEPARATOR = "."


NO_RELATION: frozenset[Relation] = frozenset()
_SELF, _ABOVE = frozenset({Relation.SELF}), frozenset({Relation.ABOVE})
_CHILD, _BELOW = frozenset({Relation.CHILD, Relation.BELOW}), frozenset({Relation.BELOW})


def relations_of(target_path: str, grant_path: str) -> frozenset[Relation]:
    """The relations of a unit (by path) to a grant's unit: empty when unrelated (sibling, cousin, unknown)."""
    if target_path == grant_path:
        return _SELF
    if target_path.startswith(grant_path + SEPARATOR):
        return _CHILD if SEPARATOR not in target_path[len(grant_path) + 1 :] else _BELOW
    if grant_path.startswith(target_path + SEPARATOR):
        return _ABOVE
    return NO_RELATION


def codes_of(path: str) -> list[str]:
    """A path's unit codes, root first: the unit and all its ancestors."""
    return path.split(SEPARATOR)


def depth_of(path: str) -> int:
    """How far a unit is from the root (VN is 0): the nearer the root, the wider the grant."""
    return path.count(SEPARATOR)


def ancestor_paths(path: str) -> list[str]:
    """Strict ancestors of a dotted path, root first: VN.79.760 -> [VN, VN.79]."""
    parts = path.split(SEPARATOR)
    return [SEPARATOR.join(parts[:i]) for i in range(1, len(parts))]
