"""Assigning targets top-down, and reading them in scope."""

from __future__ import annotations

from tortoise.expressions import Q, Subquery

from domain import validation
from domain.access import Access
from domain.audit.store import Change, write_once_more_on_a_race
from domain.paging import Page
from domain.targets import store
from domain.targets.models import Target
from domain.units import store as units
from domain.units.actions import map_named, within
from domain.units.models import UnitNode
from policies.scope import NOTHING


async def assign_target(
    access: Access,
    *,
    unit_code: str,
    school_year: str,
    target_rate: float,
    target_participants: int | None,
    note: str | None,
    map_code: str | None = None,
) -> Target:
    """Only an officer whose scope strictly contains the unit; re-assigning keeps the history. The code names
    the unit of the school year's map when that map has it (SPEC section 9)."""
    school_year = validation.school_year(school_year)
    await map_named(map_code)
    unit = await units.find(unit_code, map_code=map_code, prefer=(await units.map_of_year(school_year)).code)
    actor = access.actor("target", "assign", unit.paths if unit else None, f"Unit {unit_code}")
    assert unit is not None
    rate = validation.percent(target_rate, "targetRate")
    if target_participants is not None:
        validation.count(target_participants, "targetParticipants", validation.MAX_PEOPLE)
    note = validation.note(note)

    async def assign(change: Change) -> Target:
        return await store.assign(
            change, unit=unit, school_year=school_year, rate=rate, participants=target_participants, note=note
        )

    return await write_once_more_on_a_race(actor, "assignTarget", assign)


async def targets(
    access: Access,
    *,
    school_year: str,
    unit_code: str | None,
    level: str | None,
    map_code: str | None = None,
    after_key: str | None,
    limit: int,
) -> Page[Target]:
    """Targets of the units the caller may read (and at or below `unitCode`, of `level`), by unit key."""
    validation.school_year(school_year)
    prefer = (await units.map_of_year(school_year)).code
    narrowed = await within(access, unit_code, "unit_id", map_code=map_code, prefer=prefer)
    if narrowed is NOTHING:
        return Page.empty()
    if level is not None:
        on = map_code or prefer
        narrowed &= Q(unit_id__in=Subquery(UnitNode.filter(map_id=on, level=level).values("unit_id")))
    return await store.page(
        access.records("unit_id"), school_year=school_year, within=narrowed, after_key=after_key, limit=limit
    )
