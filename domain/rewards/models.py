"""Reward nominations (khen thưởng) for collectives and people, decided one level up."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.units.models import Unit


class RewardForm(StrEnum):
    CERTIFICATE_OF_MERIT = "CERTIFICATE_OF_MERIT"  # Bằng khen
    LETTER_OF_COMMENDATION = "LETTER_OF_COMMENDATION"  # Giấy khen


class RewardStatus(StrEnum):
    NOMINATED = "NOMINATED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class Reward(Model):
    id = fields.IntField(primary_key=True)
    school_year = fields.CharField(max_length=9)
    recipient_unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    person_name = fields.CharField(max_length=255, null=True)  # null: the unit itself (tập thể)
    person_position = fields.CharField(max_length=255, null=True)
    form = fields.CharEnumField(RewardForm, max_length=32)
    reason = fields.TextField()
    status = fields.CharEnumField(RewardStatus, max_length=16, default=RewardStatus.NOMINATED)
    nominated_by = fields.CharField(max_length=64)
    nominator_unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    nominated_at = fields.DatetimeField()
    decided_by = fields.CharField(max_length=64, null=True)
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.TextField(null=True)

    recipient_unit_id: str
    nominator_unit_id: str

    class Meta:
        table = "reward"
        indexes = [("recipient_unit_id", "id")]

    def __str__(self) -> str:
        return f"{self.form} for {self.person_name or self.recipient_unit_id} ({self.status})"
