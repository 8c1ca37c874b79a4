"""The province a unit belongs to, found through its path rather than a fixed depth."""

from __future__ import annotations

from api.models import Unit
from api.repositories.scoping import codes_of
from policies.roles import UnitLevel


async def province_of(unit: Unit) -> Unit | None:
    return await Unit.filter(code__in=codes_of(unit.path), level=UnitLevel.PROVINCE).first()
