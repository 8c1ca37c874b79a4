"""Official participation, kept current in the transaction of each approval.

`SchoolParticipation` is a school's official figure for a year (its latest
approved report). `ParticipationTotal` holds the sums for the school and each
of its ancestors, so a rollup reads one row per unit instead of scanning schools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.submissions.models import Submission
    from domain.units.models import Unit


class SchoolParticipation(Model):
    id = fields.IntField(primary_key=True)
    school: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    school_year = fields.CharField(max_length=9)
    submission: fields.ForeignKeyRelation[Submission] = fields.ForeignKeyField(
        "models.Submission", related_name=False, on_delete=fields.RESTRICT
    )
    quarter = fields.SmallIntField()
    approved_at = fields.DatetimeField()
    students = fields.IntField()
    via_school = fields.IntField()
    via_other_groups = fields.IntField()

    school_id: str
    submission_id: int

    class Meta:
        table = "school_participation"
        unique_together = (("school", "school_year"),)

    def __str__(self) -> str:
        return f"{self.school_id} {self.school_year}"


class ParticipationTotal(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    school_year = fields.CharField(max_length=9)
    students = fields.BigIntField(default=0)
    via_school = fields.BigIntField(default=0)
    via_other_groups = fields.BigIntField(default=0)
    schools_reporting = fields.IntField(default=0)
    schools_below_target = fields.IntField(default=0)
    schools_at_full = fields.IntField(default=0)

    unit_id: str

    class Meta:
        table = "participation_total"
        unique_together = (("unit", "school_year"),)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.school_year}"
