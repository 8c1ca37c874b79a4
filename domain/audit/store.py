"""Every write's transaction and its audit entry, and reading the log.

`audited(actor, action)` is the only way a write starts: one transaction, in
which the change is made and exactly one audit entry is written. The entry is
also where the change is announced to every process (domain.state.store): a
write cannot forget to invalidate caches without forgetting its audit entry.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain.access import Actor
from domain.audit.models import AuditEntry
from domain.errors import Conflict
from domain.paging import Page, keyset_page
from domain.state import store as state

GRANT_RECORDS = {"User", "RoleGrant", "Unit"}  # changes that alter who may see what (a school moved or opened)
T = TypeVar("T")


@dataclass(frozen=True)
class Subject:
    """What an audit entry is about: a record, and the unit it belongs to (which scopes who reads the entry)."""

    record_type: str
    record_id: str
    unit_key: str


class Change:
    """One write in progress: its connection, and the audit entry it owes."""

    def __init__(self, conn: BaseDBAsyncClient, actor: Actor, action: str) -> None:
        self.conn = conn
        self.actor = actor
        self.action = action
        self.entry: AuditEntry | None = None

    async def log(self, subject: Subject, *, before: Any = None, after: Any = None) -> AuditEntry:
        if self.entry is not None:
            raise AssertionError(f"{self.action} wrote its audit entry twice")
        await state.bump(self.conn, grants=subject.record_type in GRANT_RECORDS, policy=subject.record_type == "Policy")
        self.entry = await AuditEntry.create(
            actor=self.actor.username,
            role=self.actor.grant.role if self.actor.grant else None,
            action=self.action,
            record_type=subject.record_type,
            record_id=subject.record_id,
            unit_id=subject.unit_key,
            before=before,
            after=after,
            using_db=self.conn,
        )
        return self.entry


# PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back whole, and the
# same request a moment later succeeds. Writes lock in one order, so these are rare, never a fault of ours.
TRANSIENT_SQLSTATES = {"40P01", "40001"}


@asynccontextmanager
async def audited(actor: Actor, action: str) -> AsyncIterator[Change]:
    """A transaction for one action; it commits only with its audit entry written."""
    try:
        async with in_transaction() as conn:
            change = Change(conn, actor, action)
            yield change
            if change.entry is None:
                raise AssertionError(f"{action} changed data without an audit entry")
    except Exception as error:
        if getattr(error, "sqlstate", None) in TRANSIENT_SQLSTATES:
            raise Conflict("Someone else changed this at the same moment: try again.") from None
        raise


async def write_once_more_on_a_race(actor: Actor, action: str, body: Callable[[Change], Awaitable[T]]) -> T:
    """`audited`, retried once when a unique constraint refused the write: two requests creating the same
    first row at once (the first target of a unit and year, the first official figure of a school and year)
    both succeed, in order, instead of one surfacing a unique violation."""
    try:
        async with audited(actor, action) as change:
            return await body(change)
    except IntegrityError:
        pass  # the other request committed the row first: this attempt was rolled back whole
    try:
        async with audited(actor, action) as change:
            return await body(change)
    except IntegrityError:
        raise Conflict("Someone else changed this at the same moment: try again.") from None


async def page(scope: Q, within: Q, *, after_id: int | None, limit: int) -> Page[AuditEntry]:
    """Newest first."""
    return await keyset_page(AuditEntry.filter(scope, within), key="id", after=after_id, limit=limit, descending=True)
