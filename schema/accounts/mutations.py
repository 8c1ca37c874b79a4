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
        token, user = await accounts.login(info.context.access, info.context.tokens, username, password)
        return AuthPayload(token=token, user=UserType.from_model(user))

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_user(self, info: Info, input: CreateUserInput) -> UserType:
        user = await accounts.create_user(
            info.context.access, username=input.username, full_name=input.full_name, password=input.password
        )
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def grant_role(self, info: Info, username: str, role: Role, unit_code: str) -> UserType:
        user = await accounts.grant_role(info.context.access, username=username, role=role, unit_code=unit_code)
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def revoke_role(self, info: Info, username: str, role: Role, unit_code: str) -> UserType:
        user = await accounts.revoke_role(info.context.access, username=username, role=role, unit_code=unit_code)
        return UserType.from_model(user)
