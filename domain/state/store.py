"""The change counters of AppState: bumped inside each write's transaction, read once per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise import connections


@dataclass(frozen=True)
class Versions:
    grants: int
    data: int
    policy: int = 0


async def read() -> Versions:
    """One primary-key read: cheap enough for every request, and never stale."""
    rows = await connections.get("default").execute_query_dict(
        "SELECT grants_version, data_version, policy_version FROM app_state WHERE id = 1"
    )
    if not rows:
        return Versions(0, 0, 0)
    return Versions(rows[0]["grants_version"], rows[0]["data_version"], rows[0]["policy_version"])


async def bump(conn: Any, *, grants: bool, policy: bool = False) -> None:
    """Announce a change: every process drops what it cached before it, from its next request on."""
    extra = ", grants_version = grants_version + 1" if grants else ""
    extra += ", policy_version = policy_version + 1" if policy else ""
    await conn.execute_script(f"UPDATE app_state SET data_version = data_version + 1{extra} WHERE id = 1")
