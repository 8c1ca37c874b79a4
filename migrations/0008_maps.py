from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.units.models import SchoolType
from policies.roles import Role


async def refuse_sqlite_with_units(apps, schema_editor) -> None:
    """SQLite rebuilds a table to drop a column, which its foreign keys refuse once rows point at it: a SQLite
    database seeded before this migration cannot be upgraded in place. Say so before changing anything."""
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        rows = await client.execute_query_dict('SELECT COUNT(*) AS "n" FROM "unit"')
        if rows[0]["n"]:
            raise RuntimeError(
                "Migration 0008 (maps) cannot upgrade a seeded SQLite database in place: move the file away "
                "and run `make run` again (demo data), or upgrade on PostgreSQL, where it runs in place."
            )


async def place_existing_units_on_vn63(apps, schema_editor) -> None:
    """A database seeded before maps holds the VN63 tree in `unit`: keep its units (same keys) and give each its
    node on VN63, copying what listing and scoping need. A new database has no units, and nothing to do here."""
    client = schema_editor.client
    postgres = client.capabilities.dialect == "postgres"
    if postgres:  # node paths compare bytewise, as unit paths did (migration 0002)
        await client.execute_script('ALTER TABLE "unit_node" ALTER COLUMN "path" TYPE VARCHAR(160) COLLATE "C"')
    count = (await client.execute_query_dict('SELECT COUNT(*) AS "n" FROM "unit"'))[0]["n"]
    if not count:
        return
    concat = "||"
    await client.execute_script(
        'INSERT INTO "map" ("code", "name", "valid_from", "valid_to", "levels") VALUES (\'VN63\', '
        "'63 tỉnh, thành phố; 696 quận, huyện (đến 30/6/2025)', '2000-01-01', '2025-06-30', "
        + ("'" + LEVELS_VN63.replace("'", "''") + "'")
        + ")"
    )
    await client.execute_script(
        'UPDATE "unit" SET "code" = "key", "map_id" = CASE WHEN "level" IN (\'PROVINCE\', \'DISTRICT\') '
        "THEN 'VN63' ELSE NULL END"
    )
    await client.execute_script(
        'INSERT INTO "unit_node" ("unit_id", "map_id", "code", "name", "level", "school_type", "path", "parent_id", '
        '"school_count", "search_key") SELECT "key", \'VN63\', "key", "name", "level", "school_type", '
        f'\'VN63:\' {concat} "path", "parent_id", "school_count", "search_key" FROM "unit"'
    )


LEVELS_VN63 = (
    '[{"level": "NATION", "roles": ["NATIONAL_ADMIN", "NATIONAL_OFFICER"]}, '
    '{"level": "PROVINCE", "roles": ["PROVINCIAL_OFFICER", "EDUCATION_VIEWER"]}, '
    '{"level": "DISTRICT", "roles": ["DISTRICT_OFFICER"]}, {"level": "SCHOOL", "roles": ["SCHOOL_STAFF"]}]'
)


