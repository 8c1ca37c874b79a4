"""Users and role grants."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import F, Q

from domain.accounts.models import RoleGrant, User
from domain.audit.store import Change, Subject
from domain.units.models import Unit
from policies.principal import Grant, Principal
from policies.roles import Role, depth_of

ROOT_CODE = "VN"  # where events of accounts without grants are audited


async def load_principal(user_id: int) -> Principal | None:
    """The active user with its grants and their units' paths, in one query (a left join)."""
    rows = await User.filter(id=user_id, is_active=True).values(
        "username", "token_version", "grants__role", "grants__unit_id", "grants__unit__path"
    )
    if not rows:
        return None
    grants = tuple(
        Grant(Role(r["grants__role"]), r["grants__unit_id"], r["grants__unit__path"])
        for r in rows
        if r["grants__role"] is not None
    )
    return Principal(
        user_id=user_id, username=rows[0]["username"], grants=grants, token_version=rows[0]["token_version"]
    )


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


async def grants_with_paths(user_id: int) -> list[tuple[Role, str, str]]:
    """(role, unit code, unit path) of each of a user's grants."""
    rows = await RoleGrant.filter(user_id=user_id).values("role", "unit_id", "unit__path")
    return [(Role(r["role"]), r["unit_id"], r["unit__path"]) for r in rows]


async def end_tokens(change: Change, user_id: int) -> None:
    await User.filter(id=user_id).using_db(change.conn).update(token_version=F("token_version") + 1)


async def set_password(change: Change, user: User, password_hash: str) -> None:
    await User.filter(id=user.id).using_db(change.conn).update(password_hash=password_hash)
    await end_tokens(change, user.id)
    unit = await nearest_root_unit(user.id)
    await change.log(Subject("User", user.username, unit[0], unit[1]), after={"passwordChanged": True})


async def set_active(change: Change, user: User, active: bool, unit_code: str, unit_path: str) -> None:
    await User.filter(id=user.id).using_db(change.conn).update(is_active=active)
    await end_tokens(change, user.id)
    await change.log(
        Subject("User", user.username, unit_code, unit_path),
        before={"active": user.is_active},
        after={"active": active},
    )


async def nearest_root_unit(user_id: int | None) -> tuple[str, str]:
    """The unit an account's own events are audited at: its grant nearest the root, else the nation."""
    grants = await grants_with_paths(user_id) if user_id is not None else []
    if not grants:
        return ROOT_CODE, ROOT_CODE
    _, code, path = min(grants, key=lambda g: (depth_of(g[2]), g[2]))
    return code, path


async def log_login(change: Change, username: str, user: User | None, success: bool, address: str) -> None:
    code, path = await nearest_root_unit(user.id if user else None)
    await change.log(Subject("Login", username[:64], code, path), after={"success": success, "address": address})


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
    assert grant is not None
    await change.log(
        Subject("User", username, grant.unit_code, grant.unit_path), after={"username": username, "fullName": full_name}
    )
    return user


async def create_admin(change: Change, *, username: str, password_hash: str, full_name: str, root: Unit) -> User:
    user = await User.create(
        username=username, full_name=full_name, password_hash=password_hash, created_by="console", using_db=change.conn
    )
    await RoleGrant.create(user=user, role=Role.NATIONAL_ADMIN, unit=root, granted_by="console", using_db=change.conn)
    await change.log(
        Subject("User", username, root.code, root.path),
        after={"username": username, "role": str(Role.NATIONAL_ADMIN), "unitCode": root.code},
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
    """False when it was the last NATIONAL_ADMIN grant (the transaction must then be rolled back). Ends the
    user's tokens: it logs in again to act with what it still holds."""
    await RoleGrant.filter(id=grant.id).using_db(change.conn).delete()
    await end_tokens(change, user.id)
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
