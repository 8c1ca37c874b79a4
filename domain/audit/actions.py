"""Reading the audit log: officers read the entries of their scope, newest first."""

from __future__ import annotations

from domain.access import Access
from domain.audit import store
from domain.audit.models import AuditEntry
from domain.paging import Page
from domain.units.actions import within
from policies.scope import NOTHING


async def audit_log(
    access: Access, *, unit_code: str | None, map_code: str | None = None, after_id: int | None, limit: int
) -> Page[AuditEntry]:
    """`unitCode` narrows to that unit and the units below it (on the map `map` names, or the code's)."""
    narrowed = await within(access, unit_code, "unit_id", map_code=map_code)
    if narrowed is NOTHING:  # a unit the caller cannot see: nothing to read, no statement to send
        return Page.empty()
    return await store.page(access.records("unit_id", "audit", "read"), narrowed, after_id=after_id, limit=limit)
