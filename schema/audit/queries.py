"""auditLog."""

from __future__ import annotations

import strawberry

from domain.audit import actions as audit
from schema.audit.types import CURSOR_KIND, AuditConnection
from schema.context import Info
from schema.pagination import int_key, page_args
from schema.permissions import IsAuthenticated


@strawberry.type
class AuditQueries:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def audit_log(
        self,
        info: Info,
        unit_code: str | None = None,
        map: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AuditConnection:
        """Entries of the caller's jurisdiction, newest first; `unitCode` narrows to that unit and below."""
        args = page_args(CURSOR_KIND, first, after)
        page = await audit.audit_log(
            info.context.access, unit_code=unit_code, map_code=map, after_id=int_key(args.after), limit=args.limit
        )
        return AuditConnection.of(page)
