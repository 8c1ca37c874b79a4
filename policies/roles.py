"""The vocabulary the policy rules are written in: roles, unit levels, relations."""

from __future__ import annotations

from enum import StrEnum


class UnitLevel(StrEnum):
    NATION = "NATION"
    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"
    SCHOOL = "SCHOOL"


class Role(StrEnum):
    NATIONAL_ADMIN = "NATIONAL_ADMIN"
    NATIONAL_OFFICER = "NATIONAL_OFFICER"
    PROVINCIAL_OFFICER = "PROVINCIAL_OFFICER"
    DISTRICT_OFFICER = "DISTRICT_OFFICER"
    SCHOOL_STAFF = "SCHOOL_STAFF"
    EDUCATION_VIEWER = "EDUCATION_VIEWER"


# The level of unit each role is granted at (SPEC section 3).
GRANT_LEVEL: dict[Role, UnitLevel] = {
    Role.NATIONAL_ADMIN: UnitLevel.NATION,
    Role.NATIONAL_OFFICER: UnitLevel.NATION,
    Role.PROVINCIAL_OFFICER: UnitLevel.PROVINCE,
    Role.DISTRICT_OFFICER: UnitLevel.DISTRICT,
    Role.SCHOOL_STAFF: UnitLevel.SCHOOL,
    Role.EDUCATION_VIEWER: UnitLevel.PROVINCE,
}


class Relation(StrEnum):
    """Where a record's unit stands relative to the unit of a grant.

    The policy grants actions per relation, so "strictly below" (top-down
    actions) and "own unit" are different rules, and ancestors can be granted
    a breadcrumb view without their data.
    """

    SELF = "self"  # the grant's own unit
    BELOW = "below"  # strictly inside the grant's subtree
    ABOVE = "above"  # an ancestor of the grant's unit


SEPARATOR = "."


def relation_of(target_path: str, grant_path: str) -> Relation | None:
    """The relation of a unit (by path) to a grant's unit, or None when unrelated (sibling, cousin, unknown)."""
    if target_path == grant_path:
        return Relation.SELF
    if target_path.startswith(grant_path + SEPARATOR):
        return Relation.BELOW
    if grant_path.startswith(target_path + SEPARATOR):
        return Relation.ABOVE
    return None


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
