"""Writing audit entries; always called inside the mutation's own transaction.

Every mutation writes exactly one entry, so this is also where a change is
announced to every process (api.repositories.state): a mutation cannot forget
to invalidate caches without also forgetting its audit entry.
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q

from api.models import AuditEntry
from api.repositories import state
from api.repositories.paging import Page, keyset_page
from policies.roles import Role

GRANT_RECORDS = {"User", "RoleGrant"}  # changes that alter who may see what


async def record(
    *,
    actor: str,
    role: Role | None,
    action: str,
    record_type: str,
    record_id: str,
    unit_code: str,
    unit_path: str,
    before: Any = None,
    after: Any = None,
    using_db: Any = None,
) -> AuditEntry:
    if using_db is None:
        raise ValueError("audit entries are written inside the mutation's transaction")
    await state.bump(using_db, grants=record_type in GRANT_RECORDS, policy=record_type == "Policy")
    return await AuditEntry.create(
        actor=actor,
        role=role,
        action=action,
        record_type=record_type,
        record_id=record_id,
        unit_id=unit_code,
        unit_path=unit_path,
        before=before,
        after=after,
        using_db=using_db,
    )


async def page(scope: Q, within: Q | None, *, after_id: int | None, limit: int) -> Page[AuditEntry]:
    """Newest first."""
    query = AuditEntry.filter(scope, within) if within is not None else AuditEntry.filter(scope)
    return await keyset_page(query, key="id", after=after_id, limit=limit, descending=True)
