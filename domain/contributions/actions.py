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
from policies.roles import UnitLevel


async def set_local_support(access: Access, *, province_code: str, valid_from: date, rate: float) -> LocalSupport:
    """The province's own top-up (percent) from the first day of a month on; earlier rows keep their rates."""
    province = await units.by_code(province_code)
    actor = access.actor("local_support", "set", province.path if province else None, f"Unit {province_code}")
    assert province is not None
    if province.level != UnitLevel.PROVINCE:
        raise BadUserInput(f"{province_code} is not a province.", field="provinceCode")
    validation.record_date(valid_from, "validFrom")
    if valid_from.day != 1:
        raise BadUserInput("validFrom must be the first day of a month.", field="validFrom")
    if not 0 <= rate <= 100:
        raise BadUserInput("rate is a percentage from 0 to 100.", field="rate")
    fraction = (Decimal(str(rate)) / 100).quantize(Decimal("0.0001"))

    async def set_rate(change: Change) -> LocalSupport:
        return await store.set_local_support(change, province=province, valid_from=valid_from, rate=fraction)

    return await write_once_more_on_a_race(actor, "setLocalSupport", set_rate)
