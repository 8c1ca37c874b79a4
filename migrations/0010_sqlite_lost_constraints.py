from tortoise import migrations
from tortoise.migrations import operations as ops

# SQLite drops a column by rebuilding the table, and migration 0008's rebuilds of `target`, `role_grant` and
# `submission` left out their unique constraints and index (PostgreSQL dropped the columns in place and kept
# them). The state of the models has them already: this puts them back in the SQLite file, under the names
# PostgreSQL has. tests/test_migrations.py compares a migrated database with the models' schema.
LOST_ON_SQLITE = [
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_target_unit_id_5f0636" ON "target" ("unit_id", "school_year")',
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_role_grant_user_id_cf154a" ON "role_grant" ("user_id", "role", "unit_id")',
    'CREATE INDEX IF NOT EXISTS "idx_submission_school__3e77d7" ON "submission" '
    '("school_id", "school_year", "kind", "status")',
]


async def restore_on_sqlite(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect != "sqlite":
        return
    for statement in LOST_ON_SQLITE:
        await client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("models", "0009_school_events")]

    initial = False

    operations = [ops.RunPython(restore_on_sqlite, ops.RunPython.noop)]
