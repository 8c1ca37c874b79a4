"""Users and role grants."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from api.errors import Conflict
from api.models import RoleGrant, Unit, User
from api.repositories import audit
from policies.principal import GrantScope, Principal
from policies.roles import Role


async def load_principal(user_id: int) -> Principal | None:
    """The active user with its grants and their units' paths, in one query (a left join)."""
    rows = await User.filter(id=user_id, is_active=True).values(
        "username", "grants__role", "grants__unit_id", "grants__unit__path"
    )
    if not rows:
        return None
    grants = tuple(
        GrantScope(Role(r["grants__role"]), r["grants__unit_id"], r["grants__unit__path"])
        for r in rows
        if r["grants__role"] is not None
    )
    return Principal(user_id=user_id, username=rows[0]["username"], grants=grants)


async def user_by_username(username: str) -> User | None:
    return await User.get_or_none(username=username)


async def users_by_ids(ids: Sequence[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=list(ids))}


async def grants_of_users(user_ids: Sequence[int], scope: Q) -> dict[int, list[RoleGrant]]:
    """The grants of each user whose unit matches `scope` (a filter over `unit__path`), in role order."""
    grouped: dict[int, list[RoleGrant]] = {uid: [] for uid in user_ids}
    rows = await RoleGrant.filter(Q(user_id__in=list(user_ids)), scope).order_by("user_id", "role", "unit_id")
    for grant in rows:
        grouped[grant.user_id].append(grant)
    return grouped


async def find_grant(user_id: int, role: Role, unit_code: str) -> RoleGrant | None:
    return await RoleGrant.get_or_none(user_id=user_id, role=role, unit_id=unit_code)


def _grant_record(username: str, role: Role, unit_code: str) -> dict:
    return {"username": username, "role": str(role), "unitCode": unit_code}


async def create_user(*, username: str, full_name: str, password_hash: str, actor: GrantScope, actor_name: str) -> User:
    """A new account and its audit entry (unit: the creator's grant), in one transaction."""
    async with in_transaction() as conn:
        user = await User.create(
            username=username, full_name=full_name, password_hash=password_hash, created_by=actor_name, using_db=conn
        )
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="createUser",
            record_type="User",
            record_id=username,
            unit_code=actor.unit_code,
            unit_path=actor.unit_path,
            after={"username": username, "fullName": full_name},
            using_db=conn,
        )
    return user


async def add_grant(*, user: User, role: Role, unit: Unit, actor: GrantScope, actor_name: str) -> RoleGrant:
    async with in_transaction() as conn:
        grant = await RoleGrant.create(user=user, role=role, unit=unit, granted_by=actor_name, using_db=conn)
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="grantRole",
            record_type="RoleGrant",
            record_id=str(grant.id),
            unit_code=unit.code,
            unit_path=unit.path,
            after=_grant_record(user.username, role, unit.code),
            using_db=conn,
        )
    return grant


async def remove_grant(*, grant: RoleGrant, user: User, unit: Unit, actor: GrantScope, actor_name: str) -> None:
    async with in_transaction() as conn:
        await RoleGrant.filter(id=grant.id).using_db(conn).delete()
        if (
            grant.role == Role.NATIONAL_ADMIN
            and not await RoleGrant.filter(role=Role.NATIONAL_ADMIN).using_db(conn).exists()
        ):
            raise Conflict("This is the last NATIONAL_ADMIN grant: grant the role to someone else first.")
        await audit.record(
            actor=actor_name,
            role=actor.role,
            action="revokeRole",
            record_type="RoleGrant",
            record_id=str(grant.id),
            unit_code=unit.code,
            unit_path=unit.path,
            before=_grant_record(user.username, grant.role, unit.code),
            using_db=conn,
        )
