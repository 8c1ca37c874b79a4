"""login, createUser, grantRole, revokeRole."""

from __future__ import annotations

import strawberry

from domain.accounts import actions as accounts
from policies.roles import Role
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
        context = info.context
        token, user = await accounts.login(context.access, context.tokens, username, password, context.client_address)
        return AuthPayload(token=token, user=UserType.from_model(user))

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def change_password(self, info: Info, current: str, new: str) -> bool:
        """One's own password; every token issued before, this one included, stops working."""
        context = info.context
        return await accounts.change_password(context.access, context.tokens, current, new, context.client_address)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def set_user_active(self, info: Info, username: str, active: bool) -> UserType:
        """By whoever may manage the user's grants; disabling ends its tokens on the next request."""
        user = await accounts.set_user_active(info.context.access, username=username, active=active)
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_user(self, info: Info, input: CreateUserInput) -> UserType:
        user = await accounts.create_user(
            info.context.access, username=input.username, full_name=input.full_name, password=input.password
        )
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def grant_role(
        self, info: Info, username: str, role: Role, unit_code: str, map: str | None = None
    ) -> UserType:
        user = await accounts.grant_role(
            info.context.access, username=username, role=role, unit_code=unit_code, map_code=map
        )
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def revoke_role(
        self, info: Info, username: str, role: Role, unit_code: str, map: str | None = None
    ) -> UserType:
        user = await accounts.revoke_role(
            info.context.access, username=username, role=role, unit_code=unit_code, map_code=map
        )
        return UserType.from_model(user)
