"""Per-request data loaders: every relation a list can fan out on is batched here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from api.models import RoleGrant, Unit, User
from api.repositories import accounts, units

if TYPE_CHECKING:
    from tortoise.expressions import Q

    from api.repositories.units import Page


class Loaders:
    """Built fresh for every request, so nothing cached outlives it (or leaks between callers)."""

    def __init__(self) -> None:
        self.unit_by_code: DataLoader[str, Unit | None] = DataLoader(self._units_by_code)
        self.user_by_id: DataLoader[int, User | None] = DataLoader(self._users_by_id)
        self._keyed: dict[tuple, DataLoader] = {}

    async def _units_by_code(self, codes: list[str]) -> list[Unit | None]:
        found = await units.by_codes(codes)
        return [found.get(code) for code in codes]

    async def _users_by_id(self, ids: list[int]) -> list[User | None]:
        found = await accounts.users_by_ids(ids)
        return [found.get(i) for i in ids]

    def _loader(self, key: tuple, batch: Callable) -> DataLoader:
        if key not in self._keyed:
            self._keyed[key] = DataLoader(batch)
        return self._keyed[key]

    def children_by_parent(self, scope: Q, after: str | None, limit: int) -> DataLoader[str, Page]:
        """Children pages of many parents, for one set of page arguments, in one batch."""

        async def batch(parent_codes: list[str]) -> list[Page]:
            pages = await units.children_pages(parent_codes, scope, after_code=after, limit=limit)
            return [pages[code] for code in parent_codes]

        return self._loader(("children", id(scope), after, limit), batch)

    def grants_by_user(self, scope: Q) -> DataLoader[int, list[RoleGrant]]:
        async def batch(user_ids: list[int]) -> list[list[RoleGrant]]:
            grouped = await accounts.grants_of_users(user_ids, scope)
            return [grouped[uid] for uid in user_ids]

        return self._loader(("grants", id(scope)), batch)
