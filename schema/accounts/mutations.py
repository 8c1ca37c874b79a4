"""login, createUser, grantRole, revokeRole.

Order of checks (SPEC section 3): authentication, then authorisation, then the input's validity.
"""

from __future__ import annotations

import strawberry
from tortoise.exceptions import IntegrityError

from api import validation
from api.auth.passwords import hash_password, verify_password
from api.auth.tokens import issue_token
from api.errors import BadUserInput, Conflict, Forbidden, NotFound, Unauthenticated
from api.repositories import accounts, units
from api.seed.accounts import DEMO_USERNAMES
from policies.guard import authorize
from policies.roles import GRANT_LEVEL, Role
from schema.accounts.types import AuthPayload, UserType
from schema.context import Info
from schema.permissions import IsAuthenticated


@strawberry.input
class CreateUserInput:
    username: str
    full_name: str
    password: str


@strawberry.type
class AccountMutations:
    @strawberry.mutation
    async def login(self, info: Info, username: str, password: str) -> AuthPayload:
        settings = info.context.settings
        user = await accounts.user_by_username(username)
        refused = settings.production and username in DEMO_USERNAMES
        if not verify_password(user.password_hash if user else None, password) or user is None or refused:
            raise Unauthenticated("Wrong username or password.")
        if not user.is_active:
            raise Unauthenticated("This account is disabled.")
        token = issue_token(settings.secret, user.id, user.username, settings.token_ttl_seconds)
        principal = await accounts.load_principal(user.id)
        info.context.principal = principal  # the payload's `user { grants }` is read as the new caller
        return AuthPayload(token=token, user=UserType.from_model(user))

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_user(self, info: Info, input: CreateUserInput) -> UserType:
        caller = info.context.caller()
        grant = info.context.policy.can_anywhere(caller, "user", "create")
        if grant is None:
            raise Forbidden("Your roles do not allow creating accounts.")
        username = validation.username(input.username)
        full_name = validation.required_text(input.full_name, "fullName")
        password = validation.password(input.password)
        if await accounts.user_by_username(username) is not None:
            raise Conflict(f"The username {username} is taken.", field="username")
        try:
            user = await accounts.create_user(
                username=username,
                full_name=full_name,
                password_hash=hash_password(password),
                actor=grant,
                actor_name=caller.username,
            )
        except IntegrityError:  # a concurrent request took the name between the check and the insert
            raise Conflict(f"The username {username} is taken.", field="username") from None
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def grant_role(self, info: Info, username: str, role: Role, unit_code: str) -> UserType:
        caller = info.context.caller()
        unit = await units.by_code(unit_code)
        grant = authorize(
            info.context.policy, caller, f"grant.{role}", "manage", unit and unit.path, f"Unit {unit_code}"
        )
        assert unit is not None
        user = await accounts.user_by_username(username)
        if user is None:
            raise NotFound(f"User {username} does not exist.")
        if unit.level != GRANT_LEVEL[role]:
            raise BadUserInput(
                f"{role} is granted on a {GRANT_LEVEL[role]} unit; {unit_code} is a {unit.level}.", field="unitCode"
            )
        if await accounts.find_grant(user.id, role, unit.code) is not None:
            raise Conflict(f"{username} already holds {role} on {unit_code}.")
        try:
            await accounts.add_grant(user=user, role=role, unit=unit, actor=grant, actor_name=caller.username)
        except IntegrityError:
            raise Conflict(f"{username} already holds {role} on {unit_code}.") from None
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def revoke_role(self, info: Info, username: str, role: Role, unit_code: str) -> UserType:
        caller = info.context.caller()
        unit = await units.by_code(unit_code)
        grant = authorize(
            info.context.policy, caller, f"grant.{role}", "manage", unit and unit.path, f"Unit {unit_code}"
        )
        assert unit is not None
        user = await accounts.user_by_username(username)
        existing = await accounts.find_grant(user.id, role, unit.code) if user else None
        if user is None or existing is None:
            raise NotFound(f"{username} holds no {role} grant on {unit_code}.")
        await accounts.remove_grant(grant=existing, user=user, unit=unit, actor=grant, actor_name=caller.username)
        return UserType.from_model(user)
