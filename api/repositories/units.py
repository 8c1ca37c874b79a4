"""The unit tree: look-ups by code and keyset-paginated lists under a caller's scope filter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Q

from api.models import Unit
from api.text import fold
from policies.roles import UnitLevel


@dataclass(frozen=True)
class Page:
    rows: list[Unit]
    total: int
    has_next: bool


async def by_codes(codes: Sequence[str]) -> dict[str, Unit]:
    return {u.code: u for u in await Unit.filter(code__in=list(codes))}


async def by_code(code: str) -> Unit | None:
    return await Unit.get_or_none(code=code)


async def page(
    scope: Q,
    *,
    level: UnitLevel | None = None,
    parent_code: str | None = None,
    search: str | None = None,
    after_code: str | None = None,
    limit: int,
) -> Page:
    """Units matching the filters, ordered by code: `limit` rows after `after_code`, and the total."""
    conditions = [scope]
    if level is not None:
        conditions.append(Q(level=level))
    if parent_code is not None:
        conditions.append(Q(parent_id=parent_code))
    if search:
        conditions.append(Q(search_key__contains=fold(search.strip())))
    base = Unit.filter(*conditions)
    total = await base.count()
    query = base.filter(code__gt=after_code) if after_code is not None else base
    rows = await query.order_by("code").limit(limit + 1) if limit > 0 else []
    return Page(rows=rows[:limit], total=total, has_next=len(rows) > limit)


async def children_pages(
    parent_codes: Sequence[str], scope: Q, *, after_code: str | None, limit: int
) -> dict[str, Page]:
    """The visible children of several parents at once: two queries whatever the number of parents.

    Rows per parent are read up to the page (one over, to know if there is a
    next page), in code order; totals come from one grouped count.
    """
    from tortoise.functions import Count

    parents = list(parent_codes)
    base = Unit.filter(scope, parent_id__in=parents)
    counts = {
        row["parent_id"]: row["n"]
        for row in await base.group_by("parent_id").annotate(n=Count("code")).values("parent_id", "n")
    }
    rows_query = base.filter(code__gt=after_code) if after_code is not None else base
    grouped: dict[str, list[Unit]] = {code: [] for code in parents}
    if limit > 0:
        for unit in await rows_query.order_by("parent_id", "code"):
            bucket = grouped[unit.parent_id]  # type: ignore[index]
            if len(bucket) <= limit:
                bucket.append(unit)
    return {
        code: Page(rows=grouped[code][:limit], total=counts.get(code, 0), has_next=len(grouped[code]) > limit)
        for code in parents
    }
