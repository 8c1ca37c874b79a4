"""Maps and their trees: which map is in force, finding a code on a map, keyset-paginated lists of nodes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, RawSQL, Subquery

from domain.paging import Page, first_per_group, keyset_page
from domain.text import fold
from domain.units.models import Map, SchoolYear, UnitNode
from domain.units.paths import keys_of
from policies.roles import SEPARATOR


@dataclass(frozen=True)
class Place:
    """A unit as an operation names it: its node on one map, and every node path of the unit (a school and the
    root have one on each map), which is what the access door decides on."""

    node: UnitNode
    paths: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.node.unit_id

    @property
    def code(self) -> str:
        return self.node.code

    @property
    def level(self) -> str:
        return self.node.level

    @property
    def path(self) -> str:
        return self.node.path


# ---------------------------------------------------------------- maps

_maps: list[Map] = []


async def maps() -> list[Map]:
    """Every map, oldest first. Maps change by migration or seed only, so a process reads them once: when it
    starts (`read_maps`), else at the first request that needs them."""
    if not _maps:
        await read_maps()
    return _maps


async def read_maps() -> None:
    """(Re)read the maps: at a process's start, and by the seed after writing them."""
    global _maps
    _maps = list(await Map.all().order_by("valid_from"))


async def map_by_code(code: str) -> Map | None:
    return next((m for m in await maps() if m.code == code), None)


async def map_in_force(day: date) -> Map:
    """The map in force on `day` (before the first map: the first; after a map ends with no successor: the last)."""
    known = await maps()
    for candidate in known:
        if candidate.in_force_on(day):
            return candidate
    return known[0] if day < known[0].valid_from else known[-1]


async def current_map() -> Map:
    return await map_in_force(date.today())


def year_start(school_year: str) -> date:
    """1 September of the school year's first year: the day that decides its map and its schools' places."""
    return date(int(school_year[:4]), 9, 1)


async def map_of_year(school_year: str) -> Map:
    return await map_in_force(year_start(school_year))


async def search_order(prefer: str | None = None) -> list[str]:
    """Maps to look a code up in: `prefer`, then the current map, then earlier maps, newest first."""
    today = date.today()
    current = await current_map()
    earlier = [m.code for m in reversed(await maps()) if m.valid_from <= today and m.code != current.code]
    order = [current.code, *earlier]
    if prefer is not None:
        order = [prefer, *(c for c in order if c != prefer)]
    return order


# ---------------------------------------------------------------- finding units


async def find(code: str, *, map_code: str | None = None, prefer: str | None = None) -> Place | None:
    """The unit `code` names: on `map_code` only when given; else on `prefer` (the map of the operation's school
    year or date) when that map has it, then the current map, then earlier maps, newest first (SPEC section 9)."""
    nodes = list(
        await UnitNode.filter(code=code) if map_code is None else await UnitNode.filter(code=code, map_id=map_code)
    )
    if not nodes:
        return None
    by_map = {n.map_id: n for n in nodes}
    order = [map_code] if map_code is not None else await search_order(prefer)
    chosen = next((by_map[m] for m in order if m in by_map), None)
    if chosen is None:
        return None
    if map_code is not None:
        siblings = await UnitNode.filter(unit_id=chosen.unit_id).values_list("path", flat=True)
        return Place(chosen, tuple(str(p) for p in siblings))
    return Place(chosen, tuple(n.path for n in nodes if n.unit_id == chosen.unit_id))


async def place_of_key(key: str, map_code: str | None = None) -> Place | None:
    """A unit by key, on `map_code` when it has a node there, else on the current map, else its newest node."""
    nodes = list(await UnitNode.filter(unit_id=key))
    if not nodes:
        return None
    by_map = {n.map_id: n for n in nodes}
    order = await search_order(map_code)
    chosen = next((by_map[m] for m in order if m in by_map), nodes[0])
    return Place(chosen, tuple(n.path for n in nodes))


async def nodes_of_units(keys: Sequence[str]) -> dict[str, list[UnitNode]]:
    grouped: dict[str, list[UnitNode]] = {k: [] for k in keys}
    for node in await UnitNode.filter(unit_id__in=list(keys)):
        grouped[node.unit_id].append(node)
    return grouped


async def school_counts(keys: Sequence[str]) -> dict[str, int]:
    """Schools at or below each unit (one node each: administrative units and schools)."""
    rows = await UnitNode.filter(unit_id__in=list(keys)).values_list("unit_id", "school_count")
    return {str(k): int(n) for k, n in rows}


async def nodes_by_paths(paths: Sequence[str]) -> dict[str, UnitNode]:
    return {n.path: n for n in await UnitNode.filter(path__in=list(paths))}


