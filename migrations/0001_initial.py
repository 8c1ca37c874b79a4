from enum import StrEnum

from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.units.models import SchoolType
from policies.roles import Role


class UnitLevel(StrEnum):
    """The levels as this migration knew them (the levels are map data since 0008)."""

    NATION = "NATION"
    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"
    SCHOOL = "SCHOOL"


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="SchoolYear",
            fields=[
                ("label", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=9)),
            ],
            options={
                "table": "school_year",
                "app": "models",
                "pk_attr": "label",
                "table_description": "The school years that hold data, registered by whatever writes data for one.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Unit",
            fields=[
                ("code", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16)),
                ("name", fields.CharField(max_length=255)),
                (
                    "level",
                    fields.CharEnumField(
                        description="NATION: NATION\nPROVINCE: PROVINCE\nDISTRICT: DISTRICT\nSCHOOL: SCHOOL",
                        enum_type=UnitLevel,
                        max_length=16,
                    ),
                ),
                ("path", fields.CharField(unique=True, max_length=128)),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        related_name="children",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "school_type",
                    fields.CharEnumField(
                        null=True,
                        description="PRESCHOOL: PRESCHOOL\nPRIMARY: PRIMARY\nLOWER_SECONDARY: LOWER_SECONDARY\nUPPER_SECONDARY: UPPER_SECONDARY\nMULTI_LEVEL: MULTI_LEVEL\nVOCATIONAL: VOCATIONAL\nCOLLEGE: COLLEGE\nUNIVERSITY: UNIVERSITY",
                        enum_type=SchoolType,
                        max_length=24,
                    ),
                ),
                ("search_key", fields.CharField(max_length=255)),
            ],
            options={
                "table": "unit",
                "app": "models",
                "indexes": [Index(fields=["level", "path"]), Index(fields=["parent_id", "code"])],
                "pk_attr": "code",
                "table_description": "A node of the tree. `path` (codes joined by dots, root first) is what scoping filters on.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("actor", fields.CharField(max_length=64)),
                (
                    "role",
                    fields.CharEnumField(
                        null=True,
                        description="NATIONAL_ADMIN: NATIONAL_ADMIN\nNATIONAL_OFFICER: NATIONAL_OFFICER\nPROVINCIAL_OFFICER: PROVINCIAL_OFFICER\nDISTRICT_OFFICER: DISTRICT_OFFICER\nSCHOOL_STAFF: SCHOOL_STAFF\nEDUCATION_VIEWER: EDUCATION_VIEWER",
                        enum_type=Role,
                        max_length=32,
                    ),
                ),
                ("action", fields.CharField(max_length=64)),
                ("record_type", fields.CharField(max_length=32)),
                ("record_id", fields.CharField(max_length=64)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("unit_path", fields.CharField(max_length=128)),
                ("before", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ("after", fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "audit_entry",
                "app": "models",
                "indexes": [Index(fields=["unit_path", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("username", fields.CharField(unique=True, max_length=64)),
                ("full_name", fields.CharField(max_length=255)),
                ("password_hash", fields.CharField(max_length=255)),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("created_by", fields.CharField(null=True, max_length=64)),
            ],
            options={"table": "app_user", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="RoleGrant",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="grants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        description="NATIONAL_ADMIN: NATIONAL_ADMIN\nNATIONAL_OFFICER: NATIONAL_OFFICER\nPROVINCIAL_OFFICER: PROVINCIAL_OFFICER\nDISTRICT_OFFICER: DISTRICT_OFFICER\nSCHOOL_STAFF: SCHOOL_STAFF\nEDUCATION_VIEWER: EDUCATION_VIEWER",
                        enum_type=Role,
                        max_length=32,
                    ),
                ),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        related_name="grants",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("granted_by", fields.CharField(null=True, max_length=64)),
                ("granted_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "role_grant",
                "app": "models",
                "unique_together": (("user", "role", "unit"),),
                "pk_attr": "id",
                "table_description": "A (role, unit) pair held by a user. The unit is the scope of the grant.",
            },
            bases=["Model"],
        ),
    ]
