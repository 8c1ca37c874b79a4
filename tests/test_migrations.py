"""The migrations build the schema the models describe: every unique constraint and index, on SQLite too
(where dropping a column rebuilds the table, and a rebuild once lost three of them: migration 0010)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In a process of its own: the suite's app holds Tortoise's global connections.
BUILD = """
import asyncio, sys
from tortoise import Tortoise
from api.database import migrate_database
from api.settings import tortoise_config

async def main(migrated, generated):
    await migrate_database("sqlite://" + migrated)
    await Tortoise.init(config=tortoise_config("sqlite://" + generated))
    await Tortoise.generate_schemas()
    await Tortoise.close_connections()

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def indexes(path: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(path)
    found: dict[str, list[str]] = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'tortoise_migrations'"):
        found[table] = sorted(
            ",".join(sorted(c[2] for c in db.execute(f"PRAGMA index_info('{r[1]}')"))) + (" unique" if r[2] else "")
            for r in db.execute(f"PRAGMA index_list('{table}')").fetchall()
        )
    db.close()
    return found


def test_a_migrated_sqlite_database_has_every_constraint_and_index_of_the_models(tmp_path: Path) -> None:
    migrated, generated = tmp_path / "migrated.sqlite3", tmp_path / "generated.sqlite3"
    subprocess.run([sys.executable, "-c", BUILD, str(migrated), str(generated)], cwd=ROOT, check=True, timeout=120)
    assert indexes(migrated) == indexes(generated)
