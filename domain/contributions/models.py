"""The dated rules a contribution is computed from: law (base salary, rates) and each province's top-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from domain.units.models import Unit


class ContributionRule(Model):
    """From `valid_from` on: the statutory base salary, the premium rate and the central support rate.

    Seeded by a migration from DOMAIN.md section 2; a later change of law is a new row, never an edit.
    """

    valid_from = fields.DateField(primary_key=True)
    base_salary = fields.IntField()  # VND per month
    premium_rate = fields.DecimalField(max_digits=6, decimal_places=4)  # 0.0450
    central_support_rate = fields.DecimalField(max_digits=6, decimal_places=4)  # 0.3000
    legal_basis = fields.CharField(max_length=255, default="")

    class Meta:
        table = "contribution_rule"

    def __str__(self) -> str:
        return f"from {self.valid_from}: {self.base_salary}"


class LocalSupport(Model):
    """A province's own top-up of the support rate, from a date on (0 until set)."""

    id = fields.IntField(primary_key=True)
    province: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    valid_from = fields.DateField()
    rate = fields.DecimalField(max_digits=6, decimal_places=4)  # 0.2000 for +20%
    set_by = fields.CharField(max_length=64)
    set_at = fields.DatetimeField()

    province_id: str

    class Meta:
        table = "local_support"
        unique_together = (("province", "valid_from"),)

    def __str__(self) -> str:
        return f"{self.province_id} from {self.valid_from}: {self.rate}"
