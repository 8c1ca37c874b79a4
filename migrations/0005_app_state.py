from tortoise import fields, migrations
from tortoise.migrations import operations as ops


async def _first_row(apps, schema_editor) -> None:
    await schema_editor.client.execute_script(
        "INSERT INTO app_state (id, grants_version, data_version) VALUES (1, 0, 0)"
    )


async def _no_row(apps, schema_editor) -> None:
    await schema_editor.client.execute_script("DELETE FROM app_state")


class Migration(migrations.Migration):
    dependencies = [("models", "0004_contribution_rules")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AppState",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("grants_version", fields.BigIntField(default=0)),
                ("data_version", fields.BigIntField(default=0)),
            ],
            options={
                "table": "app_state",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One row. `grants_version` moves with every account or grant change, `data_version` with every write.",
            },
            bases=["Model"],
        ),
        ops.RunPython(_first_row, _no_row),
    ]
