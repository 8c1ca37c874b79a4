"""Users and role grants."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q

from domain.accounts.models import RoleGrant, User
from domain.audit.store import Change, Subject
from domain.units.models import Unit
from policies.principal import Grant, Principal
from policies.roles import Role


async def load_principal(user_id: int) -> Principal | None:
    """The active user with its grants and their units' paths, in one query (a left join)."""
    rows = await User.filter(id=user_id, is_active=True).values(
        "username", "grants__role", "grants__unit_id", "grants__unit__path"
    )
    if not rows:
        return None
    grants = tuple(
        Grant(Role(r["grants__role"]), r["grants__unit_id"], r["grants__unit__path"])
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


def grant_record(username: str, role: Role, unit_code: str) -> dict[str, str]:
    return {"username": username, "role": str(role), "unitCode": unit_code}


async def create_user(change: Change, *, username: str, full_name: str, password_hash: str) -> User:
    """A new account; its audit entry's unit is the creator's grant."""
    user = await User.create(
        username=username,
        full_name=full_name,
        password_hash=password_hash,
        created_by=change.actor.username,
        using_db=change.conn,
    )
    grant = change.actor.grant
    await change.log(
        Subject("User", username, grant.unit_code, grant.unit_path), after={"username": username, "fullName": full_name}
    )
    return user


async def add_grant(change: Change, *, user: User, role: Role, unit: Unit) -> RoleGrant:
    grant = await RoleGrant.create(
        user=user, role=role, unit=unit, granted_by=change.actor.username, using_db=change.conn
    )
    await change.log(
        Subject("RoleGrant", str(grant.id), unit.code, unit.path), after=grant_record(user.username, role, unit.code)
    )
    return grant


async def remove_grant(change: Change, *, grant: RoleGrant, user: User, unit: Unit) -> bool:
    """False when it was the last NATIONAL_ADMIN grant (the transaction must then be rolled back)."""
    await RoleGrant.filter(id=grant.id).using_db(change.conn).delete()
    if (
        grant.role == Role.NATIONAL_ADMIN
        and not await RoleGrant.filter(role=Role.NATIONAL_ADMIN).using_db(change.conn).exists()
    ):
        return False
    await change.log(
        Subject("RoleGrant", str(grant.id), unit.code, unit.path),
        before=grant_record(user.username, grant.role, unit.code),
    )
    return True
