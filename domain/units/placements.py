"""Where a school hangs on each map in a given school year, and the counts that follow it.

A school belongs, for a school year, to the unit that held it on 1 September of the year's first year (or on
its opening day, if it opened later that year); on a map not in force then, to its placement on the map's
nearest day. A school that never moved has its nodes as its only placements; from its first move (or its
opening) its placements are rows of `SchoolPlacement`, the node being the latest listed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum

from domain.units.models import Map, SchoolCountChange, SchoolPlacement, Unit, UnitNode
from domain.units.paths import keys_of, map_of
from domain.units.store import levels_granting, maps, year_start
from policies.roles import SEPARATOR, ancestor_paths
from policies.scope import subtree


@dataclass(frozen=True)
class Placed:
    map_id: str
    path: str
    valid_from: date | None  # None: since the map began
    listed: bool


async def placements_of(school_key: str, conn: Any) -> list[Placed]:
    rows = await SchoolPlacement.filter(school_id=school_key).using_db(conn)
    if rows:
        return [Placed(r.map_id, r.path, r.valid_from, r.listed) for r in rows]
    nodes = await UnitNode.filter(unit_id=school_key).using_db(conn).values_list("map_id", "path")
    return [Placed(str(m), str(p), None, True) for m, p in nodes]


def placement_on(placed: Iterable[Placed], on: Map, day: date) -> Placed | None:
    """The placement on `on` in force on `day`; before a school's first placement there, that one (a school
    counts from its opening day in the year it opens). Where the school was open on the map, the day is clamped
    into the map's dates (a year after VN63 ended restates on VN63 where the school last was); a map it was
    never open on follows it, unclamped, through the places nearest its real ones."""
    ordered = sorted((p for p in placed if p.map_id == on.code), key=lambda p: p.valid_from or date.min)
    if not ordered:
        return None
    if any(p.listed for p in ordered):
        day = max(day, on.valid_from)
        if on.valid_to is not None:
            day = min(day, on.valid_to)
    chosen = ordered[0]
    for p in ordered:
        if (p.valid_from or date.min) <= day:
            chosen = p
    return chosen


async def paths_in_year(placed: Sequence[Placed], school_year: str) -> list[str]:
    """The school's path on every map for the school year (one per map; unlisted ones included)."""
    day = year_start(school_year)
    found = [placement_on(placed, on, day) for on in await maps()]
    return [p.path for p in found if p is not None]


async def moved_across(on: Map, path: str, school_year: str) -> tuple[list[str], list[str]]:
    """Schools of the map that moved in or out of the unit at `path`: those inside it for the year though their
    node is now elsewhere, and those whose node is inside though they were elsewhere that year. Only schools
    that ever hung inside it with dated placements are read (few), never the unit's other schools."""
    rows = await SchoolPlacement.filter(subtree(path), map_id=on.code).values_list("school_id", flat=True)
    movers = sorted({str(k) for k in rows})
    if not movers:
        return [], []
    placed: dict[str, list[Placed]] = {k: [] for k in movers}
    for r in await SchoolPlacement.filter(school_id__in=movers, map_id=on.code):
        placed[r.school_id].append(Placed(r.map_id, r.path, r.valid_from, r.listed))
    nodes = dict(await UnitNode.filter(unit_id__in=movers, map_id=on.code).values_list("unit_id", "path"))
    day = year_start(school_year)
    came, went = [], []
    for key in movers:
        then = placement_on(placed[key], on, day)
        was_inside = then is not None and _inside(then.path, path)
        is_inside = key in nodes and _inside(str(nodes[key]), path)
        if was_inside and not is_inside:
            came.append(key)
        elif is_inside and not was_inside:
            went.append(key)
    return came, went


async def subtree_in_year(on: Map, path: str, school_year: str) -> Q:
    """The nodes at or below `path` as they stood in the school year: a school that moved since counts where
    it was then (the 1 September rule), in lists that name a unit (`withinCode`)."""
    narrow = subtree(path)
    came, went = await moved_across(on, path, school_year)
    if went:
        narrow &= ~Q(unit_id__in=went)
    if came:
        narrow |= Q(unit_id__in=came)
    return narrow


def _inside(path: str, unit_path: str) -> bool:
    return path == unit_path or path.startswith(unit_path + SEPARATOR)


