"""Schools open, move and close (SPEC section 9), dated, audited and kept in `Unit.history`.

The provincial officer of the current map manages its province's schools; a NATIONAL_ADMIN may also move one
to another province. Each change is one transaction: the school's node and placements, the `school_count` of
the units it leaves and joins, the per-year corrections that make `schoolsExpected` right for every year, the
official totals of the years a move affects (on both sides), its event and its audit entry. Events are
appended in date order (a change never rewrites what an earlier one already decided), and a closed school
stays closed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tortoise import timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import F, Subquery

from domain import validation
from domain.access import Access, Actor
from domain.audit.store import Change, Subject, audited
from domain.errors import BadUserInput, Conflict, NotFound
from domain.participation import store as participation
from domain.participation.models import SchoolParticipation
from domain.submissions.models import Submission
from domain.text import fold
from domain.units import placements, store
from domain.units.models import Map, SchoolPlacement, SchoolType, Unit, UnitEvent, UnitNode
from domain.units.paths import child_path, code_of, keys_of, map_of
from domain.units.store import Place
from policies.roles import ancestor_paths
from policies.scope import subtree

SCHOOL_CODE_LENGTHS = range(8, 11)  # SPEC section 9: 8 to 10 digits


@dataclass(frozen=True)
class Opening:
    code: str
    name: str
    school_type: SchoolType
    parent_code: str
    opened_on: date


async def open_school(access: Access, opening: Opening) -> UnitNode:
    code = _school_code(opening.code)
    name = validation.required_text(opening.name, "name")
    opened_on = validation.record_date(opening.opened_on, "openedOn")
    on = await _current_map_on(opened_on, "openedOn")
    parent = await _parent(access, opening.parent_code, on)
    actor = access.actor("school", "manage", [parent.path], f"Unit {opening.parent_code}")
    taken = Conflict(f"A unit with code {code} exists already: a school's code is unique.", field="code")
    if await Unit.exists(key=code) or await UnitNode.exists(code=code):
        raise taken
    try:
        async with audited(actor, "openSchool") as change:
            return await _open(change, opening, code, name, opened_on, on, parent)
    except IntegrityError:  # the same code opened at the same moment: the other request's school stands
        raise taken from None


async def _open(
    change: Change, opening: Opening, code: str, name: str, opened_on: date, on: Map, parent: Place
) -> UnitNode:
    conn = change.conn
    await Unit.create(
        key=code, code=code, name=name, school_type=opening.school_type, opened_on=opened_on, using_db=conn
    )
    node = await UnitNode.create(
        unit_id=code,
        map_id=on.code,
        code=code,
        name=name,
        level=on.level_names[-1],
        school_type=opening.school_type,
        path=child_path(parent.path, code),
        parent_id=parent.key,
        school_count=1,
        search_key=fold(name),
        using_db=conn,
    )
    rows = [_placement(code, node.path, opened_on, listed=True)]
    for other in await store.maps():
        if other.code != on.code:
            near = await _nearest_on(other, parent.node, conn)
            rows.append(_placement(code, child_path(near.path, code), opened_on, listed=False))
    await SchoolPlacement.bulk_create(rows, using_db=conn)
    await _add_to_school_count(ancestor_paths(node.path), 1, conn)
    first = placements.year_containing(opened_on)
    # Listed now, so counted by `school_count` from today on: not expected in the years before it opened.
    await placements.correct_counts(placements.with_ancestors(node.path), -1, conn, to_year=first)
    # Placed for restatement only on the other maps: expected there from the year it opened.
    restated = [p for r in rows if not r.listed for p in placements.with_ancestors(r.path)]
    await placements.correct_counts(restated, 1, conn, from_year=first)
    await _event(change, code, "OPEN", opened_on, on, parent.key)
    after = {
        "code": code,
        "name": name,
        "schoolType": str(opening.school_type),
        "parentCode": parent.code,
        "openedOn": opened_on.isoformat(),
        "map": on.code,
    }
    await change.log(Subject("Unit", code, code), after=after)
    return node


async def move_school(access: Access, *, code: str, parent_code: str, from_: date) -> UnitNode:
    from_ = validation.record_date(from_, "from")
    on = await _current_map_on(from_, "from")
    school, actor = await _managed_school(access, code, on)
    parent = await _parent(access, parent_code, on)
    access.actor("school", "manage", [parent.path], f"Unit {parent_code}")
    first = placements.first_year_starting_from(from_)
    async with audited(actor, "moveSchool") as change:
        conn = change.conn
        unit = await _locked_open_unit(school, from_, "from", conn)
        node = await UnitNode.filter(id=school.node.id).using_db(conn).get()
        if node.parent_id == parent.key:
            raise BadUserInput(f"School {school.code} is under {parent.code} already.", field="parentCode")
        before = await placements.placements_of(unit.key, conn)
        years = await _years_with_figures(unit.key, first, conn)
        old_keys = {y: await placements.keys_in_year(before, y) for y in years}
        if not await SchoolPlacement.filter(school_id=unit.key).using_db(conn).exists():
            # Its first change: the nodes it had are its placements from the start.
            await SchoolPlacement.bulk_create([_placement(unit.key, p.path, None, True) for p in before], using_db=conn)
        new_path = child_path(parent.path, unit.key)
        rows = [_placement(unit.key, new_path, from_, listed=True)]
        # On a map it was never open on, its restatement place follows it (the nearest unit to its new one).
        moved_elsewhere: list[tuple[str, str]] = []
        for other in await store.maps():
            held = [p for p in before if p.map_id == other.code]
            if other.code == on.code or not held or any(p.listed for p in held):
                continue
            was = max(held, key=lambda p: p.valid_from or date.min).path
            now = child_path((await _nearest_on(other, parent.node, conn)).path, unit.key)
            if now != was:
                rows.append(_placement(unit.key, now, from_, listed=False))
                moved_elsewhere.append((was, now))
        await SchoolPlacement.bulk_create(rows, using_db=conn)
        old_path = node.path
        node.path, node.parent_id = new_path, parent.key
        await node.save(using_db=conn, update_fields=["path", "parent_id"])
        left, joined = _left_and_joined(old_path, new_path)
        await _add_to_school_count(left, -1, conn, locking=[*left, *joined])
        await _add_to_school_count(joined, 1, conn)
        # Years before `first` keep the school where it was.
        await placements.correct_counts(left, 1, conn, to_year=first)
        await placements.correct_counts(joined, -1, conn, to_year=first)
        for was, now in moved_elsewhere:
            gone, came = _left_and_joined(was, now, including_self=True)
            await placements.correct_counts(gone, -1, conn, from_year=first)
            await placements.correct_counts(came, 1, conn, from_year=first)
        after_placed = await placements.placements_of(unit.key, conn)
        for year in years:
            new_keys = await placements.keys_in_year(after_placed, year)
            await participation.move_figures(unit.key, year, old_keys[year], new_keys, conn)
        await _event(change, unit.key, "MOVE", from_, on, parent.key)
        await change.log(
            Subject("Unit", unit.key, unit.key),
            before={"parentCode": code_of(keys_of(old_path)[-2])},
            after={"parentCode": parent.code, "from": from_.isoformat(), "map": on.code},
        )
    return node


async def close_school(access: Access, *, code: str, on_day: date) -> UnitNode:
    on_day = validation.record_date(on_day, "on")
    current = await _current_map_on(on_day, "on")
    school, actor = await _managed_school(access, code, current)
    gone_from = placements.first_year_starting_after(on_day)
    async with audited(actor, "closeSchool") as change:
        conn = change.conn
        unit = await _locked_open_unit(school, on_day, "on", conn)
        later = (
            await Submission.filter(school_id=unit.key, school_year__gte=gone_from)
            .using_db(conn)
            .order_by("school_year")
            .first()
        )
        if later is not None:
            raise BadUserInput(
                f"School {school.code} has a {later.kind.lower().replace('_', ' ')} for {later.school_year}, "
                f"which starts after {on_day.isoformat()}: it cannot close before that year.",
                field="on",
            )
        await Unit.filter(key=unit.key).using_db(conn).update(closed_on=on_day)
        placed = await placements.placements_of(unit.key, conn)
        held = [
            p for path in await placements.paths_in_year(placed, gone_from) for p in placements.with_ancestors(path)
        ]
        await placements.correct_counts(held, -1, conn, from_year=gone_from)
        await _event(change, unit.key, "CLOSE", on_day, None, None)
        await change.log(Subject("Unit", unit.key, unit.key), after={"closedOn": on_day.isoformat()})
    return school.node


async def history(keys: Sequence[str]) -> dict[str, list[UnitEvent]]:
    """Events of each unit, oldest first."""
    grouped: dict[str, list[UnitEvent]] = {k: [] for k in keys}
    for event in await UnitEvent.filter(unit_id__in=list(keys)).order_by("id"):
        grouped[event.unit_id].append(event)
    return grouped


async def identities(keys: Sequence[str]) -> dict[str, Unit]:
    return {u.key: u for u in await Unit.filter(key__in=list(keys))}


# ---------------------------------------------------------------- checks


def _school_code(code: str) -> str:
    if not (validation.is_ascii_digits(code) and len(code) in SCHOOL_CODE_LENGTHS):
        raise BadUserInput("A school's code is 8 to 10 digits (0-9).", field="code")
    return code


async def _current_map_on(day: date, field: str) -> Map:
    """Schools are opened and moved on the current map: the date must lie in its time (or later)."""
    on, current = await store.map_in_force(day), await store.current_map()
    if on.code != current.code:
        raise BadUserInput(
            f"{field} {day.isoformat()} lies before the current map {current.code} (in force from "
            f"{current.valid_from.isoformat()}): schools are opened, moved and closed on the current map.",
            field=field,
        )
    return on


async def _parent(access: Access, parent_code: str, on: Map) -> Place:
    """A unit between the root and the schools on the map (on VN34: a commune, or the province itself)."""
    if not validation.is_code(parent_code):
        raise BadUserInput("parentCode is a unit code (2 to 16 digits or capitals).", field="parentCode")
    parent = await store.find(parent_code, map_code=on.code)
    if parent is None or not access.sees(parent.path):
        raise NotFound(f"Unit {parent_code} does not exist.")
    levels = on.level_names
    if parent.level in (levels[0], levels[-1]):
        raise BadUserInput(
            f"A school hangs under a unit of {', '.join(levels[1:-1])} on {on.code}, not under a {parent.level}.",
            field="parentCode",
        )
    return parent


async def _managed_school(access: Access, code: str, on: Map) -> tuple[Place, Actor]:
    """The school's node on the current map, and the grant that manages it there (a grant on another map's
    unit does not: schools are managed on the current map)."""
    place = await store.find(code, map_code=on.code) if validation.is_code(code) else None
    if place is not None and place.node.school_type is None:
        place = None
    actor = access.actor("school", "manage", [place.path] if place else None, f"School {code}")
    assert place is not None
    return place, actor


async def _locked_open_unit(school: Place, day: date, field: str, conn: BaseDBAsyncClient) -> Unit:
    """The school, locked, not closed, and `day` after its opening and its latest event (checked under the lock:
    two changes of one school at once are taken one after the other)."""
    unit = await placements.lock_school(school.key, conn)
    if unit.closed_on is not None:
        raise BadUserInput(f"School {school.code} closed on {unit.closed_on.isoformat()}.", field="code")
    latest = await UnitEvent.filter(unit_id=unit.key).using_db(conn).order_by("-id").first()
    floor = max([d for d in (unit.opened_on, latest.effective if latest else None) if d is not None], default=None)
    if floor is not None and day <= floor:
        raise BadUserInput(
            f"{field} must come after {floor.isoformat()}, the date of the school's latest change: its history "
            f"is written in date order.",
            field=field,
        )
    return unit


# ---------------------------------------------------------------- writes


async def _years_with_figures(school_key: str, first: str, conn: BaseDBAsyncClient) -> list[str]:
    """The school years from `first` on for which the school has official figures (what a move carries)."""
    years = (
        await SchoolParticipation.filter(school_id=school_key, school_year__gte=first)
        .using_db(conn)
        .order_by("school_year")
        .values_list("school_year", flat=True)
    )
    return [str(y) for y in years]


def _placement(school_key: str, path: str, valid_from: date | None, listed: bool) -> SchoolPlacement:
    keys = keys_of(path)
    return SchoolPlacement(
        school_id=school_key, map_id=map_of(path), parent_id=keys[-2], path=path, valid_from=valid_from, listed=listed
    )


def _left_and_joined(old: str, new: str, including_self: bool = False) -> tuple[list[str], list[str]]:
    """The units a school leaves and joins, by node path, when its path changes from `old` to `new`."""
    before = placements.with_ancestors(old) if including_self else ancestor_paths(old)
    after = placements.with_ancestors(new) if including_self else ancestor_paths(new)
    return [p for p in before if p not in set(after)], [p for p in after if p not in set(before)]


async def _add_to_school_count(
    paths: Sequence[str], delta: int, conn: BaseDBAsyncClient, locking: Sequence[str] = ()
) -> None:
    """`locking`: lock these nodes first, in path order (two opposite moves at once then wait, not deadlock)."""
    if locking:
        await UnitNode.filter(path__in=list(locking)).using_db(conn).order_by("path").select_for_update()
    if paths:
        await UnitNode.filter(path__in=list(paths)).using_db(conn).update(school_count=F("school_count") + delta)


async def _nearest_on(other: Map, parent: UnitNode, conn: BaseDBAsyncClient) -> UnitNode:
    """On a map the school was never open on, its place for restatement: a unit at its parent's rank there (a
    commune's: a district; a province's: a province), where the conversion between the maps puts its place.
    Of the schools of its parent (or of the nearest unit above that has any), the province there that holds
    most, then within it the unit that holds most, rank by rank; ties by path."""
    rank = len(keys_of(parent.path)) - 1
    for path in [parent.path, *reversed(ancestor_paths(parent.path))]:
        schools = UnitNode.filter(subtree(path), map_id=parent.map_id, school_type__isnull=False).values("unit_id")
        held = [
            str(p)
            for p in await UnitNode.filter(unit_id__in=Subquery(schools), map_id=other.code)
            .using_db(conn)
            .values_list("path", flat=True)
        ]
        if not held:
            continue
        chosen = ""
        for level in range(1, rank + 1):
            counts = Counter(_at_rank(p, level) for p in held)
            chosen = min(counts, key=lambda p: (-counts[p], p))
            held = [p for p in held if _at_rank(p, level) == chosen]
        return await UnitNode.filter(path=chosen).using_db(conn).get()
    return await UnitNode.filter(unit_id=keys_of(parent.path)[0], map_id=other.code).using_db(conn).get()


def _at_rank(school_path: str, rank: int) -> str:
    """The school's ancestor at `rank` (0: the root), or its deepest one if it hangs higher."""
    above = ancestor_paths(school_path)
    return above[min(rank, len(above) - 1)]


async def _event(change: Change, key: str, action: str, day: date, on: Map | None, parent_key: str | None) -> None:
    await UnitEvent.create(
        unit_id=key,
        at=timezone.now(),
        action=action,
        effective=day,
        map_id=on.code if on else None,
        parent_id=parent_key,
        actor=change.actor.username,
        using_db=change.conn,
    )
