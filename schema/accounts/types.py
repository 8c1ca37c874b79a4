"""Users, their grants, and the login payload."""

from __future__ import annotations

import strawberry

from domain.accounts.models import RoleGrant, User
from policies.principal import Reach
from policies.roles import Role
from schema.context import Info
from schema.units.types import UnitType, require_visible_unit

strawberry.enum(Role)


@strawberry.type(name="Grant")
class GrantType:
    role: Role
    unit_code: strawberry.Private[str]

    @strawberry.field
    async def unit(self, info: Info) -> UnitType:
        return await require_visible_unit(info, self.unit_code)  # grants are listed only inside the caller's view

    @classmethod
    def from_model(cls, grant: RoleGrant) -> GrantType:
        return cls(role=grant.role, unit_code=grant.unit_id)


@strawberry.type(name="User")
class UserType:
    username: str
    full_name: str
    id: strawberry.Private[int]

    @classmethod
    def from_model(cls, user: User) -> UserType:
        return cls(username=user.username, full_name=user.full_name, id=user.id)

    @strawberry.field
    async def grants(self, info: Info) -> list[GrantType]:
        """One's own grants in full; another user's only where they lie inside the caller's scope."""
        caller = info.context.access.caller()
        if caller.user_id == self.id:
            held = dict.fromkeys((g.role, g.unit_key) for g in caller.grants if g.reach is Reach.OWN)
            return [GrantType(role=role, unit_code=key) for role, key in held]
        rows = await info.context.loaders.grants_by_user.load(self.id)
        return [GrantType.from_model(g) for g in rows]


@strawberry.type
class AuthPayload:
    token: str
    user: UserType
