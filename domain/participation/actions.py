"""The rollup report, and what the figures allow (reward eligibility)."""

from __future__ import annotations

from dataclasses import dataclass

from domain import validation
from domain.access import Access
from domain.participation import store
from domain.participation.store import below_target
from domain.targets import store as targets
from domain.units import store as units
from domain.units.actions import within_columns
from domain.units.models import Unit
from policies.roles import UnitLevel
from policies.scope import NOTHING


@dataclass(frozen=True)
class ReportRow:
    unit: Unit
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
    access: Access, *, school_year: str, group_by: UnitLevel, within_code: str | None
) -> list[ReportRow]:
    """One row per unit of `groupBy` in the caller's scope (and within `withinCode`), by code; units without
    an approved report included with zeros. Three statements, whatever the number of rows."""
    validation.school_year(school_year)
    narrow_units, narrow_joined = await within_columns(access, within_code, ("path", "unit__path"))
    if narrow_units is NOTHING:  # a unit the caller cannot see: no rows, no statements
        return []
    scope = access.readable() & narrow_units
    joined = access.readable("unit__path") & narrow_joined  # the same rule, through totals' and targets' unit
    rows = await units.all_of_level(scope, group_by)
    totals = await store.totals_within(joined, school_year, group_by)
    unit_targets = await targets.within(joined, school_year, group_by)
    report = []
    for unit in rows:
        total = totals.get(unit.code)
        target = unit_targets.get(unit.code)
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


async def ineligibility(unit_code: str, school_year: str) -> str | None:
    """Why a collective may not be nominated for a year, or None: it needs an approved participation report
    and a rate not below its target (SPEC section 4, Rewards)."""
    totals = (await store.totals_for([unit_code], school_year)).get(unit_code)
    if totals is None or totals.schools_reporting == 0:
        return f"{unit_code} is not eligible: it has no approved participation report for {school_year}."
    target = (await targets.for_unit_years([(unit_code, school_year)])).get((unit_code, school_year))
    participants = totals.via_school + totals.via_other_groups
    if target is not None and below_target(totals.students, participants, target.target_rate):
        achieved = round(participants * 100 / totals.students, 2) if totals.students else None
        return (
            f"{unit_code} is not eligible: its participation in {school_year} is {achieved}%, "
            f"below its target of {target.target_rate}%."
        )
    return None
