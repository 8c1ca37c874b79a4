from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0008_maps")]

    initial = False

    operations = [
        ops.CreateModel(
            name="SchoolCountChange",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="key",
                        related_name=False,
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
                ("from_year", fields.CharField(null=True, max_length=9)),
                ("to_year", fields.CharField(null=True, max_length=9)),
                ("delta", fields.IntField()),
            ],
            options={
                "table": "school_count_change",
                "app": "models",
                "indexes": [Index(fields=["map_id", "unit_id"])],
                "pk_attr": "id",
                "table_description": "A correction to the `school_count` of a unit's node on a map (its schools listed now) for a span of",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="SchoolPlacement",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "school",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="school_id",
                        db_constraint=True,
                        to_field="key",
                        related_name=False,
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
                (
                    "parent",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="parent_id",
                        db_constraint=True,
                        to_field="key",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("path", fields.CharField(max_length=160)),
                ("valid_from", fields.DateField(null=True)),
                ("listed", fields.BooleanField(default=True)),
            ],
            options={
                "table": "school_placement",
                "app": "models",
                "indexes": [Index(fields=["school_id", "map_id"])],
                "pk_attr": "id",
                "table_description": "Where a school hangs on one map from a day on. Written from a school's first move (its nodes until then",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UnitEvent",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "unit",
                    fields.ForeignKeyField(
                        "models.Unit",
                        source_field="unit_id",
                        db_constraint=True,
                        to_field="key",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("action", fields.CharField(max_length=8)),
                ("effective", fields.DateField()),
                (
                    "map",
                    fields.ForeignKeyField(
                        "models.Map",
                        source_field="map_id",
                        null=True,
                        db_constraint=True,
                        to_field="code",
                        related_name=False,
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
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
                ("actor", fields.CharField(max_length=64)),
            ],
            options={
                "table": "unit_event",
                "app": "models",
                "indexes": [Index(fields=["unit_id", "id"])],
                "pk_attr": "id",
                "table_description": "A school's opening, move or close, as `Unit.history` tells it (oldest first).",
            },
            bases=["Model"],
        ),
    ]
