"""The audit trail: one entry per mutation, written in the mutation's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from policies.roles import Role

if TYPE_CHECKING:
    from domain.units.models import Unit


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor = fields.CharField(max_length=64)
    role = fields.CharEnumField(Role, max_length=32, null=True)
    action = fields.CharField(max_length=64)
    record_type = fields.CharField(max_length=32)
    record_id = fields.CharField(max_length=64)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    before: fields.JSONField[Any] = fields.JSONField(null=True)
    after: fields.JSONField[Any] = fields.JSONField(null=True)

    unit_id: str

    class Meta:
        table = "audit_entry"
        indexes = [("unit_id", "id")]

    def __str__(self) -> str:
        return f"{self.at} {self.actor} {self.action} {self.record_type}:{self.record_id}"
