"""The rollup report, and what the figures allow (reward eligibility)."""

from __future__ import annotations

from dataclasses import dataclass

from domain import validation
from domain.access import Access
from domain.errors import BadUserInput
from domain.participation import store
from domain.participation.store import below_target
from domain.targets import store as targets
from domain.units import actions as unit_actions
from domain.units import store as units
from domain.units.models import UnitNode
from domain.units.store import Place
from policies.scope import NOTHING, subtree


@dataclass(frozen=True)
class ReportRow:
    unit: UnitNode
    students: int
    via_school: int
    via_other_groups: int
    target_rate: float | None
    schools_reporting: int
    schools_below_target: int
    schools_at_full: int

    @property
    def participants(self) -> int:
        return self.via_school + self.via_other_groups


async def participation_report(
    access: Access, *, school_year: str, group_by: str, within_code: str | None, map_code: str | None = None
) -> list[ReportRow]:
    """One row per unit of `groupBy` on the map (the school year's unless named) in the caller's scope (and
    within `withinCode`), by code; units without an approved report included with zeros. Three statements,
    whatever the number of rows."""
    validation.school_year(school_year)
    on = await unit_actions.map_for_year(map_code, school_year)
    if group_by not in on.level_names:
        raise BadUserInput(
            f"{group_by} is not a level of the map {on.code}: its levels are {', '.join(on.level_names)}.",
            field="groupBy",
        )
    narrow = None
    if within_code is not None:
        place = await unit_actions.find(access, within_code, map_code=on.code)
        if place is None:  # a unit the caller cannot see: no rows, no statements
            return []
        narrow = subtree(place.path)
    scope = access.readable() if narrow is None else access.readable() & narrow
    if scope is NOTHING:
        return []
    rows = await units.all_of_level(scope, on.code, group_by)
    keys = [unit.unit_id for unit in rows]
    totals = await store.totals_for(keys, school_year) if keys else {}
    unit_targets = await targets.for_units(keys, school_year) if keys else {}
    report = []
    for unit in rows:
        total = totals.get(unit.unit_id)
        target = unit_targets.get(unit.unit_id)
        report.append(
            ReportRow(
                unit=unit,
                students=total.students if total else 0,
                via_school=total.via_school if total else 0,
                via_other_groups=total.via_other_groups if total else 0,
                target_rate=target.target_rate if target else None,
                schools_reporting=total.schools_reporting if total else 0,
                schools_below_target=total.schools_below_target if total else 0,
                schools_at_full=total.schools_at_full if total else 0,
            )
        )
    return report


async def ineligibility(unit: Place, school_year: str) -> str | None:
    """Why a collective may not be nominated for a year, or None: it needs an approved participation report
    and a rate not below its target (SPEC section 4, Rewards)."""
    unit_code = unit.code
    totals = (await store.totals_for([unit.key], school_year)).get(unit.key)
    if totals is None or totals.schools_reporting == 0:
        return f"{unit_code} is not eligible: it has no approved participation report for {school_year}."
    target = (await targets.for_unit_years([(unit.key, school_year)])).get((unit.key, school_year))
    participants = totals.via_school + totals.via_other_groups
    if target is not None and below_target(totals.students, participants, target.target_rate):
        achieved = round(participants * 100 / totals.students, 2) if totals.students else None
        return (
            f"{unit_code} is not eligible: its participation in {school_year} is {achieved}%, "
            f"below its target of {target.target_rate}%."
        )
    return None
