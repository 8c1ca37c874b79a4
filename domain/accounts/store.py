"""Users and role grants."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import F, Q

from domain.accounts.models import RoleGrant, User
from domain.audit.store import Change, Subject
from domain.units.coverage import grants_on_nodes
from domain.units.store import Place, paths_of
from policies.principal import Principal
from policies.roles import Role, depth_of

ROOT_KEY = "VN"  # where events of accounts without grants are audited


async def load_principal(user_id: int) -> Principal | None:
    """The active user with its grants, as they reach the nodes of every map."""
    rows = await User.filter(id=user_id, is_active=True).values(
        "username", "token_version", "grants__role", "grants__unit_id"
    )
    if not rows:
        return None
    held = [(Role(r["grants__role"]), str(r["grants__unit_id"])) for r in rows if r["grants__role"] is not None]
    return Principal(
        user_id=user_id,
        username=rows[0]["username"],
        grants=await grants_on_nodes(held),
        token_version=rows[0]["token_version"],
    )


async def user_by_username(username: str) -> User | None:
    return await User.get_or_none(username=username)


async def users_by_ids(ids: Sequence[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=list(ids))}


async def grants_of_users(user_ids: Sequence[int], scope: Q) -> dict[int, list[RoleGrant]]:
    """The grants of each user whose unit matches `scope` (a filter over `unit_id`), in role order."""
    grouped: dict[int, list[RoleGrant]] = {uid: [] for uid in user_ids}
    rows = await RoleGrant.filter(Q(user_id__in=list(user_ids)), scope).order_by("user_id", "role", "unit_id")
    for grant in rows:
        grouped[grant.user_id].append(grant)
    return grouped


async def find_grant(user_id: int, role: Role, unit_key: str) -> RoleGrant | None:
    return await RoleGrant.get_or_none(user_id=user_id, role=role, unit_id=unit_key)


async def grants_with_paths(user_id: int) -> list[tuple[Role, str, tuple[str, ...]]]:
    """(role, unit key, the unit's node paths) of each of a user's grants."""
    rows = await RoleGrant.filter(user_id=user_id).values_list("role", "unit_id")
    paths = await paths_of([str(key) for _, key in rows])
    return [(Role(role), str(key), paths[str(key)]) for role, key in rows]


async def end_tokens(change: Change, user_id: int) -> None:
    await User.filter(id=user_id).using_db(change.conn).update(token_version=F("token_version") + 1)


async def set_password(change: Change, user: User, password_hash: str) -> None:
    await User.filter(id=user.id).using_db(change.conn).update(password_hash=password_hash)
    await end_tokens(change, user.id)
    unit = await nearest_root_unit(user.id)
    await change.log(Subject("User", user.username, unit), after={"passwordChanged": True})


async def set_active(change: Change, user: User, active: bool, unit_key: str) -> None:
    await User.filter(id=user.id).using_db(change.conn).update(is_active=active)
    await end_tokens(change, user.id)
    await change.log(
        Subject("User", user.username, unit_key),
        before={"active": user.is_active},
        after={"active": active},
    )


async def nearest_root_unit(user_id: int | None) -> str:
    """The unit an account's own events are audited at: its grant nearest the root, else the nation."""
    grants = await grants_with_paths(user_id) if user_id is not None else []
    reached = [(depth_of(path), path, key) for _, key, paths in grants for path in paths]
    return min(reached)[2] if reached else ROOT_KEY


async def log_login(change: Change, username: str, user: User | None, success: bool, address: str) -> None:
    unit = await nearest_root_unit(user.id if user else None)
    await change.log(Subject("Login", username[:64], unit), after={"success": success, "address": address})


def grant_record(username: str, role: Role, unit: Place) -> dict[str, str]:
    return {"username": username, "role": str(role), "unitCode": unit.code, "map": unit.node.map_id}


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
    await change.log(Subject("User", username, grant.unit_key), after={"username": username, "fullName": full_name})
    return user


async def create_admin(change: Change, *, username: str, password_hash: str, full_name: str, root: Place) -> User:
    user = await User.create(
        username=username, full_name=full_name, password_hash=password_hash, created_by="console", using_db=change.conn
    )
    await RoleGrant.create(
        user=user, role=Role.NATIONAL_ADMIN, unit_id=root.key, granted_by="console", using_db=change.conn
    )
    await change.log(
        Subject("User", username, root.key),
        after={"username": username, "role": str(Role.NATIONAL_ADMIN), "unitCode": root.code},
    )
    return user


async def add_grant(change: Change, *, user: User, role: Role, unit: Place) -> RoleGrant:
    grant = await RoleGrant.create(
        user=user, role=role, unit_id=unit.key, granted_by=change.actor.username, using_db=change.conn
    )
    await change.log(Subject("RoleGrant", str(grant.id), unit.key), after=grant_record(user.username, role, unit))
    return grant


async def remove_grant(change: Change, *, grant: RoleGrant, user: User, unit: Place) -> bool:
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
        Subject("RoleGrant", str(grant.id), unit.key), before=grant_record(user.username, grant.role, unit)
    )
    return True
