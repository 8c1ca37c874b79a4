"""The maps as dated data (SPEC section 9): their names, the days they are in force, their levels and the
roles granted at each level. A later reform adds an entry here and its tree loader, not code elsewhere."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.units.models import Map

NATIONAL_ROLES = ["NATIONAL_ADMIN", "NATIONAL_OFFICER"]
PROVINCIAL_ROLES = ["PROVINCIAL_OFFICER", "EDUCATION_VIEWER"]

MAPS: list[dict[str, Any]] = [
    {
        "code": "VN63",
        "name": "63 tỉnh, thành phố; 696 quận, huyện (đến 30/6/2025)",
        "valid_from": date(2000, 1, 1),
        "valid_to": date(2025, 6, 30),
        "levels": [
            {"level": "NATION", "roles": NATIONAL_ROLES},
            {"level": "PROVINCE", "roles": PROVINCIAL_ROLES},
            {"level": "DISTRICT", "roles": ["DISTRICT_OFFICER"]},
            {"level": "SCHOOL", "roles": ["SCHOOL_STAFF"]},
        ],
    },
    {
        "code": "VN34",
        "name": "34 tỉnh, thành phố; 3.321 xã, phường, đặc khu (từ 1/7/2025)",
        "valid_from": date(2025, 7, 1),
        "valid_to": None,
        "levels": [
            {"level": "NATION", "roles": NATIONAL_ROLES},
            {"level": "PROVINCE", "roles": PROVINCIAL_ROLES},
            {"level": "COMMUNE", "roles": ["LOCAL_OFFICER"]},
            {"level": "SCHOOL", "roles": ["SCHOOL_STAFF"]},
        ],
    },
]


async def load_maps(codes: list[str]) -> None:
    """Write the named maps that are not in the database yet."""
    existing = set(await Map.all().values_list("code", flat=True))
    await Map.bulk_create([Map(**m) for m in MAPS if m["code"] in codes and m["code"] not in existing])
