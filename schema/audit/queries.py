"""auditLog."""

from __future__ import annotations

import strawberry

from api.repositories import audit, units
from api.repositories.paging import Page
from api.repositories.scoping import subtree
from schema.audit.types import CURSOR_KIND, AuditConnection
from schema.context import Info
from schema.pagination import int_key, page_args
from schema.permissions import IsAuthenticated


@strawberry.type
class AuditQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def audit_log(
        self, info: Info, unit_code: str | None = None, first: int | None = None, after: str | None = None
    ) -> AuditConnection:
        """Entries of the caller's jurisdiction, newest first; `unitCode` narrows to that unit and below."""
        args = page_args(CURSOR_KIND, first, after)
        within = None
        if unit_code is not None:
            unit = await units.by_code(unit_code)
            if unit is None or not info.context.can("unit", "view", unit.path):
                return AuditConnection.of(Page(rows=[], total=0, has_next=False))
            within = subtree(unit.path, "unit_path")
        page = await audit.page(
            info.context.path_filter("audit", "read", "unit_path"),
            within,
            after_id=int_key(args.after),
            limit=args.limit,
        )
        return AuditConnection.of(page)
