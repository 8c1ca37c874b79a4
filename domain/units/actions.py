"""Reading the maps as the caller may see them: out of scope reads as absent."""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q, Subquery

from domain import validation
from domain.access import Access
from domain.errors import BadUserInput
from domain.paging import Page
from domain.units import store
from domain.units.models import Map, UnitNode
from domain.units.store import Place
from policies.scope import NOTHING, subtree


async def map_named(map_code: str | None) -> Map | None:
    """The map a `map:` argument names (None when not given); BAD_USER_INPUT for one that does not exist."""
    if map_code is None:
        return None
    found = await store.map_by_code(map_code)
    if found is None:
        known = ", ".join(m.code for m in await store.maps())
        raise BadUserInput(f"There is no map {map_code[:16]!r}: the maps are {known}.", field="map")
    return found


async def map_or_current(map_code: str | None) -> Map:
    return await map_named(map_code) or await store.current_map()


async def map_for_year(map_code: str | None, school_year: str) -> Map:
    """The map an operation on a school year works on: `map:` when given, else the map of that year."""
    return await map_named(map_code) or await store.map_of_year(school_year)


async def find(access: Access, code: str, *, map_code: str | None = None, prefer: str | None = None) -> Place | None:
    """The unit `code` names (SPEC section 9: which map a code names), if the caller may see it, else None."""
    access.caller()
    await map_named(map_code)
    place = await store.find(code, map_code=map_code, prefer=prefer)
    return place if place is not None and access.sees(place.path) else None


async def within(
    access: Access, code: str | None, unit_field: str, *, map_code: str | None = None, prefer: str | None = None
) -> Q:
    """A filter narrowing records (by the unit key in `unit_field`) to the unit `code` and below, on the map
    the code names; it matches nothing when the caller cannot see that unit."""
    if code is None:
        await map_named(map_code)
        return Q()
    place = await find(access, code, map_code=map_code, prefer=prefer)
    if place is None:
        return NOTHING
    nodes: dict[str, Any] = {f"{unit_field}__in": Subquery(UnitNode.filter(subtree(place.path)).values("unit_id"))}
    return Q(**nodes)


async def units(
    access: Access,
    *,
    map_code: str | None,
    level: str | None,
    parent_code: str | None,
    search: str | None,
    after_code: str | None,
    limit: int,
) -> Page[UnitNode]:
    """The units of one map (the current one unless named) that the caller can see, by code."""
    on = await map_or_current(map_code)
    parent_key = None
    if parent_code is not None:
        parent = await store.find(parent_code, map_code=on.code)
        if parent is None:
            return Page.empty()
        parent_key = parent.key
    return await store.page(
        access.visible(on=on.code),
        map_code=on.code,
        level=level,
        parent_key=parent_key,
        search=validation.search(search),
        after_code=after_code,
        limit=limit,
    )


async def children_pages(
    access: Access, parents: list[tuple[str, str]], *, after_code: str | None, limit: int
) -> dict[tuple[str, str], Page[UnitNode]]:
    """Only the children inside the caller's view: an ancestor lists just the branch that leads to the caller."""
    return await store.children_pages(
        parents, lambda map_code: access.visible(on=map_code), after_code=after_code, limit=limit
    )


async def neighbours(access: Access, nodes: list[UnitNode], step: int) -> dict[int, list[UnitNode]]:
    """Successors (`step` 1) or predecessors (-1) of each node, as far as the caller may see them."""
    found = await store.neighbours(nodes, step)
    return {node_id: [n for n in ns if access.sees(n.path)] for node_id, ns in found.items()}


async def school_years(access: Access) -> list[str]:
    access.caller()
    return await store.school_year_labels()


async def maps(access: Access) -> list[Map]:
    access.caller()
    return await store.maps()
