"""Creating, migrating and opening the database outside the web process (CLI, tests, benchmarks)."""

from __future__ import annotations

import fcntl
from typing import Any
from urllib.parse import urlparse, urlunparse

from tortoise import Tortoise
from tortoise.migrations.api import migrate

from api.settings import tortoise_config


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "asyncpg://"))


def with_database(url: str, name: str) -> str:
    """The same server, another database: postgres://u@h:5432/x -> postgres://u@h:5432/name."""
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


async def create_postgres_database(url: str, *, drop_existing: bool = False) -> None:
    """Create the database of `url` on its server if it is missing (SQLite files create themselves)."""
    import asyncpg

    name = urlparse(url).path.lstrip("/")
    admin = await asyncpg.connect(with_database(url, "postgres").replace("asyncpg://", "postgres://"))
    try:
        if drop_existing:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await admin.execute(
                f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING "UTF8" LC_COLLATE "C" LC_CTYPE "C"'
            )
    finally:
        await admin.close()


async def drop_postgres_database(url: str) -> None:
    import asyncpg

    name = urlparse(url).path.lstrip("/")
    admin = await asyncpg.connect(with_database(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def migrate_database(url: str) -> None:
    """Apply the checked-in migrations (Tortoise's built-in migration engine)."""
    if is_postgres(url):
        await create_postgres_database(url)
    else:
        _ensure_sqlite_dir(url)
    await migrate(config=tortoise_config(url))
    await Tortoise.close_connections()


class DatabaseInUse(RuntimeError):
    """Another serving process holds this SQLite file."""


_sqlite_locks: dict[str, Any] = {}


def hold_sqlite_file(url: str) -> None:
    """Serving processes take an exclusive lock beside an SQLite file: a second one is refused at start.

    SQLite serialises writers per file and our change counters assume one writer process; several API
    processes (uvicorn --workers, a second `make run`) belong on PostgreSQL.
    """
    path = url.split("://", 1)[1]
    if not path or path == ":memory:" or path in _sqlite_locks:
        return
    lock = open(f"{path}.lock", "w")  # held open for the life of the process
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise DatabaseInUse(
            f"{path} is served by another process already: SQLite is one process. For several processes "
            "(workers, replicas) set DATABASE_URL=postgres://user@host:5432/db (see README, PostgreSQL)."
        ) from None
    _sqlite_locks[path] = lock


async def open_database(
    url: str, pool_max: int = 10, single_process: bool = False, statement_timeout_ms: int = 0
) -> None:
    """Open the ORM for the whole process: requests run in other tasks than the one that opened it."""
    if single_process and not is_postgres(url):
        hold_sqlite_file(url)
    await Tortoise.init(config=tortoise_config(url, pool_max, statement_timeout_ms), _enable_global_fallback=True)


def _ensure_sqlite_dir(url: str) -> None:
    from pathlib import Path

    path = url.split("://", 1)[1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def close_database() -> None:
    """Close the ORM and let go of any SQLite file this process served, for the next server to take."""
    await Tortoise.close_connections()
    while _sqlite_locks:
        _sqlite_locks.popitem()[1].close()
