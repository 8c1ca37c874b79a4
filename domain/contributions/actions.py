"""A province's own top-up of the support rate (setLocalSupport)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain import validation
from domain.access import Access
from domain.audit.store import Change, write_once_more_on_a_race
from domain.contributions import store
from domain.contributions.models import LocalSupport
from domain.errors import BadUserInput
from domain.units import store as units
from domain.units.actions import map_named


async def set_local_support(
    access: Access, *, province_code: str, valid_from: date, rate: float, map_code: str | None = None
) -> LocalSupport:
    """The province's own top-up (percent) from the first day of a month on; earlier rows keep their rates.
    The code names the province of the map in force on `validFrom` (SPEC section 9)."""
    validation.record_date(valid_from, "validFrom")
    await map_named(map_code)
    prefer = (await units.map_in_force(valid_from)).code
    province = await units.find(province_code, map_code=map_code, prefer=prefer)
    actor = access.actor("local_support", "set", province.paths if province else None, f"Unit {province_code}")
    assert province is not None
    on = await units.map_by_code(province.node.map_id)
    if on is None or province.level not in units.levels_granting(on, "PROVINCIAL_OFFICER"):
        raise BadUserInput(f"{province_code} is not a province.", field="provinceCode")
    if valid_from.day != 1:
        raise BadUserInput("validFrom must be the first day of a month.", field="validFrom")
    if not 0 <= rate <= 100:
        raise BadUserInput("rate is a percentage from 0 to 100.", field="rate")
    fraction = (Decimal(str(rate)) / 100).quantize(Decimal("0.0001"))

    async def set_rate(change: Change) -> LocalSupport:
        return await store.set_local_support(change, province=province, valid_from=valid_from, rate=fraction)

    return await write_once_more_on_a_race(actor, "setLocalSupport", set_rate)
