"""Assigning targets top-down, and reading them in scope."""

from __future__ import annotations

from domain import validation
from domain.access import Access
from domain.audit.store import Change, write_once_more_on_a_race
from domain.paging import Page
from domain.targets import store
from domain.targets.models import Target
from domain.units import store as units
from domain.units.actions import within
from policies.roles import UnitLevel
from policies.scope import NOTHING


async def assign_target(
    access: Access,
    *,
    unit_code: str,
    school_year: str,
    target_rate: float,
    target_participants: int | None,
    note: str | None,
) -> Target:
    """Only an officer whose scope strictly contains the unit; re-assigning keeps the history."""
    unit = await units.by_code(unit_code)
    actor = access.actor(
        f"target.{unit.level}" if unit else "target", "assign", unit.path if unit else None, f"Unit {unit_code}"
    )
    assert unit is not None
    school_year = validation.school_year(school_year)
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
    level: UnitLevel | None,
    after_code: str | None,
    limit: int,
) -> Page[Target]:
    """Targets of the units the caller may read (and at or below `unitCode`), by unit code."""
    validation.school_year(school_year)
    narrowed = await within(access, unit_code, "unit_path")
    if narrowed is NOTHING:
        return Page.empty()
    return await store.page(
        access.readable("unit_path"),
        school_year=school_year,
        within=narrowed,
        level=level,
        after_code=after_code,
        limit=limit,
    )
