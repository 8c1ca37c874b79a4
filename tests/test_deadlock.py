"""A deadlock between two writes is a CONFLICT ("try again") for the one PostgreSQL rolls back, never a 5xx."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.database import is_postgres
from domain.access import Actor
from domain.audit.store import Subject, audited
from domain.errors import Conflict
from domain.models import AuditEntry, Unit


async def test_the_transaction_postgresql_rolls_back_in_a_deadlock_is_a_conflict(app: Any) -> None:
    if not is_postgres(app.state.settings.database_url):
        pytest.skip("SQLite takes one writer at a time: writes never deadlock")
    first_locked, second_locked = asyncio.Event(), asyncio.Event()

    async def write(mine: str, theirs: str, locked: asyncio.Event, other: asyncio.Event) -> str:
        async with audited(Actor("deadlock-test", None), "deadlockTest") as change:
            await Unit.filter(key=mine).using_db(change.conn).select_for_update().get()
            locked.set()
            await other.wait()
            await Unit.filter(key=theirs).using_db(change.conn).select_for_update().get()
            await change.log(Subject("Unit", mine, mine))
        return mine

    outcomes = await asyncio.gather(
        write("79", "01", first_locked, second_locked),
        write("01", "79", second_locked, first_locked),
        return_exceptions=True,
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "str"], outcomes
    assert [o for o in outcomes if isinstance(o, Conflict)][0].message.endswith("try again.")
    assert await AuditEntry.filter(action="deadlockTest").count() == 1  # the rolled back one left nothing
