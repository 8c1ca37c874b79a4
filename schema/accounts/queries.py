"""me."""

from __future__ import annotations

import strawberry

from api.errors import Unauthenticated
from schema.accounts.types import UserType
from schema.context import Info
from schema.permissions import IsAuthenticated


@strawberry.type
class AccountQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def me(self, info: Info) -> UserType:
        user = await info.context.loaders.user_by_id.load(info.context.caller().user_id)
        if user is None:
            raise Unauthenticated("The account of this token no longer exists.")
        return UserType.from_model(user)
