"""Logging in, creating accounts, granting and revoking roles.

Order of checks (SPEC section 3): authentication, then authorisation, then the input's validity.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError

from domain import validation
from domain.access import Access
from domain.accounts import store
from domain.accounts.demo import DEMO_USERNAMES
from domain.accounts.models import RoleGrant, User
from domain.accounts.passwords import hash_password, verify_password
from domain.accounts.tokens import issue_token
from domain.audit.store import audited
from domain.errors import BadUserInput, Conflict, NotFound, Unauthenticated
from domain.units import store as units
from policies.roles import GRANT_LEVEL, Role


@dataclass(frozen=True)
class TokenSettings:
    """How tokens are signed and how long they live, and whether the demo accounts are refused (production)."""

    secret: str
    ttl_seconds: int
    refuse_demo_accounts: bool


async def login(access: Access, tokens: TokenSettings, username: str, password: str) -> tuple[str, User]:
    """A token for the account; the request goes on as that user (the payload's `user { grants }`)."""
    user = await store.user_by_username(username)
    refused = tokens.refuse_demo_accounts and username in DEMO_USERNAMES
    if not verify_password(user.password_hash if user else None, password) or user is None or refused:
        raise Unauthenticated("Wrong username or password.")
    if not user.is_active:
        raise Unauthenticated("This account is disabled.")
    token = issue_token(tokens.secret, user.id, user.username, tokens.ttl_seconds)
    access.principal = await store.load_principal(user.id)
    return token, user


async def me(access: Access) -> User:
    user = (await store.users_by_ids([access.caller().user_id])).get(access.caller().user_id)
    if user is None:
        raise Unauthenticated("The account of this token no longer exists.")
    return user


async def create_user(access: Access, *, username: str, full_name: str, password: str) -> User:
    actor = access.actor_anywhere("user", "create", "Your roles do not allow creating accounts.")
    username = validation.username(username)
    full_name = validation.required_text(full_name, "fullName")
    password = validation.password(password)
    if await store.user_by_username(username) is not None:
        raise Conflict(f"The username {username} is taken.", field="username")
    try:
        async with audited(actor, "createUser") as change:
            return await store.create_user(
                change, username=username, full_name=full_name, password_hash=hash_password(password)
            )
    except IntegrityError:  # a concurrent request took the name between the check and the insert
        raise Conflict(f"The username {username} is taken.", field="username") from None


async def grant_role(access: Access, *, username: str, role: Role, unit_code: str) -> User:
    unit = await units.by_code(unit_code)
    actor = access.actor(f"grant.{role}", "manage", unit.path if unit else None, f"Unit {unit_code}")
    assert unit is not None  # actor() answered NOT_FOUND otherwise
    user = await store.user_by_username(username)
    if user is None:
        raise NotFound(f"User {username} does not exist.")
    if unit.level != GRANT_LEVEL[role]:
        raise BadUserInput(
            f"{role} is granted on a {GRANT_LEVEL[role]} unit; {unit_code} is a {unit.level}.", field="unitCode"
        )
    if await store.find_grant(user.id, role, unit.code) is not None:
        raise Conflict(f"{username} already holds {role} on {unit_code}.")
    try:
        async with audited(actor, "grantRole") as change:
            await store.add_grant(change, user=user, role=role, unit=unit)
    except IntegrityError:
        raise Conflict(f"{username} already holds {role} on {unit_code}.") from None
    return user


async def revoke_role(access: Access, *, username: str, role: Role, unit_code: str) -> User:
    unit = await units.by_code(unit_code)
    actor = access.actor(f"grant.{role}", "manage", unit.path if unit else None, f"Unit {unit_code}")
    assert unit is not None
    user = await store.user_by_username(username)
    existing = await store.find_grant(user.id, role, unit.code) if user else None
    if user is None or existing is None:
        raise NotFound(f"{username} holds no {role} grant on {unit_code}.")
    async with audited(actor, "revokeRole") as change:
        if not await store.remove_grant(change, grant=existing, user=user, unit=unit):
            raise Conflict("This is the last NATIONAL_ADMIN grant: grant the role to someone else first.")
    return user


async def grants_of(access: Access, user_ids: list[int]) -> dict[int, list[RoleGrant]]:
    """Another user's grants, only where they lie inside the caller's scope."""
    return await store.grants_of_users(user_ids, access.scope("grant", "read", "unit__path"))
