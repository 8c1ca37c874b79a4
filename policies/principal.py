"""The subject of every policy decision: an authenticated user and its grants."""

from __future__ import annotations

from dataclasses import dataclass, field

from policies.roles import Role, depth_of


@dataclass(frozen=True)
class Grant:
    """One (role, unit) grant, with the unit's path (its scope)."""

    role: Role
    unit_code: str
    unit_path: str


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    token_version: int = 0  # tokens of another version were issued before a password change, disable or revoke

    def __post_init__(self) -> None:
        # Nearest the root first, then by unit and role: the first grant that allows an action is the one that
        # acts, whatever order the grants were made or read in.
        ordered = tuple(sorted(self.grants, key=lambda g: (depth_of(g.unit_path), g.unit_path, str(g.role))))
        object.__setattr__(self, "grants", ordered)
