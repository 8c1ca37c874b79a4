"""Unit paths compare byte by byte, so "inside VN.79" is the index range ['VN.79.', 'VN.79/').

SQLite compares text bytewise already (BINARY). PostgreSQL follows the
database's collation unless told otherwise, and under most locales '.' and '/'
do not sort as bytes: pin the path columns to COLLATE "C" there. The scope
filters in policies/scope.py rely on this; the (level, path) and unique path
indexes are rebuilt by the ALTER.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

PATH_COLUMNS = [("unit", "path", 128), ("audit_entry", "unit_path", 128)]


def _is_postgres(schema_editor) -> bool:
    return schema_editor.client.capabilities.dialect == "postgres"


async def to_byte_order(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for table, column, length in PATH_COLUMNS:
            await schema_editor.client.execute_script(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE VARCHAR({length}) COLLATE "C"'
            )


async def to_default_order(apps, schema_editor) -> None:
    if _is_postgres(schema_editor):
        for table, column, length in PATH_COLUMNS:
            await schema_editor.client.execute_script(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE VARCHAR({length}) COLLATE "default"'
            )


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    operations = [ops.RunPython(to_byte_order, to_default_order)]
