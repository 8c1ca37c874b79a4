"""setLocalSupport, and the LocalSupport type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.errors import BadUserInput
from api.models import LocalSupport
from api.repositories import contributions, units
from policies.guard import authorize
from policies.roles import UnitLevel
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
        self, info: Info, province_code: str, valid_from: date, rate: float
    ) -> LocalSupportType:
        """The province's own top-up (percent) from the first day of a month on; earlier rows keep their rates."""
        caller = info.context.caller()
        province = await units.by_code(province_code)
        grant = authorize(
            info.context.policy, caller, "local_support", "set", province and province.path, f"Unit {province_code}"
        )
        assert province is not None
        if province.level != UnitLevel.PROVINCE:
            raise BadUserInput(f"{province_code} is not a province.", field="provinceCode")
        if valid_from.day != 1:
            raise BadUserInput("validFrom must be the first day of a month.", field="validFrom")
        if not 0 <= rate <= 100:
            raise BadUserInput("rate is a percentage from 0 to 100.", field="rate")
        entry = await contributions.set_local_support(
            province=province,
            valid_from=valid_from,
            rate=(Decimal(str(rate)) / 100).quantize(Decimal("0.0001")),
            actor=grant,
            actor_name=caller.username,
        )
        return LocalSupportType.from_model(entry)
