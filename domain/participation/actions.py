"""The rollup report, and what the figures allow (reward eligibility)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery

from domain import validation
from domain.access import Access
from domain.errors import BadUserInput
from domain.participation import store
from domain.participation.store import below_target
from domain.targets import store as targets
from domain.units import actions as unit_actions
from domain.units import placements
from domain.units import store as units
from domain.units.models import UnitNode
from domain.units.paths import keys_of
from domain.units.store import Place
from policies.principal import Reach
from policies.roles import SEPARATOR, ancestor_paths
from policies.scope import NOTHING


@dataclass(frozen=True)
class ReportRow:
    unit: UnitNode
    students: int
    via_school: int
    via_other_groups: int
    target_rate: float | None
    schools_expected: int
    schools_reporting: int
    schools_below_target: int
    schools_at_full: int
    complete: bool  # every school of the unit is covered by the caller (else the sums are of those it covers)

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
        narrow = await placements.subtree_in_year(on, place.path, school_year)
    scope = access.visible(on=on.code) if narrow is None else access.visible(on=on.code) & narrow
    if scope is NOTHING:
        return []
    above, granted = _above_scope(access)
    rows = [
        u
        for u in await units.all_of_level(scope, on.code, group_by)
        if u.path not in above and (u.parent_id is not None or u.unit_id in granted)
    ]
    whole = [u for u in rows if access.reads(u.path)]
    # A unit the caller reads only in part (another map's unit holding some of its schools): the sums of the
    # outermost units it covers inside it, from the same kept totals, never a scan of schools.
    tiles = {u.unit_id: _tiles(access, u.path) for u in rows if not access.reads(u.path)}
    parts = sorted({k for keys in tiles.values() for k in keys})
    # The rows' own totals and targets through the same node filter (a join, whatever the number of rows),
    # the parts' by key (a few per row read in part).
    of_rows = Subquery(UnitNode.filter(scope, map_id=on.code, level=group_by).values("unit_id"))
    totals = await store.totals_of(of_rows, school_year) if whole else {}
    totals |= await store.totals_for(parts, school_year) if parts else {}
    expected = await units.school_counts(parts) if parts else {}
    # Schools opened, moved or closed since the year: corrections to today's counts, kept by those writes.
    corrections = await placements.count_corrections(on.code, of_rows, school_year) if whole else {}
    corrections |= await placements.count_corrections(on.code, parts, school_year) if parts else {}
    unit_targets = await targets.of_units(of_rows, school_year) if whole else {}
    report = []
    for unit in rows:
        tiled = tiles.get(unit.unit_id)
        found = [totals[k] for k in (tiled if tiled is not None else [unit.unit_id]) if k in totals]
        target = unit_targets.get(unit.unit_id)
        report.append(
            ReportRow(
                unit=unit,
                students=sum(t.students for t in found),
                via_school=sum(t.via_school for t in found),
                via_other_groups=sum(t.via_other_groups for t in found),
                target_rate=target.target_rate if target and tiled is None else None,
                schools_expected=(
                    unit.school_count + corrections.get(unit.unit_id, 0)
                    if tiled is None
                    else sum(expected.get(k, 0) + corrections.get(k, 0) for k in tiled)
                ),
                schools_reporting=sum(t.schools_reporting for t in found),
                schools_below_target=sum(t.schools_below_target for t in found),
                schools_at_full=sum(t.schools_at_full for t in found),
                complete=tiled is None,
            )
        )
    return report


def _above_scope(access: Access) -> tuple[set[str], set[str]]:
    """Units above the caller's scope, which no report row is for: the ancestors of its grants' units on their
    own maps (every map's, for a school or the root), and the root of every map unless granted at it. Returns
    those paths, and the keys of the units the caller holds a grant on."""
    own = [g for g in access.caller().grants if g.reach is Reach.OWN]
    above = {a for g in own for a in ancestor_paths(g.unit_path)}
    return above - {g.unit_path for g in own}, {g.unit_key for g in own}


def _tiles(access: Access, path: str) -> list[str]:
    """The keys of the outermost units the caller covers inside a unit it reads only in part."""
    inside = {
        g.unit_path
        for g in access.caller().grants
        if g.reach is Reach.COVERS and g.unit_path.startswith(path + SEPARATOR)
    }
    outermost = [p for p in inside if not any(a in inside for a in ancestor_paths(p))]
    return sorted({keys_of(p)[-1] for p in outermost})


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
