"""The unit tree: look-ups by code and keyset-paginated lists under a caller's scope filter."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from domain.paging import Page, first_per_group, keyset_page
from domain.text import fold
from domain.units.models import SchoolYear, Unit
from policies.roles import UnitLevel, codes_of


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
) -> Page[Unit]:
    """Units matching the filters, ordered by code: `limit` rows after `after_code`, and the total."""
    conditions = [scope]
    if level is not None:
        conditions.append(Q(level=level))
    if parent_code is not None:
        conditions.append(Q(parent_id=parent_code))
    if search:
        conditions.append(Q(search_key__contains=fold(search.strip())))
    return await keyset_page(Unit.filter(*conditions), key="code", after=after_code, limit=limit)


async def children_pages(
    parent_codes: Sequence[str], scope: Q, *, after_code: str | None, limit: int
) -> dict[str, Page[Unit]]:
    """The visible children of several parents at once: two statements whatever the number of parents."""
    parents = list(parent_codes)
    pages = await first_per_group(
        Unit.filter(scope, parent_id__in=parents), group="parent_id", key="code", after=after_code, limit=limit
    )
    empty: Page[Unit] = Page(rows=[], total=0, has_next=False)
    return {code: pages.get(code, empty) for code in parents}


async def all_of_level(scope: Q, level: UnitLevel) -> list[Unit]:
    return list(await Unit.filter(scope, level=level).order_by("code"))


async def province_of(unit: Unit) -> Unit | None:
    """The province a unit belongs to, found through its path rather than a fixed depth."""
    return await Unit.filter(code__in=codes_of(unit.path), level=UnitLevel.PROVINCE).first()


async def school_year_labels() -> list[str]:
    """School years that hold data."""
    labels = await SchoolYear.all().order_by("label").values_list("label", flat=True)
    return [str(label) for label in labels]


async def register_school_year(label: str, conn: BaseDBAsyncClient) -> None:
    """Whatever writes data for a school year registers it, in its own transaction."""
    await SchoolYear.bulk_create([SchoolYear(label=label)], ignore_conflicts=True, using_db=conn)
