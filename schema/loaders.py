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
from api.repositories.paging import Page, newest_below

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
        # Keyed by (unit code, school year): several years of several units are one statement.
        self.target_by_unit_year: DataLoader[tuple[str, str], Target | None] = DataLoader(
            _by_key(targets.for_unit_years)
        )
        self.totals_by_unit_year: DataLoader[tuple[str, str], ParticipationTotal | None] = DataLoader(
            _by_key(participation.totals_for_unit_years)
        )
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

    def rows_of_submission(self, after: int | None, limit: int) -> DataLoader[int, Page[CardRow]]:
        async def fetch(ids: list[int]) -> dict:
            return await submission_store.rows_pages(ids, after_line=after, limit=limit)

        return self._loader(("rows", after, limit), _by_key(fetch))

    def records_below_unit(
        self, model: type[Submission] | type[Reward], path_field: str, filters: Q, key: tuple
    ) -> DataLoader[str, Page[Any]]:
        """Newest-first pages of the records at or below each unit (by path), bounded per unit.

        `key` must identify `filters` and the page arguments: the loader is shared by every unit asking the same.
        """
        after_id, limit = key[-2], key[-1]

        async def batch(paths: list[str]) -> list[Page[Any]]:
            pages = await newest_below(
                model.filter(filters), path_field=path_field, paths=paths, after_id=after_id, limit=limit
            )
            return [pages[p] for p in paths]

        return self._loader(("below", model.__name__, *key), batch)
