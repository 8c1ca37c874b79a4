"""Participation figures: a school's official report, or the sums below a unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.participation.models import ParticipationTotal

if TYPE_CHECKING:
    from schema.units.types import UnitType


def rate(participants: int, students: int) -> float | None:
    """participants / students in percent, two decimals; null without students."""
    return round(participants * 100 / students, 2) if students else None


@strawberry.type(name="Participation")
class ParticipationType:
    students: int
    participants: int
    via_school: int
    via_other_groups: int
    rate: float | None

    @classmethod
    def from_total(cls, total: ParticipationTotal) -> ParticipationType:
        participants = total.via_school + total.via_other_groups
        return cls(
            students=total.students,
            participants=participants,
            via_school=total.via_school,
            via_other_groups=total.via_other_groups,
            rate=rate(participants, total.students),
        )


@strawberry.type(name="ParticipationRow")
class ParticipationRowType:
    unit: Annotated[UnitType, strawberry.lazy("schema.units.types")]
    students: int
    participants: int
    via_school: int
    via_other_groups: int
    rate: float | None
    target_rate: float | None
    schools_expected: int = strawberry.field(description="Schools at or below the unit, reporting or not.")
    schools_reporting: int
    schools_below_target: int
    schools_at_full: int
    complete: bool = strawberry.field(
        description="Whether the caller covers every school of the unit; if not, the sums are of those it "
        "covers (a unit of another map than its grants') and targetRate is null."
    )
