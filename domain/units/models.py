"""Maps and the units placed on them.

A **map** is dated data: the jurisdictions in force over a period (VN63 to
2025-06-30, VN34 from 2025-07-01), with the levels of its tree and the roles
granted at each level. A **unit** is an identity that records, grants and
totals belong to; a **node** is a unit's place in one map's tree. An
administrative unit belongs to one map and has one node; the root (VN) and
every school keep one identity across maps and have a node in each map, so a
school's records follow it whatever map they were made on.

A unit's `key` is its code, or `code@map` where another map's unit holds the
code already (the provinces of VN34 share codes with VN63's). Node paths are
keys joined by dots behind the map's name (`VN34:VN.79@VN34.26734.79760001`):
the scope filters compare them as byte ranges, and a range never crosses maps.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class SchoolType(StrEnum):
    PRESCHOOL = "PRESCHOOL"
    PRIMARY = "PRIMARY"
    LOWER_SECONDARY = "LOWER_SECONDARY"
    UPPER_SECONDARY = "UPPER_SECONDARY"
    MULTI_LEVEL = "MULTI_LEVEL"
    VOCATIONAL = "VOCATIONAL"
    COLLEGE = "COLLEGE"
    UNIVERSITY = "UNIVERSITY"


class Map(Model):
    """A map of jurisdictions in force from `valid_from` to `valid_to` (inclusive, open-ended when null)."""

    code = fields.CharField(max_length=16, primary_key=True)
    name = fields.CharField(max_length=255)
    valid_from = fields.DateField()
    valid_to = fields.DateField(null=True)
    # Root first: [{"level": "NATION", "roles": ["NATIONAL_ADMIN", ...]}, ..., {"level": "SCHOOL", ...}]
    levels: fields.JSONField[list[dict[str, Any]]] = fields.JSONField()

    class Meta:
        table = "map"

    def __str__(self) -> str:
        return self.code

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def level_names(self) -> list[str]:
        return [str(level["level"]) for level in self.levels]


class Unit(Model):
    """A unit's identity: one per administrative unit of a map, one for the root, one per school."""

    key = fields.CharField(max_length=16, primary_key=True)
    code = fields.CharField(max_length=16, default="", db_default="")  # db_default: migration 0008 adds it
    name = fields.CharField(max_length=255)
    map: fields.ForeignKeyNullableRelation[Map] = fields.ForeignKeyField(
        "models.Map", related_name=False, null=True, on_delete=fields.RESTRICT
    )  # null: on every map (the root, schools)
    school_type = fields.CharEnumField(SchoolType, max_length=24, null=True)  # set exactly for schools
    opened_on = fields.DateField(null=True)
    closed_on = fields.DateField(null=True)

    map_id: str | None

    class Meta:
        table = "unit"
        indexes = [("code",)]

    def __str__(self) -> str:
        return f"{self.key} {self.name}"


class UnitNode(Model):
    """A unit as placed in one map's tree, with what listing and scoping need copied beside it."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name="nodes", on_delete=fields.RESTRICT
    )
    map: fields.ForeignKeyRelation[Map] = fields.ForeignKeyField(
        "models.Map", related_name=False, on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=16)
    name = fields.CharField(max_length=255)
    level = fields.CharField(max_length=16)
    school_type = fields.CharEnumField(SchoolType, max_length=24, null=True)
    path = fields.CharField(max_length=160, unique=True)
    parent: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    # Schools at or below this node: the "expected" of completeness figures.
    school_count = fields.IntField(default=0)
    # Lower-case, diacritics removed: "Hồ Chí Minh" is found by "ho chi minh".
    search_key = fields.CharField(max_length=255)

    unit_id: str
    map_id: str
    parent_id: str | None

    class Meta:
        table = "unit_node"
        unique_together = (("unit", "map"),)
        indexes = [("map_id", "level", "code"), ("map_id", "parent_id", "code"), ("code", "map_id")]

    def __str__(self) -> str:
        return f"{self.code}@{self.map_id} {self.name}"


class SchoolPlacement(Model):
    """Where a school hangs on one map from a day on. Written from a school's first move (its nodes until then
    are its only placements) and when a school opens; the node is the latest listed placement. Years before a
    move keep the earlier placement for totals, and so do approvals made for them later. An unlisted placement
    is on a map the school was never open on: it serves restated reports only (no node, in no scope)."""

    id = fields.IntField(primary_key=True)
    school: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    map: fields.ForeignKeyRelation[Map] = fields.ForeignKeyField(
        "models.Map", related_name=False, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    path = fields.CharField(max_length=160)
    valid_from = fields.DateField(null=True)  # null: since the map began
    listed = fields.BooleanField(default=True)

    school_id: str
    map_id: str
    parent_id: str

    class Meta:
        table = "school_placement"
        indexes = [("school_id", "map_id")]

    def __str__(self) -> str:
        return f"{self.school_id}@{self.map_id} from {self.valid_from}"


class UnitEvent(Model):
    """A school's opening, move or close, as `Unit.history` tells it (oldest first)."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    at = fields.DatetimeField()
    action = fields.CharField(max_length=8)  # OPEN, MOVE, CLOSE
    effective = fields.DateField()  # the day it takes effect (`from` in the API)
    map: fields.ForeignKeyNullableRelation[Map] = fields.ForeignKeyField(
        "models.Map", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    parent: fields.ForeignKeyNullableRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    actor = fields.CharField(max_length=64)

    unit_id: str
    map_id: str | None
    parent_id: str | None

    class Meta:
        table = "unit_event"
        indexes = [("unit_id", "id")]

    def __str__(self) -> str:
        return f"{self.action} {self.unit_id} {self.effective}"


class SchoolCountChange(Model):
    """A correction to the `school_count` of a unit's node on a map (its schools listed now) for a span of
    school years: what makes `schoolsExpected` per year, written by the transaction that opens, moves or closes
    a school. The span is `from_year` (inclusive, null: from the first) to `to_year` (exclusive, null: on and
    on). The root is one unit with a node on each map, hence the map."""

    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "models.Unit", related_name=False, on_delete=fields.RESTRICT
    )
    map: fields.ForeignKeyRelation[Map] = fields.ForeignKeyField(
        "models.Map", related_name=False, on_delete=fields.RESTRICT
    )
    from_year = fields.CharField(max_length=9, null=True)
    to_year = fields.CharField(max_length=9, null=True)
    delta = fields.IntField()

    unit_id: str
    map_id: str

    class Meta:
        table = "school_count_change"
        indexes = [("map_id", "unit_id")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.from_year}..{self.to_year} {self.delta:+d}"


class SchoolYear(Model):
    """The school years that hold data, registered by whatever writes data for one."""

    label = fields.CharField(max_length=9, primary_key=True)

    class Meta:
        table = "school_year"

    def __str__(self) -> str:
        return self.label
