"""Participation targets, assigned top-down, with the history of every change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.units.models import Unit


class Target(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    school_year = fields.CharField(max_length=9)
    target_rate = fields.FloatField()  # percent, 0-100, one decimal
    target_participants = fields.IntField(null=True)
    assigned_by = fields.CharField(max_length=64)
    assigned_at = fields.DatetimeField()

    unit_id: str

    class Meta:
        table = "target"
        unique_together = (("unit", "school_year"),)

    def __str__(self) -> str:
        return f"{self.unit_id} {self.school_year}: {self.target_rate}%"


class TargetChange(Model):
    """Who changed a target, when, from what to what."""

    id = fields.IntField(primary_key=True)
    target: fields.ForeignKeyRelation[Target] = fields.ForeignKeyField(
        "models.Target", related_name="changes", on_delete=fields.CASCADE
    )
    old_rate = fields.FloatField(null=True)
    new_rate = fields.FloatField()
    old_participants = fields.IntField(null=True)
    new_participants = fields.IntField(null=True)
    note = fields.TextField(null=True)
    changed_by = fields.CharField(max_length=64)
    changed_at = fields.DatetimeField()

    target_id: int

    class Meta:
        table = "target_change"

    def __str__(self) -> str:
        return f"{self.target_id}: {self.old_rate} -> {self.new_rate}"
