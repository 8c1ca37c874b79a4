"""me."""

from __future__ import annotations

import strawberry

from domain.accounts import actions as accounts
from schema.accounts.types import UserType
from schema.context import Info
from schema.permissions import IsAuthenticated


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def me(self, info: Info) -> UserType:
        return UserType.from_model(await accounts.me(info.context.access))
