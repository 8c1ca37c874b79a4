"""Per-request data loaders: every relation a list can fan out on is batched here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader

from api.models import (
    CardRow,
    ParticipationTotal,
    Reward,
    RoleGrant,
    Submission,
    SubmissionEvent,
    Target,
    TargetChange,
    Unit,
    User,
)
from api.repositories import accounts, participation, targets, units
from api.repositories import submissions as submission_store
from api.repositories.paging import Page
from api.repositories.scoping import subtree

if TYPE_CHECKING:
    from tortoise.expressions import Q


def _by_key(fetch: Callable[[list[Any]], Awaitable[dict]], default: Any = None) -> Callable:
    async def batch(keys: list[Any]) -> list[Any]:
        found = await fetch(keys)
        return [found.get(k, default) for k in keys]

    return batch


class Loaders:
    """Built fresh for every request, so nothing cached outlives it (or leaks between callers)."""

    def __init__(self) -> None:
        self.unit_by_code: DataLoader[str, Unit | None] = DataLoader(_by_key(units.by_codes))
        self.user_by_id: DataLoader[int, User | None] = DataLoader(_by_key(accounts.users_by_ids))
        self.target_changes: DataLoader[int, list[TargetChange]] = DataLoader(_by_key(targets.changes_of, []))
        self.submission_events: DataLoader[int, list[SubmissionEvent]] = DataLoader(
            _by_key(submission_store.events_of, [])
        )
        self.targets_all_years: DataLoader[str, list[Target]] = DataLoader(_by_key(targets.for_unit_all_years, []))
        self._keyed: dict[tuple, DataLoader] = {}

    def _loader(self, key: tuple, batch: Callable) -> DataLoader:
        if key not in self._keyed:
            self._keyed[key] = DataLoader(batch)
        return self._keyed[key]

    def children_by_parent(self, scope: Q, after: str | None, limit: int) -> DataLoader[str, Page[Unit]]:
        """Children pages of many parents, for one set of page arguments, in one batch."""

        async def fetch(codes: list[str]) -> dict:
            return await units.children_pages(codes, scope, after_code=after, limit=limit)

        return self._loader(("children", id(scope), after, limit), _by_key(fetch))

    def grants_by_user(self, scope: Q) -> DataLoader[int, list[RoleGrant]]:
        async def fetch(ids: list[int]) -> dict:
            return await accounts.grants_of_users(ids, scope)

        return self._loader(("grants", id(scope)), _by_key(fetch, []))

    def target_for_year(self, school_year: str) -> DataLoader[str, Target | None]:
        async def fetch(codes: list[str]) -> dict:
            return await targets.for_units(codes, school_year)

        return self._loader(("target", school_year), _by_key(fetch))

    def totals_for_year(self, school_year: str) -> DataLoader[str, ParticipationTotal | None]:
        async def fetch(codes: list[str]) -> dict:
            return await participation.totals_for(codes, school_year)

        return self._loader(("totals", school_year), _by_key(fetch))

    def rows_of_submission(self, after: int | None, limit: int) -> DataLoader[int, Page[CardRow]]:
        async def fetch(ids: list[int]) -> dict:
            return await submission_store.rows_pages(ids, after_line=after, limit=limit)

        return self._loader(("rows", after, limit), _by_key(fetch))

    def records_below_unit(
        self, model: type[Submission] | type[Reward], path_field: str, filters: Q, key: tuple
    ) -> DataLoader[str, list[Any]]:
        """`key` must identify `filters` (the field's arguments): loaders are shared by every unit asking the same."""
        """Records at or below each unit (by path), newest first: one statement per batch of units.

        Units are passed as paths; a record below two units of the batch is listed under both.
        """

        async def batch(paths: list[str]) -> list[list[Any]]:
            from tortoise.expressions import Q as Query

            anywhere = Query(*[subtree(p, path_field) for p in paths], join_type=Query.OR)
            rows = await model.filter(anywhere, filters).order_by("-id")
            return [[r for r in rows if _within(getattr(r, path_field), p)] for p in paths]

        return self._loader(("below", model.__name__, *key), batch)


def _within(path: str, ancestor: str) -> bool:
    return path == ancestor or path.startswith(ancestor + ".")
