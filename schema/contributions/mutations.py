"""setLocalSupport, and the LocalSupport type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from domain.contributions import actions as contributions
from domain.contributions.models import LocalSupport
from schema.context import Info
from schema.permissions import IsAuthenticated

if TYPE_CHECKING:
    from schema.units.types import UnitType


@strawberry.type(name="LocalSupport")
class LocalSupportType:
    valid_from: date
    rate: float = strawberry.field(
        description="Percent of the premium the province pays on top of the central support."
    )
    set_by: str
    province_code: strawberry.Private[str]

    @strawberry.field
    async def province(self, info: Info) -> Annotated[UnitType, strawberry.lazy("schema.units.types")]:
        from schema.units.types import require_visible_unit

        return await require_visible_unit(info, self.province_code)

    @classmethod
    def from_model(cls, entry: LocalSupport) -> LocalSupportType:
        return cls(
            valid_from=entry.valid_from,
            rate=float(Decimal(entry.rate) * 100),
            set_by=entry.set_by,
            province_code=entry.province_id,
        )


@strawberry.type
class ContributionMutations:
    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def set_local_support(
        self, info: Info, province_code: str, valid_from: date, rate: float, map: str | None = None
    ) -> LocalSupportType:
        """The province's own top-up (percent) from the first day of a month on; earlier rows keep their rates."""
        entry = await contributions.set_local_support(
            info.context.access, province_code=province_code, valid_from=valid_from, rate=rate, map_code=map
        )
        return LocalSupportType.from_model(entry)