async def keys_in_year(placed: Sequence[Placed], school_year: str) -> list[str]:
    """The units that hold the school in the school year, on every map, each once, root first (the locking
    order of totals)."""
    return keys_root_first(await paths_in_year(placed, school_year))


def keys_root_first(paths: Iterable[str]) -> list[str]:
    """The units on the paths, each once, root first (the locking order of totals)."""
    depth = {key: depth for path in paths for depth, key in enumerate(keys_of(path))}
    return sorted(depth, key=lambda key: (depth[key], key))


async def provinces_over_time(school_key: str) -> list[tuple[date, date | None, str]]:
    """Which province held the school when, on the maps it was open on: (first day, day after the last or None,
    province key), oldest first. A map's last period ends with the map, except on the last map that holds the
    school, where it goes on."""
    placed = [p for p in await placements_of(school_key, None) if p.listed]
    held = [on for on in await maps() if any(p.map_id == on.code for p in placed)]
    periods: list[tuple[date, date | None, str]] = []
    for i, on in enumerate(held):
        mine = sorted((p for p in placed if p.map_id == on.code), key=lambda p: p.valid_from or date.min)
        for j, p in enumerate(mine):
            start = max(p.valid_from or on.valid_from, on.valid_from)
            end: date | None = None
            if j + 1 < len(mine):
                end = mine[j + 1].valid_from
            elif i + 1 < len(held) and on.valid_to is not None:
                end = on.valid_to + timedelta(days=1)
            province = await UnitNode.filter(
                unit_id__in=keys_of(p.path), map_id=on.code, level__in=levels_granting(on, "PROVINCIAL_OFFICER")
            ).first()
            if province is not None:
                periods.append((start, end, province.unit_id))
    return periods


async def lock_school(school_key: str, conn: Any) -> Unit:
    """The school's identity row, locked: what a change of its place, its closing, a submission and an approval
    take first, so that each sees the others' outcome whole (SQLite serialises writers anyway)."""
    return await Unit.filter(key=school_key).using_db(conn).select_for_update().get()


# ---------------------------------------------------------------- school years of a date


def year_containing(day: date) -> str:
    first = day.year if day >= date(day.year, 9, 1) else day.year - 1
    return f"{first}-{first + 1}"


def first_year_starting_from(day: date) -> str:
    """The first school year whose 1 September is on or after `day` (the first a move from `day` changes)."""
    first = day.year if day <= date(day.year, 9, 1) else day.year + 1
    return f"{first}-{first + 1}"


def first_year_starting_after(day: date) -> str:
    """The first school year that starts after `day` (the first a close on `day` removes the school from)."""
    first = day.year if day < date(day.year, 9, 1) else day.year + 1
    return f"{first}-{first + 1}"


# ---------------------------------------------------------------- expected counts


async def count_corrections(map_code: str, units: Sequence[str] | Subquery, school_year: str) -> dict[str, int]:
    """What to add to the `school_count` of each unit's node on the map for the year: the schools opened after,
    moved in or out since, or closed before it (one grouped statement over the few corrections there are)."""
    in_span = (Q(from_year__isnull=True) | Q(from_year__lte=school_year)) & (
        Q(to_year__isnull=True) | Q(to_year__gt=school_year)
    )
    chosen = units if isinstance(units, Subquery) else list(units)
    rows = (
        await SchoolCountChange.filter(in_span, map_id=map_code, unit_id__in=chosen)
        .annotate(total=Sum("delta"))
        .group_by("unit_id")
        .values_list("unit_id", "total")
    )
    return {str(k): int(n) for k, n in rows if n}


async def correct_counts(
    paths: Iterable[str], delta: int, conn: Any, *, from_year: str | None = None, to_year: str | None = None
) -> None:
    """Correct the count of the node at each path (and only there: give every ancestor's path too)."""
    rows = [
        SchoolCountChange(unit_id=keys_of(p)[-1], map_id=map_of(p), from_year=from_year, to_year=to_year, delta=delta)
        for p in paths
    ]
    if rows:
        await SchoolCountChange.bulk_create(rows, using_db=conn)


def with_ancestors(path: str) -> list[str]:
    return [*ancestor_paths(path), path]
