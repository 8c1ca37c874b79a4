"""The jurisdiction tree: nation, provinces, districts, schools."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from policies.roles import UnitLevel


class SchoolType(StrEnum):
    PRESCHOOL = "PRESCHOOL"
    PRIMARY = "PRIMARY"
    LOWER_SECONDARY = "LOWER_SECONDARY"
    UPPER_SECONDARY = "UPPER_SECONDARY"
    MULTI_LEVEL = "MULTI_LEVEL"
    VOCATIONAL = "VOCATIONAL"
    COLLEGE = "COLLEGE"
    UNIVERSITY = "UNIVERSITY"


class Unit(Model):
    """A node of the tree. `path` (codes joined by dots, root first) is what scoping filters on."""

    code = fields.CharField(max_length=16, primary_key=True)
    name = fields.CharField(max_length=255)
    level = fields.CharEnumField(UnitLevel, max_length=16)
    path = fields.CharField(max_length=128, unique=True)
    parent: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    school_type = fields.CharEnumField(SchoolType, max_length=24, null=True)
    # Schools at or below this unit: the "expected" of completeness figures. The tree changes by seed or migration.
    school_count = fields.IntField(default=0)
    # Lower-case, diacritics removed: "Hồ Chí Minh" is found by "ho chi minh".
    search_key = fields.CharField(max_length=255)

    parent_id: str | None

    class Meta:
        table = "unit"
        indexes = [("level", "path"), ("parent_id", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SchoolYear(Model):
    """The school years that hold data, registered by whatever writes data for one."""

    label = fields.CharField(max_length=9, primary_key=True)

    class Meta:
        table = "school_year"

    def __str__(self) -> str:
        return self.label
