"""The subject of every policy decision: an authenticated user and its grants."""

from __future__ import annotations

from dataclasses import dataclass, field

from policies.roles import Role


@dataclass(frozen=True)
class GrantScope:
    """One (role, unit) grant, with the unit's path (its scope)."""

    role: Role
    unit_code: str
    unit_path: str


@dataclass(frozen=True)
class Principal:
    user_id: int
    username: str
    grants: tuple[GrantScope, ...] = field(default_factory=tuple)
