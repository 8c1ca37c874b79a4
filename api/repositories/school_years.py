"""School years that hold data."""

from __future__ import annotations

from api.models import SchoolYear


async def labels() -> list[str]:
    return list(await SchoolYear.all().order_by("label").values_list("label", flat=True))
