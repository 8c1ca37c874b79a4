"""Audit entries."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from domain.audit.models import AuditEntry
from domain.paging import Page
from policies.roles import Role
from schema.context import Info
from schema.pagination import PageInfo, connection

if TYPE_CHECKING:
    from schema.units.types import UnitType

CURSOR_KIND = "audit"


@strawberry.type(name="AuditEntry")
class AuditEntryType:
    id: strawberry.ID
    at: datetime
    actor: str
    role: Role | None
    action: str
    record_type: str
    record_id: str
    before: JSON | None
    after: JSON | None
    unit_code: strawberry.Private[str]

    @classmethod
    def from_model(cls, e: AuditEntry) -> AuditEntryType:
        return cls(
            id=strawberry.ID(str(e.id)),
            at=e.at,
            actor=e.actor,
            role=Role(e.role) if e.role else None,
            action=e.action,
            record_type=e.record_type,
            record_id=e.record_id,
            before=e.before,
            after=e.after,
            unit_code=e.unit_id,
        )

    @strawberry.field
    async def unit(self, info: Info) -> Annotated[UnitType, strawberry.lazy("schema.units.types")]:
        from schema.units.types import require_visible_unit

        return await require_visible_unit(info, self.unit_code)


@strawberry.type(name="AuditEdge")
class AuditEdge:
    node: AuditEntryType
    cursor: str


@strawberry.type(name="AuditConnection", description="SPEC section 5 names this list AuditConnection.")
class AuditConnection:
    edges: list[AuditEdge]
    page_info: PageInfo
    total_count: int

    @classmethod
    def of(cls, page: Page[AuditEntry]) -> AuditConnection:
        generic = connection(
            CURSOR_KIND, page.rows, page.total, page.has_next, AuditEntryType.from_model, lambda e: str(e.id)
        )
        return cls(
            edges=[AuditEdge(node=e.node, cursor=e.cursor) for e in generic.edges],
            page_info=generic.page_info,
            total_count=generic.total_count,
        )