class Migration(migrations.Migration):
    dependencies = [("models", "0007_accounts_hardening")]

    initial = False

    operations = [
        ops.RunPython(refuse_sqlite_with_units, ops.RunPython.noop),
        ops.CreateModel(
            name="Map",
            fields=[
                ("code", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16)),
                ("name", fields.CharField(max_length=255)),
                ("valid_from", fields.DateField()),
                ("valid_to", fields.DateField(null=True)),
                ("levels", fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "map",
                "app": "models",
                "pk_attr": "code",
                "table_description": "A map of jurisdictions in force from `valid_from` to `valid_to` (inclusive, open-ended when null).",
            },
            bases=["Model"],
        ),
        # The unit's primary key becomes its key (the same values: a VN63 unit's key is its code).
        ops.RenameField(model_name="Unit", old_name="code", new_name="key"),
        ops.AddField(model_name="Unit", name="code", field=fields.CharField(max_length=16, default="", db_default="")),
        ops.AddField(
            model_name="Unit",
            name="map",
            field=fields.ForeignKeyField(
                "models.Map",
                source_field="map_id",
                null=True,
                db_constraint=True,
                to_field="code",
                related_name=False,
                on_delete=OnDelete.RESTRICT,
            ),
        ),
        ops.AddField(model_name="Unit", name="opened_on", field=fields.DateField(null=True)),
        ops.AddField(model_name="Unit", name="closed_on", field=fields.DateField(null=True)),
        ops.CreateModel(
            name="UnitNode",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="key",
                        related_name="nodes",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "map",
                    fields.ForeignKeyField(
                        "models.Map",
                        source_field="map_id",
                        db_constraint=True,
                        to_field="code",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("code", fields.CharField(max_length=16)),
                ("name", fields.CharField(max_length=255)),
                ("level", fields.CharField(max_length=16)),
                (
                    "school_type",
                    fields.CharEnumField(
                        null=True,
                        description="PRESCHOOL: PRESCHOOL\nPRIMARY: PRIMARY\nLOWER_SECONDARY: LOWER_SECONDARY\nUPPER_SECONDARY: UPPER_SECONDARY\nMULTI_LEVEL: MULTI_LEVEL\nVOCATIONAL: VOCATIONAL\nCOLLEGE: COLLEGE\nUNIVERSITY: UNIVERSITY",
                        enum_type=SchoolType,
                        max_length=24,
                    ),
                ),
                ("path", fields.CharField(unique=True, max_length=160)),
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="parent_id",
                        null=True,
                        db_constraint=True,
                        to_field="key",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("school_count", fields.IntField(default=0)),
                ("search_key", fields.CharField(max_length=255)),
            ],
            options={
                "table": "unit_node",
                "app": "models",
                "unique_together": (("unit", "map"),),
                "indexes": [
                    Index(fields=["map_id", "level", "code"]),
                    Index(fields=["map_id", "parent_id", "code"]),
                    Index(fields=["code", "map_id"]),
                ],
                "pk_attr": "id",
                "table_description": "A unit as placed in one map's tree, with what listing and scoping need copied beside it.",
            },
            bases=["Model"],
        ),
        ops.RunPython(place_existing_units_on_vn63, ops.RunPython.noop),
        ops.RemoveIndex(
            model_name="AuditEntry",
            name=None,
            fields=["unit_path", "id"],
        ),
        ops.AlterField(
            model_name="AuditEntry",
            name="role",
            field=fields.CharEnumField(
                null=True,
                description="NATIONAL_ADMIN: NATIONAL_ADMIN\nNATIONAL_OFFICER: NATIONAL_OFFICER\nPROVINCIAL_OFFICER: PROVINCIAL_OFFICER\nDISTRICT_OFFICER: DISTRICT_OFFICER\nLOCAL_OFFICER: LOCAL_OFFICER\nSCHOOL_STAFF: SCHOOL_STAFF\nEDUCATION_VIEWER: EDUCATION_VIEWER",
                enum_type=Role,
                max_length=32,
            ),
        ),
        ops.RemoveField(model_name="AuditEntry", name="unit_path"),
        ops.AddIndex(
            model_name="AuditEntry",
            index=Index(fields=["unit_id", "id"]),
        ),
        ops.RemoveIndex(
            model_name="Reward",
            name=None,
            fields=["recipient_path", "id"],
        ),
        ops.RemoveField(model_name="Reward", name="nominator_path"),
        ops.RemoveField(model_name="Reward", name="recipient_path"),
        ops.AddIndex(
            model_name="Reward",
            index=Index(fields=["recipient_unit_id", "id"]),
        ),
        ops.AlterField(
            model_name="RoleGrant",
            name="role",
            field=fields.CharEnumField(
                description="NATIONAL_ADMIN: NATIONAL_ADMIN\nNATIONAL_OFFICER: NATIONAL_OFFICER\nPROVINCIAL_OFFICER: PROVINCIAL_OFFICER\nDISTRICT_OFFICER: DISTRICT_OFFICER\nLOCAL_OFFICER: LOCAL_OFFICER\nSCHOOL_STAFF: SCHOOL_STAFF\nEDUCATION_VIEWER: EDUCATION_VIEWER",
                enum_type=Role,
                max_length=32,
            ),
        ),
        ops.RemoveIndex(
            model_name="Submission",
            name=None,
            fields=["school_path", "id"],
        ),
        ops.RemoveField(model_name="Submission", name="school_path"),
        ops.RemoveIndex(
            model_name="Target",
            name=None,
            fields=["school_year", "unit_path"],
        ),
        ops.RemoveField(model_name="Target", name="unit_path"),
        ops.RemoveIndex(
            model_name="Unit",
            name=None,
            fields=["level", "path"],
        ),
        ops.RemoveIndex(
            model_name="Unit",
            name=None,
            fields=["parent_id", "code"],
        ),
        ops.AlterModelOptions(
            name="Unit",
            options={
                "table": "unit",
                "app": "models",
                "indexes": [Index(fields=["code"])],
                "pk_attr": "key",
                "table_description": "A unit's identity: one per administrative unit of a map, one for the root, one per school.",
            },
        ),
        ops.RemoveField(model_name="Unit", name="level"),
        ops.RemoveField(model_name="Unit", name="parent"),
        ops.RemoveField(model_name="Unit", name="path"),
        ops.RemoveField(model_name="Unit", name="school_count"),
        ops.RemoveField(model_name="Unit", name="search_key"),
        ops.AddIndex(
            model_name="Unit",
            index=Index(fields=["code"]),
        ),
    ]
