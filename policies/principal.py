"""The subject of every policy decision: an authenticated user and its grants."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from policies.roles import NO_RELATION, Relation, Role, depth_of, relations_of


class Reach(StrEnum):
    """How a grant reaches a unit path.

    A grant is on a unit of one map; the schools below it are covered on every map. On another map a
    unit whose schools are all covered is reached as COVERS (it and its subtree), one holding some of them
    as OVERLAPS (that unit only). The policy says what each relation allows (usually: read, and view).
    """

    OWN = "own"
    COVERS = "covers"
    OVERLAPS = "overlaps"


_COVERS, _OVERLAPS = frozenset({Relation.COVERS}), frozenset({Relation.OVERLAPS})


@dataclass(frozen=True)
class Grant:
    """One (role, unit) grant as it reaches one node path (a school or the root has a node on every map)."""

    role: Role
    unit_key: str
    unit_path: str
    reach: Reach = Reach.OWN

    def relations_to(self, target_path: str) -> frozenset[Relation]:
        relations = relations_of(target_path, self.unit_path)
        if self.reach is Reach.OWN:
            return relations
        if self.reach is Reach.COVERS:
            return _COVERS if relations & {Relation.SELF, Relation.BELOW} else NO_RELATION
        return _OVERLAPS if Relation.SELF in relations else NO_RELATION


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    token_version: int = 0  # tokens of another version were issued before a password change, disable or revoke

    def __post_init__(self) -> None:
        # Own grants before reaches into other maps, each nearest the root first, then by unit and role: the
        # first grant that allows an action is the one that acts, whatever order they were made or read in.
        ordered = tuple(
            sorted(
                set(self.grants),
                key=lambda g: (g.reach is not Reach.OWN, depth_of(g.unit_path), g.unit_path, str(g.role), g.reach),
            )
        )
        object.__setattr__(self, "grants", ordered)
