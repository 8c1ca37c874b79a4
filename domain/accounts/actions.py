"""Logging in, accounts, and granting and revoking roles.

Order of checks (SPEC section 3): authentication, then authorisation, then the input's validity.
Who manages an account (SPEC section 10): whoever may manage every one of its grants, or, for an
account without grants, whoever created it (and the national administrators). Any other account
reads as absent, exactly like a username that does not exist. Nobody manages their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from domain import validation
from domain.access import Access, Actor
from domain.accounts import store
from domain.accounts.demo import DEMO_USERNAMES
from domain.accounts.models import RoleGrant, User
from domain.accounts.passwords import hash_password_off_loop, verify_password_off_loop
from domain.accounts.throttle import LoginLimits, record_failure, retry_after
from domain.accounts.tokens import issue_token
from domain.audit.store import audited
from domain.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from domain.units import store as units
from policies.roles import Role

WRONG = "Wrong username or password."


@dataclass(frozen=True)
class TokenSettings:
    """How tokens are signed and how long they live, whether the demo accounts are refused (production), and
    how failed logins are throttled."""

    secret: str
    ttl_seconds: int
    refuse_demo_accounts: bool
    limits: LoginLimits = LoginLimits()


async def login(
    access: Access, tokens: TokenSettings, username: str, password: str, address: str = "unknown"
) -> tuple[str, User]:
    """A token for the account; the request goes on as that user (the payload's `user { grants }`)."""
    wait = await retry_after(tokens.limits, username, address)
    if wait is not None:
        raise Unauthenticated(f"Too many failed logins: try again in {wait} seconds.", retryAfter=wait)
    user = await store.user_by_username(username)
    refused = tokens.refuse_demo_accounts and username in DEMO_USERNAMES
    valid = await verify_password_off_loop(user.password_hash if user else None, password)
    if not valid or user is None or refused or not user.is_active:  # a disabled account: as a wrong password
        await _failed(tokens, username, user, address)
        raise Unauthenticated(WRONG)
    async with audited(Actor(user.username, None), "login") as change:
        await store.log_login(change, username, user, True, address)
    principal = await store.load_principal(user.id)
    token = issue_token(tokens.secret, user.id, user.username, tokens.ttl_seconds, version=user.token_version)
    access.principal = principal
    return token, user


async def _failed(tokens: TokenSettings, username: str, user: User | None, address: str) -> None:
    async with audited(Actor(username[:64], None), "login") as change:
        await record_failure(change.conn, tokens.limits, username, address)
        await store.log_login(change, username, user, False, address)


async def change_password(access: Access, tokens: TokenSettings, current: str, new: str, address: str) -> bool:
    """For oneself; a wrong `current` is a failed login. Ends every token issued before (this one too)."""
    caller = access.caller()
    user = (await store.users_by_ids([caller.user_id]))[caller.user_id]
    wait = await retry_after(tokens.limits, user.username, address)
    if wait is not None:
        raise Unauthenticated(f"Too many failed logins: try again in {wait} seconds.", retryAfter=wait)
    if not await verify_password_off_loop(user.password_hash, current):
        await _failed(tokens, user.username, user, address)
        raise Unauthenticated("The current password is wrong.")
    new = validation.password(new, user.username)
    password_hash = await hash_password_off_loop(new)
    async with audited(Actor(user.username, None), "changePassword") as change:
        await store.set_password(change, user, password_hash)
    return True


async def me(access: Access) -> User:
    user = (await store.users_by_ids([access.caller().user_id])).get(access.caller().user_id)
    if user is None:
        raise Unauthenticated("The account of this token no longer exists.")
    return user


async def create_user(access: Access, *, username: str, full_name: str, password: str) -> User:
    actor = access.actor_anywhere("user", "create", "Your roles do not allow creating accounts.")
    username = validation.username(username)
    full_name = validation.required_text(full_name, "fullName")
    password = validation.password(password, username)
    if await store.user_by_username(username) is not None:
        raise Conflict(f"The username {username} is taken.", field="username")
    password_hash = await hash_password_off_loop(password)
    try:
        async with audited(actor, "createUser") as change:
            return await store.create_user(change, username=username, full_name=full_name, password_hash=password_hash)
    except IntegrityError:  # a concurrent request took the name between the check and the insert
        raise Conflict(f"The username {username} is taken.", field="username") from None


async def grant_role(access: Access, *, username: str, role: Role, unit_code: str, map_code: str | None = None) -> User:
    unit = await units.find(unit_code, map_code=await _map(map_code))
    actor = access.actor(f"grant.{role}", "manage", unit.paths if unit else None, f"Unit {unit_code}")
    assert unit is not None  # actor() answered NOT_FOUND otherwise
    user = await managed_user(access, username)
    await _grantable(role, unit)
    if await store.find_grant(user.id, role, unit.key) is not None:
        return user  # held already: the same answer as a new grant, which tells nothing more
    try:
        async with audited(actor, "grantRole") as change:
            await store.add_grant(change, user=user, role=role, unit=unit)
    except IntegrityError:  # granted by someone else meanwhile: held now, as asked
        pass
    return user


async def _map(map_code: str | None) -> str | None:
    if map_code is not None and await units.map_by_code(map_code) is None:
        raise BadUserInput(f"There is no map {map_code[:16]!r}.", field="map")
    return map_code


async def _grantable(role: Role, unit: units.Place) -> None:
    """New grants only on units of the current map, at a level its data grants the role at (SPEC section 9)."""
    current = await units.current_map()
    if unit.node.map_id != current.code:
        raise BadUserInput(
            f"New grants are given on units of the current map {current.code}; {unit.code} is a unit of "
            f"{unit.node.map_id}.",
            field="unitCode",
        )
    levels = [str(level["level"]) for level in current.levels if str(role) in level.get("roles", [])]
    if unit.level not in levels:
        where = f"on a {' or '.join(levels)} unit" if levels else f"on no unit of {current.code}"
        raise BadUserInput(f"{role} is granted {where}; {unit.code} is a {unit.level}.", field="unitCode")


async def revoke_role(
    access: Access, *, username: str, role: Role, unit_code: str, map_code: str | None = None
) -> User:
    unit = await units.find(unit_code, map_code=await _map(map_code))
    actor = access.actor(f"grant.{role}", "manage", unit.paths if unit else None, f"Unit {unit_code}")
    assert unit is not None
    user = await managed_user(access, username)
    existing = await store.find_grant(user.id, role, unit.key)
    if existing is None:
        raise NotFound(f"{username} holds no {role} grant on {unit_code}.")
    async with audited(actor, "revokeRole") as change:
        if not await store.remove_grant(change, grant=existing, user=user, unit=unit):
            raise Conflict("This is the last NATIONAL_ADMIN grant: grant the role to someone else first.")
    return user


async def set_user_active(access: Access, *, username: str, active: bool) -> User:
    """By whoever may manage every grant of the user; disabling ends its tokens (re-enabling needs a login)."""
    user = await managed_user(access, username)
    grants = await store.grants_with_paths(user.id)
    for role, _, paths in grants:
        if not access.may(f"grant.{role}", "manage", paths):
            raise Forbidden(f"You may not manage {username}: one of its roles is not yours to manage.")
    key = await store.nearest_root_unit(user.id)
    if grants:
        actor = access.actor("user", "manage", (await units.paths_of([key]))[key], f"User {username}")
    else:  # its creator, or a national administrator
        actor = access.actor_anywhere("user", "create", "Your roles do not allow managing accounts.")
    async with audited(actor, "setUserActive") as change:
        await store.set_active(change, user, active, key)
    user.is_active = active
    return user


async def managed_user(access: Access, username: str) -> User:
    """The account if the caller manages it; NOT_FOUND otherwise, as for a username that does not exist.
    FORBIDDEN for one's own: nobody grants, revokes or disables their own roles."""
    caller = access.caller()
    user = await store.user_by_username(username) if len(username) <= validation.MAX_USERNAME else None
    if user is not None and user.id == caller.user_id:
        raise Forbidden("Nobody grants, revokes or disables their own roles: ask the level above.")
    if user is None or not await _manages(access, user):
        raise NotFound(f"User {username} does not exist.")
    return user


async def _manages(access: Access, user: User) -> bool:
    grants = await store.grants_with_paths(user.id)
    if grants:
        return all(access.may("user", "manage", paths) for _, _, paths in grants)
    root = (await units.paths_of([store.ROOT_KEY]))[store.ROOT_KEY]
    return user.created_by == access.caller().username or access.may("user", "manage", root)


async def grants_of(access: Access, user_ids: list[int]) -> dict[int, list[RoleGrant]]:
    """Another user's grants, only where they lie inside the caller's scope."""
    return await store.grants_of_users(user_ids, access.records("unit_id", "grant", "read"))


async def create_admin(username: str, password: str, full_name: str = "Quản trị hệ thống") -> User:
    """The first administrator of a new deployment (`python -m api create-admin`), audited as done from the
    console: a NATIONAL_ADMIN account and grant at the root, in one transaction."""
    username = validation.username(username)
    password = validation.password(password, username)
    if await store.user_by_username(username) is not None:
        raise Conflict(f"The username {username} is taken.", field="username")
    root = await units.place_of_key(store.ROOT_KEY)
    if root is None:
        raise NotFound("The unit tree is not loaded: run `python -m api migrate` and load the units first.")
    password_hash = await hash_password_off_loop(password)
    async with audited(Actor("console:create-admin", None), "createAdmin") as change:
        return await store.create_admin(
            change, username=username, password_hash=password_hash, full_name=full_name, root=root
        )
