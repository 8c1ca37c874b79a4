"""The unit tree: real provinces and districts from `vietnam-provinces`, generated schools.

Provinces and districts come from the package's GSO data (63 provinces, 696
districts in 0.6.x, the structure of the school years the programme covers).
Schools are generated deterministically: the same scale always gives the same
codes and names, so demo accounts like `school-79760001` always exist.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass

import vietnam_provinces

from domain.units.models import SchoolType

NATION_CODE = "VN"
NATION_NAME = "Bảo hiểm xã hội Việt Nam"
PROVINCE_MANAGED_DISTRICT = "000"

# Demo scale: a few schools of every district-managed type per district ...
DEMO_DISTRICT_TYPES = [
    SchoolType.PRIMARY,
    SchoolType.LOWER_SECONDARY,
    SchoolType.PRESCHOOL,
    SchoolType.PRIMARY,
    SchoolType.PRESCHOOL,
    SchoolType.UPPER_SECONDARY,
    SchoolType.MULTI_LEVEL,
    SchoolType.VOCATIONAL,
]
# ... and the kinds a province manages itself (colleges and universities always are).
DEMO_PROVINCE_TYPES = [SchoolType.UPPER_SECONDARY, SchoolType.COLLEGE, SchoolType.UNIVERSITY, SchoolType.VOCATIONAL]

# National scale: the mix of a real district, by weight.
NATIONAL_DISTRICT_MIX = {
    SchoolType.PRESCHOOL: 30,
    SchoolType.PRIMARY: 30,
    SchoolType.LOWER_SECONDARY: 22,
    SchoolType.UPPER_SECONDARY: 5,
    SchoolType.MULTI_LEVEL: 8,
    SchoolType.VOCATIONAL: 5,
}
NATIONAL_PROVINCE_MIX = {SchoolType.UPPER_SECONDARY: 60, SchoolType.COLLEGE: 25, SchoolType.UNIVERSITY: 15}

TYPE_NAMES = {
    SchoolType.PRESCHOOL: "Trường Mầm non",
    SchoolType.PRIMARY: "Trường Tiểu học",
    SchoolType.LOWER_SECONDARY: "Trường THCS",
    SchoolType.UPPER_SECONDARY: "Trường THPT",
    SchoolType.MULTI_LEVEL: "Trường Phổ thông nhiều cấp học",
    SchoolType.VOCATIONAL: "Trung tâm GDNN-GDTX",
    SchoolType.COLLEGE: "Trường Cao đẳng",
    SchoolType.UNIVERSITY: "Trường Đại học",
}

_PREFIXES = ("Thành phố ", "Thành Phố ", "Thị xã ", "Huyện ", "Quận ", "Tỉnh ")


@dataclass(frozen=True)
class UnitRow:
    """A unit on one map: `code` is its key, `display_code` its code where the two differ (`79@VN34`)."""

    code: str
    name: str
    level: str
    path: str
    parent_code: str | None
    school_type: SchoolType | None = None
    display_code: str | None = None


def short_name(name: str) -> str:
    """ "Quận Gò Vấp" -> "Gò Vấp", but "Quận 1" stays whole: a bare number is no place name."""
    for prefix in _PREFIXES:
        if name.startswith(prefix) and not name[len(prefix) :].isdigit():
            return name[len(prefix) :]
    return name


def divisions() -> list[dict]:
    """Provinces with their districts, as the package ships them (wards dropped)."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as fh:
        return json.load(fh)


def build_tree(scale: str = "demo", national_schools: int = 50_000) -> Iterator[UnitRow]:
    """Every unit, parents before children. `scale` is "demo" or "national"."""
    yield UnitRow(NATION_CODE, NATION_NAME, "NATION", NATION_CODE, None)
    provinces = divisions()
    plan = _national_plan(provinces, national_schools) if scale == "national" else None
    for province in provinces:
        pcode = f"{province['code']:02d}"
        ppath = f"{NATION_CODE}.{pcode}"
        yield UnitRow(pcode, province["name"], "PROVINCE", ppath, NATION_CODE)
        types = plan[pcode] if plan else DEMO_PROVINCE_TYPES
        yield from _schools(pcode, PROVINCE_MANAGED_DISTRICT, ppath, short_name(province["name"]), types)
        for district in province["districts"]:
            dcode = f"{district['code']:03d}"
            dpath = f"{ppath}.{dcode}"
            yield UnitRow(dcode, district["name"], "DISTRICT", dpath, pcode)
            types = plan[dcode] if plan else DEMO_DISTRICT_TYPES
            yield from _schools(pcode, dcode, dpath, short_name(district["name"]), types)


def _schools(pcode: str, dcode: str, parent_path: str, place: str, types: list[SchoolType]) -> Iterator[UnitRow]:
    parent_code = pcode if dcode == PROVINCE_MANAGED_DISTRICT else dcode
    for seq, school_type in enumerate(types, start=1):
        code = f"{pcode}{dcode}{seq:03d}"
        yield UnitRow(
            code,
            f"{TYPE_NAMES[school_type]} {place} số {seq}",
            "SCHOOL",
            f"{parent_path}.{code}",
            parent_code,
            school_type,
        )


def _national_plan(provinces: list[dict], total: int) -> dict[str, list[SchoolType]]:
    """School types per parent code, about `total` schools, spread by number of wards (a proxy for population)."""
    rng = random.Random(20240901)
    wards = {f"{d['code']:03d}": max(1, len(d.get("wards", []))) for p in provinces for d in p["districts"]}
    province_share = 0.065  # upper-secondary schools, colleges and universities under the province itself
    per_province = round(total * province_share / len(provinces))
    district_total = total - per_province * len(provinces)
    weight_sum = sum(wards.values())
    plan: dict[str, list[SchoolType]] = {}
    for province in provinces:
        plan[f"{province['code']:02d}"] = _draw(rng, NATIONAL_PROVINCE_MIX, per_province)
    for dcode, weight in wards.items():
        count = min(999, max(len(NATIONAL_DISTRICT_MIX), round(district_total * weight / weight_sum)))
        plan[dcode] = _draw(rng, NATIONAL_DISTRICT_MIX, count)
    return plan


def _draw(rng: random.Random, mix: dict[SchoolType, int], count: int) -> list[SchoolType]:
    kinds = list(mix)
    # Every kind at least once, then by weight.
    drawn = kinds[:count] + rng.choices(kinds, weights=list(mix.values()), k=max(0, count - len(kinds)))
    return drawn
