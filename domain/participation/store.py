"""Official participation and its totals per unit, maintained in the approving transaction.

Every change to a school's official figures (a newer approved report, or a new
target that moves it above or below) is applied as a delta to the totals of
the school and each of its ancestors, in root-first order so that concurrent
approvals lock rows in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tortoise.expressions import F, Subquery

from domain.participation.models import ParticipationTotal, SchoolParticipation
from domain.submissions.models import Submission
from domain.targets.models import Target
from domain.units import placements


@dataclass(frozen=True)
class Figures:
    """One school's contribution to the totals of its ancestors."""

    students: int = 0
    via_school: int = 0
    via_other_groups: int = 0
    schools_reporting: int = 0
    schools_below_target: int = 0
    schools_at_full: int = 0

    def plus(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, name) + getattr(other, name) for name in FIGURES))

    def minus(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, name) - getattr(other, name) for name in FIGURES))

    def is_zero(self) -> bool:
        return not any(getattr(self, name) for name in FIGURES)


FIGURES = tuple(f.name for f in fields(Figures))


def below_target(students: int, participants: int, target_rate: float | None) -> bool:
    """participants / students < target, compared exactly (targets have one decimal)."""
    if target_rate is None or students == 0:
        return False
    return participants * 1000 < round(target_rate * 10) * students


def figures_of(fact: SchoolParticipation | None, target_rate: float | None) -> Figures:
    if fact is None:
        return Figures()
    participants = fact.via_school + fact.via_other_groups
    return Figures(
        students=fact.students,
        via_school=fact.via_school,
        via_other_groups=fact.via_other_groups,
        schools_reporting=1,
        schools_below_target=int(below_target(fact.students, participants, target_rate)),
        schools_at_full=int(fact.students > 0 and participants == fact.students),
    )


async def ancestors_of_school(school_key: str, school_year: str, conn: Any) -> list[str]:
    """The school and every unit above it on every map in that school year (the placement that held it then,
    listed or restatement-only), each once, root first (the locking order)."""
    placed = await placements.placements_of(school_key, conn)
    return await placements.keys_in_year(placed, school_year)


async def move_figures(school_key: str, school_year: str, old: Sequence[str], new: Sequence[str], conn: Any) -> None:
    """A school changes units for a year (a move): its official figures leave the units it left and join the
    ones it joined, in the same transaction."""
    fact = await SchoolParticipation.filter(school_id=school_key, school_year=school_year).using_db(conn).first()
    if fact is None:
        return
    figures = figures_of(fact, await school_target_rate(school_key, school_year, conn))
    left = [k for k in old if k not in set(new)]
    joined = [k for k in new if k not in set(old)]
    # Both sides locked first in one order: two opposite moves at once wait for each other, not deadlock.
    await (
        ParticipationTotal.filter(unit_id__in=[*left, *joined], school_year=school_year)
        .using_db(conn)
        .order_by("unit_id")
        .select_for_update()
    )
    await add_to_totals(left, school_year, Figures().minus(figures), conn)
    await add_to_totals(joined, school_year, figures, conn)


async def add_to_totals(unit_codes: Sequence[str], school_year: str, delta: Figures, conn: Any) -> None:
    """Totals are kept per unit, and the root and the schools are one unit on every map: each counts once."""
    if delta.is_zero():
        return
    await ParticipationTotal.bulk_create(
        [ParticipationTotal(unit_id=code, school_year=school_year) for code in unit_codes],
        ignore_conflicts=True,
        using_db=conn,
    )
    changes = {f.name: F(f.name) + getattr(delta, f.name) for f in fields(delta) if getattr(delta, f.name)}
    await (
        ParticipationTotal.filter(unit_id__in=list(unit_codes), school_year=school_year)
        .using_db(conn)
        .update(**changes)
    )


async def school_target_rate(school_code: str, school_year: str, conn: Any) -> float | None:
    target = await Target.filter(unit_id=school_code, school_year=school_year).using_db(conn).first()
    return target.target_rate if target else None


async def apply_approval(submission: Submission, approved_at: datetime, conn: Any) -> bool:
    """Make an approved report the school's official figure if it is the latest; True if it became official.

    "Latest" is by quarter, then by approval time: a correction of an earlier
    quarter approved later does not override a later quarter.
    """
    await placements.lock_school(submission.school_id, conn)  # its place for the year cannot move meanwhile
    fact = (
        await SchoolParticipation.filter(school_id=submission.school_id, school_year=submission.school_year)
        .using_db(conn)
        .select_for_update()
        .first()
    )
    assert submission.quarter is not None
    if fact is not None and fact.quarter > submission.quarter:
        return False
    target_rate = await school_target_rate(submission.school_id, submission.school_year, conn)
    old = figures_of(fact, target_rate)
    values = {
        "submission_id": submission.id,
        "quarter": submission.quarter,
        "approved_at": approved_at,
        "students": submission.students,
        "via_school": submission.via_school,
        "via_other_groups": submission.via_other_groups,
    }
    if fact is None:
        fact = await SchoolParticipation.create(
            school_id=submission.school_id, school_year=submission.school_year, using_db=conn, **values
        )
    else:
        fact.update_from_dict(values)
        await fact.save(using_db=conn)
    new = figures_of(fact, target_rate)
    ancestors = await ancestors_of_school(submission.school_id, submission.school_year, conn)
    await add_to_totals(ancestors, submission.school_year, new.minus(old), conn)
    return True


async def apply_target_change(
    school_key: str, school_year: str, old_rate: float | None, new_rate: float | None, conn: Any
) -> None:
    """A school's new target may move it above or below: adjust schoolsBelowTarget up the tree."""
    await placements.lock_school(school_key, conn)
    fact = await SchoolParticipation.filter(school_id=school_key, school_year=school_year).using_db(conn).first()
    if fact is None:
        return
    delta = figures_of(fact, new_rate).minus(figures_of(fact, old_rate))
    await add_to_totals(await ancestors_of_school(school_key, school_year, conn), school_year, delta, conn)


async def totals_for(unit_codes: Sequence[str], school_year: str) -> dict[str, ParticipationTotal]:
    rows = await ParticipationTotal.filter(unit_id__in=list(unit_codes), school_year=school_year)
    return {row.unit_id: row for row in rows}


async def totals_of(units: Subquery, school_year: str) -> dict[str, ParticipationTotal]:
    """Totals of the units a subquery selects (a join: any number of units)."""
    rows = await ParticipationTotal.filter(unit_id__in=units, school_year=school_year)
    return {row.unit_id: row for row in rows}


async def totals_for_unit_years(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], ParticipationTotal]:
    """Totals by (unit code, school year), in one statement."""
    codes, years = {k[0] for k in keys}, {k[1] for k in keys}
    rows = await ParticipationTotal.filter(unit_id__in=list(codes), school_year__in=list(years))
    return {(row.unit_id, row.school_year): row for row in rows}
