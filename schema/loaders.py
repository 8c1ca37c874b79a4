"""Per-request data loaders: every relation a list can fan out on is batched here, through the domain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.dataloader import DataLoader

from domain.access import Access
from domain.accounts import actions as accounts
from domain.accounts.models import RoleGrant
from domain.paging import Page
from domain.participation.models import ParticipationTotal
from domain.participation.store import totals_for_unit_years
from domain.rewards import actions as rewards
from domain.rewards.models import Reward
from domain.submissions import actions as submissions
from domain.submissions import store as submission_store
from domain.submissions.models import CardRow, Submission, SubmissionEvent, SubmissionKind, SubmissionStatus
from domain.targets import store as target_store
from domain.targets.models import Target, TargetChange
from domain.units import actions as units
from domain.units import schools
from domain.units import store as unit_store
from domain.units.models import Unit, UnitEvent, UnitNode


def _by_key(fetch: Callable[[list[Any]], Awaitable[dict[Any, Any]]], default: Any = None) -> Callable[..., Any]:
    async def batch(keys: list[Any]) -> list[Any]:
        found = await fetch(keys)
        return [found.get(k, default) for k in keys]

    return batch


class Loaders:
    """Built fresh for every request, so nothing cached outlives it (or leaks between callers).

    Loaders of records by key serve fields whose resolver has already asked the access door (`reads`,
    `sees`); loaders of lists filter through it themselves.
    """

    def __init__(self, access: Access) -> None:
        self.access = access
        self.nodes_of_unit: DataLoader[str, list[UnitNode]] = DataLoader(_by_key(unit_store.nodes_of_units, []))
        self.unit_identity: DataLoader[str, Unit | None] = DataLoader(_by_key(schools.identities))
        self.unit_history: DataLoader[str, list[UnitEvent]] = DataLoader(_by_key(schools.history, []))
        self.target_changes: DataLoader[int, list[TargetChange]] = DataLoader(_by_key(target_store.changes_of, []))
        self.submission_events: DataLoader[int, list[SubmissionEvent]] = DataLoader(
            _by_key(submission_store.events_of, [])
        )
        self.targets_all_years: DataLoader[str, list[Target]] = DataLoader(_by_key(target_store.for_unit_all_years, []))
        # Keyed by (unit code, school year): several years of several units are one statement.
        self.target_by_unit_year: DataLoader[tuple[str, str], Target | None] = DataLoader(
            _by_key(target_store.for_unit_years)
        )
        self.totals_by_unit_year: DataLoader[tuple[str, str], ParticipationTotal | None] = DataLoader(
            _by_key(totals_for_unit_years)
        )
        self.grants_by_user: DataLoader[int, list[RoleGrant]] = DataLoader(
            _by_key(lambda ids: accounts.grants_of(access, ids), [])
        )
        self._keyed: dict[tuple[Any, ...], DataLoader[Any, Any]] = {}
        self._orders: dict[str | None, list[str]] = {}

    async def map_order(self, map_code: str | None) -> list[str]:
        """Maps to show a unit on: `map_code`, the current map, then earlier maps, newest first (per request)."""
        if map_code not in self._orders:
            self._orders[map_code] = await unit_store.search_order(map_code)
        return self._orders[map_code]

    def _loader(self, key: tuple[Any, ...], batch: Callable[..., Any]) -> DataLoader[Any, Any]:
        if key not in self._keyed:
            self._keyed[key] = DataLoader(batch)
        return self._keyed[key]

    def neighbours(self, step: int) -> DataLoader[str, list[UnitNode]]:
        """Successors (`step` 1) or predecessors (-1) of many units (by node path), in one batch."""

        async def fetch(paths: list[str]) -> dict[str, list[UnitNode]]:
            nodes = await unit_store.nodes_by_paths(paths)
            found = await units.neighbours(self.access, list(nodes.values()), step)
            return {path: found[node.id] for path, node in nodes.items()}

        return self._loader(("neighbours", step), _by_key(fetch, []))

    def children_by_parent(self, after: str | None, limit: int) -> DataLoader[tuple[str, str], Page[UnitNode]]:
        """Children pages of many (parent key, map), for one set of page arguments, in one batch."""

        async def fetch(parents: list[tuple[str, str]]) -> dict[tuple[str, str], Page[UnitNode]]:
            return await units.children_pages(self.access, parents, after_code=after, limit=limit)

        return self._loader(("children", after, limit), _by_key(fetch))

    def rows_of_submission(self, after: int | None, limit: int) -> DataLoader[int, Page[CardRow]]:
        async def fetch(ids: list[int]) -> dict[int, Page[CardRow]]:
            return await submission_store.rows_pages(ids, after_line=after, limit=limit)

        return self._loader(("rows", after, limit), _by_key(fetch))

    def submissions_below(
        self,
        school_year: str | None,
        kind: SubmissionKind | None,
        status: SubmissionStatus | None,
        after_id: int | None,
        limit: int,
    ) -> DataLoader[str, Page[Submission]]:
        """Newest-first pages of the submissions at or below each unit (by path), bounded per unit."""

        async def fetch(paths: list[str]) -> dict[str, Page[Submission]]:
            return await submissions.submissions_below(
                self.access, paths, school_year=school_year, kind=kind, status=status, after_id=after_id, limit=limit
            )

        return self._loader(("submissions", school_year, kind, status, after_id, limit), _by_key(fetch))

    def rewards_below(self, school_year: str | None, after_id: int | None, limit: int) -> DataLoader[str, Page[Reward]]:
        async def fetch(paths: list[str]) -> dict[str, Page[Reward]]:
            return await rewards.rewards_below(
                self.access, paths, school_year=school_year, after_id=after_id, limit=limit
            )

        return self._loader(("rewards", school_year, after_id, limit), _by_key(fetch))
