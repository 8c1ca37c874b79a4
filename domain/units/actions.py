"""Reading the tree as the caller may see it: out of scope reads as absent."""

from __future__ import annotations

from tortoise.expressions import Q

from domain import validation
from domain.access import Access
from domain.paging import Page
from domain.units import store
from domain.units.models import Unit
from policies.roles import UnitLevel
from policies.scope import NOTHING, subtree


async def visible_unit(access: Access, code: str) -> Unit | None:
    """The unit if the caller may see it, else None."""
    access.caller()
    unit = await store.by_code(code)
    return unit if unit is not None and access.sees(unit.path) else None


async def within(access: Access, code: str | None, column: str = "path") -> Q:
    """A filter narrowing a list to the unit `code` and below; matches nothing when the caller cannot see it."""
    return (await within_columns(access, code, (column,)))[0]


async def within_columns(access: Access, code: str | None, columns: tuple[str, ...]) -> tuple[Q, ...]:
    """`within` over several path columns at once (a report joins units, totals and targets): one look-up."""
    if code is None:
        return tuple(Q() for _ in columns)
    unit = await visible_unit(access, code)
    return tuple(subtree(unit.path, column) if unit is not None else NOTHING for column in columns)


async def units(
    access: Access,
    *,
    level: UnitLevel | None,
    parent_code: str | None,
    search: str | None,
    after_code: str | None,
    limit: int,
) -> Page[Unit]:
    """The units the caller can see (its scope and the ancestors of its grants), by code."""
    return await store.page(
        access.visible(),
        level=level,
        parent_code=parent_code,
        search=validation.search(search),
        after_code=after_code,
        limit=limit,
    )


async def children_pages(
    access: Access, parent_codes: list[str], *, after_code: str | None, limit: int
) -> dict[str, Page[Unit]]:
    """Only the children inside the caller's view: an ancestor lists just the branch that leads to the caller."""
    return await store.children_pages(parent_codes, access.visible(), after_code=after_code, limit=limit)


async def school_years(access: Access) -> list[str]:
    access.caller()
    return await store.school_year_labels()