async def paths_of(keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Every node path of each unit."""
    grouped: dict[str, list[str]] = {k: [] for k in keys}
    for key, path in await UnitNode.filter(unit_id__in=list(keys)).values_list("unit_id", "path"):
        grouped[str(key)].append(str(path))
    return {k: tuple(v) for k, v in grouped.items()}


# ---------------------------------------------------------------- lists


async def page(
    scope: Q,
    *,
    map_code: str,
    level: str | None = None,
    parent_key: str | None = None,
    search: str | None = None,
    after_code: str | None = None,
    limit: int,
) -> Page[UnitNode]:
    """Nodes of one map matching the filters, ordered by code: `limit` rows after `after_code`, and the total."""
    conditions = [scope, Q(map_id=map_code)]
    if level is not None:
        conditions.append(Q(level=level))
    if parent_key is not None:
        conditions.append(Q(parent_id=parent_key))
    if search:
        conditions.append(Q(search_key__contains=fold(search.strip())))
    return await keyset_page(UnitNode.filter(*conditions), key="code", after=after_code, limit=limit)


async def children_pages(
    parents: Sequence[tuple[str, str]], scope: Callable[[str], Q], *, after_code: str | None, limit: int
) -> dict[tuple[str, str], Page[UnitNode]]:
    """The visible children of several (parent key, map) at once: two statements per map in the batch."""
    result: dict[tuple[str, str], Page[UnitNode]] = {}
    by_map: dict[str, list[str]] = {}
    for key, map_code in parents:
        by_map.setdefault(map_code, []).append(key)
    for map_code, keys in by_map.items():
        pages = await first_per_group(
            UnitNode.filter(scope(map_code), map_id=map_code, parent_id__in=keys),
            group="parent_id",
            key="code",
            after=after_code,
            limit=limit,
        )
        for key in keys:
            result[(key, map_code)] = pages.get(key, Page.empty())
    return result


async def all_of_level(scope: Q, map_code: str, level: str) -> list[UnitNode]:
    return list(await UnitNode.filter(scope, map_id=map_code, level=level).order_by("code"))


def levels_granting(on: Map, role: str) -> list[str]:
    """The levels of a map at which its data grants `role` (the province level is PROVINCIAL_OFFICER's)."""
    return [str(level["level"]) for level in on.levels if role in level.get("roles", [])]


async def school_year_labels() -> list[str]:
    """School years that hold data."""
    labels = await SchoolYear.all().order_by("label").values_list("label", flat=True)
    return [str(label) for label in labels]


async def register_school_year(label: str, conn: BaseDBAsyncClient) -> None:
    """Whatever writes data for a school year registers it, in its own transaction."""
    await SchoolYear.bulk_create([SchoolYear(label=label)], ignore_conflicts=True, using_db=conn)


async def neighbours(nodes: Sequence[UnitNode], step: int) -> dict[int, list[UnitNode]]:
    """The units of the next (`step` 1) or previous (-1) map that hold the schools of each node, at the level of
    the same rank in that map's levels (PROVINCE <-> PROVINCE, DISTRICT <-> COMMUNE), by node id.

    Found through the schools, so a later reform needs data only: three statements per map in the batch.
    A unit on every map (the root, a school) has none: it is itself on the other map.
    """
    known = await maps()
    order = [m.code for m in known]
    result: dict[int, list[UnitNode]] = {n.id: [] for n in nodes}
    by_map: dict[str, list[UnitNode]] = {}
    for node in nodes:
        if node.school_type is None and node.parent_id is not None:
            by_map.setdefault(node.map_id, []).append(node)
    for map_code, group in by_map.items():
        index = order.index(map_code) + step
        if not 0 <= index < len(known):
            continue
        here, there = known[order.index(map_code)], known[index]
        owners: dict[str, list[UnitNode]] = {}
        placed: list[tuple[str, str]] = []
        for length, paths in _by_length(group).items():
            # the schools below any of these nodes: their paths begin with one of them (an IN list, not a tree
            # of ORs, whatever the size of the batch)
            below = (
                UnitNode.filter(map_id=map_code, school_type__isnull=False)
                .annotate(prefix=RawSQL(f'substr("path", 1, {int(length) + 1})'))
                .filter(prefix__in=[p + SEPARATOR for p in paths])
            )
            for key, path in await below.values_list("unit_id", "path"):
                owners[str(key)] = [n for n in group if str(path).startswith(n.path + SEPARATOR)]
            elsewhere = UnitNode.filter(map_id=there.code, unit_id__in=Subquery(below.values("unit_id")))
            placed += [(str(k), str(p)) for k, p in await elsewhere.values_list("unit_id", "path")]
        wanted: dict[int, set[str]] = {n.id: set() for n in group}
        for key, path in placed:
            for owner in owners[key]:
                rank = here.level_names.index(owner.level)
                along = keys_of(str(path))
                if rank < len(along) - 1:
                    wanted[owner.id].add(along[rank])
        found = {
            n.unit_id: n
            for n in await UnitNode.filter(map_id=there.code, unit_id__in=list(set().union(*wanted.values())))
        }
        for node_id, held in wanted.items():
            result[node_id] = sorted((found[k] for k in held if k in found), key=lambda n: n.code)
    return result


def _by_length(nodes: Sequence[UnitNode]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for node in nodes:
        grouped.setdefault(len(node.path), []).append(node.path)
    return grouped
