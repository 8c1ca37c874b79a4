"""Failed logins throttled per username and per client address, across every process (they are rows).

Past the limit, an attempt answers UNAUTHENTICATED with the seconds to wait,
without checking the password, so guessing is as slow as the window allows
whatever the number of processes or the password tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import timezone
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count, Min

from domain.accounts.models import LoginFailure


@dataclass(frozen=True)
class LoginLimits:
    per_username: int = 5
    per_address: int = 50
    window_seconds: int = 15 * 60


async def retry_after(limits: LoginLimits, username: str, address: str) -> int | None:
    """Seconds until the next attempt may be checked, or None while under both limits."""
    since = timezone.now() - timedelta(seconds=limits.window_seconds)
    waits = []
    for column, value, limit in (("username", username, limits.per_username), ("address", address, limits.per_address)):
        row = await (
            LoginFailure.filter(**{column: value}, at__gt=since)
            .annotate(n=Count("id"), first=Min("at"))
            .values("n", "first")
        )
        if row and row[0]["n"] >= limit and isinstance(row[0]["first"], datetime):
            waits.append(_seconds_until(row[0]["first"] + timedelta(seconds=limits.window_seconds)))
    return max(waits) if waits else None


def _seconds_until(moment: datetime) -> int:
    return max(1, int((moment - timezone.now()).total_seconds()) + 1)


async def record_failure(conn: BaseDBAsyncClient, limits: LoginLimits, username: str, address: str) -> None:
    now = timezone.now()
    await LoginFailure.create(username=username[:64], address=address[:64], at=now, using_db=conn)
    # Nothing older than a day is needed by any window; keep the table small as it goes.
    await LoginFailure.filter(at__lt=now - timedelta(days=1)).using_db(conn).delete()
